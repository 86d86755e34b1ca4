"""`traaser acmg` on the real UDN trio (GRCh38; BCSQ, REVEL and gnomAD already in the file).

Samples: UDN231974 father, UDN810123 affected daughter (proband), UDN971716 mother; the PED
has a '#' header line. gnomAD fields here are slivar's gnotate fields: gnomad_popmax_af
(-1 = not in gnomAD) and gnomad_n_homalt. Each record below says what the rules give and why.
"""

import json

import pytest

from traaser.cli import main

from conftest import DATA

EXPECTED = {
    # chr6:63280472 G>A, LGSN 3'UTR, child 0/1, father 0/0, mother 0/1: from the mother.
    # popmax 6.5e-5 is present, so PM2 is not met; REVEL 0.698 is in the file but REVEL scores
    # missense only, so PP3/BP4 are not evaluated rather than PP3 applied.
    63280472: dict(criteria=[], cls="Uncertain significance", parent="mother",
                   not_evaluated={"PP3", "BP4", "PP4"}, not_met={"PM2", "PM3", "BP2"}),
    # chr16:788413 in-frame insertion, CHTF18 p.107P>107PPAR, from the mother. No FASTA given,
    # so whether it sits in a repeat (PM4 vs BP3) is not evaluated; popmax 0.0023 <= 0.005 (no BS1).
    # The other CHTF18 allele also comes from the mother: in cis, so no PM3; it is not P/LP, so no BP2.
    788413: dict(criteria=[], cls="Uncertain significance", parent="mother",
                 not_evaluated={"PM4", "BP3", "PP3", "BP4"}, not_met={"PM2", "BS1", "PM3", "BP2"}),
    # chr16:793183 missense CHTF18, REVEL 0.054: BP4 Moderate band (0.016 < 0.054 <= 0.183).
    # Points: -2 = Likely benign; Richards: one BP alone stays VUS, and the report shows that.
    793183: dict(criteria=["BP4_Moderate"], cls="Likely benign", richards="Uncertain significance",
                 parent="mother", not_evaluated={"PS1", "PM5", "PM1"}, not_met={"PM2", "PP3", "PM3", "BP2"}),
    # chr19:3593228 GIPC3 3'UTR: popmax -1 means absent from gnomAD: PM2_Supporting.
    3593228: dict(criteria=["PM2_Supporting"], cls="Uncertain significance", parent="mother",
                  not_evaluated={"PP3", "BP4"}, not_met={"PM3", "BP2", "BS1", "BS2"}),
}


@pytest.fixture(scope="module")
def udn(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("udn") / "udn"
    assert main(["acmg", str(DATA / "giab-trio" / "udn-trio-comphet.GRCh38.vcf"), "--out-prefix", str(prefix),
                 "--build", "GRCh38", "--gnomad-fields", "AF=gnomad_popmax_af,NHOMALT=gnomad_n_homalt",
                 "--gnomad-label", "gnomAD popmax (slivar gnotate)", "--proband", "UDN810123",
                 "--ped", str(DATA / "giab-trio" / "udn-trio-comphet.ped")]) == 0
    return prefix, json.loads(prefix.with_suffix(".json").read_text())


@pytest.mark.parametrize("pos", sorted(EXPECTED))
def test_each_record(udn, pos):
    _, document = udn
    variant = next(v for v in document["variants"] if v["pos"] == pos)
    want = EXPECTED[pos]
    status = {o["code"]: o["status"] for o in variant["outcomes"]}
    assert variant["criteria"] == want["criteria"]
    assert variant["class"] == want["cls"]
    assert variant["richards_class"] == want.get("richards", want["cls"])
    assert variant["inherited_from"] == want["parent"]
    assert {c for c in want["not_evaluated"] if status[c] == "not evaluated"} == want["not_evaluated"]
    assert {c for c in want["not_met"] if status[c] == "not met"} == want["not_met"]


def test_family_read_from_the_ped(udn):
    _, document = udn
    assert document["family"] == {"proband": "UDN810123", "sex": "female", "father": "UDN231974",
                                  "mother": "UDN971716", "father_affected": False, "mother_affected": False}
    assert document["counts"]["records_in"] == document["counts"]["records_out"] == 4


def test_tsv_and_vcf_outputs(udn):
    prefix, _ = udn
    tsv = prefix.with_suffix(".tsv").read_text().splitlines()
    assert len(tsv) == 5 and tsv[0].startswith("chrom\tpos")
    import gzip
    with gzip.open(f"{prefix}.vcf.gz", "rt") as handle:
        records = [ln for ln in handle if not ln.startswith("#")]
    assert any("ACMG_CLASS=Likely_benign" in r and "ACMG_CRITERIA=BP4_Moderate" in r for r in records)


def test_unknown_gnomad_field_key_is_refused(tmp_path, capsys):
    assert main(["acmg", str(DATA / "giab-trio" / "udn-trio-comphet.GRCh38.vcf"), "--out-prefix", str(tmp_path / "x"),
                 "--build", "GRCh38", "--gnomad-fields", "popmax=gnomad_popmax_af"]) == 2
    assert "unknown gnomAD field key(s) popmax" in capsys.readouterr().err
