"""Prioritize: turn the collected candidates of one case into ranked, explained candidates.

The candidates come from traaser/collect.py. Per candidate: ACMG evidence and class, the gene's
phenotype match, the inheritance patterns the family's genotypes allow, and one combined score
that ranks variants and genes. Positions are 1-based (VCF POS).
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.acmg.assign import PM3Partner, assign, evidence_of
from traaser.acmg.classify import classify
from traaser.acmg.facts import ReferenceData, variant_facts
from traaser.annotate.clinvar_index import ClinVarIndex
from traaser.annotate.fields import FrequencyPolicy, clinvar_significance, population_af
from traaser.annotate.hgvs import hgvs_c, hgvs_p
from traaser.annotate.transcripts import gene_models
from traaser.atomic import write_text_atomic
from traaser.call_quality import CallFlagGates, call_flags
from traaser.candidate import AcmgResult, Candidate, Evaluated, TranscriptView
from traaser.case import Case
from traaser.case_record import CaseRecord
from traaser.collect import collect_candidates
from traaser.collected import Collected
from traaser.config import config_hash
from traaser.counts import (
    NOTE_PARENTAGE_INFORMATIVE,
    NOTE_PARENTAGE_OPPOSING,
    StepCounts,
    check_chain,
    merge_shards,
)
from traaser.fault_injection import pause_point
from traaser.inheritance import HET, HOM_ALT, Family, Segregation, compound_heterozygous_pairs, fits_modes, segregate
from traaser.outputs import json_document, write_json, write_tsv, write_vcf
from traaser.phenotype.cache import phenotype_model
from traaser.phenotype.similarity import PhenotypeMatch, PhenotypeScorer
from traaser.provenance import run_timestamp
from traaser.qc import ParentageCheck
from traaser.rank import rank_candidates, variant_parts
from traaser.settings import AcmgSettings, PrioritizeSettings
from traaser.vcf.values import as_vcf_float


@dataclass
class RunData:
    """Paths of the run's reference data (any may be None) and the gnomAD label for reasons."""

    hpo_dir: Path
    gnomad_source: str | None = None
    constraint: Path | None = None
    clingen_dosage: Path | None = None
    g2p: Path | None = None
    annotation: Path | None = None
    clinvar_index: Path | None = None
    reference: Path | None = None


@dataclass
class FamilyFit:
    """What the family's genotypes allow for every candidate of a case (keyed by the candidate
    itself): the segregation (patterns, reasons, de novo status, parent of origin) and the keys of
    its compound heterozygous partners; and the candidates by gene."""

    segregation: dict[Candidate, Segregation]
    partners: dict[Candidate, list[str]]
    by_gene: dict[str, list[Candidate]]


def _pm3_partners(c: Candidate, fit: FamilyFit, proband: str) -> list[PM3Partner]:
    """The other heterozygous candidates of the gene, with phase from the parents and ClinVar class."""
    partners = []
    for other in fit.by_gene[c.gene]:
        if other is c or other.calls[proband].gt != HET:
            continue
        mine, theirs = fit.segregation[c].inherited_from, fit.segregation[other].inherited_from
        if mine in ("father", "mother") and theirs in ("father", "mother"):
            phase = "trans" if mine != theirs else "cis"
        else:
            phase = "unknown"
        significance = clinvar_significance(other.clinvar.get("CLNSIG"))
        partners.append(PM3Partner(other.key, significance.value if significance.is_pathogenic else None, phase))
    return partners


PATTERN_CEILINGS = {"de_novo": "dominant", "AD_heterozygous": "dominant", "X_heterozygous": "dominant",
                    "AR_homozygous": "homozygous", "X_homozygous": "homozygous", "X_hemizygous": "homozygous"}


def apply_frequency_ceilings(segregation: Segregation, gnomad: Mapping[str, float],
                             ceilings: Mapping[str, float]) -> None:
    """Drop from a segregation being built the patterns whose mode-specific frequency ceiling the
    variant exceeds (the highest group's AF, FrequencyPolicy.CEILING), saying why."""
    af = population_af(gnomad, FrequencyPolicy.CEILING)
    if af is None:
        return
    for pattern, mode in PATTERN_CEILINGS.items():
        if pattern in segregation.patterns and af > as_vcf_float(ceilings[mode]):
            segregation.patterns.discard(pattern)
            segregation.reasons.append(f"{pattern} not counted: population AF {af:.3g} > {ceilings[mode]} "
                                       f"({mode} ceiling)")


