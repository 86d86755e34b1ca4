"""Software versions and run metadata recorded in every output."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from importlib import metadata

PACKAGES = ("traaser", "pysam", "cyvcf2", "snakemake", "pandas", "requests", "jinja2")


def software_versions() -> dict[str, str]:
    """Installed versions of TRaaSer and the packages it runs on, plus bundled bcftools."""
    versions: dict[str, str] = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    try:
        import pysam.bcftools  # noqa: F401  (the bundled bcftools)
        from pysam.version import __bcftools_version__, __htslib_version__
        versions["htslib"] = __htslib_version__
        versions["bcftools"] = __bcftools_version__
    except (ImportError, AttributeError):
        versions["bcftools"] = "unknown"
    return versions


def run_timestamp() -> str:
    """UTC time of the run; the one value that differs between reruns on identical inputs."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
