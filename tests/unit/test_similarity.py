"""Phenotype similarity on the real HPO annotations (Resnik best-match average over diseases)."""

import pytest

from traaser.phenotype.annotations import load_annotations
from traaser.phenotype.similarity import PhenotypeScorer

from conftest import HPO_DIR

PFEIFFER_TERMS = ["HP:0001159", "HP:0000486", "HP:0000327", "HP:0000520", "HP:0000316", "HP:0000244"]


@pytest.fixture(scope="module")
def annotations():
    return load_annotations(str(HPO_DIR))


def test_information_content_grows_with_specificity(annotations):
    """IC(t) = -ln(n_t/N): the root is 0, a specific term is higher than its parent."""
    assert annotations.term_ic("HP:0000001") == 0.0
    assert annotations.term_ic("HP:0001159") > annotations.term_ic("HP:0001155")


def test_pfeiffer_terms_put_fgfr2_in_the_top_three(annotations):
    """The Exomiser Pfeiffer phenopacket's terms must rank FGFR2 (Pfeiffer syndrome) near the top."""
    scorer = PhenotypeScorer(annotations, PFEIFFER_TERMS)
    ranked = sorted(annotations.gene_diseases, key=lambda g: -scorer.score_gene(g).score)
    assert "FGFR2" in ranked[:3]
    match = scorer.score_gene("FGFR2")
    assert match.disease_id == "OMIM:101600"
    assert all(m.matched == m.query for m in match.matches), "all six terms are annotated to Pfeiffer syndrome"
    assert match.score > 0.85, "patient->disease is 1; the disease's other hallmark terms lower the symmetric score"
    assert match.modes == {"AD"}


def test_disease_terms_the_patient_lacks_lower_the_score(annotations):
    """Symmetric BMA: with the same patient->disease match, a disease with more unmatched hallmark
    features scores lower (disease->patient part)."""
    one_term = PhenotypeScorer(annotations, ["HP:0001159"], patient_weight=1.0).score_gene("FGFR2")
    symmetric = PhenotypeScorer(annotations, ["HP:0001159"], patient_weight=0.85).score_gene("FGFR2")
    assert one_term.score == pytest.approx(1.0) and symmetric.score < one_term.score


def test_gene_without_annotation_scores_zero(annotations):
    match = PhenotypeScorer(annotations, PFEIFFER_TERMS).score_gene("SAMD11")
    assert match.score == 0.0 and match.disease_id is None
    assert "no HPO disease annotation" in match.explanation


def test_scores_lie_between_zero_and_one(annotations):
    scorer = PhenotypeScorer(annotations, ["HP:0001250", "HP:0001263"])
    scores = [scorer.score_gene(g).score for g in list(annotations.gene_diseases)[:300]]
    assert all(0.0 <= s <= 1.0 + 1e-9 for s in scores)


def test_obsolete_patient_term_scores_as_its_replacement(annotations):
    """HP:0000057 (obsolete) maps to HP:0008665 Clitoral hypertrophy; the case is scored with the new id."""
    from traaser.bench import resolve_terms
    terms, unknown = resolve_terms(annotations.ontology, ["HP:0000057", "HP:9999999"])
    assert terms == ["HP:0008665"] and unknown == ["HP:9999999"]
    replaced = PhenotypeScorer(annotations, terms).score_gene("CYP21A2")
    direct = PhenotypeScorer(annotations, ["HP:0008665"]).score_gene("CYP21A2")
    assert replaced.score == direct.score > 0


def test_excluded_term_that_matches_the_disease_is_reported_as_a_conflict(annotations):
    """Pfeiffer syndrome has Syndactyly; a patient recorded as lacking it shows the conflict,
    and the score is unchanged (penalising excluded terms lowered dev-set top-1)."""
    terms = ["HP:0000486", "HP:0000327", "HP:0000520", "HP:0000316", "HP:0000244"]
    plain = PhenotypeScorer(annotations, terms).score_gene("FGFR2")
    excluding = PhenotypeScorer(annotations, terms, excluded_terms=["HP:0001159"]).score_gene("FGFR2")
    assert excluding.conflicts == [("HP:0001159", "Syndactyly")]
    assert "lacks HP:0001159 Syndactyly" in excluding.explanation
    assert excluding.score == plain.score
    unrelated = PhenotypeScorer(annotations, terms, excluded_terms=["HP:0001250"]).score_gene("FGFR2")
    assert unrelated.conflicts == []


def test_disease_term_frequencies_are_read(annotations):
    """phenotype.hpoa frequencies: HPO frequency terms, n/m fractions and percentages."""
    from traaser.phenotype.annotations import parse_frequency
    assert [parse_frequency(t) for t in ("HP:0040281", "3/4", "40%", "", "HP:0040285")] == [0.9, 0.75, 0.4, None, 0.0]
    with_frequency = [d for d in annotations.diseases.values() if d.frequencies]
    assert len(with_frequency) > 1000
    assert all(0.0 <= f <= 1.0 for d in with_frequency[:200] for f in d.frequencies.values())


def test_features_seen_in_no_patient_are_absent_not_present(annotations):
    """phenotype.hpoa frequency 0/n (or HP:0040285 Excluded) means the feature was looked for and
    not found: Hyaline fibromatosis syndrome (OMIM:228600) lists Intellectual disability as 0/30."""
    disease = annotations.diseases["OMIM:228600"]
    assert "HP:0001249" not in disease.terms and "HP:0001249" in disease.excluded
    assert "HP:0000212" in disease.terms, "Gingival overgrowth, seen in most patients, stays a feature"
    assert "HP:0001249" not in annotations.propagated("OMIM:228600")


def test_information_content_is_cached_on_disk_by_release(tmp_path, monkeypatch):
    """IC is computed once per release and read back from the cache (keyed by version + checksums)."""
    from traaser.phenotype import annotations as module
    monkeypatch.setenv("TRAASER_CACHE", str(tmp_path))
    module.load_annotations.cache_clear()
    first = module.load_annotations(str(HPO_DIR))
    cached = list(tmp_path.glob("hpo-ic-2025-01-16-*.json.gz"))
    assert len(cached) == 1
    import gzip
    import json
    stored = json.loads(gzip.open(cached[0], "rt").read())
    assert stored == first.ic
    stored["__marker__"] = 42.0          # proves the second load reads the file instead of recomputing
    with gzip.open(cached[0], "wt") as handle:
        json.dump(stored, handle)
    module.load_annotations.cache_clear()
    second = module.load_annotations(str(HPO_DIR))
    assert second.ic["__marker__"] == 42.0
    module.load_annotations.cache_clear()