def segregate_all(candidates: list[Candidate], family: Family, build: str, parentage_ok: bool,
                  acmg: AcmgSettings, ceilings: Mapping[str, float] | None = None) -> FamilyFit:
    """Inheritance patterns of every candidate (with mode-specific frequency ceilings) and the
    compound heterozygous pairs of each gene; the candidates themselves are not changed."""
    segregation: dict[Candidate, Segregation] = {}
    partners: dict[Candidate, list[str]] = defaultdict(list)
    by_gene: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        segregation[c] = segregate(c.calls, family, c.chrom, c.pos, build, parentage_ok, acmg)
        if ceilings:
            apply_frequency_ceilings(segregation[c], c.gnomad, ceilings)
        by_gene[c.gene].append(c)
    for members in by_gene.values():
        if ceilings:
            ceiling = as_vcf_float(ceilings["compound_heterozygous"])
            members_for_pairs = [c for c in members
                                 if (population_af(c.gnomad, FrequencyPolicy.CEILING) or 0.0) <= ceiling]
        else:
            members_for_pairs = members
        pairs = compound_heterozygous_pairs(
            [(c.key, c.calls[family.proband], segregation[c]) for c in members_for_pairs], family)
        lookup = {c.key: c for c in members}
        for key1, key2, reason in pairs:
            for mine, other in ((key1, key2), (key2, key1)):
                segregation[lookup[mine]].patterns.add("AR_compound_heterozygous")
                partners[lookup[mine]].append(other)
                segregation[lookup[mine]].reasons.append(f"compound heterozygous with {other}: {reason}")
    return FamilyFit(segregation, dict(partners), dict(by_gene))


def assign_evidence(c: Candidate, data: ReferenceData, acmg: AcmgSettings, *, family: Family | None,
                    fit: FamilyFit | None, gene_modes: set[str], phenotype: PhenotypeMatch | None,
                    has_phenotype: bool) -> AcmgResult:
    """ACMG outcomes, evidence and classification of one candidate."""
    facts = variant_facts(chrom=c.chrom, pos=c.pos, ref=c.ref, alt=c.alt, gene=c.gene, consequence=c.consequence,
                          info=c.info, data=data, settings=acmg)
    facts.gene_modes = gene_modes
    if family is not None and fit is not None:
        segregation = fit.segregation[c]
        facts.trio = family.trio
        facts.de_novo, facts.de_novo_reason = segregation.de_novo, segregation.de_novo_reason
        # PM3 counts a homozygous occurrence only where the family's genotypes allow recessive inheritance
        facts.homozygous = c.calls[family.proband].gt == HOM_ALT and bool(
            segregation.patterns & {"AR_homozygous", "X_homozygous"})
        facts.pm3_partners = _pm3_partners(c, fit, family.proband)
    if has_phenotype and phenotype is not None:
        facts.phenotype_score = phenotype.score
        facts.phenotype_disease = f"{phenotype.disease_id or ''} {phenotype.disease_name}".strip()
    outcomes = assign(facts, acmg)
    evidence = evidence_of(outcomes)
    return AcmgResult(outcomes, evidence, classify(evidence))


def describe_on_transcript(c: Candidate, data: ReferenceData) -> TranscriptView:
    """HGVS names, the transcript model and nearby ClinVar P/LP positions, for the report."""
    transcript = data.transcripts.get(c.consequence.transcript) if c.consequence else None
    name_c = hgvs_c(transcript, c.pos, c.ref, c.alt)
    name_p = hgvs_p(c.consequence.protein_change) if c.consequence and c.consequence.protein_change else ""
    if transcript is None:
        return TranscriptView(name_c, name_p)
    model = {"id": transcript.id, "strand": transcript.strand,
             "exons": [list(e) for e in transcript.exons], "cds": [list(e) for e in transcript.cds]}
    nearby: list[int] = []
    if data.clinvar_index is not None:
        low, high = min(s for s, _ in transcript.exons), max(e for _, e in transcript.exons)
        nearby = sorted(int(key.split(":")[1]) for key, (_, significance) in
                        data.clinvar_index.gene_variants.get(c.gene, {}).items()
                        if significance in ("P", "LP") and key != c.key and low <= int(key.split(":")[1]) <= high)
    return TranscriptView(name_c, name_p, model, nearby)


def candidate_transcripts(candidates: list[Candidate]) -> set[str]:
    """The transcripts the candidates' consequences name."""
    return {c.consequence.transcript for c in candidates if c.consequence and c.consequence.transcript}


