"""Evidence assigners: each row quotes the ACMG/SVI rule and the threshold it checks."""

import pytest

from traaser.acmg.assign import VariantFacts, assign, ba1, bs1, bs2, de_novo, pm2, pm4, pp3_bp4, pvs1, pvs1_not_applied

SETTINGS = {"bs1_max_credible_af": 0.005, "pp3_predictor": "REVEL"}


def facts(**kw) -> VariantFacts:
    base = dict(key="1:100:A:G", build="GRCh37", gene="GENE", consequence="missense_variant")
    base.update(kw)
    return VariantFacts(**base)


def labels(evidence):
    return evidence.label if evidence else None


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(gnomad_faf=0.051, gnomad_an=2000), "BA1", "BA1: FAF > 0.05 with AN >= 2000"),
    (dict(gnomad_faf=0.05, gnomad_an=100000), None, "BA1: FAF must exceed 0.05"),
    (dict(gnomad_faf=0.2, gnomad_an=1999), None, "BA1: requires allele number >= 2000"),
    (dict(gnomad_af=0.2, gnomad_an=5000), "BA1", "BA1: AF used when the source has no FAF"),
    (dict(key="13:20189473:C:T", build="GRCh38", gnomad_faf=0.2, gnomad_an=5000), None,
     "BA1 exception list (SVI): GJB2 13:20189473 C>T"),
])
def test_ba1(kw, expected, rule):
    assert labels(ba1(facts(**kw), SETTINGS)) == expected, rule


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(), "PM2_Supporting", "PM2_Supporting: absent from gnomAD"),
    (dict(gnomad_ac=0, gnomad_an=100000, gnomad_af=0.0), "PM2_Supporting", "PM2: AC 0 counts as absent"),
    (dict(gnomad_ac=3, gnomad_an=100000, gnomad_af=3e-5), None, "PM2: present in a dominant/unknown gene"),
    (dict(gnomad_ac=3, gnomad_an=100000, gnomad_af=3e-5, gene_modes={"AR"}), "PM2_Supporting",
     "PM2: recessive gene with AF <= 1e-4"),
    (dict(gnomad_ac=30, gnomad_an=100000, gnomad_af=3e-4, gene_modes={"AR"}), None, "PM2: recessive AF above 1e-4"),
])
def test_pm2(kw, expected, rule):
    assert labels(pm2(facts(**kw), SETTINGS)) == expected, rule


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(gnomad_faf=0.01, gnomad_ac=1000, gnomad_af=0.01, gnomad_an=100000), "BS1", "BS1: FAF above 0.005"),
    (dict(gnomad_faf=0.004, gnomad_ac=400, gnomad_af=0.004, gnomad_an=100000), None, "BS1: FAF at or below 0.005"),
    (dict(gnomad_faf=0.2, gnomad_ac=20000, gnomad_af=0.2, gnomad_an=100000), None, "BS1 not when BA1 applies"),
])
def test_bs1(kw, expected, rule):
    assert labels(bs1(facts(**kw), SETTINGS)) == expected, rule


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(gnomad_nhomalt=3, gnomad_ac=100, gene_modes={"AR"}), "BS2", "BS2: recessive, nhomalt > 2"),
    (dict(gnomad_nhomalt=2, gnomad_ac=100, gene_modes={"AR"}), None, "BS2: recessive, nhomalt must exceed 2"),
    (dict(gnomad_nhomalt=0, gnomad_ac=6, gene_modes={"AD"}), "BS2", "BS2: dominant, AC - 2*nhomalt > 5"),
    (dict(gnomad_nhomalt=0, gnomad_ac=5, gene_modes={"AD"}), None, "BS2: dominant, 5 heterozygotes not enough"),
])
def test_bs2(kw, expected, rule):
    assert labels(bs2(facts(**kw), SETTINGS)) == expected, rule


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(consequence="stop_gained", loeuf=0.2), "PVS1", "PVS1: null variant, LOEUF < 0.35"),
    (dict(consequence="frameshift_variant", loeuf=0.35), None, "PVS1: LOEUF must be below 0.35"),
    (dict(consequence="splice_donor_variant", loeuf=None), None, "PVS1: no LoF mechanism without constraint data"),
    (dict(consequence="start_lost", loeuf=0.1), "PVS1_Moderate", "PVS1: initiation codon is Moderate"),
    (dict(consequence="missense_variant", loeuf=0.1), None, "PVS1: missense is not a null variant"),
])
def test_pvs1(kw, expected, rule):
    assert labels(pvs1(facts(**kw), SETTINGS)) == expected, rule


def test_pvs1_withheld_is_explained():
    note = pvs1_not_applied(facts(consequence="stop_gained", gene="BICC1"))
    assert note and "BICC1" in note and "LOEUF" in note


@pytest.mark.parametrize("score, expected, rule", [
    (0.95, "PP3_Strong", "REVEL >= 0.932: PP3 Strong"),
    (0.80, "PP3_Moderate", "REVEL >= 0.773: PP3 Moderate"),
    (0.644, "PP3", "REVEL >= 0.644: PP3 Supporting"),
    (0.5, None, "REVEL between 0.290 and 0.644: no evidence"),
    (0.29, "BP4", "REVEL <= 0.290: BP4 Supporting"),
    (0.1, "BP4_Moderate", "REVEL <= 0.183: BP4 Moderate"),
    (0.01, "BP4_Strong", "REVEL <= 0.016: BP4 Strong"),
    (0.002, "BP4_VeryStrong", "REVEL <= 0.003: BP4 Very strong"),
])
def test_pp3_bp4_revel(score, expected, rule):
    assert labels(pp3_bp4(facts(predictor_scores={"REVEL": score}), SETTINGS)) == expected, rule


@pytest.mark.parametrize("status, expected", [("confirmed", "PS2"), ("assumed", "PM6"), (None, None)])
def test_de_novo(status, expected):
    """PS2 when parentage is confirmed by the trio's genotypes; PM6 when assumed."""
    assert labels(de_novo(facts(de_novo=status, de_novo_reason="x"), SETTINGS)) == expected


@pytest.mark.parametrize("consequence, expected", [
    ("inframe_deletion", "PM4"), ("inframe_insertion", "PM4"), ("stop_lost", "PM4"), ("missense_variant", None)])
def test_pm4(consequence, expected):
    """PM4: protein length changes by in-frame deletions/insertions or stop-loss."""
    assert labels(pm4(facts(consequence=consequence), SETTINGS)) == expected


def test_every_reason_quotes_numbers():
    evidence = assign(facts(gnomad_faf=0.2, gnomad_af=0.2, gnomad_an=5000, gnomad_ac=1000, gnomad_nhomalt=50,
                            gene_modes={"AR"}), SETTINGS)
    assert {e.code for e in evidence} == {"BA1", "BS2"}
    assert all(any(ch.isdigit() for ch in e.reason) for e in evidence)
