"""Disease features the patient's own terms rule out (traaser.phenotype.opposites): opposite ends
of one measurement, on the bundled HPO release."""

import pytest

from traaser.phenotype.annotations import load_annotations
from traaser.phenotype.opposites import Opposite, RuledOut, read_opposites, ruled_out_features
from traaser.phenotype.similarity import PhenotypeScorer, profile_index, score_all

from conftest import HPO_DIR

MICROCEPHALY, MACROCEPHALY, RELATIVE_MACROCEPHALY = "HP:0000252", "HP:0000256", "HP:0004482"
PROGRESSIVE_MICROCEPHALY, SHORT_STATURE, TALL_STATURE = "HP:0000253", "HP:0004322", "HP:0000098"
INTELLECTUAL_DISABILITY, GLOBAL_DELAY = "HP:0001249", "HP:0001263"


@pytest.fixture(scope="module")
def annotations():
    return load_annotations(str(HPO_DIR))


def test_every_row_names_two_release_terms_neither_under_the_other(annotations):
    ontology = annotations.ontology
    rows = read_opposites()
    assert len(rows) >= 10
    for row in rows:
        assert row.patient_term in ontology.terms and row.rules_out in ontology.terms, row
        assert row.rules_out not in ontology.ancestors(row.patient_term), row
        assert row.patient_term not in ontology.ancestors(row.rules_out), row
        assert all(row.patient_term in ontology.ancestors(e) for e in row.exceptions), \
            "an exception is a patient-side term under the row's own term"
    pairs = {(r.patient_term, r.rules_out) for r in rows}
    assert all((b, a) in pairs for a, b in pairs), "exclusion is mutual: every row has its reverse"


@pytest.mark.parametrize("patient, expected, rule", [
    ([MICROCEPHALY], {MACROCEPHALY: RuledOut(MICROCEPHALY, MICROCEPHALY)},
     "OFC below -2 SD rules out OFC above +2 SD"),
    ([PROGRESSIVE_MICROCEPHALY], {MACROCEPHALY: RuledOut(PROGRESSIVE_MICROCEPHALY, MICROCEPHALY)},
     "a descendant of the patient-side term counts"),
    ([RELATIVE_MACROCEPHALY], {},
     "relative macrocephaly (a head large for a short body) is the listed exception"),
    ([SHORT_STATURE, TALL_STATURE], {},
     "a patient recorded with both ends (e.g. at different ages) rules out neither"),
    ([INTELLECTUAL_DISABILITY], {}, "a term in no row rules out nothing"),
])
def test_ruled_out_features(annotations, patient, expected, rule):
    assert ruled_out_features(annotations.ontology, patient) == expected, rule


def test_a_custom_table_is_honoured(annotations):
    table = (Opposite(SHORT_STATURE, TALL_STATURE, frozenset(), "height"),)
    assert ruled_out_features(annotations.ontology, [SHORT_STATURE], table) == {
        TALL_STATURE: RuledOut(SHORT_STATURE, SHORT_STATURE)}
    assert ruled_out_features(annotations.ontology, [MICROCEPHALY], table) == {}


def test_a_ruled_out_hallmark_lowers_the_disease_and_is_explained(annotations):
    """Sotos syndrome (OMIM:117550) has macrocephaly in 80% of its patients: a microcephalic
    patient costs it 0.2 x 0.8 of its score, so NSD1's best disease becomes the 5q35
    microduplication (ORPHA:228415, microcephaly in 90%), which nothing contradicts."""
    terms = [MICROCEPHALY, INTELLECTUAL_DISABILITY, GLOBAL_DELAY]
    index = profile_index(annotations)
    sotos = index.disease_ids.index("OMIM:117550")
    ruled_out = ruled_out_features(annotations.ontology, terms)
    plain = score_all(index, annotations, terms, 0.85, 0.5).disease[sotos]
    checked = score_all(index, annotations, terms, 0.85, 0.5, ruled_out, 0.2).disease[sotos]
    assert checked == pytest.approx(plain - 0.2 * 0.8)
    before = PhenotypeScorer(annotations, terms, contradiction_weight=0.0).score_gene("NSD1")
    after = PhenotypeScorer(annotations, terms, contradiction_weight=0.2).score_gene("NSD1")
    assert before.disease_id == "OMIM:117550" and before.ruled_out == [] and "rules out" not in before.explanation
    assert after.disease_id == "ORPHA:228415" and after.ruled_out == []


def test_the_explanation_names_the_ruled_out_feature(annotations):
    """Megalencephalic leukoencephalopathy with subcortical cysts 4 (AQP4's one disease,
    OMIM:620448) has macrocephaly in every patient the annotation counts."""
    match = PhenotypeScorer(annotations, [MICROCEPHALY, INTELLECTUAL_DISABILITY],
                            contradiction_weight=0.2).score_gene("AQP4")
    assert match.disease_id == "OMIM:620448"
    assert match.ruled_out == [(MICROCEPHALY, "Microcephaly", MACROCEPHALY, "Macrocephaly", 1.0)]
    assert "the patient's Microcephaly rules out its Macrocephaly (100% of its patients)" in match.explanation


def test_a_disease_with_both_ends_is_not_contradicted(annotations):
    """Basal ganglia calcification 9 (NAA60, OMIM:620786) lists microcephaly (20%) and
    macrocephaly (30%): head size varies, so a microcephalic patient costs it nothing."""
    terms = [MICROCEPHALY, INTELLECTUAL_DISABILITY]
    plain = PhenotypeScorer(annotations, terms, contradiction_weight=0.0).score_gene("NAA60")
    checked = PhenotypeScorer(annotations, terms, contradiction_weight=0.5).score_gene("NAA60")
    assert checked.disease_id == plain.disease_id == "OMIM:620786"
    assert checked.score == pytest.approx(plain.score) and checked.ruled_out == []


def test_scores_stay_between_zero_and_one_with_the_check(annotations):
    scorer = PhenotypeScorer(annotations, [MICROCEPHALY, SHORT_STATURE], contradiction_weight=1.0)
    assert all(0.0 <= s <= 1.0 + 1e-9 for s in scorer.gene_scores().values())
