"""Read what a step needs from a VCF header without reading its records."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pysam

from traaser.errors import VcfError


def open_vcf(path: Path) -> pysam.VariantFile:
    """Open a VCF/BCF (plain, bgzip or BCF) or raise :class:`VcfError` naming the file."""
    if not path.is_file():
        raise VcfError("VCF file not found", path=str(path), fix="check the 'vcf' column of the sample sheet")
    try:
        return pysam.VariantFile(str(path))
    except NotImplementedError:
        raise VcfError("is gzip-compressed but not with bgzip, which indexed VCF tools need", path=str(path),
                       fix=f"recompress it: zcat {path.name} | bgzip > {path.name.removesuffix('.gz')}.bgz "
                           "(or give it uncompressed)") from None
    except (OSError, ValueError) as exc:
        duplicates = _duplicate_samples(path)
        if duplicates:
            raise VcfError(f"has duplicate sample names in its #CHROM line: {', '.join(duplicates)}", path=str(path),
                           fix="give every sample column a unique name (bcftools reheader -s names.txt)") from None
        raise VcfError(f"cannot be read as VCF/BCF ({exc})", path=str(path),
                       fix="give a VCF (plain or bgzip-compressed) or BCF file") from None


def _duplicate_samples(path: Path) -> list[str]:
    """Sample names listed more than once in a text VCF's #CHROM line (htslib refuses such a header)."""
    try:
        with open_bytes(path) as handle:
            for line in handle:
                if line.startswith(b"#CHROM"):
                    names = line.rstrip(b"\r\n").decode("utf-8", "replace").split("\t")[9:]
                    return sorted({n for n in names if names.count(n) > 1})
                if not line.startswith(b"#"):
                    break
    except (OSError, EOFError):
        pass
    return []


def is_gzip(path: Path) -> bool:
    """True if the file starts with the gzip magic bytes (bgzip or plain gzip)."""
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def open_bytes(path: Path) -> BinaryIO:
    """The file's decompressed bytes: bgzip-compressed or plain text alike."""
    if is_gzip(path):
        return pysam.BGZFile(str(path), "rb", None)  # type: ignore[return-value]  # a binary file object
    return open(path, "rb")


def _not_utf8(path: Path, what: str) -> VcfError:
    return VcfError(f"the header's {what} are not valid UTF-8 text", path=str(path),
                    fix=f"rename them in plain text (bcftools reheader), e.g. with ASCII {what}")


def vcf_samples(path: Path) -> list[str]:
    """Sample ids in header order."""
    with open_vcf(path) as vcf:
        try:
            return list(vcf.header.samples)
        except UnicodeDecodeError:
            raise _not_utf8(path, "sample names") from None


def vcf_contig_lengths(path: Path) -> dict[str, int | None]:
    """Contig name → length from the ``##contig`` lines (None where no length is given)."""
    with open_vcf(path) as vcf:
        try:
            return {str(name): contig.length for name, contig in vcf.header.contigs.items()}
        except UnicodeDecodeError:
            raise _not_utf8(path, "contig names") from None
