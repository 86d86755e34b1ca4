"""Sample-level QC of the proband from the calls the prioritize pass reads: heterozygous to
homozygous ratio, transition/transversion ratio of SNVs, and a sex check from chrX
heterozygosity outside the pseudo-autosomal regions (positions 1-based)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from traaser.acmg.criteria import knowledge
from traaser.inheritance import HET, HOM_ALT, HOM_REF, MISSING, genotype_type, is_hemizygous_region

TRANSITIONS = {("A", "G"), ("G", "A"), ("C", "T"), ("T", "C")}
#: A male has (almost) no heterozygous calls on chrX outside the PARs; below this fraction of
#: X calls being heterozygous the proband looks male, above twice it female.
MALE_MAX_X_HET_FRACTION = 0.1
MIN_X_CALLS = 20


def variant_class(ref: str, alt: str) -> str:
    """SNV, insertion, deletion, MNV or complex (REF/ALT as in the VCF, with the padding base)."""
    if len(ref) == len(alt):
        return "SNV" if len(ref) == 1 else "MNV"
    if len(ref) == 1 and alt.startswith(ref):
        return "insertion"
    if len(alt) == 1 and ref.startswith(alt):
        return "deletion"
    return "complex"


def infer_sex(x_het: int, x_hom_alt: int) -> str:
    """'male', 'female' or 'unknown' from a sample's chrX non-PAR heterozygous / homozygous-ALT calls."""
    calls = x_het + x_hom_alt
    if calls < MIN_X_CALLS:
        return "unknown"
    fraction = x_het / calls
    if fraction < MALE_MAX_X_HET_FRACTION:
        return "male"
    return "female" if fraction > 2 * MALE_MAX_X_HET_FRACTION else "unknown"


def sex_check_warning(declared: str, x_het: int, x_hom_alt: int) -> str | None:
    """The warning when the declared sex contradicts chrX heterozygosity, else None."""
    inferred = infer_sex(x_het, x_hom_alt)
    if declared in ("male", "female") and inferred in ("male", "female") and inferred != declared:
        return (f"sex check: declared {declared} but chrX heterozygosity ({x_het} het of {x_het + x_hom_alt} "
                f"non-PAR calls) looks {inferred}: check the sample and the PED")
    return None


@dataclass
class SampleQC:
    het: int = 0
    hom_alt: int = 0
    transitions: int = 0
    transversions: int = 0
    x_het: int = 0
    x_hom_alt: int = 0
    classes: dict[str, int] = field(default_factory=dict)

    def add(self, chrom: str, pos: int, ref: str, alt: str, gt: int, build: str) -> None:
        """One called record of the proband (pos 1-based)."""
        self.add_calls(ref, alt, gt, is_hemizygous_region(chrom, pos, build))

    def add_calls(self, ref: str, alt: str, gt: int, hemizygous_region: bool, count: int = 1) -> None:
        """``count`` identical calls (same REF, ALT and genotype), inside chrX non-PAR or not."""
        if gt not in (HET, HOM_ALT):
            return
        if gt == HET:
            self.het += count
        else:
            self.hom_alt += count
        kind = variant_class(ref, alt)
        self.classes[kind] = self.classes.get(kind, 0) + count
        if kind == "SNV":
            if (ref.upper(), alt.upper()) in TRANSITIONS:
                self.transitions += count
            else:
                self.transversions += count
        if hemizygous_region:
            if gt == HET:
                self.x_het += count
            else:
                self.x_hom_alt += count

    @property
    def inferred_sex(self) -> str:
        return infer_sex(self.x_het, self.x_hom_alt)

    def to_json(self) -> dict[str, Any]:
        return {
            "heterozygous_calls": self.het, "homozygous_alt_calls": self.hom_alt,
            "het_hom_ratio": round(self.het / self.hom_alt, 3) if self.hom_alt else None,
            "snv_transitions": self.transitions, "snv_transversions": self.transversions,
            "ti_tv": round(self.transitions / self.transversions, 3) if self.transversions else None,
            "chrx_nonpar_het": self.x_het, "chrx_nonpar_hom_alt": self.x_hom_alt,
            "inferred_sex": self.inferred_sex, "variant_classes": dict(sorted(self.classes.items())),
        }


@dataclass
class ParentageCheck:
    """Opposing-homozygote rate over confident autosomal trio calls."""

    informative: int = 0
    opposing: int = 0

    def add(self, types: tuple[int, int, int], quals: tuple[float, float, float], min_gq: float,
            count: int = 1) -> None:
        """``count`` records with these (child, father, mother) genotype types and GQs (-1 = missing)."""
        if min(quals) < min_gq:
            return
        c, f, m = types
        if MISSING in (c, f, m):
            return
        if f in (HOM_REF, HOM_ALT) or m in (HOM_REF, HOM_ALT):
            self.informative += count
            if (c == HOM_ALT and HOM_REF in (f, m)) or (c == HOM_REF and HOM_ALT in (f, m)):
                self.opposing += count

    def add_record(self, variant: Any, trio: tuple[int, int, int], min_gq: float) -> None:
        """One cyvcf2 record, the trio given as sample indexes (child, father, mother)."""
        genotypes, quals = variant.genotypes, variant.gt_quals
        types = tuple(genotype_type(genotypes[i][:-1]) for i in trio)
        self.add(types, tuple(float(quals[i]) for i in trio), min_gq)   # type: ignore[arg-type]

    @property
    def rate(self) -> float:
        return self.opposing / self.informative if self.informative else 0.0

    @property
    def confirmed(self) -> bool:
        k = knowledge()
        return (self.informative >= k["parentage_min_informative_sites"]
                and self.rate <= k["parentage_max_opposing_homozygote_rate"])

    def warning(self) -> str | None:
        """What the report must say when parentage is not confirmed (de novo calls then get PM6)."""
        if self.confirmed:
            return None
        return (f"parentage not confirmed ({self.opposing} opposing homozygotes in {self.informative} informative "
                f"sites): de novo calls get PM6, not PS2")
