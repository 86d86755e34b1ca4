"""Evaluation of the collected candidates (traaser/prioritize.py): segregation with the
mode-specific frequency ceilings, compound heterozygous pairs, and one evaluated result per
candidate that leaves the collected candidate as it was."""

import pytest

from traaser import prioritize as p
from traaser.candidate import Candidate
from traaser.config import check_config
from traaser.inheritance import HET, HOM_REF, Call, Family, Segregation
from traaser.settings import AcmgSettings

CEILINGS = {"dominant": 0.001, "compound_heterozygous": 0.005, "homozygous": 0.01}
ACMG = AcmgSettings.from_config(check_config({}, "test")["acmg"])


@pytest.mark.parametrize("af, kept, rule", [
    (0.0009, True, "dominant ceiling 0.001: a de novo at AF 0.0009 still fits"),
    (0.0011, False, "dominant ceiling 0.001: not at AF 0.0011"),
])
def test_mode_specific_frequency_ceilings(af, kept, rule):
    segregation = Segregation(patterns={"de_novo", "AD_heterozygous"})
    p.apply_frequency_ceilings(segregation, {"AF": af}, CEILINGS)
    assert ("de_novo" in segregation.patterns) is kept, rule
    if not kept:
        assert "dominant ceiling" in segregation.reasons[-1]


def _het(chrom, pos, from_parent):
    """A proband het inherited from one parent (the other parent 0/0)."""
    kid = Call(HET, 99, 30, 15, 15)
    carrier, other = Call(HET, 99, 30, 15, 15), Call(HOM_REF, 99, 30, 30, 0)
    calls = {"KID": kid, "DAD": carrier if from_parent == "father" else other,
             "MUM": carrier if from_parent == "mother" else other}
    return Candidate(chrom, pos, "C", "T", "GENE1", None, calls)


def test_compound_heterozygous_pair_in_trans_is_found_without_changing_the_candidates():
    """AR compound heterozygous: one allele from each parent (in trans); the candidates stay as
    collected, so a second evaluation of the same candidates starts from the same facts."""
    family = Family("KID", "female", father="DAD", mother="MUM")
    first, second = _het("1", 100, "father"), _het("1", 200, "mother")
    for _ in range(2):
        fit = p.segregate_all([first, second], family, "GRCh37", True, ACMG, CEILINGS)
        assert "AR_compound_heterozygous" in fit.segregation[first].patterns
        assert fit.partners[first] == [second.key] and fit.partners[second] == [first.key]
        assert fit.by_gene == {"GENE1": [first, second]}


def test_compound_heterozygous_ceiling_leaves_a_common_partner_out():
    """The compound heterozygous ceiling (0.005, highest group's AF) applies to each member of a pair."""
    family = Family("KID", "female", father="DAD", mother="MUM")
    rare = _het("1", 100, "father")
    common = Candidate("1", 200, "C", "T", "GENE1", None, _het("1", 200, "mother").calls, gnomad={"AF_GRPMAX": 0.006})
    fit = p.segregate_all([rare, common], family, "GRCh37", True, ACMG, CEILINGS)
    assert "AR_compound_heterozygous" not in fit.segregation[rare].patterns
    assert fit.partners == {}
