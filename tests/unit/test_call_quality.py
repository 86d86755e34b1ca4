"""Call flags: when the report tells the reader a genotype call needs checking (shown, never
scored). Defaults are slivar's rare-disease high-quality sample test (GQ >= 20, >= 6 reads,
heterozygous alt fraction 0.2-0.8); depth is DP or ref + alt reads, whichever is larger, and the
alt fraction is over that depth."""

from __future__ import annotations

import pytest

from traaser.call_quality import CallFlagGates, call_flags
from traaser.config import check_config
from traaser.inheritance import HET, HOM_ALT, HOM_REF, Call

GATES = CallFlagGates(min_gq=20, min_depth=6, het_min_alt_fraction=0.2, het_max_alt_fraction=0.8)


@pytest.mark.parametrize("call, expected, rule", [
    (Call(HET, 99, 30, 15, 15), [], "a balanced, confident heterozygous call is not flagged"),
    (Call(HOM_ALT, 99, 30, 0, 30), [], "a homozygous call with every read alt is not flagged"),
    (Call(HOM_ALT, 45, 16, 1, 15), [], "one ref read in 16 (94% alt) does not contradict a homozygous call"),
    (Call(HOM_REF, 5, 2, 2, 0), [], "a sample that does not carry the allele is never flagged"),
    (Call(HET, -1, -1, -1, -1), [], "unknown GQ, depth and reads are not flagged"),
    (Call(HET, 15, 30, 15, 15), ["GQ 15 (below 20)"], "GQ below min_gq"),
    (Call(HET, 20, 6, 3, 3), [], "GQ and depth exactly at the thresholds pass"),
    (Call(HOM_ALT, 30, 5, 0, 5), ["5 reads (below 6)"], "fewer reads than min_depth"),
    (Call(HET, 40, 4), ["4 reads (below 6)"], "depth from FORMAT/DP when AD is missing"),
    (Call(HET, 99, 50, 45, 5), ["heterozygous call, but only 10% of 50 reads carry the alt allele: a mosaic, or an artefact"],
     "heterozygous alt fraction below het_min_alt_fraction"),
    (Call(HET, 99, 50, 5, 45), ["heterozygous call, but 90% of 50 reads carry the alt allele: the reads look homozygous"],
     "heterozygous alt fraction above het_max_alt_fraction"),
    (Call(HET, 99, 50, 40, 10), [], "exactly het_min_alt_fraction passes (inclusive range)"),
    (Call(HET, 99, 229, 148, 81), [],
     "a 1/2 call split by the normalization (--keep-sum AD: the other ALT's 148 reads count as REF): 81/229"),
    (Call(HET, 99, 229, 0, 81), [],
     "a 1/2 call split before the workflow (no REF reads in AD): too many alt reads needs 81/229 > 0.8 of DP too"),
    (Call(HET, 99, 90, 0, 81), ["heterozygous call, but 90% of 90 reads carry the alt allele: the reads look homozygous"],
     "too many alt reads over AD (81/81) and over DP (81/90)"),
    (Call(HET, 99, 106, 8, 15), [],
     "too few alt reads is judged over REF + ALT (15/23), not DP (15/106): HaplotypeCaller's DP counts "
     "reads AD leaves out"),
    (Call(HOM_ALT, 99, 40, 0, 15), [], "a homozygous call is judged over REF + ALT (15/15), not DP (15/40)"),
    (Call(HET, 99, 20, 5, 25), ["heterozygous call, but 83% of 30 reads carry the alt allele: the reads look homozygous"],
     "depth is ref + alt reads where they exceed DP"),
    (Call(HOM_ALT, 30, 28, 18, 10), ["homozygous call, but only 36% of 28 reads carry the alt allele: the reads look heterozygous"],
     "homozygous call whose reads look heterozygous (alt fraction within the heterozygous range)"),
    (Call(HOM_ALT, 99, 50, 10, 40), ["homozygous call, but only 80% of 50 reads carry the alt allele: the reads look heterozygous"],
     "homozygous call at exactly het_max_alt_fraction is flagged (inside the heterozygous range)"),
    (Call(HOM_ALT, 12, 3, 1, 2, haploid=True),
     ["GQ 12 (below 20)", "3 reads (below 6)", "hemizygous call, but only 67% of 3 reads carry the alt allele: the reads look heterozygous"],
     "a haploid call is named hemizygous; every finding is listed"),
])
def test_call_flags(call: Call, expected: list[str], rule: str) -> None:
    assert call_flags(call, GATES) == expected, rule


def test_default_gates_come_from_the_config_schema() -> None:
    """The shipped defaults are the documented ones (config/config.schema.yaml)."""
    settings = check_config({}, "test")["prioritize"]["call_flags"]
    assert CallFlagGates.from_config(settings) == GATES
