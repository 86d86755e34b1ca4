"""Sample sheet and phenopacket loading, with the checks that run before any job."""

import json

import pytest

from traaser.case import load_cases, read_phenopacket
from traaser.errors import PedigreeError, PhenotypeError, SampleSheetError, TraaserError
from traaser.phenotype.ontology import load_ontology

from conftest import DATA, DEMO, HPO_DIR

TRIO = DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"
PED = DATA / "giab-trio" / "ashk-trio.ped"
HEADER = "case_id\tvcf\tproband\tbuild\thpo_terms\tped\n"


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(HPO_DIR / "hp.obo.gz"))


def sheet(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "samples.tsv"
    path.write_text(header + body)
    return path


def test_trio_case_loads(tmp_path, ontology):
    cases = load_cases(sheet(tmp_path, f"giab\t{TRIO}\tHG002\tGRCh37\tHP:0001250;HP:0000057\t{PED}\n"), ontology)
    case = cases[0]
    assert case.samples == ["HG002", "HG003", "HG004"] and case.sex == "male"
    assert [t.id for t in case.hpo_terms] == ["HP:0001250", "HP:0008665"]
    assert case.hpo_terms[1].given == "HP:0000057"


def test_paths_are_relative_to_the_sheet(tmp_path, ontology):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "trio.vcf.gz").write_bytes(TRIO.read_bytes())
    case = load_cases(sheet(tmp_path, "giab\tin/trio.vcf.gz\tHG002\tGRCh37\tHP:0001250\t\n"), ontology)[0]
    assert case.vcf == (tmp_path / "in" / "trio.vcf.gz").resolve()


def test_phenopacket_v1_from_exomiser():
    observed, excluded, subject, sex = read_phenopacket(DATA / "exomiser" / "pfeiffer-phenopacket.json")
    assert observed[0] == "HP:0001159" and len(observed) == 6 and excluded == []
    assert (subject, sex) == ("manuel", "male")


def test_phenopacket_v2_excluded_terms(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"subject": {"id": "x", "sex": "FEMALE"}, "phenotypicFeatures": [
        {"type": {"id": "HP:0001250"}}, {"type": {"id": "HP:0001263"}, "excluded": True}]}))
    assert read_phenopacket(path) == (["HP:0001250"], ["HP:0001263"], "x", "female")


@pytest.mark.parametrize("body, header, error, fragment", [
    ("giab\t{trio}\tHG002\tGRCh37\tHP:0001250\t\n", "case_id vcf proband build\n", SampleSheetError, "missing column"),
    ("giab\t{trio}\tHG002\thg19\tHP:0001250\t\n", HEADER, SampleSheetError, "hg19"),
    ("giab\t{trio}\tNA12878\tGRCh37\tHP:0001250\t\n", HEADER, SampleSheetError, "NA12878"),
    ("giab\t{trio}\tHG002\tGRCh37\tHP:9999999\t\n", HEADER, PhenotypeError, "HP:9999999"),
    ("giab\t{trio}\tHG002\tGRCh37\tHP:12\t\n", HEADER, PhenotypeError, "HP:12"),
    ("giab\t{trio}\tHG002\tGRCh37\t\t\n", HEADER, SampleSheetError, "no HPO terms"),
    ("a b\t{trio}\tHG002\tGRCh37\tHP:0001250\t\n", HEADER, SampleSheetError, "case_id"),
    ("giab\t{trio}\tHG002\tGRCh37\tHP:0001250\t\ngiab\t{trio}\tHG002\tGRCh37\tHP:0001250\t\n", HEADER,
     SampleSheetError, "used twice"),
    ("giab\tmissing.vcf.gz\tHG002\tGRCh37\tHP:0001250\t\n", HEADER, TraaserError, "not found"),
    ("", HEADER, SampleSheetError, "no case rows"),
])
def test_bad_sheet_is_refused_with_file_value_and_fix(tmp_path, ontology, body, header, error, fragment):
    path = sheet(tmp_path, body.format(trio=TRIO), header)
    with pytest.raises(error, match=fragment) as info:
        load_cases(path, ontology)
    assert "Fix:" in str(info.value)


def test_every_bad_hpo_id_of_the_sheet_is_listed_in_one_message(tmp_path, ontology):
    """Regression: the sheet was refused at its first bad HPO id, so a user fixed them one run at a
    time. Every malformed, unknown or unusable id of every case is named, each with its line."""
    body = (f"a\t{TRIO}\tHG002\tGRCh37\tHP:12;HP:0001250;HP:9999999\t\n"
            f"b\t{TRIO}\tHG002\tGRCh37\tHP:0001250;HP:abc\t\n")
    path = sheet(tmp_path, body)
    with pytest.raises(PhenotypeError) as info:
        load_cases(path, ontology)
    message = str(info.value)
    assert "3 HPO ids cannot be used" in message
    for fragment in (f"{path.resolve()}:2: malformed HPO id 'HP:12'", f"{path.resolve()}:2: unknown HPO id 'HP:9999999'",
                     f"{path.resolve()}:3: malformed HPO id 'HP:abc'"):
        assert fragment in message
    assert message.count("Fix:") == 1 and "7 digits" in message and "hpo.jax.org" in message


def test_ped_sample_missing_from_vcf_is_refused(tmp_path, ontology):
    ped = tmp_path / "fam.ped"
    ped.write_text("ash HG002 HG003 NA12878 1 2\nash HG003 0 0 1 1\nash NA12878 0 0 2 1\n")
    with pytest.raises(PedigreeError, match="NA12878") as info:
        load_cases(sheet(tmp_path, f"giab\t{TRIO}\tHG002\tGRCh37\tHP:0001250\t{ped}\n"), ontology)
    assert str(ped) in str(info.value)


def test_demo_sample_sheet_loads(ontology):
    from traaser import install
    cases = load_cases(install.config_file("samples.tsv"), ontology)
    assert [c.case_id for c in cases] == ["demo-trio"]
    assert cases[0].phenopacket == (DEMO / "case" / "demo-trio.phenopacket.json").resolve()


@pytest.mark.parametrize("packet", [{"phenotypicFeatures": None}, {"phenotypicFeatures": [None]},
                                    {"phenotypicFeatures": [{"type": "HP:1"}]}, []])
def test_regression_malformed_phenopacket_is_refused_not_a_crash(tmp_path, packet):
    """Found by the property tests: phenotypicFeatures null crashed with a TypeError."""
    path = tmp_path / "p.json"
    path.write_text(json.dumps(packet))
    with pytest.raises(PhenotypeError, match="phenotypicFeatures"):
        read_phenopacket(path)
