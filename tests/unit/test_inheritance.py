"""Inheritance patterns from genotypes, each row quoting the rule it checks."""

import pytest

from traaser.config import check_config
from traaser.inheritance import (
    HET,
    HOM_ALT,
    HOM_REF,
    MISSING,
    Call,
    Family,
    Segregation,
    compound_heterozygous_pairs,
    fits_modes,
    segregate,
    transmitting_parent,
)
from traaser.settings import AcmgSettings

TRIO = Family("kid", "male", "dad", "mum")
GATES = AcmgSettings.from_config(check_config({}, "test")["acmg"])


def call(gt, gq=99, dp=30, ref=None, alt=None):
    if ref is None:
        ref, alt = {HOM_REF: (30, 0), HET: (15, 15), HOM_ALT: (0, 30), MISSING: (-1, -1)}[gt]
    return Call(gt, gq, dp, ref, alt)


def seg(kid, dad, mum, chrom="1", pos=1000, family=TRIO, parentage=True):
    return segregate({"kid": kid, "dad": dad, "mum": mum}, family, chrom, pos, "GRCh37", parentage, GATES)


@pytest.mark.parametrize("kid, dad, mum, parentage, expected, rule", [
    (call(HET), call(HOM_REF), call(HOM_REF), True, "confirmed", "PS2: de novo with parentage confirmed"),
    (call(HET), call(HOM_REF), call(HOM_REF), False, "assumed", "PM6: de novo without confirmed parentage"),
    (call(HET, gq=19), call(HOM_REF), call(HOM_REF), True, None, "de novo needs proband GQ >= 20"),
    (call(HET, dp=5), call(HOM_REF), call(HOM_REF), True, None, "de novo needs proband depth >= 6"),
    (call(HET, ref=27, alt=3), call(HOM_REF), call(HOM_REF), True, None, "allele balance 0.1 < 0.2"),
    (call(HET, ref=3, alt=27), call(HOM_REF), call(HOM_REF), True, None, "allele balance 0.9 > 0.8"),
    (call(HET, dp=106, ref=8, alt=15), call(HOM_REF), call(HOM_REF), True, "confirmed",
     "allele balance is over the AD sum (15/23 = 0.65), not over DP (15/106): HaplotypeCaller's AD "
     "counts informative reads only"),
    (call(HET, dp=60, ref=0, alt=28), call(HOM_REF), call(HOM_REF), True, None,
     "a 1/2 call split without --keep-sum AD shows no REF reads: 28/28 = 1.0 > 0.8"),
    (call(HET, dp=60, ref=32, alt=28), call(HOM_REF), call(HOM_REF), True, "confirmed",
     "the same call split with --keep-sum AD: 28/60 = 0.47"),
    (call(HET), call(HOM_REF, ref=28, alt=2), call(HOM_REF), True, None, "parents' alt reads must be < 2"),
    (call(HET), call(HOM_REF, gq=10), call(HOM_REF), True, None, "parents need GQ >= 20"),
    (call(HET), call(HET), call(HOM_REF), True, None, "inherited from a heterozygous parent"),
    (call(HET), call(MISSING), call(HOM_REF), True, None, "a missing parental call is never reference"),
])
def test_de_novo(kid, dad, mum, parentage, expected, rule):
    assert seg(kid, dad, mum, parentage=parentage).de_novo == expected, rule


@pytest.mark.parametrize("kid, dad, mum, expected, rule", [
    (call(HOM_ALT), call(HET), call(HET), True, "AR homozygous: both parents carriers"),
    (call(HOM_ALT), call(MISSING), call(HET), True, "AR homozygous: a parent not genotyped"),
    (call(HOM_ALT), call(HOM_ALT), call(HET), False, "not AR: unaffected homozygous parent"),
    (call(HOM_ALT), call(HOM_REF), call(HET), False, "not AR: homozygous-reference parent (deletion/UPD?)"),
    (call(HET), call(HET), call(HET), False, "a heterozygous child is not AR homozygous"),
])
def test_recessive_homozygous(kid, dad, mum, expected, rule):
    assert ("AR_homozygous" in seg(kid, dad, mum).patterns) is expected, rule


def test_affected_homozygous_parent_fits_recessive():
    family = Family("kid", "male", "dad", "mum", father_affected=True)
    assert "AR_homozygous" in seg(call(HOM_ALT), call(HOM_ALT), call(HET), family=family).patterns


@pytest.mark.parametrize("kid, dad, mum, expected, rule", [
    (call(HET), call(HET), call(HOM_REF), "father", "the carrier parent transmitted it"),
    (call(HET), call(HET), call(HOM_ALT), "mother", "a het child of a hom-ALT mother got ALT from her"),
    (call(HET), call(HOM_ALT), call(HET), "father", "a het child of a hom-ALT father got ALT from him"),
    (call(HET), call(HET), call(HET), "both", "both parents heterozygous: phase unknown"),
    (call(HET), call(MISSING), call(HET), None, "a missing parental call gives no origin"),
])
def test_transmitting_parent(kid, dad, mum, expected, rule):
    assert transmitting_parent(kid, dad, mum) == expected, rule


