"""Spike-in benchmark: rank of the causal gene and variant for published cases.

Modes:
- ``phenotype``: genes ranked from the HPO terms alone (every annotated gene competes);
- ``spike``: the case's causal variants are added, with genotypes that fit the stated
  inheritance, to a real background (a trio with PED, or ``--proband-only``), and the
  workflow's own prioritization code ranks every candidate.

Cases come from a JSONL file in the layout of ``dev_cases.jsonl`` or from a folder of GA4GH
phenopackets (:mod:`traaser.bench_cases`). Ranks are pessimistic: a tie counts against the causal gene. Every figure is
given over all cases, over the cases whose causal gene the HPO release annotates and over those
it does not, and, where the cases name their disease, over the annotated ones whose own disease
the release links to the gene and those whose gene it knows only for other diseases
(:func:`summary_subsets`).
"""

from __future__ import annotations

import csv
import gzip
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from traaser import install
from traaser.annotate.consequence import IMPACT_ORDER, TranscriptConsequence, severity
from traaser.atomic import atomic_path, write_text_atomic
from traaser.bench_cases import BenchCase, read_cases, spike_problem
from traaser.errors import ConfigError, PhenotypeError
from traaser.hgvs_consequence import consequence_from_hgvs
from traaser.phenotype.annotations import Annotations, load_annotations
from traaser.phenotype.ontology import Ontology
from traaser.phenotype.similarity import PhenotypeScorer
from traaser.settings import AcmgSettings, PrioritizeSettings

TOP_K = (1, 3, 5, 10)


def resolve_terms(ontology: Ontology, ids: list[str]) -> tuple[list[str], list[str]]:
    """(resolved current ids, ids unknown to this release)."""
    resolved, unknown = [], []
    for term in ids:
        try:
            resolved.append(ontology.resolve(term).id)
        except PhenotypeError:
            unknown.append(term)
    return list(dict.fromkeys(resolved)), unknown


def pessimistic_rank(scores: dict[str, float], target: str) -> int | None:
    """1 + genes scoring strictly higher + the other genes tied with the target; None if absent."""
    if target not in scores:
        return None
    value = scores[target]
    return sum(1 for s in scores.values() if s >= value)


@dataclass
class Result:
    case_id: str
    gene: str
    annotated: bool
    terms_used: int
    terms_unknown: int
    gene_rank: int | None
    variant_rank: int | None = None
    score: float = 0.0
    note: str = ""
    posterior: float | None = None          # spike mode: the causal gene's posterior
    excluded: str = ""                      # why the case was not scored ('' when it was)
    #: whether the HPO release links the causal gene to the case's own disease (:func:`own_disease_linked`)
    own_disease: bool | None = None

    @classmethod
    def not_scored(cls, case: BenchCase, problem: str, verb: str, annotated: bool = False,
                   terms_used: int = 0, terms_unknown: int = 0) -> Result:
        """A case left out of the summary (``problem`` says why; ``verb``: 'scored', 'spiked'),
        listed in per_case.tsv without a rank."""
        return cls(case.case_id, case.gene, annotated, terms_used, terms_unknown, None,
                   note=f"not {verb}: {problem}", excluded=problem)


def own_disease_linked(case: BenchCase, annotations: Annotations) -> bool | None:
    """Whether the HPO release links the case's causal gene to the case's own diagnosed disease
    (one of its ids, compared as given: OMIM:..., ORPHA:...). None when that cannot be told: the
    case names no disease, or the release links the gene to no disease (DDG2P diseases, which
    carry no such id, do not count). False marks a gene the release knows for other diseases
    only, so its phenotype match is to the wrong disease: a knowledge gap, not a ranking error."""
    linked = {d for d in annotations.gene_diseases.get(case.gene, set()) if d not in annotations.disease_source}
    if not case.diseases or not linked:
        return None
    return bool(linked & set(case.diseases))


def phenotype_only(cases: list[BenchCase], annotations: Annotations, settings: PrioritizeSettings) -> list[Result]:
    """Rank every annotated gene by the phenotype score alone."""
    results = []
    for case in cases:
        if case.problem:
            results.append(Result.not_scored(case, case.problem, "scored"))
            continue
        terms, unknown = resolve_terms(annotations.ontology, case.hpo_present)
        scorer = PhenotypeScorer.from_settings(annotations, terms, settings)
        scores = dict.fromkeys(annotations.gene_diseases, 0.0) | scorer.gene_scores()
        annotated = case.gene in annotations.gene_diseases
        results.append(Result(case.case_id, case.gene, annotated, len(terms), len(unknown),
                              pessimistic_rank(scores, case.gene), score=scores.get(case.gene, 0.0),
                              own_disease=own_disease_linked(case, annotations)))
    return results


