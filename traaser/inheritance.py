"""Inheritance-mode checks from genotypes and the pedigree.

Patterns: de novo, AD (heterozygous), AR homozygous, AR compound heterozygous (phased by the
parents where they are genotyped), X-linked (hemizygous male / homozygous or heterozygous
female). Parents with unknown phenotype are treated as unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from traaser.ped import Pedigree
from traaser.settings import AcmgSettings
from traaser.vcf.contigs import X_NAMES

HOM_REF, HET, MISSING, HOM_ALT = 0, 1, 2, 3   # cyvcf2 gt_types codes


def genotype_type(alleles: tuple[int, ...] | list[int]) -> int:
    """HOM_REF, HET, HOM_ALT or MISSING from GT allele indexes (-1 = missing allele); a haploid
    ALT call is HOM_ALT, and a partly missing call ('./1') is MISSING."""
    if not alleles or any(a < 0 for a in alleles):
        return MISSING
    first = alleles[0]
    if all(a == first for a in alleles):
        return HOM_REF if first == 0 else HOM_ALT
    return HET


#: Pseudo-autosomal regions, 1-based inclusive, per build (behave as autosomes in males).
PAR = {"GRCh37": ((60_001, 2_699_520), (154_931_044, 155_260_560)),
       "GRCh38": ((10_001, 2_781_479), (155_701_383, 156_030_895))}


@dataclass(frozen=True)
class Call:
    """One sample's call at one ALT allele: GQ (Phred), depth (FORMAT/DP, else the AD sum; see
    collect.read_calls) and the REF/ALT read counts (AD); each -1 when unknown."""

    gt: int
    gq: int = -1
    dp: int = -1
    ref_reads: int = -1
    alt_reads: int = -1
    haploid: bool = False

    @property
    def carries(self) -> bool:
        return self.gt in (HET, HOM_ALT)

    @property
    def allele_reads(self) -> int:
        """The REF + ALT read count (FORMAT/AD); -1 when either is unknown."""
        return self.ref_reads + self.alt_reads if self.ref_reads >= 0 and self.alt_reads >= 0 else -1

    @property
    def depth(self) -> int:
        """The reads at the site: FORMAT/DP, or the REF + ALT read count (FORMAT/AD) where that
        is larger; -1 when neither is known."""
        return max(self.allele_reads, self.dp)

    @property
    def alt_fraction(self) -> float | None:
        """The allele balance: ALT reads over REF + ALT reads (FORMAT/AD), 0-1, as slivar and most
        de novo filters define it; None when either count is unknown or both are 0. Not over DP:
        GATK HaplotypeCaller's AD counts only the reads informative for the call, so at an indel
        DP can be several times the AD sum. A multi-allelic call split by the normalization step
        keeps the other ALTs' reads in its REF count (bcftools norm --keep-sum AD), so a 1/2 call
        reads about 0.5 for each ALT; an input split without it reads 1.0."""
        total = self.allele_reads
        return self.alt_reads / total if total > 0 else None


@dataclass
class Family:
    """The proband and, where genotyped, the parents; sex 'male', 'female' or 'unknown'."""

    proband: str
    sex: str = "unknown"
    father: str | None = None
    mother: str | None = None
    father_affected: bool = False
    mother_affected: bool = False

    @property
    def trio(self) -> bool:
        return self.father is not None and self.mother is not None


@dataclass
class Segregation:
    """What one variant's genotypes allow, with human-readable reasons."""

    patterns: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    de_novo: str | None = None
    de_novo_reason: str = ""
    inherited_from: str | None = None   # 'father', 'mother', 'both', 'neither' (de novo) or None (unknown)


def is_hemizygous_region(chrom: str, pos: int, build: str) -> bool:
    """True on chrX outside the pseudo-autosomal regions (pos 1-based)."""
    if chrom not in X_NAMES:
        return False
    return not any(start <= pos <= end for start, end in PAR.get(build, ()))


def _good_quality(call: Call, gates: AcmgSettings) -> bool:
    return call.gq >= gates.denovo_min_gq and call.dp >= gates.denovo_min_dp


