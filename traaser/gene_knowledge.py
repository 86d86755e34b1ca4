"""Gene-level knowledge beyond the HPO release: gnomAD constraint, ClinGen dosage sensitivity and
the Gene2Phenotype (DDG2P) gene–disease panel, keyed by approved HGNC symbol (traaser.gene_symbols).

ClinGen haploinsufficiency scores: 3 sufficient, 2 some, 1 little evidence, 0 none, 30 gene
associated with an autosomal recessive phenotype, 40 dosage sensitivity unlikely. DDG2P allelic
requirements map to the inheritance codes of the HPO annotations (AD, AR, XL, ...).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from traaser.constraint import GeneConstraint, read_constraint
from traaser.errors import ResourceError
from traaser.gene_symbols import current_symbol
from traaser.textfile import read_text

_Table = TypeVar("_Table")

#: DDG2P allelic requirement → inheritance codes (traaser.phenotype.annotations.MOI_CODES values).
G2P_MODES = {"biallelic_autosomal": {"AR"}, "monoallelic_autosomal": {"AD"}, "monoallelic_X_hem": {"XR"},
             "monoallelic_X_het": {"XD"}, "monoallelic_X": {"XL"}, "biallelic_PAR": {"AR"},
             "monoallelic_PAR": {"AD"}, "mitochondrial": {"MT"}, "monoallelic_Y_hem": {"XL"}}

#: DDG2P confidence categories that count as an established gene–disease link.
G2P_ESTABLISHED = ("definitive", "strong", "confirmed", "probable")


def clingen_dosage_rows(text: str, source: str) -> Iterator[dict[str, str]]:
    """Rows of a ClinGen dosage export (comment banner, then a '#Gene Symbol' header) or of the
    prepared TSV (gene_symbol, haploinsufficiency_score, triplosensitivity_score), as
    {gene_symbol, haploinsufficiency_score, triplosensitivity_score}."""
    lines = text.splitlines()
    if lines and lines[0].startswith("gene_symbol\t"):
        yield from csv.DictReader(lines, delimiter="\t")
        return
    header_at = next((i for i, line in enumerate(lines) if line.startswith("#Gene Symbol")), None)
    if header_at is None:
        raise ResourceError("no '#Gene Symbol' header in the ClinGen dosage file", path=source,
                            fix="use ClinGen_gene_curation_list_<build>.tsv")
    for row in csv.DictReader([lines[header_at].lstrip("#")] + lines[header_at + 1:], delimiter="\t"):
        yield {"gene_symbol": row["Gene Symbol"],
               "haploinsufficiency_score": row.get("Haploinsufficiency Score") or "",
               "triplosensitivity_score": row.get("Triplosensitivity Score") or ""}


def read_clingen_hi(path: Path | None) -> dict[str, int]:
    """gene → ClinGen haploinsufficiency score, from the ClinGen export or the prepared TSV."""
    if path is None:
        return {}
    table = {}
    for row in clingen_dosage_rows(read_text(path), str(path)):
        try:
            table[current_symbol(row["gene_symbol"])] = int(row["haploinsufficiency_score"])
        except (KeyError, ValueError):
            continue
    return table


@dataclass(frozen=True)
class G2PRecord:
    """One DDG2P gene–disease record: the disease, how sure G2P is, what genotype causes it
    (allelic requirement) and by what mechanism, and the disease's HPO terms."""

    gene: str
    disease: str
    confidence: str
    allelic_requirement: str
    mutation_consequence: str
    hpo_terms: tuple[str, ...]

    @property
    def modes(self) -> set[str]:
        return set().union(*(G2P_MODES.get(a.strip(), set()) for a in self.allelic_requirement.split(";")))

    @property
    def established(self) -> bool:
        return self.confidence.lower() in G2P_ESTABLISHED


def read_g2p(path: Path | None) -> dict[str, list[G2PRecord]]:
    """gene symbol → its DDG2P records, from a Gene2Phenotype panel CSV export (plain or gzip)."""
    if path is None:
        return {}
    reader = csv.DictReader(io.StringIO(read_text(path)))
    needed = {"gene symbol", "disease name", "confidence category", "allelic requirement", "phenotypes"}
    if not needed <= set(reader.fieldnames or []):
        raise ResourceError("not a Gene2Phenotype panel export", path=str(path),
                            fix=f"use the G2P CSV download (columns {', '.join(sorted(needed))})")
    table: dict[str, list[G2PRecord]] = {}
    for row in reader:
        terms = tuple(t.strip() for t in (row.get("phenotypes") or "").split(";") if t.strip().startswith("HP:"))
        record = G2PRecord(current_symbol(row["gene symbol"]), row["disease name"], row["confidence category"],
                           row["allelic requirement"], row.get("mutation consequence") or "", terms)
        table.setdefault(record.gene, []).append(record)
    return table


@dataclass
class GeneKnowledge:
    """The gene-level tables of one run; any may be empty (then its evidence is not assessed)."""

    constraint: dict[str, GeneConstraint] = field(default_factory=dict)
    haploinsufficiency: dict[str, int] = field(default_factory=dict)
    g2p: dict[str, list[G2PRecord]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, constraint: Path | None = None, clingen_dosage: Path | None = None,
             g2p: Path | None = None) -> GeneKnowledge:
        """The tables at these paths (each read once per process; treat them as read-only)."""
        return cls(_cached(read_constraint, constraint), _cached(read_clingen_hi, clingen_dosage),
                   cached_g2p(g2p))

    def established_g2p(self, gene: str) -> list[G2PRecord]:
        return [r for r in self.g2p.get(gene, []) if r.established]


def _cached(reader: Callable[[Path | None], _Table], path: Path | None) -> _Table:
    """``reader(path)``, read once per process and path."""
    return _read_once(reader, path)


@lru_cache(maxsize=8)
def _read_once(reader: Callable[[Path | None], Any], path: Path | None) -> Any:
    return reader(path)


def cached_g2p(path: Path | None) -> dict[str, list[G2PRecord]]:
    """:func:`read_g2p`, read once per process and path (shared by the posterior and the phenotype
    scorer's DDG2P diseases)."""
    return _cached(read_g2p, path)
