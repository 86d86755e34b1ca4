"""Prioritize: turn the collected candidates of one case into ranked, explained candidates.

The candidates come from traaser/collect.py. Per candidate: ACMG evidence and class, the gene's
phenotype match, the inheritance patterns the family's genotypes allow, and one combined score
that ranks variants and genes. Positions are 1-based (VCF POS).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.acmg.assign import PM3Partner, assign, evidence_of
from traaser.acmg.classify import classify
from traaser.acmg.facts import ReferenceData, variant_facts
from traaser.annotate.fields import FrequencyPolicy, clinvar_significance, population_af
from traaser.annotate.hgvs import hgvs_c, hgvs_p
from traaser.annotate.transcripts import mane_select_ids
from traaser.atomic import write_text_atomic
from traaser.case import Case
from traaser.case_record import CaseRecord
from traaser.collect import Candidate, ParentageCheck, collect_candidates
from traaser.config import config_hash
from traaser.counts import StepCounts, check_chain, merge_shards
from traaser.inheritance import HET, HOM_ALT, Family, compound_heterozygous_pairs, fits_modes, segregate
from traaser.phenotype.annotations import load_annotations
from traaser.phenotype.similarity import PhenotypeMatch, PhenotypeScorer
from traaser.provenance import run_timestamp
from traaser.rank import rank_candidates, score_candidate
from traaser.report.tables import json_document, write_json, write_tsv, write_vcf
from traaser.vcf.values import as_vcf_float


@dataclass
class RunData:
    """Paths of the run's reference data (any may be None) and the gnomAD label for reasons."""

    hpo_dir: Path
    gnomad_source: str | None = None
    constraint: Path | None = None
    clingen_dosage: Path | None = None
    annotation: Path | None = None
    clinvar_index: Path | None = None
    reference: Path | None = None


def _pm3_partners(c: Candidate, members: list[Candidate], proband: str) -> list[PM3Partner]:
    """The other heterozygous candidates of the gene, with phase from the parents and ClinVar class."""
    partners = []
    for other in members:
        if other is c or other.calls[proband].gt != HET:
            continue
        mine, theirs = c.segregation.inherited_from, other.segregation.inherited_from
        if mine in ("father", "mother") and theirs in ("father", "mother"):
            phase = "trans" if mine != theirs else "cis"
        else:
            phase = "unknown"
        significance = clinvar_significance(other.clinvar.get("CLNSIG"))
        partners.append(PM3Partner(other.key, significance.value if significance.is_pathogenic else None, phase))
    return partners


PATTERN_CEILINGS = {"de_novo": "dominant", "AD_heterozygous": "dominant", "X_heterozygous": "dominant",
                    "AR_homozygous": "homozygous", "X_homozygous": "homozygous", "X_hemizygous": "homozygous"}


def apply_frequency_ceilings(c: Candidate, ceilings: dict[str, float]) -> None:
    """Drop the patterns whose mode-specific frequency ceiling the variant exceeds, saying why."""
    af = population_af(c.gnomad, FrequencyPolicy.CEILING)
    if af is None:
        return
    for pattern, mode in PATTERN_CEILINGS.items():
        if pattern in c.segregation.patterns and af > as_vcf_float(ceilings[mode]):
            c.segregation.patterns.discard(pattern)
            c.segregation.reasons.append(f"{pattern} not counted: population AF {af:.3g} > {ceilings[mode]} "
                                         f"({mode} ceiling)")


def segregate_all(candidates: list[Candidate], family: Family, build: str, parentage_ok: bool,
                  acmg: dict, ceilings: dict[str, float] | None = None) -> dict[str, list[Candidate]]:
    """Inheritance patterns of every candidate (with mode-specific frequency ceilings) and
    compound heterozygous pairs per gene; returns the candidates by gene."""
    by_gene: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        c.segregation = segregate(c.calls, family, c.chrom, c.pos, build, parentage_ok, acmg)
        if ceilings:
            apply_frequency_ceilings(c, ceilings)
        by_gene[c.gene].append(c)
    for members in by_gene.values():
        if ceilings:
            ceiling = as_vcf_float(ceilings["compound_heterozygous"])
            members_for_pairs = [c for c in members
                                 if (population_af(c.gnomad, FrequencyPolicy.CEILING) or 0.0) <= ceiling]
        else:
            members_for_pairs = members
        pairs = compound_heterozygous_pairs(
            [(c.key, c.calls[family.proband], c.segregation) for c in members_for_pairs], family)
        lookup = {c.key: c for c in members}
        for key1, key2, reason in pairs:
            for mine, other in ((key1, key2), (key2, key1)):
                lookup[mine].segregation.patterns.add("AR_compound_heterozygous")
                lookup[mine].comphet_partners.append(other)
                lookup[mine].segregation.reasons.append(f"compound heterozygous with {other}: {reason}")
    return by_gene


def assign_evidence(c: Candidate, data: ReferenceData, acmg: dict, *, family: Family | None,
                    members: list[Candidate], gene_modes: set[str], phenotype: PhenotypeMatch | None,
                    has_phenotype: bool) -> None:
    """ACMG outcomes, evidence and classification of one candidate (in place)."""
    facts = variant_facts(chrom=c.chrom, pos=c.pos, ref=c.ref, alt=c.alt, gene=c.gene, consequence=c.consequence,
                          info=c.info, data=data, settings=acmg)
    facts.gene_modes = gene_modes
    if family is not None:
        facts.trio = family.trio
        facts.de_novo, facts.de_novo_reason = c.segregation.de_novo, c.segregation.de_novo_reason
        # PM3 counts a homozygous occurrence only where the family's genotypes allow recessive inheritance
        facts.homozygous = c.calls[family.proband].gt == HOM_ALT and bool(
            c.segregation.patterns & {"AR_homozygous", "X_homozygous"})
        facts.pm3_partners = _pm3_partners(c, members, family.proband)
    if has_phenotype and phenotype is not None:
        facts.phenotype_score = phenotype.score
        facts.phenotype_disease = f"{phenotype.disease_id or ''} {phenotype.disease_name}".strip()
    c.outcomes = assign(facts, acmg)
    c.evidence = evidence_of(c.outcomes)
    c.classification = classify(c.evidence)