class ScoredCase(Protocol):
    """What :func:`summary_subsets` reads of a case (a :class:`Result`, or the posterior fit's
    per-case data in tests/benchmarks/fit_posterior.py)."""

    @property
    def annotated(self) -> bool: ...

    @property
    def own_disease(self) -> bool | None: ...


ScoredT = TypeVar("ScoredT", bound=ScoredCase)


def summary_subsets(scored: list[ScoredT]) -> list[tuple[str, list[ScoredT]]]:
    """The case subsets the summary reports: all; those whose gene the HPO release (or DDG2P)
    annotates with a disease, and those whose gene it does not (phenotype cannot find them); and,
    where the cases name their disease, the annotated ones split by :func:`own_disease_linked`:
    ``own_disease`` (the release links the gene to the patient's disease) and ``other_disease``
    (it knows the gene only for other diseases)."""
    subsets = [("all", scored), ("annotated", [r for r in scored if r.annotated]),
               ("unannotated", [r for r in scored if not r.annotated])]
    if any(r.own_disease is not None for r in scored):
        subsets += [("own_disease", [r for r in scored if r.annotated and r.own_disease is True]),
                    ("other_disease", [r for r in scored if r.annotated and r.own_disease is False])]
    return subsets


def summarise(results: list[Result], which: str = "gene_rank") -> list[dict[str, Any]]:
    """top-k and mean reciprocal rank over each subset of :func:`summary_subsets`."""
    rows = []
    excluded = sum(1 for r in results if r.excluded)
    scored = [r for r in results if not r.excluded]
    for subset, chosen in summary_subsets(scored):
        ranks = [getattr(r, which) for r in chosen]
        n = len(ranks)
        row: dict[str, Any] = {"subset": subset, "cases": n, "excluded": excluded}
        for k in TOP_K:
            row[f"top{k}"] = round(100 * sum(1 for x in ranks if x is not None and x <= k) / n, 1) if n else 0.0
        row["mrr"] = round(sum(1 / x for x in ranks if x) / n, 3) if n else 0.0
        rows.append(row)
    return rows


HISTOGRAM_BINS = (("1", 1, 1), ("2-3", 2, 3), ("4-5", 4, 5), ("6-10", 6, 10), ("11-50", 11, 50),
                  ("51+", 51, 10 ** 9), ("none", None, None))


def histogram_svg(results: list[Result], title: str, which: str = "gene_rank") -> str:
    """A self-contained SVG bar chart of the rank distribution."""
    counts = []
    for label, low, high in HISTOGRAM_BINS:
        if low is None:
            counts.append((label, sum(1 for r in results if getattr(r, which) is None)))
        else:
            counts.append((label, sum(1 for r in results if (x := getattr(r, which)) is not None and low <= x <= high)))
    peak = max((c for _, c in counts), default=1) or 1
    width, height, bar = 520, 260, 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="12"><text x="10" y="18" font-size="14">{title}</text>']
    for i, (label, count) in enumerate(counts):
        h = int(170 * count / peak)
        x = 20 + i * (bar + 10)
        parts.append(f'<rect x="{x}" y="{220 - h}" width="{bar}" height="{h}" fill="#0969da"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{215 - h}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="238" text-anchor="middle">{label}</text>')
    parts.append(f'<text x="10" y="256">rank of the causal {which.split("_")[0]} ({len(results)} cases)</text></svg>')
    return "\n".join(parts) + "\n"


