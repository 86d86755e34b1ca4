"""Transcript consequences: run bcftools csq, or parse existing BCSQ, VEP CSQ or SnpEff ANN.

All three are turned into :class:`TranscriptConsequence` records with Sequence Ontology
terms, so later steps do not care which tool annotated the VCF. Severity order and impact
classes come from traaser/data/consequence_severity.tsv.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cyvcf2 import VCF

from traaser import bcftools, install
from traaser.annotate.fields import CONSEQUENCE_TAGS
from traaser.atomic import publish_indexed
from traaser.counts import CONSEQUENCE_SOURCE_CODES, NOTE_CONSEQUENCE_SOURCE, StepCounts
from traaser.errors import VcfError
from traaser.textfile import commented_tsv_rows
from traaser.vcf.header import open_vcf
from traaser.vcf.values import info_value

SEVERITY_TABLE = install.package_file("data", "consequence_severity.tsv")

#: bcftools csq short names → Sequence Ontology terms.
BCSQ_TO_SO = {
    "stop_gained": "stop_gained", "frameshift": "frameshift_variant", "splice_acceptor": "splice_acceptor_variant",
    "splice_donor": "splice_donor_variant", "start_lost": "start_lost", "stop_lost": "stop_lost",
    "missense": "missense_variant", "inframe_insertion": "inframe_insertion", "inframe_deletion": "inframe_deletion",
    "inframe_altering": "protein_altering_variant", "splice_region": "splice_region_variant",
    "synonymous": "synonymous_variant", "stop_retained": "stop_retained_variant",
    "start_retained": "start_retained_variant",
    "5_prime_utr": "5_prime_UTR_variant", "3_prime_utr": "3_prime_UTR_variant", "intron": "intron_variant",
    "non_coding": "non_coding_transcript_variant", "coding_sequence": "coding_sequence_variant",
    "feature_elongation": "feature_elongation", "feature_truncation": "feature_truncation",
    "intergenic": "intergenic_variant",
}


@dataclass(frozen=True)
class Severity:
    rank: int
    impact: str
    score: float


@lru_cache(maxsize=1)
def severity_table() -> dict[str, Severity]:
    """SO term → (rank, impact, severity score); rank 0 is the most severe."""
    return {r["so_term"]: Severity(i, r["impact"], float(r["score"]))
            for i, r in enumerate(commented_tsv_rows(SEVERITY_TABLE))}


def severity(term: str) -> Severity:
    """Severity of an SO term; unknown terms rank last as MODIFIER with score 0 (and are listed in the table's tail)."""
    table = severity_table()
    return table.get(term, Severity(len(table), "MODIFIER", 0.0))


IMPACT_ORDER = {"HIGH": 0, "MODERATE": 1, "LOW": 2, "MODIFIER": 3}


@dataclass(frozen=True)
class TranscriptConsequence:
    """One transcript's consequence of one ALT allele."""

    gene: str
    transcript: str
    terms: tuple[str, ...]
    biotype: str = ""
    protein_change: str = ""
    dna_change: str = ""

    @property
    def worst(self) -> str:
        return min(self.terms, key=lambda t: severity(t).rank) if self.terms else "intergenic_variant"

    @property
    def impact(self) -> str:
        return severity(self.worst).impact

    @property
    def score(self) -> float:
        return severity(self.worst).score


def parse_bcsq(values: tuple[str, ...] | list[str]) -> list[TranscriptConsequence]:
    """Parse INFO/BCSQ entries: consequence|gene|transcript|biotype|strand|aa_change|dna_change.

    Entries starting with '@' point at another record's compound consequence and are skipped.
    """
    result = []
    for value in values:
        if not value or value.startswith("@"):
            continue
        fields = value.split("|")
        fields += [""] * (7 - len(fields))
        terms = tuple(BCSQ_TO_SO.get(t.lstrip("*"), t.lstrip("*")) for t in fields[0].split("&") if t)
        result.append(TranscriptConsequence(fields[1], fields[2], terms, fields[3], fields[5], fields[6]))
    return result


def csq_format(description: str) -> list[str]:
    """Field names of VEP CSQ / SnpEff ANN from the header Description ('Format: a|b|c')."""
    match = re.search(r"Format:\s*'?([^'\"]+)", description)
    if not match:
        return []
    return [f.strip() for f in match.group(1).split("|")]


def parse_vep(values: list[str], fields: list[str], alt: str) -> tuple[list[TranscriptConsequence], int]:
    """Parse VEP INFO/CSQ entries for one ALT allele (entries of other alleles are skipped).

    Returns the consequences and the number of malformed entries (not as many '|'-separated
    values as the header's Format lists), which are skipped."""
    index = {name: i for i, name in enumerate(fields)}
    result = []
    malformed = 0
    for value in values:
        parts = value.split("|")
        if len(parts) != len(fields):
            malformed += 1
            continue
        def get(name: str, parts: list[str] = parts) -> str:
            return parts[index[name]] if name in index and index[name] < len(parts) else ""
        allele = get("Allele")
        if allele and alt and allele != alt and allele != alt[1:] and not (allele == "-" and len(alt) == 1):
            continue
        terms = tuple(t for t in get("Consequence").split("&") if t)
        result.append(TranscriptConsequence(get("SYMBOL"), get("Feature"), terms, get("BIOTYPE"),
                                            get("HGVSp"), get("HGVSc")))
    return result, malformed


def parse_snpeff(values: list[str], alt: str) -> list[TranscriptConsequence]:
    """Parse SnpEff INFO/ANN entries
    (Allele|Annotation|Impact|Gene_Name|Gene_ID|Feature_Type|Feature_ID|Biotype|Rank|HGVS.c|HGVS.p...)."""
    result = []
    for value in values:
        parts = value.split("|") + [""] * 11
        if parts[0] and alt and parts[0] != alt:
            continue
        terms = tuple(t for t in parts[1].split("&") if t)
        result.append(TranscriptConsequence(parts[3], parts[6], terms, parts[7], parts[10], parts[9]))
    return result


def existing_annotation(vcf: Path) -> str | None:
    """The consequence tag the VCF already carries (BCSQ, CSQ or ANN), or None."""
    with open_vcf(vcf) as handle:
        for tag in CONSEQUENCE_TAGS:
            if tag in handle.header.info:
                return tag
    return None


#: End of a region spanning a whole contig (bcftools regions are 1-based, inclusive).
WHOLE_CONTIG = 2**31 - 1


def predict(vcf_in: Path, fasta: Path, gff3: Path, vcf_out: Path, counts_json: Path,
            contigs: list[str] | None = None) -> StepCounts:
    """Run ``bcftools csq`` unless the VCF already carries BCSQ/CSQ/ANN, which is then reused as is.
    With ``contigs`` (a shard, see traaser.scatter), only those contigs of the indexed ``vcf_in``
    are read and written."""
    counts = StepCounts("consequences")
    vcf_out.parent.mkdir(parents=True, exist_ok=True)
    tmp = vcf_out.with_name(vcf_out.name + ".partial.bcf")
    regions = vcf_out.with_name(vcf_out.name + ".regions.tsv")
    header_only = vcf_out.with_name(vcf_out.name + ".header.bcf")
    source, select = vcf_in, []
    if contigs is None:
        counts.records_in = bcftools.count_records(vcf_in)
    else:
        per_contig = bcftools.records_per_contig(vcf_in)
        counts.records_in = sum(per_contig.get(c, 0) for c in contigs)
        if contigs:
            regions.write_text("".join(f"{c}\t1\t{WHOLE_CONTIG}\n" for c in contigs), encoding="utf-8")
            select = ["-R", str(regions)]
        else:                                       # an empty shard: the header alone
            source = header_only
            bcftools.run("view", "--no-version", "-h", "-Ob", "-o", str(source), str(vcf_in))
    tag = existing_annotation(vcf_in)
    if tag is not None:
        counts.warnings.append(f"the VCF already carries INFO/{tag}; reused as is, bcftools csq not run")
        if select or source != vcf_in:
            bcftools.run("view", "--no-version", *select, "-Ob", "-W", "-o", str(tmp), str(source))
        else:
            shutil.copyfile(vcf_in, tmp)
            bcftools.index(tmp)
    else:
        bcftools.run("csq", "--no-version", "-f", str(fasta), "-g", str(gff3), "--local-csq",
                     "--force", *select, "-Ob", "-W", "-o", str(tmp), str(source))
    counts.records_out = bcftools.count_records(tmp)
    counts.notes[NOTE_CONSEQUENCE_SOURCE] = CONSEQUENCE_SOURCE_CODES.get(tag or "", 0)
    publish_indexed(tmp, vcf_out)
    for scratch in (regions, header_only):
        scratch.unlink(missing_ok=True)
    counts.write(counts_json)
    return counts


class ConsequenceReader:
    """Reads whichever consequence annotation (BCSQ, CSQ, ANN) the VCF header declares."""

    def __init__(self, vcf: VCF, path: Path | None = None) -> None:
        self.tag = None
        self.vep_fields: list[str] = []
        self.malformed = 0                    # malformed entries in the last record read
        for tag in CONSEQUENCE_TAGS:
            if vcf.contains(tag):
                self.tag = tag
                if tag == "CSQ":
                    self.vep_fields = csq_format(vcf.get_header_type("CSQ").get("Description", ""))
                    if "Consequence" not in self.vep_fields:
                        raise VcfError("the ##INFO=<ID=CSQ> header line has no 'Format: Allele|Consequence|...' "
                                       "list of fields, so VEP's consequences cannot be read",
                                       path=str(path) if path else None,
                                       fix="keep VEP's original CSQ header line (bcftools annotate -h) or "
                                           "remove INFO/CSQ so that bcftools csq predicts consequences")
                break

    def read(self, variant: Any) -> list[TranscriptConsequence]:
        if self.tag is None:
            return []
        raw = info_value(variant, self.tag)
        if raw is None:
            return []
        values = raw.split(",") if isinstance(raw, str) else list(raw)
        alt = variant.ALT[0] if variant.ALT else ""
        if self.tag == "BCSQ":
            return parse_bcsq(values)
        if self.tag == "CSQ":
            result, self.malformed = parse_vep(values, self.vep_fields, alt)
            return result
        return parse_snpeff(values, alt)
