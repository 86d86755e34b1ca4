"""Evidence assigners: one pure function per ACMG criterion, from annotations to an Outcome.

An outcome is *met* (with its applied strength), *not met*, or *not evaluated* when the data
it needs are missing; each carries a one-line reason quoting the values used. Thresholds come
from the run config (``acmg:``); guideline data from criteria.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from traaser.acmg.criteria import GRADED_STRENGTHS, Evidence, Status, ba1_exceptions, knowledge
from traaser.annotate.clinvar_index import ClinVarHit, GeneStats
from traaser.annotate.transcripts import Transcript
from traaser.settings import AcmgSettings

MET, NOT_MET, NOT_EVALUATED = Status.MET, Status.NOT_MET, Status.NOT_EVALUATED
NULL_CONSEQUENCES = {"stop_gained", "frameshift_variant", "splice_acceptor_variant", "splice_donor_variant"}
INFRAME = {"inframe_insertion", "inframe_deletion"}
RECESSIVE_MODES = {"AR", "XR", "XL"}
DOMINANT_MODES = {"AD", "XD"}
STRENGTH_ORDER = GRADED_STRENGTHS


@dataclass(frozen=True)
class Outcome:
    """The result of one criterion for one variant."""

    code: str
    status: str
    reason: str
    strength: str | None = None

    @property
    def evidence(self) -> Evidence | None:
        return Evidence(self.code, self.strength, self.reason) if self.status == MET and self.strength else None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "strength": self.strength, "reason": self.reason}


@dataclass
class PM3Partner:
    """Another variant of the same gene in the proband, with its classification and phase."""

    key: str
    significance: str | None      # 'P', 'LP' or None (from ClinVar, never the variant's own record)
    phase: str                    # 'trans', 'cis' or 'unknown'


@dataclass
class VariantFacts:
    """What the assigners may look at for one ALT allele. Frequencies are fractions (0-1);
    positions 1-based. ``None`` means the data are missing (criterion not evaluated)."""

    key: str
    build: str
    gene: str
    consequence: str
    chrom: str = ""
    pos: int = 0
    transcript: str = ""
    protein_change: str = ""
    protein_pos: int | None = None
    ref_aa: str = ""
    alt_aa: str = ""
    gnomad_source: str | None = None          # None: no gnomAD database configured
    gnomad_af: float | None = None
    gnomad_faf: float | None = None
    gnomad_ac: int | None = None
    gnomad_an: int | None = None
    gnomad_nhomalt: int | None = None
    gene_modes: set[str] = field(default_factory=set)
    loeuf: float | None = None
    clingen_hi: int | None = None
    transcript_model: Transcript | None = None
    clinvar_index: Any = None                 # ClinVarIndex or None
    predictor_scores: dict[str, float] = field(default_factory=dict)
    spliceai: float | None = None
    repeat_region: bool | None = None
    trio: bool = False
    de_novo: str | None = None
    de_novo_reason: str = ""
    homozygous: bool = False
    pm3_partners: list[PM3Partner] = field(default_factory=list)
    phenotype_score: float | None = None
    phenotype_disease: str = ""


Assigner = Callable[[VariantFacts, AcmgSettings], Outcome]


def _absent(v: VariantFacts) -> bool:
    return not v.gnomad_ac and not v.gnomad_af


def _faf(v: VariantFacts) -> tuple[float | None, str]:
    if v.gnomad_faf is not None:
        return v.gnomad_faf, "filtering AF"
    return v.gnomad_af, "AF (no filtering AF in the source)"


def _no_gnomad(code: str) -> Outcome:
    return Outcome(code, NOT_EVALUATED, "not evaluated: no gnomAD database configured")


# -- population ---------------------------------------------------------------------------------

def ba1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BA1: FAF > ``ba1_faf`` with AN >= ``ba1_min_an``, except the SVI exception variants (criteria.yaml)."""
    if v.gnomad_source is None:
        return _no_gnomad("BA1")
    faf, what = _faf(v)
    if faf is None or _absent(v):
        return Outcome("BA1", NOT_MET, f"absent from {v.gnomad_source}")
    if faf <= s.ba1_faf:
        return Outcome("BA1", NOT_MET, f"{v.gnomad_source} {what} {faf:.3g} <= {s.ba1_faf}")
    if (v.gnomad_an or 0) < s.ba1_min_an:
        return Outcome("BA1", NOT_MET, f"allele number {v.gnomad_an} < {s.ba1_min_an}")
    exception = ba1_exceptions(v.build).get(v.key.removeprefix("chr"))
    if exception is not None:
        return Outcome("BA1", NOT_MET, f"{v.key} ({exception['gene']}, ClinVar {exception['clinvar']}) is on the "
                                       f"ClinGen SVI BA1 exception list")
    return Outcome("BA1", MET, f"{v.gnomad_source} {what} {faf:.3g} > {s.ba1_faf} (AN {v.gnomad_an})", "StandAlone")


