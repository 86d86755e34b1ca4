"""ACMG assigners: every threshold tested just below, at and just above, each row quoting
the ClinGen SVI rule it checks; the nine BA1 exceptions; not-evaluated when data are missing."""

import dataclasses
import gzip

import pytest

from traaser.acmg import assign as a
from traaser.acmg.assign import MET, NOT_EVALUATED, NOT_MET, PM3Partner, VariantFacts
from traaser.acmg.criteria import knowledge
from traaser.annotate.clinvar_index import COLUMNS, ClinVarIndex
from traaser.annotate.transcripts import Transcript, load_transcripts
from traaser.config import check_config
from traaser.settings import AcmgSettings

from conftest import DEMO

S = AcmgSettings.from_config(check_config({}, "test")["acmg"])


def facts(**kw) -> VariantFacts:
    base = dict(key="1:100:A:G", build="GRCh37", gene="GENE", consequence="missense_variant", chrom="1", pos=100,
                gnomad_source="gnomAD test")
    base.update(kw)
    return VariantFacts(**base)


def result(outcome):
    return (outcome.status, outcome.strength if outcome.status == MET else None)


# -- population ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, expected, rule", [
    (dict(gnomad_faf=0.0499, gnomad_an=5000, gnomad_ac=250), (NOT_MET, None), "BA1: FAF must exceed 0.05 (below)"),
    (dict(gnomad_faf=0.05, gnomad_an=5000, gnomad_ac=250), (NOT_MET, None), "BA1: FAF must exceed 0.05 (at)"),
    (dict(gnomad_faf=0.0501, gnomad_an=5000, gnomad_ac=250), (MET, "StandAlone"), "BA1: FAF > 0.05 (above)"),
    (dict(gnomad_faf=0.2, gnomad_an=1999, gnomad_ac=400), (NOT_MET, None), "BA1: AN >= 2000 needed (below)"),
    (dict(gnomad_faf=0.2, gnomad_an=2000, gnomad_ac=400), (MET, "StandAlone"), "BA1: AN >= 2000 (at)"),
    (dict(gnomad_af=0.2, gnomad_an=5000, gnomad_ac=1000), (MET, "StandAlone"), "BA1: AF stands in without FAF"),
    (dict(gnomad_source=None), (NOT_EVALUATED, None), "BA1: no gnomAD is not 'not met'"),
])
def test_ba1(kw, expected, rule):
    assert result(a.ba1(facts(**kw), S)) == expected, rule


BA1_EXCEPTIONS = [(entry["gene"], entry["clinvar"], entry[build], build, other)
                  for entry in knowledge()["ba1_exceptions"]
                  for build, other in (("GRCh37", "GRCh38"), ("GRCh38", "GRCh37"))]


@pytest.mark.parametrize("gene, clinvar, key, build, other_build", BA1_EXCEPTIONS,
                         ids=[f"{g}-{c}-{b}" for g, c, _, b, _ in BA1_EXCEPTIONS])
def test_ba1_exceptions_hold_on_both_builds(gene, clinvar, key, build, other_build):
    """ClinGen SVI BA1 exception list (Ghosh et al. 2018): these common variants are not stand-alone
    benign, at their position on the case's own build, with or without a 'chr' prefix."""
    common = dict(gnomad_faf=0.3, gnomad_an=100000, gnomad_ac=30000)
    for spelled in (key, "chr" + key):
        outcome = a.ba1(facts(key=spelled, build=build, **common), S)
        assert outcome.status == NOT_MET, f"BA1 exception {gene} (ClinVar {clinvar}) on {build}"
        assert f"ClinVar {clinvar}" in outcome.reason
    # the same position on the other build is another base, which the list does not name
    assert a.ba1(facts(key=key, build=other_build, **common), S).status == MET


def test_ba1_exception_positions_differ_between_builds():
    """Each exception has its own position on each build (a GRCh38 key copied into GRCh37 is a bug)."""
    for entry in knowledge()["ba1_exceptions"]:
        g37, g38 = entry["GRCh37"].split(":"), entry["GRCh38"].split(":")
        assert g37[0] == g38[0] and g37[2:] == g38[2:] and g37[1] != g38[1], entry


