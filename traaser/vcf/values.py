"""INFO values as TRaaSer compares them: VCF Floats at single precision, sentinels as missing."""

from __future__ import annotations

import math
import struct
from typing import Any


def as_vcf_float(value: float) -> float:
    """``value`` as a VCF Float field stores it (IEEE single precision), so that a threshold
    written as 0.05 equals, and is not exceeded by, an INFO value written as 0.05."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


def first_number(value: Any) -> float | None:
    """The first value of an INFO field as a float; None for missing, NaN or negative sentinels."""
    if isinstance(value, (tuple, list)):
        value = value[0] if value else None
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or number < 0 else number


def info_value(variant: Any, tag: str) -> Any:
    """A cyvcf2 record's INFO/``tag``, or None when absent or unreadable."""
    try:
        return variant.INFO.get(tag)
    except (KeyError, ValueError):
        return None