def write_outputs(results: list[Result], out: Path, mode: str, background: str = "",
                  posteriors: dict[str, dict[str, float]] | None = None,
                  hpo_release: str = "") -> list[dict[str, Any]]:
    """per_case.tsv, summary.tsv (naming the background and the HPO release; with the Brier score in spike mode),
    reliability.tsv (spike mode) and rank_histogram.svg."""
    out.mkdir(parents=True, exist_ok=True)
    with atomic_path(out / "per_case.tsv") as tmp, open(tmp, "w", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["case_id", "gene", "annotated", "own_disease", "terms_used", "terms_unknown", "gene_rank",
                         "variant_rank", "score", "posterior", "note"])
        for r in results:
            writer.writerow([r.case_id, r.gene, "yes" if r.annotated else "no",
                             {True: "yes", False: "no", None: ""}[r.own_disease], r.terms_used, r.terms_unknown,
                             r.gene_rank or "", r.variant_rank or "", f"{r.score:.4f}",
                             "" if r.posterior is None else f"{r.posterior:.4f}", r.note])
    brier: float | str = ""
    if posteriors is not None:
        table, brier = reliability(results, posteriors)
        with atomic_path(out / "reliability.tsv") as tmp, open(tmp, "w", encoding="utf-8") as handle:
            writer_r = csv.DictWriter(handle, fieldnames=list(table[0]), delimiter="\t", lineterminator="\n")
            writer_r.writeheader()
            writer_r.writerows(table)
    summary = [{"mode": mode, "background": background, "hpo_release": hpo_release, "rank": which, **row,
                "brier": brier}
               for which in ("gene_rank", "variant_rank")
               for row in summarise(results, which) if which == "gene_rank" or mode != "phenotype"]
    with atomic_path(out / "summary.tsv") as tmp, open(tmp, "w", encoding="utf-8") as handle:
        table_w = csv.DictWriter(handle, fieldnames=list(summary[0]), delimiter="\t", lineterminator="\n")
        table_w.writeheader()
        table_w.writerows(summary)
    write_text_atomic(out / "rank_histogram.svg", histogram_svg(results, f"TRaaSer benchmark, {mode} mode"))
    return summary


def spiked_genotypes(case: BenchCase, index: int, proband_sex: str) -> tuple[str, str, str]:
    """(proband, father, mother) genotypes that fit the case's inheritance.

    Two variants: compound heterozygous, one from each parent. Homozygous: both parents
    carriers. Hemizygous, or any X variant in a male proband: mother carrier. A single
    heterozygous variant: de novo."""
    variant = case.variants[index]
    if len(case.variants) >= 2:
        return ("0/1", "0/1", "0/0") if index == 0 else ("0/1", "0/0", "0/1")
    on_x = str(variant.get("chrom_grch37", "")).removeprefix("chr") == "X"
    if variant.get("zygosity") == "hemizygous" or (on_x and proband_sex == "male"):
        return "1/1", "0/0", "0/1"
    if variant.get("zygosity") == "homozygous":
        return "1/1", "0/1", "0/1"
    return "0/1", "0/0", "0/0"


def _call(gt: str):
    from traaser.inheritance import HET, HOM_ALT, HOM_REF, Call
    code = {"0/0": HOM_REF, "0/1": HET, "1/1": HOM_ALT}[gt]
    ref, alt = {"0/0": (30, 0), "0/1": (15, 15), "1/1": (0, 30)}[gt]
    return Call(code, 99, 30, ref, alt)


@dataclass(frozen=True)
class Knowledge:
    """The gene-level tables a spike run gives the workflow's code (any may be None)."""

    constraint: Path | None = None
    clingen_dosage: Path | None = None
    g2p: Path | None = None


@dataclass
class SpikeRun:
    """What a spike run found: per-case results, and every candidate gene's posterior per case
    (case id → gene → posterior) for the reliability table."""

    results: list[Result]
    posteriors: dict[str, dict[str, float]]


def _progress(done: int, total: int, started: float) -> None:
    """A one-line progress bar on stderr (only on a terminal), with the time left."""
    if not sys.stderr.isatty():
        return
    elapsed = time.monotonic() - started
    left = elapsed / done * (total - done) if done else 0.0
    filled = int(30 * done / total) if total else 30
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} cases, {left:4.0f} s left ")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


#: The composite backgrounds (../shared/bench/background/COMPOSITE.md) flag with INFO/GNOMAD_PRESENT
#: the alleles gnomAD v2.1.1 exomes holds at a global minor allele frequency >= 2e-4, without an AF.
#: Such an allele is not novel: the bench gives it this AF, a lower bound, where no GNOMAD_AF is given.
GNOMAD_PRESENT_TAG = "GNOMAD_PRESENT"
GNOMAD_PRESENT_MIN_AF = 2e-4


