"""Evidence assigners: pure functions from a variant's annotations to ACMG evidence.

Each assigner returns zero or one :class:`Evidence` with a reason that quotes the numbers
used. Thresholds come from criteria.yaml or the run config, never from literals here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from traaser.acmg.criteria import Evidence, knowledge, threshold

NULL_CONSEQUENCES = {"stop_gained", "frameshift_variant", "splice_acceptor_variant", "splice_donor_variant"}
INFRAME_CONSEQUENCES = {"inframe_insertion", "inframe_deletion", "stop_lost"}
RECESSIVE_MODES = {"AR", "XR", "XL"}
DOMINANT_MODES = {"AD", "XD"}


@dataclass
class VariantFacts:
    """What the assigners may look at for one ALT allele. Frequencies are fractions (0–1)."""

    key: str                      # chrom:pos:ref:alt (pos 1-based)
    build: str
    gene: str
    consequence: str              # worst SO term
    gnomad_af: float | None = None
    gnomad_faf: float | None = None
    gnomad_ac: int | None = None
    gnomad_an: int | None = None
    gnomad_nhomalt: int | None = None
    gnomad_source: str = "gnomAD"
    gene_modes: set[str] = field(default_factory=set)
    loeuf: float | None = None
    predictor_scores: dict[str, float] = field(default_factory=dict)
    de_novo: str | None = None    # "confirmed", "assumed" or None
    de_novo_reason: str = ""


Assigner = Callable[[VariantFacts, dict], "Evidence | None"]


def pvs1(v: VariantFacts, settings: dict) -> Evidence | None:
    """Simplified PVS1: null variant in a gene whose LOEUF shows loss-of-function intolerance."""
    if v.consequence not in NULL_CONSEQUENCES and v.consequence != "start_lost":
        return None
    limit = threshold("pvs1_loeuf_max")
    if v.loeuf is None or v.loeuf >= limit:
        return None
    mechanism = f"{v.gene} LOEUF {v.loeuf:.3f} < {limit}"
    if v.consequence == "start_lost":
        return Evidence("PVS1", "Moderate", f"start_lost in {mechanism} (initiation codon: Moderate)")
    return Evidence("PVS1", "VeryStrong", f"{v.consequence} in {mechanism} (NMD position not yet modelled)")


def pvs1_not_applied(v: VariantFacts) -> str | None:
    """Why PVS1 was withheld from a null variant, for the report (None if not a null variant)."""
    if v.consequence not in NULL_CONSEQUENCES | {"start_lost"}:
        return None
    if v.loeuf is None:
        return f"PVS1 not applied: no gene constraint (LOEUF) for {v.gene}, so loss of function is not an established mechanism"
    if v.loeuf >= threshold("pvs1_loeuf_max"):
        return f"PVS1 not applied: {v.gene} LOEUF {v.loeuf:.3f} >= {threshold('pvs1_loeuf_max')}"
    return None


def de_novo(v: VariantFacts, settings: dict) -> Evidence | None:
    """PS2 for a de novo call with both parents genotyped and parentage consistent; PM6 when assumed."""
    if v.de_novo == "confirmed":
        return Evidence("PS2", "Strong", v.de_novo_reason)
    if v.de_novo == "assumed":
        return Evidence("PM6", "Moderate", v.de_novo_reason)
    return None


def _absent(v: VariantFacts) -> bool:
    return v.gnomad_ac in (None, 0) and not v.gnomad_af


def pm2(v: VariantFacts, settings: dict) -> Evidence | None:
    """PM2_Supporting: absent from gnomAD, or AF <= 1e-4 in a recessive gene."""
    if _absent(v):
        return Evidence("PM2", "Supporting", f"absent from {v.gnomad_source}")
    limit = threshold("pm2_recessive_max_af")
    if v.gene_modes & RECESSIVE_MODES and v.gnomad_af is not None and v.gnomad_af <= limit:
        return Evidence("PM2", "Supporting", f"{v.gnomad_source} AF {v.gnomad_af:.2g} <= {limit} in a recessive gene")
    return None


def _faf(v: VariantFacts) -> tuple[float | None, str]:
    if v.gnomad_faf is not None:
        return v.gnomad_faf, "filtering AF"
    return v.gnomad_af, "AF (no filtering AF in source)"


def ba1(v: VariantFacts, settings: dict) -> Evidence | None:
    """BA1: FAF > 0.05 with AN >= 2000, except the SVI exception variants."""
    faf, what = _faf(v)
    limit, min_an = threshold("ba1_faf"), threshold("ba1_min_an")
    if faf is None or faf <= limit or (v.gnomad_an or 0) < min_an:
        return None
    if v.build == "GRCh38" and v.key.removeprefix("chr") in knowledge()["ba1_exceptions_grch38"]:
        return None
    return Evidence("BA1", "StandAlone", f"{v.gnomad_source} {what} {faf:.3g} > {limit} (AN {v.gnomad_an})")


def bs1(v: VariantFacts, settings: dict) -> Evidence | None:
    """BS1: FAF above the maximum credible AF, only when neither BA1 nor PM2 applies."""
    faf, what = _faf(v)
    limit = float(settings["bs1_max_credible_af"])
    if faf is None or faf <= limit or ba1(v, settings) or pm2(v, settings):
        return None
    return Evidence("BS1", "Strong", f"{v.gnomad_source} {what} {faf:.3g} > maximum credible AF {limit}")


def bs2(v: VariantFacts, settings: dict) -> Evidence | None:
    """BS2: healthy homozygotes (recessive/X-linked) or heterozygotes (dominant) in gnomAD."""
    if v.gnomad_nhomalt is None:
        return None
    hom_limit = threshold("bs2_recessive_min_homozygotes")
    if (v.gene_modes & RECESSIVE_MODES or not v.gene_modes) and v.gnomad_nhomalt > hom_limit:
        return Evidence("BS2", "Strong", f"{v.gnomad_nhomalt} homozygotes in {v.gnomad_source} (> {hom_limit:g})")
    het_limit = threshold("bs2_dominant_min_heterozygotes")
    if v.gene_modes and v.gene_modes <= DOMINANT_MODES and v.gnomad_ac is not None:
        hets = v.gnomad_ac - 2 * v.gnomad_nhomalt
        if hets > het_limit:
            return Evidence("BS2", "Strong", f"{hets} heterozygotes in {v.gnomad_source} for a dominant gene (> {het_limit:g})")
    return None


def pm4(v: VariantFacts, settings: dict) -> Evidence | None:
    """PM4: in-frame indel or stop-loss (repeat regions not yet masked)."""
    if v.consequence in INFRAME_CONSEQUENCES:
        return Evidence("PM4", "Moderate", f"{v.consequence} changes protein length (repeat status not checked)")
    return None


def pp3_bp4(v: VariantFacts, settings: dict) -> Evidence | None:
    """PP3/BP4 from the one pre-chosen predictor at the calibrated cut-offs."""
    name = settings["pp3_predictor"]
    score = v.predictor_scores.get(name)
    if score is None:
        return None
    table = knowledge()["predictors"][name]
    for strength, cutoff in table["pathogenic"]:
        if score >= cutoff:
            return Evidence("PP3", strength, f"{name} {score:g} >= {cutoff} ({strength})")
    for strength, cutoff in table["benign"]:
        if score <= cutoff:
            return Evidence("BP4", strength, f"{name} {score:g} <= {cutoff} ({strength})")
    return None


ASSIGNERS: tuple[Assigner, ...] = (pvs1, de_novo, pm2, pm4, pp3_bp4, ba1, bs1, bs2)


def assign(v: VariantFacts, settings: dict) -> list[Evidence]:
    """All evidence for one variant, in assigner order."""
    evidence = [e for assigner in ASSIGNERS if (e := assigner(v, settings)) is not None]
    if any(e.code == "PVS1" for e in evidence):
        evidence = [e for e in evidence if e.code != "PM4"]
    return evidence