def test_heterozygous_from_unaffected_parent_does_not_fit_dominant():
    result = seg(call(HET), call(HET), call(HOM_REF))
    assert "AD_heterozygous" not in result.patterns
    assert "unaffected father" in " ".join(result.reasons)


@pytest.mark.parametrize("pos, sex, expected, rule", [
    (10_000_000, "male", True, "chrX outside the PAR in a male is hemizygous"),
    (1_000_000, "male", False, "chrX PAR1 (60,001-2,699,520 on GRCh37) behaves as an autosome"),
    (10_000_000, "female", False, "a female is not hemizygous"),
])
def test_x_hemizygous(pos, sex, expected, rule):
    family = Family("kid", sex, "dad", "mum")
    result = seg(call(HOM_ALT), call(HOM_REF), call(HET), chrom="X", pos=pos, family=family)
    assert ("X_hemizygous" in result.patterns) is expected, rule


def _het(origin):
    return Segregation(inherited_from=origin)


@pytest.mark.parametrize("origins, trio, n_pairs, rule", [
    (("father", "mother"), True, 1, "in trans: one allele from each parent"),
    (("father", "father"), True, 0, "both from the father: in cis, not compound heterozygous"),
    (("both", "mother"), True, 0, "a variant both parents carry cannot be phased"),
    (("neither", "mother"), True, 1, "one de novo, one inherited: possible"),
    (("father", "father"), False, 1, "no parents genotyped: two hets reported with phase unknown"),
])
def test_compound_heterozygous_pairs(origins, trio, n_pairs, rule):
    family = TRIO if trio else Family("kid", "male")
    variants = [(f"v{i}", call(HET), _het(origin)) for i, origin in enumerate(origins)]
    assert len(compound_heterozygous_pairs(variants, family)) == n_pairs, rule


@pytest.mark.parametrize("patterns, modes, fits", [
    ({"de_novo", "AD_heterozygous"}, {"AD"}, True),
    ({"AD_heterozygous"}, {"AR"}, False),
    ({"AR_compound_heterozygous"}, {"AR"}, True),
    ({"X_hemizygous"}, {"XR"}, True),
    (set(), set(), True),
])
def test_fit_to_gene_modes(patterns, modes, fits):
    assert fits_modes(patterns, modes)[0] is fits


def test_haploid_x_call_in_a_male_is_hemizygous():
    """A haploid GT '1' on chrX outside the PAR in a male: hemizygous (FAULTS: haploid X/Y/MT)."""
    haploid = Call(HOM_ALT, 99, 30, 0, 30, haploid=True)
    family = Family("kid", "male", "dad", "mum")
    result = segregate({"kid": haploid, "dad": call(HOM_REF), "mum": call(HET)}, family, "X", 10_000_000, "GRCh37",
                       True, GATES)
    assert "X_hemizygous" in result.patterns and result.inherited_from == "mother"


def test_missing_parent_genotypes_leave_phase_unknown():
    """A './.' parent is missing, never reference: no de novo, no phase, no inherited-from."""
    family = Family("kid", "female", "dad", "mum")
    result = seg(call(HET), call(MISSING), call(MISSING), family=family)
    assert result.de_novo is None and result.inherited_from is None
    assert "AD_heterozygous" in result.patterns, "with no parental genotypes a heterozygote may still be dominant"
    pairs = compound_heterozygous_pairs([("a", call(HET), result), ("b", call(HET), result)], family)
    assert pairs == [], "a trio whose parental calls are missing cannot phase: the pair is not called in trans"


def test_parent_absent_from_the_vcf_is_a_singleton_for_that_side():
    family = Family("kid", "male", None, "mum")
    result = segregate({"kid": call(HOM_ALT), "mum": call(HET)}, family, "1", 1000, "GRCh37", True, GATES)
    assert "AR_homozygous" in result.patterns and result.de_novo is None


@pytest.mark.parametrize("kid, depth, fraction, rule", [
    (Call(HET, 99, 30, 15, 15), 30, 0.5, "DP equals the AD sum"),
    (Call(HET, 99, 106, 8, 15), 106, 15 / 23, "DP above the AD sum: depth is DP, the balance over AD"),
    (Call(HET, 99, 20, 27, 3), 30, 0.1, "DP below the AD sum: depth is the AD sum"),
    (Call(HET, 99, 30), 30, None, "no AD: depth from DP, no balance"),
    (Call(HET, 99, -1, 10, 5), 15, 5 / 15, "no DP: the AD sum"),
    (Call(HET, 99, 30, 0, 0), 30, None, "AD 0,0: no balance"),
    (Call(HET), -1, None, "nothing known"),
])
def test_call_depth_and_alt_fraction(kid, depth, fraction, rule):
    assert kid.depth == depth, rule
    assert kid.alt_fraction == (pytest.approx(fraction) if fraction is not None else None), rule
