"""A fast text-level pass over a VCF's records: which contigs hold records, and are they sorted?

Only CHROM and POS (1-based) of each data line are looked at, so the pass costs little more
than decompression; records are parsed properly (and refused or counted) by normalize. BCF
input is read through htslib instead.

Also: whether an index next to the VCF can be trusted. htslib only warns on a stale index, so
TRaaSer never fetches from the user's index; preflight reports one that is older than the VCF
or does not match its records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pysam

from traaser.errors import VcfError
from traaser.inheritance import is_hemizygous_region
from traaser.vcf.contigs import X_NAMES
from traaser.vcf.header import open_bytes


@dataclass
class RecordScan:
    """What one pass over the records found (positions 1-based, as in the VCF)."""

    records: int = 0
    contigs: list[str] = field(default_factory=list)     # contigs with records, in first-seen order
    sorted: bool = True
    first_disorder: str = ""                              # e.g. "1:870021 after 1:870031"
    x_het: int = 0                                        # the sample's chrX calls outside the PARs
    x_hom_alt: int = 0

    def to_json(self) -> dict[str, object]:
        return {"records": self.records, "contigs_with_records": self.contigs, "sorted": self.sorted,
                "first_disorder": self.first_disorder, "chrx_nonpar_het": self.x_het,
                "chrx_nonpar_hom_alt": self.x_hom_alt}

    def count_x_genotype(self, gt: str) -> None:
        """Count one chrX non-PAR genotype ('0/1', '1|1', '1', './.'; missing alleles ignored)."""
        alleles = {a for a in gt.replace("|", "/").split("/") if a not in (".", "")}
        if not alleles or alleles == {"0"}:
            return
        if len(alleles) > 1:
            self.x_het += 1
        else:
            self.x_hom_alt += 1


def _is_bcf(path: Path) -> bool:
    with open_bytes(path) as handle:
        return handle.read(3) == b"BCF"


def _positions(path: Path, sample: int | None, bcf: bool) -> Iterator[tuple[str, str, bytes]]:
    """(CHROM, POS text, the rest of the line) of every data line of a VCF or BCF. For BCF the
    rest is just the GT of sample number ``sample`` (0-based) in the VCF's text form."""
    if bcf:
        with pysam.VariantFile(str(path)) as vcf:
            for record in vcf:
                gt = b""
                if sample is not None and record.chrom in X_NAMES:
                    alleles = record.samples[sample].get("GT") or ()
                    gt = "/".join("." if a is None else str(a) for a in alleles).encode()
                yield record.chrom, str(record.pos), gt
        return
    with open_bytes(path) as handle:
        for line in handle:
            if line[:1] == b"#" or not line.strip():
                continue
            chrom, _, rest = line.partition(b"\t")
            pos = rest.partition(b"\t")[0]
            yield chrom.decode("utf-8", "replace"), pos.decode("ascii", "replace"), rest


def _text_gt(rest: bytes, sample: int, is_bcf_gt: bool) -> str:
    """The GT of 0-based sample ``sample`` from a line's columns after CHROM ('' if absent)."""
    if is_bcf_gt:
        return rest.decode()
    fields = rest.rstrip(b"\r\n").split(b"\t")
    if len(fields) <= 8 + sample or not fields[7].startswith(b"GT"):
        return ""
    return fields[8 + sample].partition(b":")[0].decode("ascii", "replace")


def scan_records(path: Path, sample: int | None = None, build: str = "GRCh38") -> RecordScan:
    """One streaming pass: contigs with records, the sort order (contig blocks contiguous,
    positions non-decreasing within a block) and, for 0-based sample ``sample``, its genotypes on
    chrX outside the pseudo-autosomal regions of ``build`` (for the sex check)."""
    scan = RecordScan()
    seen: set[str] = set()
    current, last = "", 0
    bcf = _is_bcf(path)
    try:
        for chrom, pos_text, rest in _positions(path, sample, bcf):
            scan.records += 1
            pos = int(pos_text) if pos_text.isdigit() else 0
            if sample is not None and chrom in X_NAMES and is_hemizygous_region(chrom, pos, build):
                scan.count_x_genotype(_text_gt(rest, sample, bcf))
            if chrom != current:
                if chrom in seen and scan.sorted:
                    scan.sorted = False
                    scan.first_disorder = f"{chrom}:{pos} after {current}:{last} (contig {chrom} seen before)"
                if chrom not in seen:
                    seen.add(chrom)
                    scan.contigs.append(chrom)
                current, last = chrom, pos
                continue
            if pos < last and scan.sorted:
                scan.sorted = False
                scan.first_disorder = f"{chrom}:{pos} after {chrom}:{last}"
            last = max(last, pos)
    except (OSError, EOFError) as exc:
        raise VcfError(f"cannot be read to the end after {scan.records} records ({exc}); the file may be "
                       "truncated", path=str(path), fix="recreate or re-download the file") from None
    return scan


def index_problem(path: Path, contigs: list[str]) -> str | None:
    """Why the index beside ``path`` cannot be trusted, or None (also None when there is none)."""
    for suffix in (".tbi", ".csi"):
        index = Path(str(path) + suffix)
        if index.is_file():
            break
    else:
        return None
    if index.stat().st_mtime < path.stat().st_mtime - 1:
        return f"{index.name} is older than the VCF"
    try:
        with pysam.VariantFile(str(path), index_filename=str(index)) as vcf:
            indexed = set(vcf.index) if vcf.index is not None else set()
            if indexed != set(contigs):
                missing = sorted(set(contigs) - indexed)
                return (f"{index.name} lists other contigs than the records hold "
                        f"(missing: {', '.join(missing) or 'none'})")
            for contig in contigs:
                first = next(vcf.fetch(contig), None)
                if first is None or first.chrom != contig:
                    return f"{index.name} finds no record on {contig}, which has records"
    except (OSError, ValueError) as exc:
        return f"{index.name} does not match the file ({exc})"
    return None