@pytest.mark.parametrize("faf, expected, rule", [
    (0.00499, NOT_MET, "BS1: FAF <= 0.005 (below)"), (0.005, NOT_MET, "BS1: at 0.005 not above"),
    (0.00501, MET, "BS1: FAF > 0.005 (above)")])
def test_bs1(faf, expected, rule):
    assert a.bs1(facts(gnomad_faf=faf, gnomad_af=faf, gnomad_ac=500, gnomad_an=100000), S).status == expected, rule


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(), MET, "PM2_Supporting: absent from gnomAD"),
    (dict(gnomad_ac=0, gnomad_af=0.0, gnomad_an=100000), MET, "PM2: AC 0 counts as absent"),
    (dict(gnomad_ac=9, gnomad_af=0.99e-4, gene_modes={"AR"}), MET, "PM2: recessive AF <= 1e-4 (below)"),
    (dict(gnomad_ac=10, gnomad_af=1e-4, gene_modes={"AR"}), MET, "PM2: recessive AF <= 1e-4 (at)"),
    (dict(gnomad_ac=11, gnomad_af=1.01e-4, gene_modes={"AR"}), NOT_MET, "PM2: recessive AF > 1e-4 (above)"),
    (dict(gnomad_ac=3, gnomad_af=3e-5, gene_modes={"AD"}), NOT_MET, "PM2: a dominant gene needs absence"),
    (dict(gnomad_source=None), NOT_EVALUATED, "PM2: no gnomAD"),
])
def test_pm2(kw, expected, rule):
    outcome = a.pm2(facts(**kw), S)
    assert outcome.status == expected, rule
    if expected == MET:
        assert outcome.evidence.label == "PM2_Supporting"


@pytest.mark.parametrize("kw, expected, rule", [
    (dict(gnomad_nhomalt=1, gnomad_ac=100, gene_modes={"AR"}), NOT_MET, "BS2 recessive: nhomalt > 2 (below)"),
    (dict(gnomad_nhomalt=2, gnomad_ac=100, gene_modes={"AR"}), NOT_MET, "BS2 recessive: nhomalt > 2 (at)"),
    (dict(gnomad_nhomalt=3, gnomad_ac=100, gene_modes={"AR"}), MET, "BS2 recessive: nhomalt > 2 (above)"),
    (dict(gnomad_nhomalt=0, gnomad_ac=4, gene_modes={"AD"}), NOT_MET, "BS2 dominant: hets > 5 (below)"),
    (dict(gnomad_nhomalt=0, gnomad_ac=5, gene_modes={"AD"}), NOT_MET, "BS2 dominant: hets > 5 (at)"),
    (dict(gnomad_nhomalt=0, gnomad_ac=6, gene_modes={"AD"}), MET, "BS2 dominant: hets > 5 (above)"),
    (dict(gnomad_nhomalt=1, gnomad_ac=8, gene_modes={"AD"}), MET, "BS2 dominant: AC 8 - 2 x 1 homozygote = 6 hets > 5"),
])
def test_bs2(kw, expected, rule):
    assert a.bs2(facts(**kw), S).status == expected, rule


# -- PVS1 ------------------------------------------------------------------------------------------

def toy_transcript() -> Transcript:
    """Three exons on +, all coding: 1-100, 201-300, 401-500 (CDS 300 nt)."""
    t = Transcript("T1", "GENE", "1", "+", exons=[(1, 100), (201, 300), (401, 500)], cds=[(1, 100), (201, 300), (401, 500)])
    t.finish()
    return t


@pytest.mark.parametrize("loeuf, expected, rule", [
    (0.349, MET, "LoF mechanism: LOEUF < 0.35 (below)"), (0.35, NOT_MET, "LOEUF 0.35 is not below 0.35 (at)"),
    (0.351, NOT_MET, "LOEUF above 0.35"), (None, NOT_EVALUATED, "no constraint data: not evaluated")])
def test_pvs1_lof_mechanism(loeuf, expected, rule):
    outcome = a.pvs1(facts(consequence="stop_gained", loeuf=loeuf, transcript_model=toy_transcript(), pos=50), S)
    assert outcome.status == expected, rule