def de_novo_status(child: Call, father: Call, mother: Call, parentage_ok: bool, hemizygous: bool,
                   gates: AcmgSettings) -> tuple[str | None, str]:
    """'confirmed' (PS2), 'assumed' (PM6) or None, with the reason quoting the thresholds."""
    if not child.carries or father.gt != HOM_REF or mother.gt != HOM_REF:
        return None, ""
    if not hemizygous and child.gt != HET:
        return None, ""
    problems = []
    if not _good_quality(child, gates):
        problems.append(f"proband GQ {child.gq}/DP {child.dp}")
    ab = child.alt_fraction
    if not hemizygous and ab is not None and not gates.denovo_min_ab <= ab <= gates.denovo_max_ab:
        problems.append(f"allele balance {ab:.2f}")
    for name, parent in (("father", father), ("mother", mother)):
        if parent.alt_reads > gates.denovo_parent_max_alt_reads:
            problems.append(f"{name} has {parent.alt_reads} alt reads")
        if not _good_quality(parent, gates):
            problems.append(f"{name} GQ {parent.gq}/DP {parent.dp}")
    if problems:
        return None, "de novo call fails quality checks: " + "; ".join(problems)
    base = (f"de novo: both parents homozygous reference (GQ >= {gates.denovo_min_gq}, "
            f"DP >= {gates.denovo_min_dp}, no parental alt reads)"
            + (f", proband allele balance {ab:.2f}" if ab is not None else ""))
    if parentage_ok:
        return "confirmed", base + "; parentage consistent with the trio's genotypes"
    return "assumed", base + "; parentage not confirmed"


def transmitting_parent(child: Call, father: Call, mother: Call) -> str | None:
    """Which parent passed the ALT allele to a carrier child: 'father', 'mother', 'both' or None.

    A heterozygous child got one allele from each parent, so a homozygous-ALT parent must have
    passed the ALT allele and the other parent the REF allele. Missing parental calls give None.
    """
    if MISSING in (father.gt, mother.gt) or not child.carries:
        return None
    if child.gt == HET:
        if father.gt == HOM_ALT and mother.gt != HOM_ALT:
            return "father"
        if mother.gt == HOM_ALT and father.gt != HOM_ALT:
            return "mother"
        if HOM_ALT == father.gt == mother.gt:
            return None      # Mendelian error: a het child of two homozygous-ALT parents
    return {(True, True): "both", (True, False): "father", (False, True): "mother",
            (False, False): None}[(father.carries, mother.carries)]


def segregate(calls: dict[str, Call], family: Family, chrom: str, pos: int, build: str,
              parentage_ok: bool, gates: AcmgSettings) -> Segregation:
    """Patterns one variant fits on its own (compound heterozygosity is added per gene later)."""
    result = Segregation()
    child = calls[family.proband]
    hemizygous = family.sex == "male" and is_hemizygous_region(chrom, pos, build)
    father = calls.get(family.father) if family.father else None
    mother = calls.get(family.mother) if family.mother else None
    if father and mother:
        result.de_novo, result.de_novo_reason = de_novo_status(child, father, mother, parentage_ok, hemizygous, gates)
        if result.de_novo:
            result.patterns.add("de_novo")
            result.inherited_from = "neither"
            result.reasons.append(result.de_novo_reason)
    if result.inherited_from is None and father is not None and mother is not None:
        result.inherited_from = transmitting_parent(child, father, mother)
    if hemizygous and child.carries:
        mother_hom_unaffected = mother is not None and mother.gt == HOM_ALT and not family.mother_affected
        father_unaffected_carrier = father is not None and father.carries and not family.father_affected
        if not mother_hom_unaffected and not father_unaffected_carrier:
            result.patterns.add("X_hemizygous")
            result.reasons.append("hemizygous on chrX in a male" +
                                  (f", inherited from the {result.inherited_from}" if result.inherited_from else ""))
        return result
    if child.gt == HOM_ALT:
        parents = ((father, family.father_affected), (mother, family.mother_affected))
        unaffected_hom_parent = any(p is not None and p.gt == HOM_ALT and not affected for p, affected in parents)
        parent_hom_ref = any(p is not None and p.gt == HOM_REF for p in (father, mother))
        if not unaffected_hom_parent and not parent_hom_ref:
            result.patterns.add("AR_homozygous")
            result.reasons.append("homozygous" + (", both parents heterozygous" if (
                father is not None and mother is not None and father.gt == HET and mother.gt == HET) else ""))
        else:
            result.reasons.append("homozygous, but a parent's genotype (unaffected homozygous, or homozygous "
                                  "reference) does not fit recessive inheritance")
        if chrom in X_NAMES:
            result.patterns.add("X_homozygous")
    if child.gt == HET:
        unaffected_carrier = result.inherited_from in ("father", "mother", "both") and not (
            (result.inherited_from in ("father", "both") and family.father_affected)
            or (result.inherited_from in ("mother", "both") and family.mother_affected))
        if result.de_novo or not unaffected_carrier:
            result.patterns.add("AD_heterozygous")
        else:
            result.reasons.append(f"heterozygous, inherited from the unaffected {result.inherited_from}")
        if chrom in X_NAMES and not hemizygous:
            result.patterns.add("X_heterozygous")
    return result


