"""Property tests: TRaaSer's own parsers take any input and either succeed or raise a
TraaserError (a clear message), never another exception."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from traaser.case import read_phenopacket, read_sample_sheet
from traaser.config import check_config
from traaser.errors import TraaserError
from traaser.ped import read_ped
from traaser.phenotype.annotations import parse_frequency
from traaser.phenotype.ontology import load_ontology

from conftest import HPO_DIR

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
LINES = st.lists(st.lists(st.sampled_from(["0", "1", "2", "-9", "fam", "kid", "dad", "HG002", "\t", " ", "x"]),
                          max_size=8).map(lambda parts: "\t".join(parts)), max_size=6).map("\n".join)


def accepts(func, *args):
    try:
        func(*args)
    except TraaserError:
        pass


@SETTINGS
@given(content=st.one_of(TEXT, LINES))
def test_ped_parser(tmp_path, content):
    path = tmp_path / "f.ped"
    path.write_text(content, encoding="utf-8")
    accepts(read_ped, path)


@SETTINGS
@given(content=st.one_of(TEXT, LINES.map(lambda body: "case_id\tvcf\tproband\tbuild\n" + body)))
def test_sample_sheet_parser(tmp_path, content):
    path = tmp_path / "samples.tsv"
    path.write_text(content, encoding="utf-8")
    accepts(read_sample_sheet, path)


PACKETS = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                       lambda children: st.lists(children, max_size=4) | st.dictionaries(
                           st.sampled_from(["phenotypicFeatures", "type", "id", "excluded", "negated", "subject",
                                            "sex", "label"]), children, max_size=4), max_leaves=20)


@SETTINGS
@given(packet=PACKETS)
def test_phenopacket_reader(tmp_path, packet):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(packet))
    accepts(read_phenopacket, path)


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(HPO_DIR / "hp.obo.gz"))


@settings(max_examples=300, deadline=None)
@given(term=st.one_of(TEXT, st.from_regex(r"HP:\d{1,9}", fullmatch=True)))
def test_hpo_id_resolution(term):
    accepts(load_ontology(str(HPO_DIR / "hp.obo.gz")).resolve, term)


@settings(max_examples=200, deadline=None)
@given(config=st.dictionaries(st.sampled_from(["samples", "prioritize", "acmg", "report", "databases", "hpo", "x"]),
                              st.one_of(st.none(), st.integers(), st.text(max_size=10),
                                        st.dictionaries(st.text(max_size=10), st.integers(), max_size=3)),
                              max_size=4))
def test_config_validation(config):
    accepts(check_config, config, "config.yaml")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, st.from_regex(r"\d{0,3}/\d{0,3}|\d{0,3}%|HP:\d{7}", fullmatch=True)))
def test_hpoa_frequency_parser(text):
    value = parse_frequency(text)
    assert value is None or value >= 0
