"""Frequency-weighted term matching (traaser/phenotype/similarity.py), on a toy release
so every number can be worked out by hand.

Rule: a patient term matched at disease feature a adds IC(a) + lambda * ln f(a | D), clipped at 0,
where f is the largest stated frequency of D's own terms at or below a (1 when none is stated,
never below 0.01); lambda = 0 is plain Resnik.
"""

import math

import pytest

from traaser.phenotype.annotations import MIN_FREQUENCY, UNKNOWN_FREQUENCY, Annotations, Disease
from traaser.phenotype.ontology import Ontology, Term
from traaser.phenotype.similarity import PhenotypeScorer

ROOT, LIMB, HAND, FOOT, EYE = "HP:0000001", "HP:0000100", "HP:0000110", "HP:0000120", "HP:0000200"


def toy_release() -> Annotations:
    terms = {ROOT: Term(ROOT, "All"), LIMB: Term(LIMB, "Limb", [ROOT]), HAND: Term(HAND, "Hand", [LIMB]),
             FOOT: Term(FOOT, "Foot", [LIMB]), EYE: Term(EYE, "Eye", [ROOT])}
    diseases = {
        "D:RARE": Disease("D:RARE", "hand feature in 10%", {HAND}, frequencies={HAND: 0.1}),
        "D:UNSTATED": Disease("D:UNSTATED", "hand feature, no frequency", {HAND}),
        "D:FOOT": Disease("D:FOOT", "foot feature in 90%", {FOOT}, frequencies={FOOT: 0.9}),
        "D:TINY": Disease("D:TINY", "hand feature in 0.1%", {HAND}, frequencies={HAND: 0.001}),
    } | {f"D:EYE{i}": Disease(f"D:EYE{i}", "eye only", {EYE}) for i in range(16)}
    # 16 eye-only diseases make Hand informative: IC(Hand) = ln(20 / 3), about 1.9 nats
    genes = {"RARE": {"D:RARE"}, "UNSTATED": {"D:UNSTATED"}, "FOOT": {"D:FOOT"}, "TINY": {"D:TINY"},
             "EYE": {"D:EYE0"}}
    return Annotations(Ontology(terms, "toy"), diseases, genes, "toy")


@pytest.fixture(scope="module")
def release() -> Annotations:
    return toy_release()


def ic(release: Annotations, term: str) -> float:
    return release.term_ic(term)


# (gene, lambda, rule quoted, expected weight of the patient's HAND term as a function of the release)
CASES = [
    ("UNSTATED", 0.5, "no stated frequency: f = 1, no discount", lambda r: ic(r, HAND)),
    ("RARE", 0.5, "stated 10%: IC + 0.5 ln 0.1", lambda r: ic(r, HAND) + 0.5 * math.log(0.1)),
    ("RARE", 0.0, "lambda 0 is plain Resnik", lambda r: ic(r, HAND)),
    ("FOOT", 0.5, "matched through the shared ancestor Limb, f of its descendant Foot (90%)",
     lambda r: ic(r, LIMB) + 0.5 * math.log(0.9)),
    ("TINY", 0.3, "a stated 0.1% counts as the 1% floor",
     lambda r: ic(r, HAND) + 0.3 * math.log(MIN_FREQUENCY)),
    ("TINY", 1.0, "the discount never makes a match count below 0",
     lambda r: max(ic(r, HAND) + math.log(MIN_FREQUENCY), 0.0)),
    ("EYE", 0.5, "no shared feature but the root: adds 0", lambda r: 0.0),
]


@pytest.mark.parametrize("gene, weight, rule, expected", CASES, ids=[c[2] for c in CASES])
def test_a_matched_feature_adds_its_ic_discounted_by_its_frequency(release, gene, weight, rule, expected):
    assert ic(release, HAND) == pytest.approx(math.log(20 / 3))
    scorer = PhenotypeScorer(release, [HAND], patient_weight=1.0, gene_weight=0.0, frequency_weight=weight)
    match = scorer.score_gene(gene)
    assert match.matches[0].weight == pytest.approx(expected(release)), rule
    # with patient->disease only, the disease score is that weight over the patient term's IC
    assert match.disease_score == pytest.approx(expected(release) / ic(release, HAND)), rule


def test_the_report_states_the_frequency_only_where_a_source_states_it(release):
    scorer = PhenotypeScorer(release, [HAND], frequency_weight=0.5)
    assert scorer.score_gene("RARE").matches[0].frequency == pytest.approx(0.1)
    assert scorer.score_gene("UNSTATED").matches[0].frequency is None
    assert UNKNOWN_FREQUENCY == 1.0, "an unstated frequency is not discounted"


def test_an_uncommon_feature_ranks_its_disease_below_an_unqualified_one(release):
    """The same exact match ranks the gene whose disease has the feature in 10% of patients below
    the one whose source states no frequency; with lambda 0 they tie."""
    weighted = PhenotypeScorer(release, [HAND], frequency_weight=0.5).gene_ranks()
    assert weighted["UNSTATED"] < weighted["RARE"]
    plain = PhenotypeScorer(release, [HAND], frequency_weight=0.0).gene_scores()
    assert plain["UNSTATED"] == pytest.approx(plain["RARE"])


def test_propagated_frequencies_take_the_largest_at_or_below_each_term(release):
    """Limb in D:FOOT is as frequent as its most frequent descendant (Foot, 90%); a stated value
    wins a tie with an unstated one."""
    frequencies = release.propagated_frequencies("D:FOOT")
    assert set(frequencies) == set(release.propagated("D:FOOT"))
    assert frequencies[LIMB] == (pytest.approx(0.9), True)
    assert release.propagated_frequencies("D:UNSTATED")[HAND] == (1.0, False)