def spiked_candidates(case: BenchCase, sex: str, proband: str, family: Any) -> list[tuple[Any, str]]:
    """Each causal variant of ``case`` as a candidate on its GRCh37 record (POS 1-based), with
    genotypes that fit the case's inheritance (:func:`spiked_genotypes`) for the proband and the
    family's parents, and the consequence its HGVS implies; paired with that consequence."""
    from traaser.candidate import Candidate
    pairs = []
    for i, variant in enumerate(case.variants):
        term, protein = consequence_from_hgvs(variant)
        transcript = (variant.get("hgvs_c") or "").split(":")[0]
        kid, dad, mum = spiked_genotypes(case, i, sex)
        calls = {proband: _call(kid)}
        if family.father:
            calls[family.father] = _call(dad)
        if family.mother:
            calls[family.mother] = _call(mum)
        pairs.append((Candidate(str(variant["chrom_grch37"]).removeprefix("chr"), int(variant["pos_grch37"]),
                                variant["ref_grch37"], variant["alt_grch37"], case.gene,
                                TranscriptConsequence(case.gene, transcript, (term,), "protein_coding", protein),
                                calls), term))
    return pairs


#: The consequence the bench gives a coding change it cannot name without a sequence; a real run's
#: bcftools csq would name it, so the candidate screen does not apply to it.
UNKNOWN_CODING = "coding_sequence_variant"


def below_screen(term: str, min_impact: str) -> bool:
    """Whether the workflow's candidate screen drops a variant of consequence ``term`` (impact
    below ``min_impact``, config prioritize.min_impact), as it would in a real run without a
    ClinVar P/LP record; never for the bench's unknown coding change."""
    return term != UNKNOWN_CODING and IMPACT_ORDER[severity(term).impact] > IMPACT_ORDER[min_impact]


def without_spiked_positions(background: list[Any], spiked: list[Any]) -> tuple[list[Any], int]:
    """The background's candidates minus those at a spiked variant's position (chrom with or
    without 'chr', 1-based POS), as the benchmark's recipe says: a spiked record replaces the
    background record it lands on. Also how many were dropped."""
    def site(c: Any) -> tuple[str, int]:
        return str(c.chrom).removeprefix("chr"), int(c.pos)

    taken = {site(s) for s in spiked}
    kept = [c for c in background if site(c) not in taken]
    return kept, len(background) - len(kept)


def with_present_lower_bound(candidates: list[Any], background: Path) -> tuple[list[Any], int]:
    """The background's candidates, those flagged GNOMAD_PRESENT without a gnomAD AF given the
    lower-bound AF (in ``gnomad`` and in the INFO values the ACMG criteria read); and how many."""
    import dataclasses

    from cyvcf2 import VCF

    from traaser.annotate.fields import GNOMAD_TAGS
    vcf = VCF(str(background))
    if GNOMAD_PRESENT_TAG not in {h["ID"] for h in vcf.header_iter() if h["HeaderType"] == "INFO"}:
        vcf.close()
        return candidates, 0
    present = {f"{v.CHROM}:{v.POS}:{v.REF}:{alt}" for v in vcf if v.INFO.get(GNOMAD_PRESENT_TAG) for alt in v.ALT}
    vcf.close()
    out, changed = [], 0
    for c in candidates:
        if c.key in present and c.gnomad.get("AF") is None:
            c = dataclasses.replace(c, gnomad=c.gnomad | {"AF": GNOMAD_PRESENT_MIN_AF},
                                    info=c.info | {GNOMAD_TAGS["AF"]: GNOMAD_PRESENT_MIN_AF})
            changed += 1
        out.append(c)
    return out, changed