@pytest.mark.parametrize("pos, strength, rule", [
    (250, "VeryStrong", "penultimate exon, 50 nt from its 3' end: outside the last 50 nt, NMD predicted"),
    (251, "Strong", "penultimate exon, 49 nt from its 3' end: escapes NMD; removes >= 10%"),
    (50, "VeryStrong", "upstream exon: NMD predicted"),
    (470, "Strong", "last exon, CDS offset 269: removes 10.3% (>= 10%)"),
    (471, "Strong", "last exon, CDS offset 270: removes exactly 10% (>= 10%)"),
    (472, "Moderate", "last exon, CDS offset 271: removes 9.7% (< 10%)"),
])
def test_pvs1_nmd_and_protein_fraction(pos, strength, rule):
    """NMD is not predicted in the last exon or the last 50 nt of the penultimate exon; then
    Strong if >= 10% of the protein is removed, else Moderate (Abou Tayoun et al. 2018)."""
    outcome = a.pvs1(facts(consequence="stop_gained", loeuf=0.1, transcript_model=toy_transcript(), pos=pos), S)
    assert result(outcome) == (MET, strength), rule


def test_pvs1_start_lost_is_moderate():
    assert result(a.pvs1(facts(consequence="start_lost", loeuf=0.1), S)) == (MET, "Moderate")


@pytest.mark.parametrize("exons, strength, rule", [
    ([(1, 100), (201, 299), (401, 500), (601, 700)], "Strong", "in-frame skip of exon 2 (99 nt) removes 25%"),
    ([(1, 100), (201, 300), (401, 500), (601, 700)], "VeryStrong", "out-of-frame skip of exon 2 upstream of the NMD boundary"),
    ([(1, 100), (201, 300), (401, 500)], "Strong", "out-of-frame skip of the penultimate exon escapes NMD; removes 33%"),
])
def test_pvs1_canonical_splice_site(exons, strength, rule):
    """Canonical ±1/2 splice site: the same tree on the predicted skip of the adjacent exon."""
    t = Transcript("T1", "GENE", "1", "+", exons=list(exons), cds=list(exons))
    t.finish()
    outcome = a.pvs1(facts(consequence="splice_donor_variant", loeuf=0.1, transcript_model=t, pos=exons[1][1] + 1), S)
    assert result(outcome) == (MET, strength), rule


@pytest.fixture(scope="module")
def samd11():
    return load_transcripts(DEMO / "GRCh37.demo.gff3.gz", {"ENST00000341065"})["ENST00000341065"]


@pytest.mark.parametrize("pos, escapes, where", [
    (879375, True, "last exon (879288-879955)"),
    (879188 - 10, True, "10 nt before the 3' end of the penultimate exon (879078-879188)"),
    (879188 - 49, True, "49 nt before it: still within the last 50 nt"),
    (879188 - 50, False, "50 nt before it: NMD boundary crossed"),
    (878633, False, "an upstream exon"),
])
def test_nmd_boundary_on_real_samd11(samd11, pos, escapes, where):
    """Real Ensembl SAMD11 ENST00000341065 geometry (bcftools csq test bundle, GRCh37)."""
    escape, reason = samd11.nmd_escape(pos, S.pvs1_nmd_penultimate_nt)
    assert escape is escapes, where
    outcome = a.pvs1(facts(gene="SAMD11", consequence="stop_gained", loeuf=0.1, transcript_model=samd11,
                           transcript="ENST00000341065", pos=pos), S)
    assert (outcome.strength == "VeryStrong") is (not escapes), reason


# -- ClinVar protein evidence ----------------------------------------------------------------------

def index_from(tmp_path, rows):
    path = tmp_path / "index.tsv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(map(str, row)) + "\n")
    return ClinVarIndex(path)


def cv(pos, alt_aa, significance, stars, consequence="missense_variant", gene="GENE", ppos=10):
    return ("1", pos, "C", "T" if alt_aa != "*" else "A", gene, "T1", consequence, ppos, "R", alt_aa, significance, stars, "")


@pytest.mark.parametrize("stars, strength, rule", [(2, "Strong", "PS1 Strong at >= 2 stars"),
                                                    (1, "Moderate", "PS1 Moderate below 2 stars")])