def describe_on_transcript(c: Candidate, data: ReferenceData) -> None:
    """HGVS names, the transcript model and nearby ClinVar P/LP positions, for the report."""
    transcript = data.transcripts.get(c.consequence.transcript) if c.consequence else None
    c.hgvs_c = hgvs_c(transcript, c.pos, c.ref, c.alt)
    c.hgvs_p = hgvs_p(c.consequence.protein_change) if c.consequence and c.consequence.protein_change else ""
    if transcript is not None:
        c.transcript_model = {"id": transcript.id, "strand": transcript.strand,
                              "exons": [list(e) for e in transcript.exons], "cds": [list(e) for e in transcript.cds]}
        if data.clinvar_index is not None:
            low, high = min(s for s, _ in transcript.exons), max(e for _, e in transcript.exons)
            c.clinvar_nearby = sorted(int(key.split(":")[1]) for key, (_, significance) in
                                      data.clinvar_index.gene_variants.get(c.gene, {}).items()
                                      if significance in ("P", "LP") and key != c.key
                                      and low <= int(key.split(":")[1]) <= high)


def evaluate(candidates: list[Candidate], case: Case, family: Family, parentage: ParentageCheck,
             settings: dict, acmg: dict, run: RunData) -> None:
    """Fill in segregation, ACMG, phenotype and scores, then rank (in place)."""
    annotations = load_annotations(str(run.hpo_dir))
    scorer = PhenotypeScorer(annotations, [t.id for t in case.hpo_terms], settings["phenotype_patient_weight"],
                             settings["phenotype_gene_weight"], [t.id for t in case.excluded_terms])
    transcripts = {c.consequence.transcript for c in candidates if c.consequence and c.consequence.transcript}
    data = ReferenceData.load(case.build, gnomad_source=run.gnomad_source, constraint=run.constraint,
                              clingen_dosage=run.clingen_dosage, annotation=run.annotation,
                              clinvar_index=run.clinvar_index, reference=run.reference,
                              genes={c.gene for c in candidates}, transcripts=transcripts)
    by_gene = segregate_all(candidates, family, case.build, parentage.confirmed, acmg, settings["inheritance_max_af"])
    for c in candidates:
        c.phenotype = scorer.score_gene(c.gene)
        assign_evidence(c, data, acmg, family=family, members=by_gene[c.gene], gene_modes=c.phenotype.modes,
                        phenotype=c.phenotype, has_phenotype=bool(case.hpo_terms))
        c.inheritance_fit, c.inheritance_reason = fits_modes(c.segregation.patterns, c.phenotype.modes)
        describe_on_transcript(c, data)
        score_candidate(c, settings)
    data.close()
    rank_candidates(candidates)


@dataclass
class PrioritizeOutputs:
    """Where the prioritize step writes: the ranked candidates three ways, its counts, the run's
    record accounting and the screen's temporary files."""

    tsv: Path
    json: Path
    vcf: Path
    counts: Path
    accounting: Path
    workdir: Path


def run(record: CaseRecord, phenotype: dict[str, Any], config: dict[str, Any], shards: list[Path],
        earlier_counts: list[Path], data: RunData, outputs: PrioritizeOutputs) -> list[Candidate]:
    """The whole prioritize step of one case: collect the candidates from the annotated shards,
    evaluate and rank them, check the record accounting of every step and write the outputs.
    ``phenotype`` holds the resolved HPO terms (hpo_terms, excluded_terms, phenopacket), ``config``
    the results-shaping settings (the config less its execution-only keys)."""
    case = Case.from_json(record.case.to_json(with_terms=False) | phenotype)
    settings, acmg = config["prioritize"], config["acmg"]
    counts = StepCounts("prioritize")
    mane = mane_select_ids(data.annotation) if data.annotation else frozenset()
    candidates, family, parentage = collect_candidates(shards, case, settings, acmg, counts, mane,
                                                       workdir=outputs.workdir)
    if family.trio:
        counts.notes["parentage: informative trio sites"] = parentage.informative
        counts.notes["parentage: opposing homozygotes"] = parentage.opposing
        warning = parentage.warning()
        if warning:
            counts.warnings.append(warning)
    evaluate(candidates, case, family, parentage, settings, acmg, data)
    counts.write(outputs.counts)
    steps = merge_shards([StepCounts.read(path) for path in earlier_counts]) + [counts]
    write_text_atomic(outputs.accounting, json.dumps(check_chain(steps), indent=1) + "\n")
    provenance = {"case": case.to_json(), "config": config, "config_hash": config_hash(config),
                  "software": record.software, "databases": record.databases, "warnings": record.warnings,
                  "record_scan": record.record_scan, "contig_renames": record.contig_renames,
                  "contigs_not_in_reference": record.contigs_not_in_reference}
    write_tsv(candidates, case.proband, provenance, outputs.tsv)
    write_vcf(shards, candidates, provenance, outputs.vcf)
    write_json(json_document(candidates, provenance, steps, run_timestamp()), outputs.json)
    return candidates
