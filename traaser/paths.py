"""Where each file of a run lives: every path is built here, once, for the rules and for Python.

Patterns keep Snakemake's wildcards (``{case}``, ``{shard}``, ``{database}``, ...); the functions
fill them in. Case outputs live under ``results/<case>/``; databases under the resources
directory (config ``resources_dir``).
"""

from __future__ import annotations

from pathlib import Path

RESULTS = "results"

#: The stamp a downloaded database's prepare step writes last (its outputs and checksums).
PREPARED_STAMP = "{resources}/{database}/prepared/prepared.json"
#: The protein-level ClinVar index, derived from one reference + annotation + ClinVar release.
CLINVAR_INDEX = "{resources}/derived/{reference}/{annotation}/{clinvar}.clinvar_index.tsv.gz"


def resource_pattern(pattern: str, resources_dir: str | Path) -> str:
    """``pattern`` with the resources directory filled in and its other wildcards kept."""
    return pattern.replace("{resources}", str(resources_dir))


def prepared_stamp(resources_dir: str | Path, database: str) -> Path:
    return Path(resource_pattern(PREPARED_STAMP, resources_dir).format(database=database))


def resources_dir_of_stamp(stamp: str | Path) -> Path:
    """The resources directory a prepare stamp lies in (the inverse of :func:`prepared_stamp`)."""
    return Path(stamp).parents[2]


def clinvar_index(resources_dir: str | Path, reference: str, annotation: str, clinvar: str) -> Path:
    return Path(resource_pattern(CLINVAR_INDEX, resources_dir).format(reference=reference, annotation=annotation,
                                                                      clinvar=clinvar))