def compound_heterozygous_pairs(variants: list[tuple[str, Call, Segregation]],
                                family: Family) -> list[tuple[str, str, str]]:
    """Pairs (key1, key2, reason) of heterozygous variants in one gene that can be in trans.

    With both parents genotyped the pair must come one from each parent (or one de novo);
    otherwise phase is unknown and the pair is reported as possible.
    """
    hets = [(key, seg) for key, call, seg in variants if call.gt == HET]
    pairs = []
    for (key1, seg1), (key2, seg2) in combinations(hets, 2):
        if family.trio:
            origins = {seg1.inherited_from, seg2.inherited_from}
            if origins == {"father", "mother"}:
                reason = "in trans: one allele from each parent"
            elif "neither" in origins and (origins - {"neither"}) <= {"father", "mother", "neither"}:
                reason = "one allele de novo, the other inherited (phase unknown)"
            else:
                continue
        else:
            reason = "two heterozygous variants (phase unknown: parents not genotyped)"
        pairs.append((key1, key2, reason))
    return pairs


MODE_PATTERNS = {
    "AD": {"de_novo", "AD_heterozygous"},
    "AR": {"AR_homozygous", "AR_compound_heterozygous"},
    "XR": {"X_hemizygous", "X_homozygous", "AR_compound_heterozygous"},
    "XD": {"X_hemizygous", "X_heterozygous", "X_homozygous", "de_novo"},
    "XL": {"X_hemizygous", "X_homozygous", "X_heterozygous", "de_novo"},
}


def fits_modes(patterns: set[str], gene_modes: set[str]) -> tuple[bool, str]:
    """Whether observed patterns fit one of the gene's known modes; unknown modes fit anything."""
    known = {m for m in gene_modes if m in MODE_PATTERNS}
    if not known:
        return True, "gene's mode of inheritance unknown: any pattern accepted"
    for mode in sorted(known):
        if patterns & MODE_PATTERNS[mode]:
            return True, f"fits {mode} ({', '.join(sorted(patterns & MODE_PATTERNS[mode]))})"
    return False, (f"genotype ({', '.join(sorted(patterns)) or 'no pattern'}) fits none of the gene's modes "
                   f"({', '.join(sorted(known))})")


def _affected(pedigree: Pedigree, sample: str | None) -> bool:
    """Whether the PED marks ``sample`` affected (a parent without a row of its own is not)."""
    individual = pedigree.get(sample) if sample else None
    return bool(individual and individual.affected)


def family_of(proband: str, sex: str, pedigree: Pedigree | None, samples: list[str]) -> Family:
    """The proband and the parents the PED names that are genotyped in the VCF."""
    family = Family(proband, sex)
    if pedigree:
        father, mother = pedigree.parents(proband)
        family.father = father if father in samples else None
        family.mother = mother if mother in samples else None
        family.father_affected = _affected(pedigree, father)
        family.mother_affected = _affected(pedigree, mother)
    return family
