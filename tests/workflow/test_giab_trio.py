"""The real GIAB Ashkenazi trio (HG002 son, HG003 father, HG004 mother) with its PED.

The VCF already carries BCSQ (Ensembl 82), so the consequence step reuses it. Records below
were chosen by reading the genotypes (GT, AD, DP, GQ) and are written down with the rule that
decides them. min_impact is MODIFIER so that intronic and UTR records are judged too.
"""

import json

import pytest

from traaser.counts import NOTE_PARENTAGE_INFORMATIVE, NOTE_PARENTAGE_OPPOSING

from conftest import DATA, run_snakemake, write_workflow_dir

ROW = {"case_id": "giab", "vcf": str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"), "proband": "HG002",
       "build": "GRCh37", "hpo_terms": "HP:0001250", "ped": str(DATA / "giab-trio" / "ashk-trio.ped")}

# Child 0/1, both parents 0/0 with no alt reads, GQ >= 20, DP >= 6, child AB 0.2-0.8, FILTER PASS.
DE_NOVO = {
    "1:155036260:C:T",      # EFNA4 5'UTR, child AD 120/120
    "1:15752321:TCTGA:T",   # EFHD2 intron, child AD 106/69
    "1:200080462:A:AT",     # NR5A2 intron, child AD 29/17
}
NOT_DE_NOVO = {
    "1:16974454:T:TGGGC": "child allele balance 35/205 = 0.17 < 0.2",
    "1:120612037:TCCTCCGCCG:T": "father has 3 alt reads",
    "1:16388875:GCCC:G": "child GQ 17, parents GQ 0",
    "1:200080464:C:A": "father has 3 alt reads",
}
# Child 1/1, each parent 0/1.
HOMOZYGOUS = {"1:158549492:C:T", "1:47726087:T:C", "1:65867519:G:A"}   # OR10X1 stop, STIL, DNAJC6
NOT_HOMOZYGOUS = {
    "1:877831:T:C": "both (unaffected-status-unknown) parents are 1/1 too",
    "1:55524339:CGTGTGTGTGTGTGT:C": "both parents 0/0",
    "1:237955649:CTGTG:C": "father 0/0",
}
# In trans: one allele from each parent.
COMPOUND_PAIRS = {("1:21894735:T:C", "1:21904131:T:C"),    # ALPL missense: father / mother
                  ("1:197070521:C:G", "1:197073196:G:A")}  # ASPM missense: mother (1/1) / father
NOT_COMPOUND = {
    "1:22180779:C:T": "HSPG2: both heterozygous variants come from the mother (in cis)",
    "1:22199438:G:C": "HSPG2: both heterozygous variants come from the mother (in cis)",
    "1:17313454:G:A": "ATP13A2: both from the mother",
}


@pytest.fixture(scope="module")
def trio(tmp_path_factory):
    workdir = write_workflow_dir(tmp_path_factory.mktemp("giab"), [ROW], {"prioritize": {"min_impact": "MODIFIER"}})
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-4000:]
    document = json.loads((workdir / "results" / "giab" / "candidates.json").read_text())
    return {c["key"]: c for c in document["candidates"]}, document


def patterns(candidates, key):
    assert key in candidates, f"{key} should be a candidate"
    return set(candidates[key]["inheritance"]["patterns"])


def test_existing_bcsq_was_reused(trio):
    _, document = trio
    consequences = next(c for c in document["counts"] if c["step"] == "consequences")
    assert any("reused" in w for w in consequences["warnings"])


def test_de_novo_calls(trio):
    candidates, _ = trio
    assert {k for k, c in candidates.items() if "de_novo" in c["inheritance"]["patterns"]} == DE_NOVO
    for key in DE_NOVO:
        assert candidates[key]["inheritance"]["de_novo"] == "confirmed", "parentage holds in the GIAB trio"
        assert any(e["code"] == "PS2" for e in candidates[key]["acmg"]["criteria"])
    for key, why in NOT_DE_NOVO.items():
        assert "de_novo" not in patterns(candidates, key), why


def test_recessive_homozygous_calls(trio):
    candidates, _ = trio
    assert "1:161476204:C:T" not in candidates, "FCGR2A stop, child 1/1, but FILTER VQSR tranche: excluded"
    for key in HOMOZYGOUS:
        assert "AR_homozygous" in patterns(candidates, key)
    for key, why in NOT_HOMOZYGOUS.items():
        assert "AR_homozygous" not in patterns(candidates, key), why


def test_compound_heterozygous_calls(trio):
    candidates, _ = trio
    for first, second in COMPOUND_PAIRS:
        assert second in candidates[first]["inheritance"]["compound_heterozygous_with"]
        assert first in candidates[second]["inheritance"]["compound_heterozygous_with"]
    for key, why in NOT_COMPOUND.items():
        assert "AR_compound_heterozygous" not in patterns(candidates, key), why


def test_parentage_is_confirmed_from_genotypes(trio):
    _, document = trio
    notes = document["counts"][-1]["notes"]
    assert notes[NOTE_PARENTAGE_INFORMATIVE] > 1000
    assert notes[NOTE_PARENTAGE_OPPOSING] / notes[NOTE_PARENTAGE_INFORMATIVE] < 0.02


def test_calls_the_reads_do_not_bear_out_are_flagged_for_checking(trio):
    """prioritize.call_flags (slivar's high-quality sample test: GQ >= 20, >= 6 reads, a
    heterozygous alt fraction of 0.2-0.8): the report flags the proband's call, and says so in the
    candidate's explanation; a flag is shown, never scored."""
    candidates, _ = trio
    assert candidates["1:16388875:GCCC:G"]["call_flags"][:1] == ["GQ 17 (below 20)"], "child GQ 17"
    assert any(f.startswith("heterozygous call, but only 1") and f.endswith("a mosaic, or an artefact")
               for f in candidates["1:16974454:T:TGGGC"]["call_flags"]), "child alt fraction below 0.2"
    for key in DE_NOVO | HOMOZYGOUS:
        assert candidates[key]["call_flags"] == [], f"{key}: GQ >= 20, DP >= 6, alt fraction fits the call"
    flagged = [c for c in candidates.values() if c["call_flags"]]
    assert flagged and all(any(line.startswith("check the call: ") for line in c["explanation"]) for c in flagged)
    assert all(not any(line.startswith("check the call: ") for line in c["explanation"])
               for c in candidates.values() if not c["call_flags"])