def spike(cases: list[BenchCase], background: Path, ped: Path | None, proband: str, annotations: Annotations,
          config: dict[str, Any], hpo_dir: Path, knowledge: Knowledge, proband_only: bool,
          features_out: Path | None = None) -> SpikeRun:
    """Rank each case's causal variants among a real background's candidates with the workflow's
    code. With ``features_out``, every candidate's posterior facts (traaser.posterior.CandidateFacts)
    go there as a gzip TSV, for tests/benchmarks/fit_posterior.py."""
    import dataclasses

    from traaser.case import Case
    from traaser.collect import collect_candidates
    from traaser.counts import StepCounts
    from traaser.ped import read_ped
    from traaser.phenotype.ontology import ResolvedTerm
    from traaser.posterior import CandidateFacts
    from traaser.prioritize import RunData, evaluate
    from traaser.rank import facts_of
    from traaser.vcf.header import vcf_samples

    settings = PrioritizeSettings.from_config(config["prioritize"])
    acmg = AcmgSettings.from_config(config["acmg"])
    pedigree = read_ped(ped) if ped and not proband_only else None
    samples = vcf_samples(background)
    individual = pedigree.get(proband) if pedigree else None
    sex = individual.sex if individual else "male"
    base_case = Case("background", background, proband, "GRCh37", [], pedigree=pedigree, sex=sex, samples=samples)
    counts = StepCounts("bench-background")
    background_candidates, family, parentage = collect_candidates(background, base_case, settings, acmg, counts)
    background_candidates, bounded = with_present_lower_bound(background_candidates, background)
    if bounded:
        print(f"traaser bench: {bounded} background candidates flagged {GNOMAD_PRESENT_TAG} without an AF "
              f"given AF {GNOMAD_PRESENT_MIN_AF} (a lower bound)", file=sys.stderr)
    if proband_only:
        family.father = family.mother = None
    run = RunData(hpo_dir=hpo_dir, constraint=knowledge.constraint, clingen_dosage=knowledge.clingen_dosage,
                  g2p=knowledge.g2p)

    def named(ids: list[str]) -> list[ResolvedTerm]:
        return [ResolvedTerm(t, t, annotations.ontology.name(t)) for t in ids]

    results, posteriors = [], {}
    started = time.monotonic()
    with (gzip.open(features_out, "wt", encoding="utf-8") if features_out else nullcontext()) as features:
        if features:
            features.write("\t".join(["case_id", "causal", *CandidateFacts.COLUMNS]) + "\n")
        for done, case in enumerate(cases, start=1):
            terms, unknown = resolve_terms(annotations.ontology, case.hpo_present)
            excluded, _ = resolve_terms(annotations.ontology, case.hpo_excluded)
            problem = spike_problem(case)
            if problem:
                results.append(Result.not_scored(case, problem, "spiked", case.gene in annotations.gene_diseases,
                                                 len(terms), len(unknown)))
                print(f"traaser bench: case {case.case_id} not spiked ({problem}); listed in per_case.tsv, "
                      "left out of the summary", file=sys.stderr)
                _progress(done, len(cases), started)
                continue
            pairs = spiked_candidates(case, sex, proband, family)
            this_case = dataclasses.replace(base_case, case_id=case.case_id, hpo_terms=named(terms),
                                            excluded_terms=named(excluded))
            kept, replaced = without_spiked_positions(background_candidates, [c for c, _ in pairs])
            dropped = [below_screen(term, settings.min_impact) for _, term in pairs]
            spiked = [c for (c, _), drop in zip(pairs, dropped, strict=True) if not drop]
            screened = [f"variant {i} ({term})"
                        for i, ((_, term), drop) in enumerate(zip(pairs, dropped, strict=True), start=1) if drop]
            ranked = evaluate(kept + spiked, this_case, family, parentage, settings, acmg, run)
            spiked_ids = {id(s) for s in spiked}
            causal = [c for c in ranked if id(c.collected) in spiked_ids]
            gene_rank = min((c.gene_rank for c in causal), default=None)
            variant_rank = min((c.rank for c in causal), default=None)
            posteriors[case.case_id] = {c.gene: c.posterior for c in ranked}
            results.append(Result(case.case_id, case.gene, case.gene in annotations.gene_diseases, len(terms),
                                  len(unknown), gene_rank, variant_rank, max((c.score for c in causal), default=0.0),
                                  note="consequence from HGVS (no FASTA for the background)"
                                  + (f"; replaced {replaced} background record(s) at the spiked position"
                                     if replaced else "")
                                  + (f"; {', '.join(screened)} screened out as a real run would: impact below "
                                     f"min_impact {settings.min_impact} (kept there only if ClinVar lists it P/LP)"
                                     if screened else ""),
                                  posterior=max((c.posterior for c in causal), default=None),
                                  own_disease=own_disease_linked(case, annotations)))
            if features:
                for c in ranked:
                    features.write("\t".join([case.case_id, "1" if id(c.collected) in spiked_ids else "0",
                                               *facts_of(c, family.trio).row()]) + "\n")
            _progress(done, len(cases), started)
    return SpikeRun(results, posteriors)


RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def reliability(results: list[Result], posteriors: dict[str, dict[str, float]]) -> tuple[list[dict[str, Any]], float]:
    """The reliability table (per posterior bin: candidate genes, mean posterior, fraction that are
    the causal gene) over every candidate gene of every case, and the Brier score: the mean over
    cases of sum over genes (posterior - causal)^2 (0 perfect; 2 worst)."""
    causal = {r.case_id: r.gene for r in results}
    rows = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:], strict=False):
        chosen = [(p, gene == causal[case]) for case, genes in posteriors.items() for gene, p in genes.items()
                  if low <= p < high or (high == 1.0 and p == 1.0)]
        n = len(chosen)
        rows.append({"bin": f"{low:.1f}-{high:.1f}", "genes": n,
                     "mean_posterior": round(sum(p for p, _ in chosen) / n, 4) if n else "",
                     "fraction_causal": round(sum(1 for _, y in chosen if y) / n, 4) if n else ""})
    briers = []
    for case, genes in posteriors.items():
        total = sum((p - (1.0 if gene == causal[case] else 0.0)) ** 2 for gene, p in genes.items())
        if causal[case] not in genes:
            total += 1.0
        briers.append(total)
    return rows, round(sum(briers) / len(briers), 4) if briers else 0.0


GENE_KNOWLEDGE = install.resource_file("gene-knowledge")


@dataclass(frozen=True)
class BenchOptions:
    """What one benchmark run measures: the cases, the mode, and for the spike mode the background
    (a VCF with consequences) with its PED and proband; the HPO release and gene tables used
    (by default the bundled genome-wide GRCh37 ones)."""

    cases: Path
    out: Path
    mode: str = "phenotype"                 # 'phenotype' or 'spike'
    hpo: Path = install.resource_file("demo/hpo")
    constraint: Path | None = GENE_KNOWLEDGE / "gnomad_v2.1.1" / "gene_constraint.tsv.gz"
    configfile: Path | None = None
    background: Path | None = None
    ped: Path | None = None
    proband: str = "HG002"
    proband_only: bool = False
    limit: int = 0                          # only the first N cases (0: all)
    clingen_dosage: Path | None = GENE_KNOWLEDGE / "clingen" / "ClinGen_gene_curation_list_GRCh38.tsv"
    g2p: Path | None = GENE_KNOWLEDGE / "g2p" / "DDG2P_2025-01-28.csv.gz"
    features: bool = False                  # spike mode: write facts.tsv.gz for the posterior fit


def run_bench(options: BenchOptions) -> list[dict[str, Any]]:
    """Run one benchmark; returns the summary rows (also written to ``options.out``)."""
    from traaser.config import check_config, load_config
    if options.mode == "spike" and options.cases.is_dir():
        raise ConfigError(f"spike mode needs each case's GRCh37 variant records; the phenopackets in "
                          f"{options.cases} give GRCh38 ones",
                          fix="pass a dev_cases.jsonl-style file (variants with chrom_grch37, pos_grch37, "
                              "ref_grch37, alt_grch37), or use --mode phenotype with the folder")
    config = load_config(options.configfile) if options.configfile else check_config({}, "defaults")
    annotations = load_annotations(str(options.hpo))
    cases = read_cases(options.cases)
    if options.limit:
        cases = cases[: options.limit]
    posteriors = None
    if options.mode == "phenotype":
        results = phenotype_only(cases, annotations, PrioritizeSettings.from_config(config["prioritize"]))
        background = "none (phenotype only)"
    else:
        if options.background is None:
            raise ConfigError("spike mode needs --background (a VCF with consequences, e.g. the GIAB trio)",
                              fix="pass --background VCF [--ped PED --proband ID]")
        options.out.mkdir(parents=True, exist_ok=True)
        found = spike(cases, options.background, options.ped, options.proband, annotations, config, options.hpo,
                      Knowledge(options.constraint, options.clingen_dosage, options.g2p), options.proband_only,
                      options.out / "facts.tsv.gz" if options.features else None)
        results, posteriors = found.results, found.posteriors
        family = "singleton" if options.proband_only or not options.ped else "trio"
        background = f"{options.background.name} ({family}, proband {options.proband})"
    mode = options.mode + (" (proband only)" if options.mode == "spike" and options.proband_only else "")
    return write_outputs(results, options.out, mode, background, posteriors, annotations.version)
