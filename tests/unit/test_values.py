"""INFO values as TRaaSer compares them (traaser/vcf/values.py)."""

import pytest

from traaser.vcf.values import as_vcf_float, first_number


@pytest.mark.parametrize("value, expected, rule", [
    (0.05, True, "a threshold of 0.05 equals an INFO Float written as 0.05 (single precision)"),
    (0.001, True, "likewise 0.001"),
])
def test_thresholds_compare_as_vcf_floats_are_stored(value, expected, rule):
    import struct
    stored = struct.unpack("f", struct.pack("f", value))[0]      # what htslib gives back for '0.05'
    assert (stored <= as_vcf_float(value)) is expected and stored > value, rule


@pytest.mark.parametrize("value, expected, rule", [
    (0.25, 0.25, "a number"), ("0.25", 0.25, "a number as text"), ((0.1, 0.2), 0.1, "Number=A: the first"),
    ([], None, "an empty list is missing"), (None, None, "missing"), ("abc", None, "not a number"),
    (float("nan"), None, "NaN is missing"), (-1, None, "negative sentinels (gnomAD's -1) are missing"),
    (0, 0.0, "zero is a value"),
])
def test_first_number(value, expected, rule):
    assert first_number(value) == expected, rule
