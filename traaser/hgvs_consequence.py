"""The consequence an HGVS description implies without a reference sequence.

The benchmark spikes published variants into backgrounds that have no FASTA, so bcftools csq
cannot run on them; the case's own HGVS stands in. A p. description names the consequence. When
a case gives only a c. description (the store's curators leave p. out for some variants), the
c. position still says enough in two common cases:

* a coding indel: its net length change (from the VCF alleles) decides frameshift against
  in-frame, as bcftools csq and VEP decide it;
* a coding SNV: its position in the codon ((c. - 1) mod 3, c. 1-based from the A of the ATG)
  and its two bases, read on the transcript strand as HGVS writes them. Over every sense codon
  with that base at that position, the standard genetic code gives the possible outcomes; when
  none is synonymous the change must alter the protein (a second-position change always does).

An n. description (a non-coding transcript, e.g. RMRP's) gives a non-coding exon variant, or a
splice site or intron from its offsets, as bcftools csq would call it. Anything else stays
``coding_sequence_variant``: a change that may be synonymous is not called
missense.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from traaser.annotate.hgvs import THREE_TO_ONE

BASES = "TCAG"
#: The standard genetic code, codons in TCAG order (first base slowest); '*' is a stop.
AMINO_ACIDS = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
GENETIC_CODE = {a + b + c: AMINO_ACIDS[16 * i + 4 * j + k]
                for i, a in enumerate(BASES) for j, b in enumerate(BASES) for k, c in enumerate(BASES)}
START_CODON = "ATG"

CODING_SNV = re.compile(r"^c\.(\d+)([ACGT])>([ACGT])$")
CODING_INDEL = re.compile(r"^c\.\d+(_\d+)?(del|dup|ins|delins)[ACGT]*\d*$")
INTRONIC = re.compile(r"[cn]\.[-*]?\d+([+-])(\d+)")


def consequence_from_hgvs(variant: Mapping[str, Any]) -> tuple[str, str]:
    """(SO term, BCSQ-style protein change such as '212L>212P', or '') for one case variant.

    ``variant`` holds ``hgvs_c`` and ``hgvs_p`` (with or without their 'NM_…:' prefix) and the
    VCF alleles ``ref_grch37``/``alt_grch37`` (or ``ref``/``alt``) that a coding indel's length
    is read from."""
    p = (variant.get("hgvs_p") or "").split(":")[-1]
    c = (variant.get("hgvs_c") or "").split(":")[-1]
    ref = variant.get("ref_grch37") or variant.get("ref") or ""
    alt = variant.get("alt_grch37") or variant.get("alt") or ""
    return from_protein_change(p) or from_coding_change(c, ref, alt)


def from_protein_change(p: str) -> tuple[str, str] | None:
    """The consequence an HGVS p. description implies, or None when it says nothing (p.?, p.=...)."""
    missense = re.search(r"p\.\(?([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2})\)?$", p)
    if "fs" in p:
        return "frameshift_variant", ""
    if re.search(r"p\.\(?Met1", p) and ("?" in p or "del" in p or "ext" in p):
        return "start_lost", ""
    if re.search(r"Ter\d+[A-Z][a-z]{2}", p) or "extTer" in p:
        return "stop_lost", ""
    if missense:
        ref, pos, alt = THREE_TO_ONE.get(missense.group(1), "?"), missense.group(2), missense.group(3)
        if alt == "Ter":
            return "stop_gained", f"{pos}{ref}>{pos}*"
        return "missense_variant", f"{pos}{ref}>{pos}{THREE_TO_ONE.get(alt, '?')}"
    if "delins" in p or ("del" in p and "ins" in p):
        return "protein_altering_variant", ""
    if "del" in p:
        return "inframe_deletion", ""
    if "ins" in p or "dup" in p:
        return "inframe_insertion", ""
    if p.endswith("=") or p.endswith("=)"):
        return "synonymous_variant", ""
    return None


def from_coding_change(c: str, ref: str = "", alt: str = "") -> tuple[str, str]:
    """The consequence an HGVS c. (or n., a non-coding transcript's) description implies:
    splice site, intron or UTR from its offsets; an n. exon position is a non-coding exon; in
    the CDS, an indel's frame from the VCF alleles' length change and an SNV's
    effect from its codon position (:func:`snv_outcomes`); else ``coding_sequence_variant``."""
    site = INTRONIC.search(c)
    if site:
        offset = int(site.group(2))
        if offset <= 2:
            return ("splice_donor_variant" if site.group(1) == "+" else "splice_acceptor_variant"), ""
        return ("splice_region_variant" if offset <= 8 else "intron_variant"), ""
    if c.startswith("n."):
        return "non_coding_transcript_exon_variant", ""
    if c.startswith("c.-"):
        return "5_prime_UTR_variant", ""
    if c.startswith("c.*"):
        return "3_prime_UTR_variant", ""
    if CODING_INDEL.match(c) and ref and alt:
        change = len(alt) - len(ref)
        if change % 3:
            return "frameshift_variant", ""
        if change:
            return ("inframe_insertion" if change > 0 else "inframe_deletion"), ""
    snv = CODING_SNV.match(c)
    if snv:
        position, ref_base, alt_base = int(snv.group(1)), snv.group(2), snv.group(3)
        if position <= len(START_CODON) and START_CODON[position - 1] == ref_base:
            return "start_lost", ""
        outcomes = snv_outcomes((position - 1) % 3, ref_base, alt_base)
        if "synonymous" not in outcomes:
            return ("missense_variant" if outcomes == {"missense"} else "protein_altering_variant"), ""
    return "coding_sequence_variant", ""


def snv_outcomes(codon_index: int, ref_base: str, alt_base: str) -> set[str]:
    """What a ``ref_base`` > ``alt_base`` change at ``codon_index`` (0, 1 or 2) of a sense codon
    can do, over every sense codon with ``ref_base`` there: a subset of {'synonymous',
    'missense', 'stop_gained'}."""
    outcomes = set()
    for codon, amino_acid in GENETIC_CODE.items():
        if codon[codon_index] != ref_base or amino_acid == "*":
            continue
        changed = GENETIC_CODE[codon[:codon_index] + alt_base + codon[codon_index + 1:]]
        outcomes.add("synonymous" if changed == amino_acid else "stop_gained" if changed == "*" else "missense")
    return outcomes
