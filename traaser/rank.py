"""Combine the evidence of each candidate into one score, then rank variants and genes.

score = phenotype_weight * phenotype + (1 - phenotype_weight) * variant score, multiplied by
incompatible_inheritance_factor when the genotypes fit none of the gene's known modes. The
variant score weighs consequence severity, the ACMG posterior probability (without PP4, so
the phenotype counts once) and rarity. The weights live in config/config.yaml and were fitted
on the development cases with tests/benchmarks/fit_ranking.py. A gene ranks by its best variant.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from traaser.acmg.classify import classify
from traaser.acmg.criteria import Evidence
from traaser.annotate.consequence import severity
from traaser.annotate.fields import population_af
from traaser.candidate import Candidate, Evaluated, Score
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


def score_of(c: Candidate, evidence: list[Evidence], phenotype_score: float, inheritance_fit: bool,
             settings: PrioritizeSettings) -> Score:
    """The combined score of one candidate from its evidence, its gene's phenotype score and
    whether its genotypes fit the gene's modes."""
    weights = settings.variant_weights
    ranking_posterior = classify([e for e in evidence if e.code != "PP4"]).posterior
    severity_score = c.consequence.score if c.consequence else 0.0
    rare = rarity(c.gnomad, float(settings.max_population_af))
    variant = (weights["severity"] * severity_score + weights["acmg"] * ranking_posterior
               + weights["rarity"] * rare) / sum(weights.values())
    pheno_weight = float(settings.phenotype_weight)
    combined = pheno_weight * phenotype_score + (1 - pheno_weight) * variant
    factor = 1.0 if inheritance_fit else float(settings.incompatible_inheritance_factor)
    parts = {"phenotype": round(phenotype_score, 4), "variant": round(variant, 4), "severity": severity_score,
             "acmg_posterior_without_pp4": round(ranking_posterior, 4), "rarity": round(rare, 4),
             "inheritance_factor": factor}
    return Score(variant, combined * factor, parts)


def rank_candidates(evaluated: list[Evaluated]) -> list[Evaluated]:
    """The candidates sorted by score (ties: more severe consequence, then position), each with its
    variant rank and its gene's rank (a gene ranks by its best variant); the one place ranks are given."""
    ordered = sorted(evaluated, key=lambda c: (-round(c.score, 10),
                                               severity(c.consequence.worst).rank if c.consequence else 99,
                                               c.chrom, c.pos, c.ref, c.alt))
    gene_rank: dict[str, int] = {}
    for rank, c in enumerate(ordered, start=1):
        gene_rank.setdefault(c.gene, len(gene_rank) + 1)
        c.rank, c.gene_rank = rank, gene_rank[c.gene]
    return ordered
