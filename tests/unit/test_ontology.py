"""HPO ontology parsing and id resolution on the real HPO release 2025-01-16."""

import pytest

from traaser.errors import PhenotypeError
from traaser.phenotype.ontology import load_ontology

from conftest import HPO_DIR


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(HPO_DIR / "hp.obo.gz"))


def test_release_and_size(ontology):
    assert ontology.version == "2025-01-16"
    assert len(ontology.terms) == 19484


def test_current_term_resolves_to_itself(ontology):
    term = ontology.resolve("HP:0001159")
    assert (term.id, term.name, term.note) == ("HP:0001159", "Syndactyly", "")


def test_obsolete_term_follows_replaced_by_and_keeps_both_ids(ontology):
    """Obsolete ids are mapped through replaced_by, and both ids are shown."""
    term = ontology.resolve("HP:0000057")
    assert term.given == "HP:0000057" and term.id == "HP:0008665"
    assert "obsolete" in term.note and "HP:0008665" in term.note


def test_alt_id_maps_to_primary(ontology):
    alt, primary = next((a, t.id) for t in ontology.terms.values() for a in t.alt_ids)
    assert ontology.resolve(alt).id == primary


@pytest.mark.parametrize("bad, message", [
    ("HP:12", "malformed"), ("hp_0001250", "malformed"), ("HP:00012500", "malformed"),
    ("HP:9999999", "unknown"),
])
def test_bad_ids_are_refused(ontology, bad, message):
    with pytest.raises(PhenotypeError, match=message) as info:
        ontology.resolve(bad, where="samples.tsv:2")
    assert "samples.tsv:2" in str(info.value) and bad in str(info.value)


def test_ancestors_are_reflexive_and_reach_the_root(ontology):
    ancestors = ontology.ancestors("HP:0001159")
    assert "HP:0001159" in ancestors and "HP:0000001" in ancestors and "HP:0000118" in ancestors
