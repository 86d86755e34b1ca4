"""HGVS-style names of a variant on a transcript, for the report.

c. positions come from the transcript geometry of the GFF3 (CDS offset, intronic offsets from
the nearest exon boundary, 5'/3' UTR as c.-N / c.*N); p. comes from the consequence step's
amino-acid change. Indels are named at their VCF position without 3' shifting, which the
report says. Coordinates: VCF POS 1-based.
"""

from __future__ import annotations

import re

from traaser.annotate.transcripts import Transcript

COMPLEMENT = str.maketrans("ACGTNacgtn", "TGCAntgcan")
ONE_TO_THREE = {"A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu", "G": "Gly",
                "H": "His", "I": "Ile", "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser",
                "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter"}
THREE_TO_ONE = {three: one for one, three in ONE_TO_THREE.items()}


def _strand(t: Transcript, sequence: str) -> str:
    return sequence if t.strand == "+" else sequence.translate(COMPLEMENT)[::-1]


def _exon_coordinate(t: Transcript, pos: int) -> str | None:
    """c. coordinate of an exonic position: CDS offset + 1, or -N before / *N after the CDS."""
    offset = t.cds_offset(pos)
    if offset is not None:
        return str(offset + 1)
    if not t.cds:
        return None
    cds_start = t.cds[0][0] if t.strand == "+" else t.cds[0][1]
    cds_end = t.cds[-1][1] if t.strand == "+" else t.cds[-1][0]
    index = t.exon_index(pos)
    if index is None:
        return None

    def exonic_distance(a: int, b: int) -> int:
        """Exonic nt from a to b (b downstream of a in transcript orientation), a excluded."""
        lo, hi = (a, b) if t.strand == "+" else (b, a)
        return sum(max(0, min(hi, e) - max(lo, s) + 1) for s, e in t.exons) - 1
    upstream = (pos < cds_start) if t.strand == "+" else (pos > cds_start)
    if upstream:
        return f"-{exonic_distance(pos, cds_start)}"
    return f"*{exonic_distance(cds_end, pos)}"


def c_position(t: Transcript, pos: int) -> str | None:
    """c. coordinate of any position within the transcript, introns as N+k / N-k."""
    exonic = _exon_coordinate(t, pos)
    if exonic is not None:
        return exonic
    best: tuple[int, str] | None = None
    for start, end in t.exons:
        for boundary in (start, end):
            distance = abs(pos - boundary)
            if best is None or distance < best[0]:
                anchor = _exon_coordinate(t, boundary)
                if anchor is None:
                    continue
                downstream = (pos > boundary) if t.strand == "+" else (pos < boundary)
                best = (distance, f"{anchor}{'+' if downstream else '-'}{distance}")
    return best[1] if best else None


def hgvs_c(t: Transcript | None, pos: int, ref: str, alt: str) -> str:
    """c. name on ``t`` ('' when unknown)."""
    if t is None:
        return ""
    if len(ref) == 1 and len(alt) == 1:
        where = c_position(t, pos)
        return f"{t.id}:c.{where}{_strand(t, ref)}>{_strand(t, alt)}" if where else ""
    if len(ref) > 1 and len(alt) == 1 and ref[0] == alt[0]:          # deletion after the anchor base
        first, last = pos + 1, pos + len(ref) - 1
        a, b = (c_position(t, first), c_position(t, last))
        if not a or not b:
            return ""
        a, b = (a, b) if t.strand == "+" else (b, a)
        return f"{t.id}:c.{a}_{b}del" if a != b else f"{t.id}:c.{a}del"
    if len(alt) > 1 and len(ref) == 1 and ref[0] == alt[0]:          # insertion after the anchor base
        a, b = c_position(t, pos), c_position(t, pos + 1)
        if not a or not b:
            return ""
        a, b = (a, b) if t.strand == "+" else (b, a)
        return f"{t.id}:c.{a}_{b}ins{_strand(t, alt[1:])}"
    return ""


def hgvs_p(protein_change: str) -> str:
    """p. name from a bcftools csq amino-acid change ('87Q>87*' -> p.(Gln87Ter), '387G' -> p.(Gly387=))."""
    change = re.fullmatch(r"(\d+)([A-Z*])>\1([A-Z*])", protein_change)
    if change:
        position, ref, alt = change.groups()
        return f"p.({ONE_TO_THREE.get(ref, ref)}{position}{ONE_TO_THREE.get(alt, alt)})"
    same = re.fullmatch(r"(\d+)([A-Z*])", protein_change)
    if same:
        return f"p.({ONE_TO_THREE.get(same.group(2), same.group(2))}{same.group(1)}=)"
    return protein_change