def test_ps1_strength_by_stars(tmp_path, stars, strength, rule):
    index = index_from(tmp_path, [cv(101, "W", "P", stars)])
    v = facts(transcript="T1", protein_pos=10, ref_aa="R", alt_aa="W", clinvar_index=index)
    assert result(a.ps1(v, S)) == (MET, strength), rule
    assert a.pm5(v, S).status == NOT_MET, "same amino acid: PS1, not PM5"


def test_ps1_leaves_the_variants_own_record_out(tmp_path):
    index = index_from(tmp_path, [cv(100, "W", "P", 3)])
    v = facts(key="1:100:C:T", transcript="T1", protein_pos=10, ref_aa="R", alt_aa="W", clinvar_index=index)
    assert a.ps1(v, S).status == NOT_MET


@pytest.mark.parametrize("stars, strength", [(1, "Moderate"), (0, "Supporting")])
def test_pm5(tmp_path, stars, strength):
    """PM5: a different missense at the same codon is P/LP; Moderate from 1 star."""
    index = index_from(tmp_path, [cv(101, "Q", "LP", stars)])
    v = facts(transcript="T1", protein_pos=10, ref_aa="R", alt_aa="W", clinvar_index=index)
    assert result(a.pm5(v, S)) == (MET, strength)


@pytest.mark.parametrize("positions, n_benign, expected, rule", [
    ([125, 124, 123, 75], 0, MET, "PM1: 4 P/LP missense within ±25 bp (edges at 125 and 75), no benign"),
    ([101, 102, 103], 0, NOT_MET, "PM1: 3 P/LP is below 4"),
    ([101, 102, 103, 104], 1, NOT_MET, "PM1: any benign missense in the window"),
    ([126, 127, 128, 74], 0, NOT_MET, "PM1: 26 bp away is outside the window"),
])
def test_pm1(tmp_path, positions, n_benign, expected, rule):
    rows = [cv(pos, "W", "P", 1, ppos=20 + i) for i, pos in enumerate(positions)]
    rows += [cv(110 + i, "Q", "B", 1, ppos=40 + i) for i in range(n_benign)]
    index = index_from(tmp_path, rows)
    assert a.pm1(facts(pos=100, clinvar_index=index), S).status == expected, rule


def gene_rows(n_missense_p, n_trunc_p, n_missense_b):
    rows = [cv(1000 + i, "W", "P", 1, ppos=100 + i) for i in range(n_missense_p)]
    rows += [cv(2000 + i, "*", "P", 1, consequence="stop_gained", ppos=300 + i) for i in range(n_trunc_p)]
    rows += [cv(3000 + i, "Q", "B", 1, ppos=500 + i) for i in range(n_missense_b)]
    return rows


@pytest.mark.parametrize("counts, expected, rule", [
    ((15, 5, 0), MET, "PP2: 75% of P/LP missense (at), no benign missense"),
    ((14, 6, 0), NOT_MET, "PP2: 70% missense is below 75%"),
    ((19, 1, 1), MET, "PP2: benign missense 1/20 = 5% (at)"),
    ((19, 1, 2), NOT_MET, "PP2: benign missense 2/21 = 9.5% above 5%"),
    ((5, 4, 0), NOT_EVALUATED, "PP2: fewer than 10 P/LP in the gene"),
])
def test_pp2(tmp_path, counts, expected, rule):
    index = index_from(tmp_path, gene_rows(*counts))
    assert a.pp2(facts(clinvar_index=index), S).status == expected, rule


@pytest.mark.parametrize("counts, expected, rule", [((5, 15, 0), MET, "BP1: 75% truncating (at)"),
                                                    ((6, 14, 0), NOT_MET, "BP1: 70% truncating")])
def test_bp1(tmp_path, counts, expected, rule):
    index = index_from(tmp_path, gene_rows(*counts))
    assert a.bp1(facts(clinvar_index=index), S).status == expected, rule


def test_lof_mechanism_from_clinvar_null_variants(tmp_path):
    index = index_from(tmp_path, gene_rows(0, 2, 0))
    outcome = a.pvs1(facts(consequence="stop_gained", clinvar_index=index, transcript_model=toy_transcript(), pos=50), S)
    assert outcome.status == MET and "2 ClinVar P/LP null variants" in outcome.reason


# -- computational ---------------------------------------------------------------------------------

