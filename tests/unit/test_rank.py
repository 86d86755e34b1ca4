"""Combined score and ranking (traaser/rank.py), on explicit weights."""

import dataclasses

import pytest

from traaser.acmg.classify import classify
from traaser.annotate.consequence import TranscriptConsequence
from traaser.candidate import AcmgResult, Candidate, Evaluated, TranscriptView
from traaser.config import check_config
from traaser.inheritance import Segregation
from traaser.rank import rank_candidates, rarity, score_of
from traaser.settings import PrioritizeSettings

# explicit weights, so a re-fit of the defaults does not change what these tests check
SETTINGS = dataclasses.replace(PrioritizeSettings.from_config(check_config({}, "test")["prioritize"]),
                               variant_weights={"severity": 0.4, "acmg": 0.4, "rarity": 0.2}, max_population_af=0.05,
                               phenotype_weight=0.5, incompatible_inheritance_factor=0.7)


def candidate(gene, term="missense_variant", af=None, pos=1):
    return Candidate("1", pos, "A", "G", gene, TranscriptConsequence(gene, "T", (term,)), {},
                     gnomad={} if af is None else {"AF": af})


def evaluated(gene, pheno, term="missense_variant", fit=True, pos=1):
    c = candidate(gene, term, pos=pos)
    return Evaluated.of(c, segregation=Segregation(), comphet_partners=[], acmg=AcmgResult([], [], classify([])),
                        phenotype=None, inheritance_fit=fit, inheritance_reason="", transcript=TranscriptView(),
                        scored=score_of(c, [], pheno, fit, SETTINGS))


@pytest.mark.parametrize("af, expected, rule", [
    (None, 1.0, "absent from gnomAD: rarest"), (1e-5, 1.0, "AF <= 1e-5: rarest"),
    (0.05, 0.0, "AF at max_population_af: not rare"), (0.1, 0.0, "above max_population_af: not rare")])
def test_rarity_bounds(af, expected, rule):
    assert rarity({} if af is None else {"AF": af}, 0.05) == pytest.approx(expected), rule


def test_rarity_reads_the_filtering_af_first():
    """FrequencyPolicy.FILTER: the FAF where the source has one, the AF otherwise."""
    assert rarity({"AF": 0.04, "FAF": 1e-5}, 0.05) == 1.0


def test_rarity_falls_with_frequency():
    assert rarity({"AF": 1e-4}, 0.05) > rarity({"AF": 1e-3}, 0.05)


def test_incompatible_inheritance_multiplies_the_score():
    fits, does_not = evaluated("A", 0.8), evaluated("B", 0.8, fit=False)
    assert does_not.score == pytest.approx(fits.score * SETTINGS.incompatible_inheritance_factor)
    assert does_not.score_parts["inheritance_factor"] == 0.7


def test_score_combines_phenotype_and_variant_by_the_phenotype_weight():
    e = evaluated("A", 0.8)
    assert e.score == pytest.approx(0.5 * 0.8 + 0.5 * e.variant_score)


def test_genes_rank_by_their_best_variant():
    ranked = rank_candidates([evaluated("A", 0.2, pos=1), evaluated("B", 0.9, pos=2),
                              evaluated("A", 0.95, "stop_gained", pos=3)])
    assert [(c.gene, c.pos, c.rank, c.gene_rank) for c in ranked] == [("A", 3, 1, 1), ("B", 2, 2, 2), ("A", 1, 3, 1)]
