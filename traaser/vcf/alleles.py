"""Which ALT alleles TRaaSer can assess (look up in databases, predict consequences for)."""

from __future__ import annotations


def is_not_assessed(alt: str) -> bool:
    """True for ALT '*' (spanning deletion), '.' (missing), a symbolic allele ('<DEL>') or a
    breakend ('G[2:321682['): these are counted as not assessed, never looked up."""
    return alt in ("*", ".") or alt.startswith("<") or "[" in alt or "]" in alt