@pytest.mark.parametrize("score, label, rule", [
    (0.932, "PP3_Strong", "REVEL >= 0.932 Strong (at)"), (0.9319, "PP3_Moderate", "just below 0.932"),
    (0.773, "PP3_Moderate", "REVEL >= 0.773 Moderate (at)"), (0.7729, "PP3", "just below 0.773: Supporting"),
    (0.644, "PP3", "REVEL >= 0.644 Supporting (at)"), (0.6439, None, "just below 0.644: none"),
    (0.2901, None, "just above 0.290: none"), (0.290, "BP4", "REVEL <= 0.290 Supporting (at)"),
    (0.1831, "BP4", "just above 0.183: Supporting"), (0.183, "BP4_Moderate", "REVEL <= 0.183 Moderate (at)"),
    (0.0161, "BP4_Moderate", "just above 0.016"), (0.016, "BP4_Strong", "REVEL <= 0.016 Strong (at)"),
    (0.0031, "BP4_Strong", "just above 0.003"), (0.003, "BP4_VeryStrong", "REVEL <= 0.003 Very strong (at)"),
])
def test_revel_bands(score, label, rule):
    """Pejaver et al. 2022 calibrated REVEL bands."""
    v = facts(predictor_scores={"REVEL": score})
    labels = [o.evidence.label for o in (a.pp3(v, S), a.bp4(v, S)) if o.status == MET]
    assert labels == ([label] if label else []), rule


@pytest.mark.parametrize("score, label", [(28.1, "PP3_Moderate"), (28.0, "PP3"), (25.3, "PP3"), (25.2, None),
                                          (22.7, "BP4"), (17.3, "BP4_Moderate"), (17.4, "BP4")])
def test_cadd_bands(score, label):
    v = facts(predictor_scores={"CADD": score}, consequence="intron_variant")
    settings = dataclasses.replace(S, predictor="CADD")
    labels = [o.evidence.label for o in (a.pp3(v, settings), a.bp4(v, settings)) if o.status == MET]
    assert labels == ([label] if label else [])


def test_revel_is_not_applied_outside_missense():
    v = facts(consequence="3_prime_UTR_variant", predictor_scores={"REVEL": 0.9})
    assert a.pp3(v, S).status == NOT_EVALUATED and "missense" in a.pp3(v, S).reason


@pytest.mark.parametrize("spliceai, pp3_status, bp7_status", [
    (0.2, MET, NOT_MET), (0.1999, NOT_MET, NOT_MET), (0.1001, NOT_MET, NOT_MET), (0.1, NOT_MET, MET)])
def test_spliceai_bands(spliceai, pp3_status, bp7_status):
    """SpliceAI >= 0.2 PP3; BP7 for synonymous at <= 0.1 (Walker et al. 2023)."""
    assert a.pp3(facts(consequence="synonymous_variant", spliceai=spliceai), S).status == pp3_status
    assert a.bp7(facts(consequence="synonymous_variant", spliceai=spliceai), S).status == bp7_status


def test_pm1_plus_pp3_capped_at_four_points(tmp_path):
    index = index_from(tmp_path, [cv(100 + i, "W", "P", 1, ppos=20 + i) for i in range(1, 5)])
    outcomes = {o.code: o for o in a.assign(facts(pos=100, clinvar_index=index, predictor_scores={"REVEL": 0.95}), S)}
    assert outcomes["PM1"].strength == "Moderate"
    assert outcomes["PP3"].strength == "Moderate" and "capped" in outcomes["PP3"].reason


# -- family --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, expected, rule", [
    (dict(pm3_partners=[PM3Partner("x", "P", "trans")]), (MET, "Moderate"), "PM3: in trans with P = 1.0 (Moderate)"),
    (dict(pm3_partners=[PM3Partner("x", "LP", "trans")]), (MET, "Supporting"), "in trans with LP = 0.5 (Supporting)"),
    (dict(pm3_partners=[PM3Partner("x", "P", "unknown")]), (MET, "Supporting"), "phase unknown with P = 0.5"),
    (dict(pm3_partners=[PM3Partner("x", "LP", "unknown")]), (NOT_MET, None), "phase unknown with LP = 0.25 < 0.5"),
    (dict(homozygous=True), (MET, "Supporting"), "homozygous = 0.5"),
    (dict(pm3_partners=[PM3Partner("x", "P", "trans"), PM3Partner("y", "P", "trans")]), (MET, "Strong"), "2.0 Strong"),
    (dict(pm3_partners=[PM3Partner("x", "P", "cis")]), (NOT_MET, None), "in cis does not count"),
    (dict(pm3_partners=[PM3Partner("x", "P", "trans")], gene_modes={"AD"}), (NOT_MET, None), "dominant gene"),
])
def test_pm3_points(kw, expected, rule):
    """ClinGen SVI PM3 points (2019)."""
    assert result(a.pm3(facts(**kw), S)) == expected, rule