def pm2(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM2_Supporting: absent from gnomAD, or AF <= 1e-4 in a recessive gene."""
    if v.gnomad_source is None:
        return _no_gnomad("PM2")
    if _absent(v):
        return Outcome("PM2", MET, f"absent from {v.gnomad_source}", "Supporting")
    limit = s.pm2_recessive_max_af
    if v.gene_modes & RECESSIVE_MODES and v.gnomad_af is not None and v.gnomad_af <= limit:
        return Outcome("PM2", MET, f"{v.gnomad_source} AF {v.gnomad_af:.2g} <= {limit} in a recessive gene",
                       "Supporting")
    return Outcome("PM2", NOT_MET, f"present in {v.gnomad_source} (AF {v.gnomad_af or 0:.2g})")


def bs1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BS1: filtering AF above the maximum credible AF, only when neither BA1 nor PM2 applies."""
    if v.gnomad_source is None:
        return _no_gnomad("BS1")
    faf, what = _faf(v)
    limit = s.bs1_max_credible_af
    if faf is None or faf <= limit:
        return Outcome("BS1", NOT_MET, f"{v.gnomad_source} {what} {faf or 0:.3g} <= {limit}")
    if ba1(v, s).status == MET or pm2(v, s).status == MET:
        return Outcome("BS1", NOT_MET, "BA1 or PM2 applies")
    return Outcome("BS1", MET, f"{v.gnomad_source} {what} {faf:.3g} > maximum credible AF {limit}", "Strong")


def bs2(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BS2: healthy homozygotes (recessive, X-linked or unknown mode) or heterozygotes (dominant) in gnomAD."""
    if v.gnomad_source is None:
        return _no_gnomad("BS2")
    if _absent(v):
        return Outcome("BS2", NOT_MET, f"absent from {v.gnomad_source}")
    if v.gnomad_nhomalt is None:
        return Outcome("BS2", NOT_EVALUATED, f"not evaluated: {v.gnomad_source} gives no homozygote count")
    hom_limit = s.bs2_recessive_min_homozygotes
    if (v.gene_modes & RECESSIVE_MODES or not v.gene_modes) and v.gnomad_nhomalt > hom_limit:
        return Outcome("BS2", MET, f"{v.gnomad_nhomalt} homozygotes in {v.gnomad_source} (> {hom_limit})", "Strong")
    het_limit = s.bs2_dominant_min_heterozygotes
    if v.gene_modes and v.gene_modes <= DOMINANT_MODES and v.gnomad_ac is not None:
        hets = v.gnomad_ac - 2 * v.gnomad_nhomalt
        if hets > het_limit:
            return Outcome("BS2", MET, f"{hets} heterozygotes in {v.gnomad_source} for a dominant gene (> {het_limit})",
                           "Strong")
        return Outcome("BS2", NOT_MET, f"{hets} heterozygotes <= {het_limit} (dominant gene)")
    return Outcome("BS2", NOT_MET, f"{v.gnomad_nhomalt} homozygotes <= {hom_limit}")


# -- null variants (PVS1, Abou Tayoun et al. 2018) ----------------------------------------------

def lof_mechanism(v: VariantFacts, s: AcmgSettings) -> tuple[bool | None, str]:
    """Whether loss of function is a disease mechanism of the gene, with the evidence used."""
    evidence = []
    if v.clingen_hi == 3:
        return True, f"ClinGen haploinsufficiency score 3 for {v.gene}"
    if v.loeuf is not None:
        if v.loeuf < s.pvs1_loeuf_max:
            return True, f"{v.gene} LOEUF {v.loeuf:.3f} < {s.pvs1_loeuf_max}"
        evidence.append(f"LOEUF {v.loeuf:.3f} >= {s.pvs1_loeuf_max}")
    else:
        evidence.append("no LOEUF")
    if v.clinvar_index is not None:
        stats: GeneStats = v.clinvar_index.gene_stats(v.gene, v.key)
        if stats.pathogenic_truncating >= s.pvs1_min_clinvar_lof:
            return True, (f"{stats.pathogenic_truncating} ClinVar P/LP null variants in {v.gene} "
                          f"(>= {s.pvs1_min_clinvar_lof})")
        evidence.append(f"{stats.pathogenic_truncating} ClinVar P/LP null variants")
    if v.loeuf is None and v.clinvar_index is None and v.clingen_hi is None:
        return None, f"no constraint, ClinGen dosage or ClinVar data for {v.gene}"
    return False, f"{v.gene}: " + ", ".join(evidence or [f"ClinGen HI score {v.clingen_hi}"])


def pvs1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PVS1 by the decision tree: NMD from exon geometry, the ``pvs1_strong_min_fraction`` protein rule,
    splice sites, start-lost."""
    if v.consequence not in NULL_CONSEQUENCES | {"start_lost"}:
        return Outcome("PVS1", NOT_MET, f"{v.consequence} is not a null variant" if v.consequence
                       else "no consequence predicted: not shown to be a null variant")
    mechanism, why = lof_mechanism(v, s)
    if mechanism is None:
        return Outcome("PVS1", NOT_EVALUATED,
                       f"not evaluated: {why}, so loss of function is not an established mechanism")
    if not mechanism:
        return Outcome("PVS1", NOT_MET, f"loss of function not shown to be a mechanism ({why})")
    if v.consequence == "start_lost":
        return Outcome("PVS1", MET, f"initiation codon lost; {why} (SVI: Moderate)", "Moderate")
    t = v.transcript_model
    if t is None or not t.cds:
        return Outcome("PVS1", MET, f"{v.consequence}; {why}; no transcript model for {v.transcript or v.gene}, "
                                    "NMD not assessed (Strong, not Very strong)", "Strong")
    cds = t.cds_length
    if v.consequence in ("splice_acceptor_variant", "splice_donor_variant"):
        return _pvs1_splice(v, t, why, s)
    offset = t.cds_offset(v.pos)
    escape, nmd_reason = t.nmd_escape(v.pos, s.pvs1_nmd_penultimate_nt)
    note = " (frameshift: the new stop lies at or after the variant, whose position is used)" \
        if v.consequence == "frameshift_variant" else ""
    if escape is None or offset is None:
        return Outcome("PVS1", MET, f"{v.consequence}; {why}; {nmd_reason}: NMD not assessed", "Strong")
    if not escape:
        return Outcome("PVS1", MET, f"{v.consequence}; {why}; {nmd_reason}{note}", "VeryStrong")
    removed = (cds - offset) / cds if cds else 0.0
    strength = "Strong" if removed >= s.pvs1_strong_min_fraction else "Moderate"
    bound = f"{'>=' if strength == 'Strong' else '<'} {s.pvs1_strong_min_fraction:.0%}"
    return Outcome("PVS1", MET, f"{v.consequence}; {why}; {nmd_reason}{note}; removes {removed:.0%} of the protein "
                                f"({bound})", strength)


def _pvs1_splice(v: VariantFacts, t: Transcript, why: str, s: AcmgSettings) -> Outcome:
    """Canonical ±1/2 splice site: the predicted skip of the adjacent exon."""
    index = t.exon_index(v.pos)
    if index is None:   # intronic ±1/2: the exon next to the site
        distances = [(min(abs(v.pos - a), abs(v.pos - b)), i) for i, (a, b) in enumerate(t.exons)]
        index = min(distances)[1]
    skipped = t.exon_cds_length(index)
    n = len(t.exons)
    if skipped == 0:
        return Outcome("PVS1", NOT_MET, f"the exon next to this splice site (exon {index + 1}/{n}) is non-coding")
    if skipped % 3 != 0 and index < n - 2:
        return Outcome("PVS1", MET, f"{v.consequence}; {why}; skipping exon {index + 1}/{n} ({skipped} coding nt) "
                                    "shifts the frame upstream of the NMD boundary: NMD predicted", "VeryStrong")
    removed = skipped / t.cds_length if t.cds_length else 0.0
    kind = "in-frame" if skipped % 3 == 0 else "frameshifting skip escaping NMD,"
    strength = "Strong" if removed >= s.pvs1_strong_min_fraction else "Moderate"
    return Outcome("PVS1", MET, f"{v.consequence}; {why}; {kind} skip of exon {index + 1}/{n} removes {removed:.0%} "
                                f"of the protein", strength)


# -- ClinVar protein-level evidence ---------------------------------------------------------------

def _no_index(code: str) -> Outcome:
    return Outcome(code, NOT_EVALUATED, "not evaluated: no ClinVar protein index for this build")


def _codon_hits(v: VariantFacts, code: str, same_amino_acid: bool) -> list[ClinVarHit] | Outcome:
    """ClinVar P/LP missense at the variant's codon (same or other amino acid), or the outcome
    that stops the criterion (not missense, no index, no protein position)."""
    if v.consequence != "missense_variant":
        return Outcome(code, NOT_MET, "not a missense variant")
    if v.clinvar_index is None:
        return _no_index(code)
    if v.protein_pos is None:
        return Outcome(code, NOT_EVALUATED, "not evaluated: no protein position from the consequence step")
    return [h for h in v.clinvar_index.same_codon(v.transcript, v.protein_pos, v.key)
            if (h.alt_aa == v.alt_aa) is same_amino_acid and h.significance in ("P", "LP")]


def ps1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PS1: the same amino-acid change as a ClinVar P/LP variant (a different nucleotide change)."""
    hits = _codon_hits(v, "PS1", same_amino_acid=True)
    if isinstance(hits, Outcome):
        return hits
    if not hits:
        return Outcome("PS1", NOT_MET, f"no ClinVar P/LP variant gives p.{v.ref_aa}{v.protein_pos}{v.alt_aa}")
    best = max(hits, key=lambda h: h.stars)
    strength = "Strong" if best.stars >= s.ps1_strong_min_stars else "Moderate"
    return Outcome("PS1", MET, f"same amino-acid change as ClinVar {best.describe()}", strength)


def pm5(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM5: a different missense change at the same codon is ClinVar P/LP."""
    hits = _codon_hits(v, "PM5", same_amino_acid=False)
    if isinstance(hits, Outcome):
        return hits
    if not hits:
        return Outcome("PM5", NOT_MET, f"no other ClinVar P/LP missense at codon {v.protein_pos}")
    best = max(hits, key=lambda h: h.stars)
    strength = "Moderate" if best.stars >= s.pm5_min_stars else "Supporting"
    return Outcome("PM5", MET, f"different missense at the same codon is ClinVar {best.describe()}", strength)


def pm1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM1: >= ``pm1_min_pathogenic_missense`` ClinVar P/LP missense within ±``pm1_window_bp`` and at most
    ``pm1_max_benign`` benign (a hotspot without benign variation)."""
    if v.consequence != "missense_variant":
        return Outcome("PM1", NOT_MET, "not a missense variant")
    if v.clinvar_index is None:
        return _no_index("PM1")
    pathogenic, benign = v.clinvar_index.window(v.chrom, v.pos, s.pm1_window_bp, v.key)
    detail = f"{pathogenic} P/LP and {benign} benign ClinVar missense within ±{s.pm1_window_bp} bp"
    if pathogenic >= s.pm1_min_pathogenic_missense and benign <= s.pm1_max_benign:
        return Outcome("PM1", MET, detail, "Moderate")
    return Outcome("PM1", NOT_MET, detail)


def _gene_stats(v: VariantFacts, s: AcmgSettings, code: str) -> GeneStats | Outcome:
    if v.consequence != "missense_variant":
        return Outcome(code, NOT_MET, "not a missense variant")
    if v.clinvar_index is None:
        return _no_index(code)
    stats: GeneStats = v.clinvar_index.gene_stats(v.gene, v.key)
    if stats.pathogenic < s.gene_stats_min_pathogenic:
        return Outcome(code, NOT_EVALUATED, f"not evaluated: {stats.pathogenic} ClinVar P/LP variants in {v.gene} "
                                            f"(< {s.gene_stats_min_pathogenic})")
    return stats


def pp2(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PP2: missense in a gene where P/LP are mostly missense and benign missense is rare."""
    stats = _gene_stats(v, s, "PP2")
    if isinstance(stats, Outcome):
        return stats
    share = stats.pathogenic_missense / stats.pathogenic
    benign_share = stats.benign_missense / stats.missense if stats.missense else 0.0
    detail = (f"{v.gene}: {share:.0%} of {stats.pathogenic} P/LP are missense, {benign_share:.0%} of "
              f"{stats.missense} missense are benign")
    if share >= s.pp2_min_missense_share and benign_share <= s.pp2_max_benign_missense_share:
        return Outcome("PP2", MET, detail, "Supporting")
    return Outcome("PP2", NOT_MET, detail)


def bp1(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BP1: missense in a gene whose P/LP variants are mostly truncating."""
    stats = _gene_stats(v, s, "BP1")
    if isinstance(stats, Outcome):
        return stats
    share = stats.pathogenic_truncating / stats.pathogenic
    detail = f"{v.gene}: {share:.0%} of {stats.pathogenic} ClinVar P/LP variants are truncating"
    if share >= s.bp1_min_truncating_share:
        return Outcome("BP1", MET, detail, "Supporting")
    return Outcome("BP1", NOT_MET, detail)


# -- protein length ---------------------------------------------------------------------------

def pm4(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM4: in-frame indel outside a repeat, or stop-loss (not with PVS1)."""
    if v.consequence == "stop_lost":
        return Outcome("PM4", MET, "stop-loss lengthens the protein", "Moderate")
    if v.consequence not in INFRAME:
        return Outcome("PM4", NOT_MET, f"{v.consequence} does not change protein length" if v.consequence
                       else "no consequence predicted: not shown to change protein length")
    if v.repeat_region is None:
        return Outcome("PM4", NOT_EVALUATED, "not evaluated: repeat status of the in-frame indel unknown")
    if v.repeat_region:
        return Outcome("PM4", NOT_MET, "in-frame indel in a repeat (BP3 instead)")
    return Outcome("PM4", MET, f"{v.consequence} outside a repeat changes protein length", "Moderate")


def bp3(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BP3: in-frame indel in a repetitive region."""
    if v.consequence not in INFRAME:
        return Outcome("BP3", NOT_MET, "not an in-frame indel")
    if v.repeat_region is None:
        return Outcome("BP3", NOT_EVALUATED, "not evaluated: repeat status of the in-frame indel unknown")
    if v.repeat_region:
        return Outcome("BP3", MET, f"{v.consequence} within a tandem repeat of the reference", "Supporting")
    return Outcome("BP3", NOT_MET, "in-frame indel outside a repeat")


# -- computational evidence ---------------------------------------------------------------------

def _predictor(v: VariantFacts, s: AcmgSettings) -> tuple[str, float | None, str | None]:
    name = s.predictor
    table = knowledge()["predictors"][name]
    if table["missense_only"] and v.consequence != "missense_variant":
        return name, None, f"{name} scores missense variants only"
    score = v.predictor_scores.get(name)
    return name, score, None if score is not None else f"no {name} score"


def pp3(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PP3: the chosen predictor at the calibrated bands, or SpliceAI >= ``spliceai_pp3_min`` outside ±1/2."""
    name, score, missing = _predictor(v, s)
    if score is not None:
        for strength, cutoff in knowledge()["predictors"][name]["pathogenic"]:
            if score >= cutoff:
                return Outcome("PP3", MET, f"{name} {score:g} >= {cutoff} ({strength})", strength)
    if v.spliceai is not None and v.spliceai >= s.spliceai_pp3_min and v.consequence not in NULL_CONSEQUENCES:
        return Outcome("PP3", MET, f"SpliceAI max delta {v.spliceai:g} >= {s.spliceai_pp3_min} (splicing)",
                       "Supporting")
    if score is None and v.spliceai is None:
        return Outcome("PP3", NOT_EVALUATED, f"not evaluated: {missing} and no SpliceAI score")
    return Outcome("PP3", NOT_MET, f"{name} {score:g} below the PP3 bands" if score is not None
                   else f"{missing}; SpliceAI {v.spliceai:g} < {s.spliceai_pp3_min}")


def bp4(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BP4: the chosen predictor at the calibrated benign bands (SpliceAI must not predict a splice effect)."""
    name, score, missing = _predictor(v, s)
    if score is None:
        if v.spliceai is not None and v.spliceai <= s.spliceai_bp4_max and v.consequence not in (
                NULL_CONSEQUENCES | {"missense_variant"} | INFRAME):
            return Outcome("BP4", MET,
                           f"SpliceAI max delta {v.spliceai:g} <= {s.spliceai_bp4_max} (no splice impact)",
                           "Supporting")
        return Outcome("BP4", NOT_EVALUATED, f"not evaluated: {missing}")
    if v.spliceai is not None and v.spliceai > s.spliceai_bp4_max:
        return Outcome("BP4", NOT_MET, f"SpliceAI {v.spliceai:g} > {s.spliceai_bp4_max}: splicing not excluded")
    for strength, cutoff in knowledge()["predictors"][name]["benign"]:
        if score <= cutoff:
            return Outcome("BP4", MET, f"{name} {score:g} <= {cutoff} ({strength})", strength)
    return Outcome("BP4", NOT_MET, f"{name} {score:g} above the BP4 bands")


def bp7(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BP7: synonymous with SpliceAI <= ``spliceai_bp4_max`` and not ClinVar P/LP."""
    if v.consequence != "synonymous_variant":
        return Outcome("BP7", NOT_MET, "not a synonymous variant")
    if v.spliceai is None:
        return Outcome("BP7", NOT_EVALUATED, "not evaluated: no SpliceAI score")
    if v.spliceai > s.spliceai_bp4_max:
        return Outcome("BP7", NOT_MET, f"SpliceAI {v.spliceai:g} > {s.spliceai_bp4_max}")
    return Outcome("BP7", MET, f"synonymous, SpliceAI max delta {v.spliceai:g} <= {s.spliceai_bp4_max}",
                   "Supporting")


# -- family and genotype -------------------------------------------------------------------------

def ps2(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PS2: de novo with maternity and paternity confirmed by the trio's genotypes."""
    if not v.trio:
        return Outcome("PS2", NOT_EVALUATED, "not evaluated: parents not genotyped")
    if v.de_novo == "confirmed":
        return Outcome("PS2", MET, v.de_novo_reason, "Strong")
    return Outcome("PS2", NOT_MET, v.de_novo_reason or "not de novo")


def pm6(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM6: assumed de novo (parentage not confirmed)."""
    if not v.trio:
        return Outcome("PM6", NOT_EVALUATED, "not evaluated: parents not genotyped")
    if v.de_novo == "assumed":
        return Outcome("PM6", MET, v.de_novo_reason, "Moderate")
    return Outcome("PM6", NOT_MET, "PS2 applies" if v.de_novo == "confirmed" else (v.de_novo_reason or "not de novo"))


def pm3(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PM3 by the SVI points (criteria.yaml ``pm3_points``): in trans or phase unknown with a P or LP
    variant, or homozygous."""
    table = knowledge()["pm3_points"]
    if v.gene_modes and not v.gene_modes & RECESSIVE_MODES:
        return Outcome("PM3", NOT_MET, f"{v.gene} has no recessive disease ({', '.join(sorted(v.gene_modes))})")
    points = 0.0
    parts = []
    if v.homozygous:     # in trans with itself: the other alleles of the gene do not add
        points += min(table["homozygous"], table["homozygous_max"])
        parts.append(f"homozygous {table['homozygous']}")
    for partner in [] if v.homozygous else v.pm3_partners:
        label = {"P": "Pathogenic", "LP": "Likely pathogenic"}.get(partner.significance or "")
        if label is None or partner.phase == "cis":
            continue
        value = table["in_trans" if partner.phase == "trans" else "phase_unknown"][label]
        points += value
        parts.append(f"{'in trans' if partner.phase == 'trans' else 'phase unknown'} with {label.lower()} "
                     f"{partner.key}: {value}")
    for strength, minimum in knowledge()["pm3_strength"]:
        if points >= minimum:
            return Outcome("PM3", MET, f"{points:g} PM3 points ({'; '.join(parts)})", strength)
    if not v.homozygous and not v.pm3_partners:
        return Outcome("PM3", NOT_MET, "no second variant in the gene")
    return Outcome("PM3", NOT_MET, f"{points:g} PM3 points" + (f" ({'; '.join(parts)})" if parts else
                                                                ": no other allele is ClinVar P/LP in trans"))


def bp2(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """BP2: in cis with a pathogenic variant, or in trans with one in a dominant gene."""
    for partner in v.pm3_partners:
        if partner.significance not in ("P", "LP"):
            continue
        if partner.phase == "cis":
            return Outcome("BP2", MET, f"in cis with ClinVar P/LP {partner.key}", "Supporting")
        if partner.phase == "trans" and v.gene_modes and v.gene_modes <= DOMINANT_MODES:
            return Outcome("BP2", MET, f"in trans with ClinVar P/LP {partner.key} in a dominant gene", "Supporting")
    if not v.pm3_partners:
        return Outcome("BP2", NOT_MET, "no second variant in the gene")
    return Outcome("BP2", NOT_MET, "no ClinVar P/LP variant in cis (or in trans in a dominant gene)")


def pp4(v: VariantFacts, s: AcmgSettings) -> Outcome:
    """PP4 from the HPO phenotype match, capped at Moderate; not met, and said so, where no source
    links the gene to a disease (there is no match to score, not a poor one)."""
    if v.phenotype_score is None:
        return Outcome("PP4", NOT_EVALUATED, "not evaluated: no phenotype given")
    if not v.phenotype_disease:
        return Outcome("PP4", NOT_MET, f"no disease of {v.gene} is known to compare the phenotype with")
    score = v.phenotype_score
    if score >= s.pp4_moderate_min_score:
        return Outcome("PP4", MET,
                       f"phenotype match {score:.2f} >= {s.pp4_moderate_min_score} to {v.phenotype_disease}",
                       "Moderate")
    if score >= s.pp4_supporting_min_score:
        return Outcome("PP4", MET,
                       f"phenotype match {score:.2f} >= {s.pp4_supporting_min_score} to {v.phenotype_disease}",
                       "Supporting")
    return Outcome("PP4", NOT_MET, f"phenotype match {score:.2f} < {s.pp4_supporting_min_score}")


ASSIGNERS: tuple[Assigner, ...] = (pvs1, ps1, ps2, pm1, pm2, pm3, pm4, pm5, pm6, pp2, pp3, pp4,
                                   ba1, bs1, bs2, bp1, bp2, bp3, bp4, bp7)


def assign(v: VariantFacts, settings: AcmgSettings) -> list[Outcome]:
    """Every criterion's outcome for one variant, with the SVI interaction rules applied:
    PM4 not with PVS1; PM1 + PP3 at most ``pm1_pp3_max_points`` together."""
    outcomes = [assigner(v, settings) for assigner in ASSIGNERS]
    by_code = {o.code: o for o in outcomes}
    if by_code["PVS1"].status == MET and by_code["PM4"].status == MET:
        by_code["PM4"] = Outcome("PM4", NOT_MET, "not combined with PVS1")
    pm1_o, pp3_o = by_code["PM1"], by_code["PP3"]
    if pm1_o.status == MET and pp3_o.status == MET:
        points = knowledge()["points"]
        cap = settings.pm1_pp3_max_points
        if points[pm1_o.strength] + points[pp3_o.strength] > cap:
            allowed = cap - points[pm1_o.strength]
            strength = next((st for st in reversed(STRENGTH_ORDER) if points[st] <= allowed), None)
            reason = pp3_o.reason + f" (capped: PM1 + PP3 <= {cap} points)"
            by_code["PP3"] = Outcome("PP3", MET, reason, strength) if strength else Outcome("PP3", NOT_MET, reason)
    return [by_code[a.__name__.upper()] for a in ASSIGNERS]


def evidence_of(outcomes: list[Outcome]) -> list[Evidence]:
    return [e for o in outcomes if (e := o.evidence) is not None]
