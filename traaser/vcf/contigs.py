"""Chromosome naming styles and genome-build detection from contig lengths.

The alias table (traaser/data/contigs.tsv) lists, per build, each primary chromosome's
Ensembl (``1``), UCSC (``chr1``) and RefSeq (``NC_000001.10``) names and its length in bp.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from traaser import install
from traaser.textfile import commented_tsv_rows

DATA = install.package_file("data", "contigs.tsv")
BUILDS = ("GRCh37", "GRCh38")
STYLES = ("ensembl", "ucsc", "refseq")


@dataclass(frozen=True)
class Chromosome:
    build: str
    ensembl: str
    ucsc: str
    refseq: str
    length: int


@lru_cache(maxsize=1)
def chromosomes() -> tuple[Chromosome, ...]:
    return tuple(Chromosome(r["build"], r["ensembl"], r["ucsc"], r["refseq"], int(r["length"]))
                 for r in commented_tsv_rows(DATA))


def canonical_name(name: str) -> str | None:
    """The Ensembl-style name ('1', 'X', 'MT') of any alias, or None for a non-primary contig."""
    for chrom in chromosomes():
        if name in (chrom.ensembl, chrom.ucsc, chrom.refseq):
            return chrom.ensembl
    return None


def aliases_of(*canonical: str) -> frozenset[str]:
    """Every name (Ensembl, UCSC, RefSeq, both builds) of the given Ensembl-style chromosomes."""
    return frozenset(name for chrom in chromosomes() if chrom.ensembl in canonical
                     for name in (chrom.ensembl, chrom.ucsc, chrom.refseq))


#: Every name of chromosome X, and of the chromosomes that are not autosomes (X, Y, MT).
X_NAMES = aliases_of("X")
NON_AUTOSOMAL_NAMES = aliases_of("X", "Y", "MT")


def is_x(name: str) -> bool:
    """True for chromosome X under any of its names (X, chrX, NC_000023.10, NC_000023.11)."""
    return name in X_NAMES


def naming_style(names: list[str]) -> str | None:
    """The style most names follow (ensembl, ucsc or refseq), or None if no primary contig is named."""
    counts = {style: 0 for style in STYLES}
    for chrom in chromosomes():
        for style in STYLES:
            if getattr(chrom, style) in names:
                counts[style] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else None


def rename_map(names: list[str], target_names: list[str]) -> dict[str, str]:
    """Map each of ``names`` to the alias of the same chromosome that ``target_names`` uses."""
    target_by_canonical = {canonical_name(t): t for t in target_names if canonical_name(t)}
    mapping: dict[str, str] = {}
    for name in names:
        if name in target_names:
            mapping[name] = name
            continue
        target = target_by_canonical.get(canonical_name(name))
        if target is not None:
            mapping[name] = target
    return mapping


@dataclass(frozen=True)
class BuildEvidence:
    """How many declared primary-chromosome lengths agree with each build."""

    matches: dict[str, int]
    examples: dict[str, str]

    def conflicts_with(self, build: str) -> bool:
        other = [b for b in BUILDS if b != build]
        return any(self.matches[b] > self.matches[build] for b in other)


def build_evidence(lengths: dict[str, int | None]) -> BuildEvidence:
    """Compare ``##contig`` lengths with the GRCh37 and GRCh38 lengths of the same chromosome."""
    matches = {b: 0 for b in BUILDS}
    examples: dict[str, str] = {}
    for name, length in lengths.items():
        canonical = canonical_name(name)
        if canonical is None or length is None:
            continue
        for chrom in chromosomes():
            if chrom.ensembl == canonical and chrom.length == length and chrom.ensembl != "MT":
                matches[chrom.build] += 1
                examples.setdefault(chrom.build, f"{name} is {length:,} bp")
    return BuildEvidence(matches, examples)


@dataclass(frozen=True)
class LengthDisagreement:
    """A ``##contig`` length that differs from the reference FASTA's contig of the same chromosome."""

    contig: str                 # as the VCF names it
    declared: int               # bp, from the VCF's ##contig line
    reference_contig: str       # as the FASTA names it
    reference_length: int       # bp, from the FASTA index

    def describe(self) -> str:
        builds = [c.build for c in chromosomes()
                  if c.ensembl == canonical_name(self.contig) and c.length == self.declared]
        which = f", the length of {canonical_name(self.contig)} on {' and '.join(builds)}" if builds else ""
        return (f"##contig {self.contig} declares {self.declared:,} bp{which}, but the reference's "
                f"{self.reference_contig} is {self.reference_length:,} bp")


def length_disagreements(declared: dict[str, int | None], reference: dict[str, int]) -> list[LengthDisagreement]:
    """Each declared ``##contig`` length that differs from the length of the reference contig it maps
    to (by name, else through the alias table); contigs without a length or absent from the reference
    are not compared."""
    mapping = rename_map(list(declared), list(reference))
    return [LengthDisagreement(name, length, mapping[name], reference[mapping[name]])
            for name, length in declared.items()
            if length is not None and name in mapping and reference[mapping[name]] != length]
