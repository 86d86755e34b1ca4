"""Turn an annotated VCF record plus the run's reference data into VariantFacts.

Shared by the workflow's prioritize step and the standalone ``traaser acmg`` command, so a
variant gets the same evidence in both. VCF POS is 1-based; FASTA slices 0-based half-open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pysam

from traaser.acmg.assign import VariantFacts
from traaser.acmg.criteria import knowledge
from traaser.annotate.clinvar_index import PROTEIN_CHANGE, ClinVarIndex
from traaser.annotate.consequence import TranscriptConsequence
from traaser.annotate.fields import GNOMAD_TAGS
from traaser.annotate.transcripts import Transcript, load_transcripts
from traaser.gene_knowledge import GeneKnowledge
from traaser.settings import AcmgSettings
from traaser.vcf.values import first_number


def spliceai_max(value: Any) -> float | None:
    """Maximum delta score from a SpliceAI INFO value (ALLELE|SYMBOL|DS_AG|DS_AL|DS_DG|DS_DL|...), or a number."""
    if value is None:
        return None
    entries = value if isinstance(value, (tuple, list)) else str(value).split(",")
    best = None
    for entry in entries:
        parts = str(entry).split("|")
        numbers = parts[2:6] if len(parts) >= 6 else parts[:1]
        for text in numbers:
            number = first_number(text)
            if number is not None:
                best = number if best is None else max(best, number)
    return best


def in_tandem_repeat(fasta: pysam.FastaFile | None, chrom: str, pos: int, ref: str, alt: str) -> bool | None:
    """Whether an indel adds or removes a copy of sequence that flanks it in the reference
    (a tandem repeat); None when the reference is unavailable or N there."""
    if fasta is None or chrom not in fasta.references or len(ref) == len(alt):
        return None
    unit = ref[1:] if len(ref) > len(alt) else alt[1:]
    if not unit:
        return None
    start = pos  # 0-based index of the base after the anchor
    after = fasta.fetch(chrom, start + (len(ref) - 1), start + (len(ref) - 1) + len(unit)).upper()
    before = fasta.fetch(chrom, max(0, start - len(unit)), start).upper()
    if not after or set(after) == {"N"}:
        return None
    return after == unit.upper() or before == unit.upper()


@dataclass
class ReferenceData:
    """Gene- and transcript-level data loaded once per run (any part may be absent)."""

    build: str
    gnomad_source: str | None = None
    genes: GeneKnowledge = field(default_factory=GeneKnowledge)
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    clinvar_index: ClinVarIndex | None = None
    fasta: pysam.FastaFile | None = None

    def close(self) -> None:
        if self.fasta is not None:
            self.fasta.close()

    @classmethod
    def load(cls, build: str, *, gnomad_source: str | None, constraint: Path | None, clingen_dosage: Path | None,
             annotation: Path | None, clinvar_index: Path | None, reference: Path | None,
             genes: set[str], transcripts: set[str], g2p: Path | None = None,
             preloaded: tuple[dict[str, Transcript], ClinVarIndex | None] | None = None) -> ReferenceData:
        """The run's reference data; ``preloaded`` gives the transcript models and ClinVar index
        already read for these candidates (by the collect step) instead of the two files."""
        if preloaded is not None:
            models, index = preloaded
        else:
            models = load_transcripts(annotation, transcripts) if annotation and transcripts else {}
            index = ClinVarIndex(clinvar_index, genes) if clinvar_index and clinvar_index.is_file() else None
        return cls(
            build=build, gnomad_source=gnomad_source,
            genes=GeneKnowledge.load(constraint=constraint, clingen_dosage=clingen_dosage, g2p=g2p),
            transcripts=models, clinvar_index=index,
            fasta=pysam.FastaFile(str(reference)) if reference else None)


def variant_facts(*, chrom: str, pos: int, ref: str, alt: str, gene: str, consequence: TranscriptConsequence | None,
                  info: Mapping[str, Any], data: ReferenceData, settings: AcmgSettings,
                  gnomad_tags: Mapping[str, str] = GNOMAD_TAGS) -> VariantFacts:
    """Facts of one ALT allele from its INFO values (already read), without family or phenotype."""
    key = f"{chrom}:{pos}:{ref}:{alt}"
    gnomad = {k: first_number(info.get(tag)) for k, tag in gnomad_tags.items()}
    protein_pos, ref_aa, alt_aa = None, "", ""
    if consequence is not None:
        match = PROTEIN_CHANGE.match(consequence.protein_change)
        if match:
            protein_pos, ref_aa, alt_aa = int(match.group(1)), match.group(2), match.group(4)
    predictors = {}
    for name, table in knowledge()["predictors"].items():
        score = first_number(info.get(table["info_tag"]))
        if score is not None:
            predictors[name] = score
    term = consequence.worst if consequence else ""
    return VariantFacts(
        key=key, build=data.build, gene=gene, consequence=term, chrom=chrom, pos=pos,
        transcript=consequence.transcript if consequence else "",
        protein_change=consequence.protein_change if consequence else "",
        protein_pos=protein_pos, ref_aa=ref_aa, alt_aa=alt_aa,
        gnomad_source=data.gnomad_source, gnomad_af=gnomad["AF"], gnomad_faf=gnomad["FAF"],
        gnomad_ac=None if gnomad["AC"] is None else int(gnomad["AC"]),
        gnomad_an=None if gnomad["AN"] is None else int(gnomad["AN"]),
        gnomad_nhomalt=None if gnomad["NHOMALT"] is None else int(gnomad["NHOMALT"]),
        loeuf=constraint.loeuf if (constraint := data.genes.constraint.get(gene)) else None,
        clingen_hi=data.genes.haploinsufficiency.get(gene),
        transcript_model=data.transcripts.get(consequence.transcript) if consequence else None,
        clinvar_index=data.clinvar_index, predictor_scores=predictors,
        spliceai=spliceai_max(info.get(settings.spliceai_info_tag)),
        repeat_region=in_tandem_repeat(data.fasta, chrom, pos, ref, alt) if term in (
            "inframe_insertion", "inframe_deletion") else None,
    )