@pytest.mark.parametrize("partner, modes, expected", [
    (PM3Partner("x", "P", "cis"), set(), MET), (PM3Partner("x", "P", "trans"), {"AD"}, MET),
    (PM3Partner("x", "P", "trans"), {"AR"}, NOT_MET), (PM3Partner("x", None, "cis"), set(), NOT_MET)])
def test_bp2(partner, modes, expected):
    """BP2: in cis with a pathogenic variant, or in trans with one in a dominant gene."""
    assert a.bp2(facts(pm3_partners=[partner], gene_modes=modes), S).status == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(trio=True, de_novo="confirmed"), ("PS2", MET)), (dict(trio=True, de_novo="assumed"), ("PM6", MET)),
    (dict(trio=False), ("PS2", NOT_EVALUATED))])
def test_de_novo(kw, expected):
    code, status = expected
    assert getattr(a, code.lower())(facts(**kw), S).status == status


@pytest.mark.parametrize("score, expected", [(0.85, (MET, "Moderate")), (0.8499, (MET, "Supporting")),
                                             (0.6, (MET, "Supporting")), (0.5999, (NOT_MET, None)),
                                             (None, (NOT_EVALUATED, None))])
def test_pp4_capped_at_moderate(score, expected):
    assert result(a.pp4(facts(phenotype_score=score, phenotype_disease="OMIM:1"), S)) == expected


def test_pp4_names_a_gene_without_a_known_disease_rather_than_a_zero_match():
    """Issue 14: missing knowledge is not a mismatch; PP4 is not met, and the reason says why."""
    outcome = a.pp4(facts(phenotype_score=0.0, phenotype_disease=""), S)
    assert outcome.status == NOT_MET and "no disease of" in outcome.reason and "0.00" not in outcome.reason


def test_missing_data_is_reported_not_evaluated():
    outcomes = {o.code: o for o in a.assign(facts(gnomad_source=None), S)}
    for code in ("BA1", "BS1", "BS2", "PM2"):
        assert outcomes[code].status == NOT_EVALUATED and "no gnomAD" in outcomes[code].reason
    assert outcomes["PP3"].status == NOT_EVALUATED and "no REVEL score" in outcomes["PP3"].reason
    assert outcomes["PS1"].status == NOT_EVALUATED and "ClinVar" in outcomes["PS1"].reason


@pytest.mark.parametrize("consequence, repeat, pm4, bp3", [
    ("inframe_deletion", False, MET, NOT_MET), ("inframe_deletion", True, NOT_MET, MET),
    ("inframe_insertion", None, NOT_EVALUATED, NOT_EVALUATED), ("stop_lost", None, MET, NOT_MET)])
def test_pm4_bp3(consequence, repeat, pm4, bp3):
    v = facts(consequence=consequence, repeat_region=repeat)
    assert (a.pm4(v, S).status, a.bp3(v, S).status) == (pm4, bp3)


@pytest.mark.parametrize("assigner, reason, rule", [
    (a.pvs1, "no consequence predicted: not shown to be a null variant",
     "PVS1 needs a null variant; a record kept for its ClinVar entry may have no predicted consequence"),
    (a.pm4, "no consequence predicted: not shown to change protein length",
     "PM4 needs an in-frame indel or a stop-loss; with no consequence none is shown"),
])
def test_a_variant_without_a_predicted_consequence_says_so(assigner, reason, rule):
    outcome = assigner(facts(consequence=None), S)
    assert (outcome.status, outcome.reason) == (NOT_MET, reason), rule
