"""Rank the candidates of a case: every gene by the posterior probability that it explains the
case (traaser/posterior.py), and the variants of a gene by their own log likelihood ratio.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from traaser.acmg.classify import classify
from traaser.acmg.criteria import Evidence
from traaser.annotate.consequence import severity
from traaser.annotate.fields import population_af
from traaser.candidate import Candidate, Evaluated
from traaser.gene_knowledge import GeneKnowledge
from traaser.posterior import CandidateFacts, PosteriorModel, default_model, gene_posteriors
from traaser.settings import PrioritizeSettings


def rarity(gnomad: Mapping[str, float], max_af: float) -> float:
    """1 for absent or AF <= 1e-5, falling log-linearly to 0 at ``max_af`` (frequencies are fractions;
    the frequency filters read, FrequencyPolicy.FILTER)."""
    af = population_af(gnomad)
    if not af or af <= 1e-5:
        return 1.0
    if af >= max_af:
        return 0.0
    return max(0.0, min(1.0, math.log10(max_af / af) / math.log10(max_af / 1e-5)))


def variant_parts(c: Candidate, evidence: list[Evidence], settings: PrioritizeSettings) -> dict[str, float]:
    """The variant facts the gene posterior reads: consequence severity (0-1), the ACMG points and
    posterior probability without PP4 (so the phenotype counts once) and rarity (0-1)."""
    without_pp4 = classify([e for e in evidence if e.code != "PP4"])
    return {"severity": c.consequence.score if c.consequence else 0.0,
            "acmg_points_without_pp4": without_pp4.points,
            "acmg_posterior_without_pp4": round(without_pp4.posterior, 4),
            "rarity": round(rarity(c.gnomad, float(settings.max_population_af)), 4)}


#: The consequence the posterior reads for a milder variant whose SpliceAI predicts a splice
#: change (Candidate.splice_predicted): a splice-region variant's, the class of a possible but
#: unproven splice effect. The dev set has no SpliceAI scores, so no weight could be fitted to it.
PREDICTED_SPLICE = "splice_region_variant"


def posterior_consequence(c: Candidate) -> str:
    """The consequence the posterior reads for ``c``: its worst one, or :data:`PREDICTED_SPLICE`
    for a milder one whose SpliceAI predicts a splice change ('' without a consequence)."""
    if c.consequence is None:
        return ""
    worst = c.consequence.worst
    if c.splice_predicted and severity(worst).rank > severity(PREDICTED_SPLICE).rank:
        return PREDICTED_SPLICE
    return worst


def facts_of(c: Evaluated, trio: bool, model: PosteriorModel | None = None) -> CandidateFacts:
    """What the gene posterior reads of an evaluated candidate (``trio``: both parents genotyped).
    Its ACMG points leave out the criteria other posterior terms count (the model's list). A
    variant milder than a splice-region one (intronic, UTR, synonymous) whose SpliceAI predicts a
    splice change is read as :data:`PREDICTED_SPLICE` (:func:`posterior_consequence`)."""
    known = bool(c.phenotype and c.phenotype.disease_id is not None)
    model = model or default_model()
    worst = posterior_consequence(c)
    points = sum(e.points for e in c.evidence if model.counts_criterion(e.code, worst) and e.strength != "StandAlone")
    return CandidateFacts(c.key, c.gene, worst,
                          points, float(c.score_parts["rarity"]),
                          frozenset(c.segregation.patterns), c.segregation.de_novo, c.inheritance_fit, known,
                          c.phenotype.score if c.phenotype else 0.0, trio,
                          c.phenotype.rank if c.phenotype else 0, c.phenotype.ranked_genes if c.phenotype else 0,
                          c.phenotype.log_lr if c.phenotype else 0.0,
                          frozenset(c.phenotype.modes) if c.phenotype else frozenset(), frozenset(c.comphet_partners))


def rank_candidates(evaluated: list[Evaluated], knowledge: GeneKnowledge, *, trio: bool,
                    model: PosteriorModel | None = None) -> list[Evaluated]:
    """The candidates with their genes' posteriors (traaser/posterior.py), sorted by gene posterior,
    then by the candidate's own log LR (ties: more severe consequence, then position), each with
    its variant rank and its gene's rank; the one place scores and ranks are given."""
    genes, log_lrs = gene_posteriors([facts_of(c, trio, model) for c in evaluated], knowledge, model)
    for c, log_lr in zip(evaluated, log_lrs, strict=True):
        c.gene_evidence = genes[c.gene]
        c.posterior = genes[c.gene].posterior
        c.score = log_lr
    ordered = sorted(evaluated, key=lambda c: (-round(c.posterior, 12), -round(c.score, 10),
                                               severity(c.consequence.worst).rank if c.consequence else 99,
                                               c.chrom, c.pos, c.ref, c.alt))
    gene_rank: dict[str, int] = {}
    for rank, c in enumerate(ordered, start=1):
        gene_rank.setdefault(c.gene, len(gene_rank) + 1)
        c.rank, c.gene_rank = rank, gene_rank[c.gene]
    return ordered
