"""A protein-level index of ClinVar, made with the same consequence step as the case
(bcftools csq, same FASTA and GFF3), for PS1, PM5, PM1, PP2, BP1 and the LoF-mechanism
evidence of PVS1. One row per ClinVar variant and transcript; positions 1-based.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import pickle
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pysam

from traaser import bcftools
from traaser.annotate.consequence import parse_bcsq
from traaser.annotate.fields import clinvar_significance
from traaser.annotate.hgvs import THREE_TO_ONE
from traaser.atomic import atomic_path
from traaser.derived import cached
from traaser.gene_symbols import current_symbol

REVIEW_STARS = {
    "practice_guideline": 4, "reviewed_by_expert_panel": 3,
    "criteria_provided,_multiple_submitters,_no_conflicts": 2,
    "criteria_provided,_single_submitter": 1, "criteria_provided,_conflicting_classifications": 1,
    "criteria_provided,_conflicting_interpretations": 1,
}
TRUNCATING = {"stop_gained", "frameshift_variant", "splice_acceptor_variant", "splice_donor_variant", "start_lost"}
PROTEIN_CHANGE = re.compile(r"^(\d+)([A-Z*]+)>(\d+)([A-Z*]+)$")
COLUMNS = ("chrom", "pos", "ref", "alt", "gene", "transcript", "consequence", "protein_pos", "ref_aa", "alt_aa",
           "significance", "stars", "clinvar_id")


def stars_of(review_status: str) -> int:
    """ClinVar review stars from CLNREVSTAT (the field is Number=., so commas are rejoined)."""
    return REVIEW_STARS.get(review_status, 0)


def _info_text(record: pysam.VariantRecord, tag: str) -> str:
    value = record.info.get(tag)
    if value is None:
        return ""
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def build_index(clinvar: Path, fasta: Path, gff3: Path, out: Path) -> int:
    """Run bcftools csq on ClinVar and write the index (TSV.gz); returns the rows written."""
    rows = 0
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        annotated = Path(work) / "clinvar.csq.bcf"
        bcftools.run("csq", "--no-version", "-f", str(fasta), "-g", str(gff3), "--local-csq", "--force",
                     "-Ob", "-o", str(annotated), str(clinvar))
        bcftools.index(annotated)
        tmp = out.with_name(out.name + ".partial")
        with pysam.VariantFile(str(annotated)) as vcf, gzip.open(tmp, "wt", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(COLUMNS)
            for record in vcf:
                if not record.alts or "BCSQ" not in record.info:
                    continue
                significance = clinvar_significance(_info_text(record, "CLNSIG")).value
                stars = stars_of(_info_text(record, "CLNREVSTAT"))
                for tc in parse_bcsq(list(record.info["BCSQ"])):
                    if not tc.transcript:
                        continue
                    match = PROTEIN_CHANGE.match(tc.protein_change)
                    protein = (match.group(1), match.group(2), match.group(4)) if match else ("", "", "")
                    writer.writerow((record.chrom, record.pos, record.ref, record.alts[0], tc.gene, tc.transcript,
                                     tc.worst, *protein, significance, stars, record.id or ""))
                    rows += 1
        tmp.replace(out)
    return rows


@dataclass(frozen=True)
class ClinVarHit:
    key: str
    transcript: str
    protein_pos: int
    ref_aa: str
    alt_aa: str
    significance: str
    stars: int
    consequence: str

    def describe(self) -> str:
        label = {"P": "pathogenic", "LP": "likely pathogenic", "B": "benign"}.get(self.significance, self.significance)
        stars = f"{self.stars} star{'s' if self.stars != 1 else ''}"
        return f"{self.key} p.{self.ref_aa}{self.protein_pos}{self.alt_aa} ({label}, {stars})"


@dataclass
class GeneStats:
    """ClinVar counts for one gene (each variant once, by its worst consequence)."""

    pathogenic: int = 0
    pathogenic_missense: int = 0
    pathogenic_truncating: int = 0
    missense: int = 0
    benign_missense: int = 0


_ROW_FIELDS = ("gene", "chrom", "pos", "ref", "alt", "transcript", "consequence", "protein_pos", "ref_aa", "alt_aa",
               "significance", "stars")


def _rows_by_gene(path: Path) -> dict[str, bytes]:
    """Gene -> its index rows, pickled as [(row number, (_ROW_FIELDS values)), ...] in file
    order: a per-case index unpickles only its genes' rows (a whole ClinVar release as Python
    tuples would take GB)."""
    rows: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t")):
            rows[row["gene"]].append((number, tuple(row[field] for field in _ROW_FIELDS)))
    return {gene: pickle.dumps(gene_rows, protocol=pickle.HIGHEST_PROTOCOL) for gene, gene_rows in rows.items()}


def index_rows(path: Path) -> dict[str, bytes]:
    """:func:`_rows_by_gene` of an index file, read once per file content (traaser/derived.py)."""
    return cached("clinvar-index", [path], (sys.modules[__name__],), lambda: _rows_by_gene(path), dict)


class ClinVarIndex:
    """Lookups for the criteria; every query leaves out the variant being scored (``exclude``)."""

    def __init__(self, path: Path, genes: set[str] | None = None) -> None:
        self.path = path
        self.by_codon: dict[tuple[str, int], list[ClinVarHit]] = defaultdict(list)
        self.missense_positions: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self.gene_variants: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        packed = index_rows(path)
        rows = sorted(row for gene, gene_rows in packed.items() if genes is None or current_symbol(gene) in genes
                      for row in pickle.loads(gene_rows))
        for _, fields in rows:
            self._add(*fields)
        for positions in self.missense_positions.values():
            positions.sort()

    def _add(self, gene: str, chrom: str, pos: str, ref: str, alt: str, transcript: str, consequence: str,
             protein_pos: str, ref_aa: str, alt_aa: str, significance: str, stars: str) -> None:
        """One index row (in file order): a variant counts once per gene (by its approved HGNC
        symbol, as candidates name it), by its worst consequence."""
        gene = current_symbol(gene)
        key = f"{chrom}:{pos}:{ref}:{alt}"
        previous = self.gene_variants[gene].get(key)
        if previous is None or (consequence in TRUNCATING and previous[0] not in TRUNCATING):
            self.gene_variants[gene][key] = (consequence, significance)
        if consequence == "missense_variant" and protein_pos:
            hit = ClinVarHit(key, transcript, int(protein_pos), ref_aa, alt_aa, significance, int(stars), consequence)
            self.by_codon[(transcript, hit.protein_pos)].append(hit)
            self.missense_positions[chrom].append((int(pos), significance, key))

    def same_codon(self, transcript: str, protein_pos: int, exclude: str) -> list[ClinVarHit]:
        return [h for h in self.by_codon.get((transcript, protein_pos), []) if h.key != exclude]

    def window(self, chrom: str, pos: int, half_width: int, exclude: str) -> tuple[int, int]:
        """(P/LP missense, B/LB missense) ClinVar variants within ±half_width bp (distinct variants)."""
        positions = self.missense_positions.get(chrom, [])
        lo = bisect.bisect_left(positions, (pos - half_width, "", ""))
        hi = bisect.bisect_right(positions, (pos + half_width, "~", "~"))
        seen: dict[str, str] = {}
        for _, significance, key in positions[lo:hi]:
            if key != exclude:
                seen[key] = significance
        return (sum(s in ("P", "LP") for s in seen.values()), sum(s == "B" for s in seen.values()))

    def gene_stats(self, gene: str, exclude: str) -> GeneStats:
        stats = GeneStats()
        for key, (consequence, significance) in self.gene_variants.get(gene, {}).items():
            if key == exclude:
                continue
            pathogenic = significance in ("P", "LP")
            stats.pathogenic += pathogenic
            if consequence == "missense_variant":
                stats.missense += 1
                stats.pathogenic_missense += pathogenic
                stats.benign_missense += significance == "B"
            elif consequence in TRUNCATING:
                stats.pathogenic_truncating += pathogenic
        return stats


HGVS_P_SUBSTITUTION = re.compile(r"p\.\(?([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2})\)?$")
MACARTHUR_CONSEQUENCE = {"missense variant": "missense_variant", "nonsense": "stop_gained",
                         "frameshift variant": "frameshift_variant", "splice donor variant": "splice_donor_variant",
                         "splice acceptor variant": "splice_acceptor_variant",
                         "synonymous variant": "synonymous_variant"}
MACARTHUR_SIGNIFICANCE = {"Pathogenic": "P", "Likely pathogenic": "LP", "Pathogenic/Likely pathogenic": "P",
                          "Benign": "B", "Likely benign": "B", "Benign/Likely benign": "B"}


def build_index_from_macarthur(tsv: Path, out: Path) -> int:
    """Index rows from a ClinVar table in the macarthur-lab layout (hgvs_c, hgvs_p, gold_stars);
    the transcript is the RefSeq one of its hgvs_c. Returns the rows written."""
    rows = 0
    with gzip.open(tsv, "rt", encoding="utf-8") as handle, atomic_path(out) as tmp, \
            gzip.open(tmp, "wt", encoding="utf-8") as target:
        writer = csv.writer(target, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in csv.DictReader(handle, delimiter="\t"):
            transcript = row["hgvs_c"].split(":")[0]
            ours = [c.split(":")[-1] for c in row["molecular_consequence"].split(";") if c.startswith(transcript)]
            consequence = MACARTHUR_CONSEQUENCE.get(ours[0] if ours else "", "other")
            match = HGVS_P_SUBSTITUTION.search(row["hgvs_p"])
            protein = (match.group(2), THREE_TO_ONE.get(match.group(1), "?"), THREE_TO_ONE.get(match.group(3), "?")) \
                if match else ("", "", "")
            significance = MACARTHUR_SIGNIFICANCE.get(row["clinical_significance"], "other")
            writer.writerow((row["#chrom"], row["pos"], row["ref"], row["alt"], row["symbol"], transcript, consequence,
                             *protein, significance, row["gold_stars"] or 0, row["variation_id"]))
            rows += 1
    return rows
