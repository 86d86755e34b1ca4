"""Typed settings, built from the validated config (config/config.schema.yaml holds every key's
default and description; nothing here restates a number). Each stage reads attributes, so a
misspelt key is an error mypy finds, not a KeyError in a job. Frequencies are fractions (0-1),
depths in reads, GQ on the Phred scale, windows in bp.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

_Section = TypeVar("_Section", bound="_FromConfig")


class _FromConfig:
    """A config section as a frozen dataclass: every field from the validated section's key."""

    @classmethod
    def from_config(cls: type[_Section], section: Mapping[str, Any]) -> _Section:
        return cls(**{f.name: section[f.name] for f in fields(cls)})  # type: ignore[arg-type]


@dataclass(frozen=True)
class PrioritizeSettings(_FromConfig):
    """config ``prioritize``: the candidate filters and the phenotype similarity weights."""

    max_population_af: float
    min_impact: str
    keep_spliceai_min: float | None             # below min_impact, kept at SpliceAI max delta >= this
    require_pass: bool
    min_proband_gq: int
    call_flags: Mapping[str, Any]               # when the report flags a call (traaser.call_quality)
    inheritance_max_af: Mapping[str, float]     # by mode: dominant, compound_heterozygous, homozygous
    phenotype_patient_weight: float
    phenotype_gene_weight: float
    phenotype_frequency_weight: float
    phenotype_contradiction_weight: float


@dataclass(frozen=True)
class AcmgSettings(_FromConfig):
    """config ``acmg``: the ClinGen SVI thresholds of every criterion and the de novo gates."""

    classifier: str
    predictor: str
    ba1_faf: float
    ba1_min_an: int
    bs1_max_credible_af: float
    pm2_recessive_max_af: float
    bs2_recessive_min_homozygotes: int
    bs2_dominant_min_heterozygotes: int
    pvs1_loeuf_max: float
    pvs1_min_clinvar_lof: int
    pvs1_nmd_penultimate_nt: int
    pvs1_strong_min_fraction: float
    ps1_strong_min_stars: int
    pm5_min_stars: int
    pm1_window_bp: int
    pm1_min_pathogenic_missense: int
    pm1_max_benign: int
    pm1_pp3_max_points: int
    gene_stats_min_pathogenic: int
    pp2_min_missense_share: float
    pp2_max_benign_missense_share: float
    bp1_min_truncating_share: float
    spliceai_pp3_min: float
    spliceai_bp4_max: float
    spliceai_info_tag: str
    denovo_min_gq: int
    denovo_min_dp: int
    denovo_min_ab: float
    denovo_max_ab: float
    denovo_parent_max_alt_reads: int
    pp4_supporting_min_score: float
    pp4_moderate_min_score: float
