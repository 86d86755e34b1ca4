"""The contract between the annotate step and everything that reads its output.

The annotate step copies ClinVar and gnomAD fields into the case VCF under fixed prefixes
(``CV_`` and ``GNOMAD_``); the consequence step writes BCSQ, or the input already carries VEP's
CSQ or SnpEff's ANN. Every reader takes the tag names, what ClinVar's significance means and
which population frequency counts from here, so the filter, the ACMG criteria, the ranking and
the report cannot drift apart. Frequencies are fractions (0-1).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, StrEnum

#: Consequence annotations, in the order they are looked for in a header.
CONSEQUENCE_TAGS = ("BCSQ", "CSQ", "ANN")

CLINVAR_PREFIX = "CV_"
GNOMAD_PREFIX = "GNOMAD_"

#: ClinVar INFO fields copied by the annotate step (source name -> the case VCF's tag).
CLINVAR_FIELDS = ("CLNSIG", "CLNREVSTAT", "CLNSIGCONF", "GENEINFO", "CLNDN", "ALLELEID")
CLINVAR_TAGS = {name: CLINVAR_PREFIX + name for name in CLINVAR_FIELDS}
CLINVAR_SIGNIFICANCE_TAG = CLINVAR_TAGS["CLNSIG"]

#: gnomAD values TRaaSer reads, by key; the manifest's ``fields`` names each key's source tag
#: (lower-case keys there, e.g. ``nhomalt``), the case VCF carries them as GNOMAD_<KEY>.
GNOMAD_KEYS = ("AF", "AC", "AN", "NHOMALT", "FAF", "AF_GRPMAX")
GNOMAD_TAGS = {key: GNOMAD_PREFIX + key for key in GNOMAD_KEYS}
#: The key each gnomAD value has in a manifest entry's ``fields`` (key -> source tag).
GNOMAD_MANIFEST_KEYS = {key: "nhomalt" if key == "NHOMALT" else key for key in GNOMAD_KEYS}


class Significance(StrEnum):
    """ClinVar's clinical significance (CLNSIG) as TRaaSer reads it; values as in the ClinVar index."""

    PATHOGENIC = "P"
    LIKELY_PATHOGENIC = "LP"
    BENIGN = "B"                 # benign or likely benign
    OTHER = "other"              # uncertain, conflicting, risk factor, ... or both directions

    @property
    def is_pathogenic(self) -> bool:
        """Pathogenic or likely pathogenic."""
        return self in (Significance.PATHOGENIC, Significance.LIKELY_PATHOGENIC)


PATHOGENIC_TERMS = frozenset({"Pathogenic", "Likely_pathogenic", "Pathogenic/Likely_pathogenic"})
BENIGN_TERMS = frozenset({"Benign", "Likely_benign", "Benign/Likely_benign"})


def clinvar_significance(clnsig: str | None) -> Significance:
    """One reading of a CLNSIG value ('|'-separated terms): pathogenic only when some term is
    pathogenic and none benign (likely pathogenic when every term is), benign likewise, else other."""
    terms = set((clnsig or "").split("|"))
    if terms & PATHOGENIC_TERMS and not terms & BENIGN_TERMS:
        return Significance.LIKELY_PATHOGENIC if terms <= {"Likely_pathogenic"} else Significance.PATHOGENIC
    if terms & BENIGN_TERMS and not terms & PATHOGENIC_TERMS:
        return Significance.BENIGN
    return Significance.OTHER


class FrequencyPolicy(Enum):
    """Which gnomAD frequency a decision reads, by the keys of GNOMAD_KEYS tried in order."""

    #: Filters and rarity: the filtering allele frequency (FAF, the 95% lower bound of the highest
    #: genetic-ancestry group), else the overall AF where the source has no FAF.
    FILTER = ("FAF", "AF")
    #: Mode-specific inheritance ceilings: the highest group's AF (AF_grpmax), else as FILTER.
    CEILING = ("AF_GRPMAX", "FAF", "AF")


def population_af(gnomad: Mapping[str, float], policy: FrequencyPolicy = FrequencyPolicy.FILTER) -> float | None:
    """The frequency ``policy`` reads from a record's gnomAD values (keyed as GNOMAD_KEYS), or
    None when the record is absent from gnomAD."""
    for key in policy.value:
        if key in gnomad:
            return gnomad[key]
    return None


def population_af_key(gnomad: Mapping[str, float], policy: FrequencyPolicy = FrequencyPolicy.FILTER) -> str | None:
    """Which key :func:`population_af` reads ('FAF', 'AF', ...), for reasons and the report."""
    return next((key for key in policy.value if key in gnomad), None)
