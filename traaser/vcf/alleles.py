"""Which ALT alleles TRaaSer can assess (look up in databases, predict consequences for)."""

from __future__ import annotations

#: The accounting reason of a record (or allele) whose ALT cannot be assessed.
NOT_ASSESSED = "ALT not assessed (symbolic, '*', breakend or missing)"

#: gVCF's "any other allele" placeholders (GATK <NON_REF>, bcftools/DeepVariant <*>).
GVCF_PLACEHOLDERS = ("<NON_REF>", "<*>")


def is_not_assessed(alt: str) -> bool:
    """True for ALT '*' (spanning deletion), '.' (missing), a symbolic allele ('<DEL>') or a
    breakend ('G[2:321682['): these are counted as not assessed, never looked up."""
    return alt in ("*", ".") or alt.startswith("<") or "[" in alt or "]" in alt


def is_gvcf_block(alts: tuple[str, ...] | list[str]) -> bool:
    """True for a gVCF reference block or no-call site: its only ALT is a placeholder."""
    return len(alts) >= 1 and all(a in GVCF_PLACEHOLDERS for a in alts)
