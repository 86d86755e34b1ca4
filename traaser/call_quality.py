"""Whether a sample's genotype call is borne out by its own reads: the flags the report shows
beside a candidate, so a clinician sees which calls to confirm (Sanger, IGV) before trusting the
genotype they rest on.

Shown, never scored: no filter drops a flagged call and the posterior does not read the flags.
The benchmark spikes its causal variants with ideal calls (GQ 99, 15/15 or 0/30 reads), so it
cannot measure what a quality term would cost on real data (issue-14 note).

The thresholds are config ``prioritize.call_flags``; their defaults are those of slivar's
rare-disease "high quality" sample test (brentp/slivar, ``js/slivar-functions.js``): GQ at least
20, at least 6 reads, a heterozygous call with an alt-read fraction in [0.2, 0.8]. A homozygous
or hemizygous call is flagged when its alt-read fraction is inside or below that heterozygous
range, i.e. when the reads look heterozygous (slivar filters below 0.98; a flag for a reader only
asks that the reads not contradict the call). Depth is
:attr:`traaser.inheritance.Call.depth` (FORMAT/DP, or the AD sum where larger). A heterozygous call
is flagged for too few alt reads by its allele balance,
:attr:`~traaser.inheritance.Call.alt_fraction` (ALT over REF + ALT reads, as the de novo gate reads
it), and for too many by the alt share of the depth; a homozygous call by its allele balance. So a
flag needs both measures to agree: DP counts reads AD leaves out (HaplotypeCaller's uninformative
reads at an indel; the other ALT's reads in a 1/2 call split before the workflow). GQ is Phred-scaled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from traaser.inheritance import HET, HOM_ALT, Call


@dataclass(frozen=True)
class CallFlagGates:
    """The thresholds of :func:`call_flags` (config ``prioritize.call_flags``)."""

    min_gq: int
    min_depth: int
    het_min_alt_fraction: float
    het_max_alt_fraction: float

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> CallFlagGates:
        return cls(int(section["min_gq"]), int(section["min_depth"]),
                   float(section["het_min_alt_fraction"]), float(section["het_max_alt_fraction"]))


def call_flags(call: Call, gates: CallFlagGates) -> list[str]:
    """What in ``call`` needs checking, one phrase per finding ([] for a well-supported call or
    a sample that does not carry the allele); unknown values (-1) are never flagged."""
    if call.gt not in (HET, HOM_ALT):
        return []
    flags = []
    if 0 <= call.gq < gates.min_gq:
        flags.append(f"GQ {call.gq} (below {gates.min_gq})")
    depth = call.depth
    if 0 <= depth < gates.min_depth:
        flags.append(f"{depth} read{'s' if depth != 1 else ''} (below {gates.min_depth})")
    balance = call.alt_fraction
    if balance is None:
        return flags
    reads = call.allele_reads
    # Evidence against a call must hold over the REF + ALT reads and over the whole depth alike:
    # the alt share of the depth is never the larger, so it alone can say "too many alt reads"
    # (a 1/2 call split before the workflow shows no REF reads, but its DP counts the other ALT's),
    # and the share of REF + ALT alone "too few" (HaplotypeCaller's DP counts uninformative reads).
    of_depth = call.alt_reads / depth
    if call.gt == HET and balance < gates.het_min_alt_fraction:
        flags.append(f"heterozygous call, but only {_share(balance, reads)}: a mosaic, or an artefact")
    elif call.gt == HET and of_depth > gates.het_max_alt_fraction:
        flags.append(f"heterozygous call, but {_share(of_depth, depth)}: the reads look homozygous")
    elif call.gt == HOM_ALT and balance <= gates.het_max_alt_fraction:
        kind = "hemizygous" if call.haploid else "homozygous"
        flags.append(f"{kind} call, but only {_share(balance, reads)}: the reads look heterozygous")
    return flags


def _share(fraction: float, reads: int) -> str:
    return f"{fraction:.0%} of {reads} reads carry the alt allele"
