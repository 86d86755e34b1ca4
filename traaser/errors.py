"""One exception hierarchy for TRaaSer.

Every error a user can cause is a :class:`TraaserError`. Its message names the file
(and line or record where known), the offending value and the fix. The CLI prints the
message without a traceback and exits with :attr:`TraaserError.exit_code`.
"""

from __future__ import annotations


class TraaserError(Exception):
    """Base class of every expected, user-facing TRaaSer error."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, fix: str | None = None) -> None:
        self.message = message
        self.path = path
        self.fix = fix
        parts = [f"{path}: {message}" if path else message]
        if fix:
            parts.append(f"Fix: {fix}")
        super().__init__(" ".join(parts))


class ConfigError(TraaserError):
    """The workflow config (config.yaml) is invalid."""


class SampleSheetError(TraaserError):
    """The sample sheet (one row per case) is invalid."""


class PedigreeError(TraaserError):
    """A PED file is malformed or disagrees with the VCF."""


class PhenotypeError(TraaserError):
    """HPO terms or a phenopacket are malformed, unknown or unreadable."""


class VcfError(TraaserError):
    """A VCF is unreadable or its content violates what a step needs."""


class GenomeBuildError(TraaserError):
    """The reference FASTA or genome build does not match the case."""


class ResourceError(TraaserError):
    """A database or resource file is missing, corrupt or fails verification."""


class ToolError(TraaserError):
    """An external tool (bcftools via pysam) failed."""


class AccountingError(TraaserError):
    """Records in != records out + excluded somewhere in the run (a bug, reported loudly)."""


class OutputError(TraaserError):
    """An earlier run's output (candidates.json, a history entry) is missing or unreadable."""