def evaluate(candidates: list[Candidate], case: Case, family: Family, parentage: ParentageCheck,
             settings: PrioritizeSettings, acmg: AcmgSettings, run: RunData,
             preloaded: Collected | None = None) -> list[Evaluated]:
    """Segregation, ACMG, phenotype and scores of every candidate, ranked (best first); the
    transcript models and ClinVar index come from ``preloaded`` (the collect step) when given."""
    data = ReferenceData.load(case.build, gnomad_source=run.gnomad_source, constraint=run.constraint,
                              clingen_dosage=run.clingen_dosage, annotation=run.annotation,
                              clinvar_index=run.clinvar_index, reference=run.reference,
                              genes={c.gene for c in candidates}, transcripts=candidate_transcripts(candidates),
                              g2p=run.g2p,
                              preloaded=(preloaded.transcripts, preloaded.clinvar_index) if preloaded else None)
    annotations = phenotype_model(str(run.hpo_dir), str(run.g2p) if run.g2p else None)
    scorer = PhenotypeScorer.from_settings(annotations, [t.id for t in case.hpo_terms], settings,
                                           [t.id for t in case.excluded_terms])
    # The HPO release, the reference data and the candidates live until the end; moving them out
    # of the cyclic garbage collector's sight keeps its full passes short while the many small
    # evaluation objects are made (they are still freed by reference counting).
    gc.freeze()
    fit = segregate_all(candidates, family, case.build, parentage.confirmed, acmg, settings.inheritance_max_af)
    gates = CallFlagGates.from_config(settings.call_flags)
    evaluated = []
    for c in candidates:
        phenotype = scorer.score_gene(c.gene)
        result = assign_evidence(c, data, acmg, family=family, fit=fit, gene_modes=phenotype.modes,
                                 phenotype=phenotype, has_phenotype=bool(case.hpo_terms))
        fits, fit_reason = fits_modes(fit.segregation[c].patterns, phenotype.modes)
        evaluated.append(Evaluated.of(c, segregation=fit.segregation[c], comphet_partners=fit.partners.get(c, []),
                                      acmg=result, phenotype=phenotype, inheritance_fit=fits,
                                      inheritance_reason=fit_reason, transcript=describe_on_transcript(c, data),
                                      parts=variant_parts(c, result.evidence, settings),
                                      flags=call_flags(c.calls[family.proband], gates)))
    data.close()
    return rank_candidates(evaluated, data.genes, trio=family.trio)


@dataclass
class PrioritizeOutputs:
    """Where the prioritize step writes: the ranked candidates three ways, its counts and the
    run's record accounting."""

    tsv: Path
    json: Path
    vcf: Path
    counts: Path
    accounting: Path


def collect(record: CaseRecord, config: dict[str, Any], shards: list[Path], annotation: Path | None,
            clinvar_index: Path | None, workdir: Path) -> Collected:
    """The collect step of one case: the candidates of its annotated shards, with every other
    record excluded for a counted reason (traaser.collect), the family's parentage check, and
    the candidates' transcript models (GFF3) and ClinVar index entries (their genes).
    ``config`` holds the results-shaping settings; the HPO terms play no part."""
    settings = PrioritizeSettings.from_config(config["prioritize"])
    acmg = AcmgSettings.from_config(config["acmg"])
    counts = StepCounts("prioritize")
    models = gene_models(annotation) if annotation else None
    mane = models.mane if models else frozenset()
    candidates, family, parentage = collect_candidates(shards, record.case, settings, acmg, counts, mane,
                                                       workdir=workdir)
    wanted = candidate_transcripts(candidates)
    transcripts = models.select(wanted) if models and wanted else {}
    index = (ClinVarIndex(clinvar_index, {c.gene for c in candidates})
             if clinvar_index and clinvar_index.is_file() else None)
    return Collected(candidates, family, parentage, counts, transcripts, index)


def run(record: CaseRecord, phenotype: dict[str, Any], config: dict[str, Any], collected: Collected,
        shards: list[Path], earlier_counts: list[Path], data: RunData, outputs: PrioritizeOutputs) -> list[Evaluated]:
    """The prioritize step of one case, from its collected candidates: evaluate and rank them,
    check the record accounting of every step and write the outputs.
    ``phenotype`` holds the resolved HPO terms (hpo_terms, excluded_terms, phenopacket), ``config``
    the results-shaping settings (the config less its execution-only keys); ``shards`` are the
    annotated BCFs the candidate VCF's records are copied from."""
    case = Case.from_json(record.case.to_json(with_terms=False) | phenotype)
    settings = PrioritizeSettings.from_config(config["prioritize"])
    acmg = AcmgSettings.from_config(config["acmg"])
    candidates, family, parentage, counts = (collected.candidates, collected.family, collected.parentage,
                                             collected.counts)
    if family.trio:
        counts.notes[NOTE_PARENTAGE_INFORMATIVE] = parentage.informative
        counts.notes[NOTE_PARENTAGE_OPPOSING] = parentage.opposing
        warning = parentage.warning()
        if warning:
            counts.warnings.append(warning)
    ranked = evaluate(candidates, case, family, parentage, settings, acmg, data, preloaded=collected)
    counts.write(outputs.counts)
    steps = merge_shards([StepCounts.read(path) for path in earlier_counts]) + [counts]
    write_text_atomic(outputs.accounting, json.dumps(check_chain(steps), indent=1) + "\n")
    provenance = {"case": case.to_json(), "config": config, "config_hash": config_hash(config),
                  "software": record.software, "databases": record.databases, "warnings": record.warnings,
                  "record_scan": record.record_scan, "contig_renames": record.contig_renames,
                  "contigs_not_in_reference": record.contigs_not_in_reference}
    write_tsv(ranked, case.proband, provenance, outputs.tsv)
    pause_point("prioritize")              # the kill tests: stopped with some outputs written
    write_vcf(shards, ranked, provenance, outputs.vcf)
    write_json(json_document(ranked, provenance, steps, run_timestamp()), outputs.json)
    return ranked
