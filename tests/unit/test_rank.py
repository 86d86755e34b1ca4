"""Combined score and ranking (traaser/rank.py)."""

from types import SimpleNamespace

import pytest

from traaser.annotate.consequence import TranscriptConsequence
from traaser.config import check_config
from traaser.rank import rank_candidates, rarity, score_candidate

SETTINGS = check_config({}, "test")["prioritize"]


def candidate(gene, pheno, term="missense_variant", fit=True, af=None, pos=1):
    return SimpleNamespace(gene=gene, chrom="1", pos=pos, ref="A", alt="G", evidence=[],
                           consequence=TranscriptConsequence(gene, "T", (term,)), inheritance_fit=fit,
                           gnomad={} if af is None else {"AF": af}, phenotype=SimpleNamespace(score=pheno))


@pytest.mark.parametrize("af, expected", [(None, 1.0), (1e-5, 1.0), (0.05, 0.0), (0.1, 0.0)])
def test_rarity_bounds(af, expected):
    assert rarity(candidate("G", 0.5, af=af), 0.05) == pytest.approx(expected)


def test_rarity_falls_with_frequency():
    assert rarity(candidate("G", 0.5, af=1e-4), 0.05) > rarity(candidate("G", 0.5, af=1e-3), 0.05)


def test_incompatible_inheritance_multiplies_the_score():
    fits, does_not = candidate("A", 0.8), candidate("B", 0.8, fit=False)
    for c in (fits, does_not):
        score_candidate(c, SETTINGS)
    assert does_not.score == pytest.approx(fits.score * SETTINGS["incompatible_inheritance_factor"])


def test_genes_rank_by_their_best_variant():
    cs = [candidate("A", 0.2, pos=1), candidate("B", 0.9, pos=2), candidate("A", 0.95, "stop_gained", pos=3)]
    for c in cs:
        score_candidate(c, SETTINGS)
    rank_candidates(cs)
    assert [(c.gene, c.rank, c.gene_rank) for c in cs] == [("A", 1, 1), ("B", 2, 2), ("A", 3, 1)]
