"""Collect: the one pass over a case's annotated BCF (or its chromosome shards) that turns
records into candidates, with every other record excluded for a counted reason.

bcftools first screens out the records with no consequence annotation, common in gnomAD or
failing FILTER (traaser/collect/screen.py); cyvcf2 reads the rest. A candidate is an ALT allele the
proband carries in a gene (or that ClinVar calls P/LP). The pass also gathers the proband's
sample QC and the trio's parentage check. Positions are 1-based (VCF POS).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyvcf2 import VCF

from traaser.acmg.criteria import knowledge
from traaser.acmg.facts import spliceai_max
from traaser.annotate.consequence import IMPACT_ORDER, ConsequenceReader, TranscriptConsequence, severity
from traaser.annotate.fields import (
    CLINVAR_PREFIX,
    CLINVAR_SIGNIFICANCE_TAG,
    CLINVAR_TAGS,
    GNOMAD_TAGS,
    clinvar_significance,
    population_af,
)
from traaser.candidate import Candidate
from traaser.case import Case
from traaser.collect.screen import (
    ScreenedShard,
    ScreenPlan,
    parse_sample_field,
    screen_plan,
    screened_shards,
)
from traaser.counts import NOTE_QC, NOTE_SCREENED_OUT, StepCounts
from traaser.errors import VcfError
from traaser.gene_symbols import current_symbol
from traaser.inheritance import Call, Family, family_of, genotype_type
from traaser.qc import ParentageCheck, SampleQC
from traaser.settings import AcmgSettings, PrioritizeSettings
from traaser.vcf.alleles import NOT_ASSESSED, is_not_assessed
from traaser.vcf.contigs import NON_AUTOSOMAL_NAMES
from traaser.vcf.values import as_vcf_float, first_number, info_value

NO_CALL = "proband genotype missing"
NOT_CARRIED = "proband does not carry the ALT allele"
NO_GENE = "no transcript consequence (outside annotated genes)"
LOW_IMPACT = "consequence impact below the configured minimum"
COMMON = "population allele frequency above the configured maximum"
LOW_GQ = "proband genotype quality below the configured minimum"
FILTERED = "FILTER is not PASS"
BAD_ALLELE = "proband GT allele index beyond the ALT alleles"
MALFORMED_CSQ = "consequence annotation malformed (not as many fields as the header's Format)"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


def worst_gene_consequence(consequences: list[TranscriptConsequence],
                           preferred: frozenset[str] = frozenset()) -> TranscriptConsequence | None:
    """The most severe consequence in a gene; among equally severe ones, a preferred (MANE
    Select) transcript, so the report names the variant on it where it can."""
    in_genes = [c for c in consequences if c.gene]
    if not in_genes:
        return None
    return min(in_genes, key=lambda c: (severity(c.worst).rank, c.transcript not in preferred))


def declared_number(vcf: VCF, tag: str) -> str | None:
    """The header's Number of FORMAT/``tag`` ('R', 'A', '1', '.', ...), or None if undeclared."""
    try:
        return vcf.get_header_type(tag).get("Number")
    except KeyError:
        return None


def _check_allele_depths(variant: Any, vcf_path: Path) -> None:
    """Refuse FORMAT/AD declared Number=R whose values do not match the alleles (REF + ALTs)."""
    depths = variant.format("AD")
    alleles = 1 + len(variant.ALT)
    if depths is not None and depths.shape[1] != alleles:
        raise VcfError(f"FORMAT/AD at {variant.CHROM}:{variant.POS} has {depths.shape[1]} values per sample but the "
                       f"record has {alleles} alleles (AD is declared Number=R: one depth per allele)",
                       path=str(vcf_path), fix="correct the caller's AD values or the ##FORMAT=<ID=AD> line")


def read_calls(variant: Any, index: dict[str, int], wanted: list[str], format_dp: bool = False) -> dict[str, Call]:
    """The calls of the ``wanted`` samples (by their index in the VCF) at a cyvcf2 record's one ALT.
    A call's depth is its FORMAT/DP where the header declares DP (``format_dp``) and the sample
    has a value, else the sum of its AD values (what cyvcf2's gt_depths gives): after a
    multi-allelic record is split, AD keeps only REF and this ALT while DP still counts every read."""
    genotypes = variant.genotypes
    quals = variant.gt_quals
    depths = variant.gt_depths
    if format_dp:
        given = variant.format("DP")
        if given is not None:
            depths = [int(d[0]) if d[0] >= 0 else int(a) for d, a in zip(given, depths, strict=True)]
    refs = variant.gt_ref_depths
    alts = variant.gt_alt_depths
    calls = {}
    for sample in wanted:
        i = index[sample]
        alleles = genotypes[i][:-1]
        gt = genotype_type(alleles)           # './.' and partially missing calls are missing, never reference
        haploid = len(alleles) == 1
        calls[sample] = Call(gt, int(quals[i]) if quals[i] >= 0 else -1, int(depths[i]),
                             int(refs[i]), int(alts[i]), haploid)
    return calls


def call_exclusion(alts: list[str] | tuple[str, ...], filter_pass: bool, alleles: tuple[int, ...] | list[int],
                   require_pass: bool) -> str | None:
    """The first reason among NOT_ASSESSED, FILTERED and NO_CALL that excludes a record, else None."""
    if len(alts) != 1 or is_not_assessed(alts[0]):
        return NOT_ASSESSED
    if require_pass and not filter_pass:
        return FILTERED
    if any(a < 0 for a in alleles):
        return NO_CALL
    return None


def carrier_exclusion(alleles: tuple[int, ...] | list[int], n_alts: int) -> str | None:
    """BAD_ALLELE or NOT_CARRIED for a called proband genotype, else None."""
    if any(a > n_alts for a in alleles):
        return BAD_ALLELE
    if not any(a > 0 for a in alleles):
        return NOT_CARRIED
    return None


@dataclass
class _Pass:
    """What one prioritize pass accumulates over all shards."""

    case: Case
    settings: PrioritizeSettings
    counts: StepCounts
    parentage: ParentageCheck = field(default_factory=ParentageCheck)
    qc: SampleQC = field(default_factory=SampleQC)
    candidates: list[Candidate] = field(default_factory=list)


def collect_candidates(vcf_paths: Path | list[Path], case: Case, settings: PrioritizeSettings, acmg: AcmgSettings,
                       counts: StepCounts,
                       preferred_transcripts: frozenset[str] = frozenset(), workdir: Path | None = None,
                       screen: bool = True) -> tuple[list[Candidate], Family, ParentageCheck]:
    """The pass over the annotated BCF, or each of its chromosome shards in turn: bcftools screens
    out the records without a consequence or common in the population (traaser/collect/screen.py), Python
    reads the rest (also leaving non-PASS records to the screen when PASS is required); filters
    with counted reasons, genotype capture, parentage check, sample QC.
    ``workdir`` holds the screen's temporary files (default: the system's temporary folder);
    ``screen=False`` has Python read every record (the reference the screen is tested against)."""
    paths = [vcf_paths] if isinstance(vcf_paths, Path) else list(vcf_paths)
    state = _Pass(case, settings, counts)
    shards = [_ShardSetup.of(path, case, settings, screen) for path in paths]
    screened = screened_shards(paths, [s.plan for s in shards], [s.wanted for s in shards],
                               [s.has_gq for s in shards], workdir)
    screened_out = 0
    for setup, shard in zip(shards, screened):
        screened_out += _count_screened(shard, setup, state, float(acmg.denovo_min_gq))
        _collect(shard.kept, setup, state, acmg, preferred_transcripts)
    counts.records_out = len(state.candidates)
    counts.notes[NOTE_QC] = state.qc.to_json()
    counts.notes[NOTE_SCREENED_OUT] = screened_out
    return state.candidates, shards[-1].family, state.parentage


@dataclass
class _ShardSetup:
    """What the header of one shard decides: the family and its samples, GQ, the screen plan."""

    family: Family
    wanted: list[str]
    has_gq: bool
    plan: ScreenPlan

    @classmethod
    def of(cls, path: Path, case: Case, settings: PrioritizeSettings, screen: bool = True) -> _ShardSetup:
        vcf = VCF(str(path), lazy=True)
        try:
            samples = list(vcf.samples)
            family = family_of(case.proband, case.sex, case.pedigree, samples)
            wanted = [s for s in (family.proband, family.father, family.mother) if s]
            tag = ConsequenceReader(vcf, path).tag
            declared = {h["ID"] for h in vcf.header_iter() if h["HeaderType"] == "INFO"}
            has_gq = declared_number(vcf, "GQ") is not None
        finally:
            vcf.close()
        plan = (screen_plan(declared, tag, float(settings.max_population_af), case.build,
                            bool(settings.require_pass)) if screen
                else ScreenPlan(None, None))
        return cls(family, wanted, has_gq, plan)


def _count_screened(shard: ScreenedShard, setup: _ShardSetup, state: _Pass, denovo_gq: float) -> int:
    """Count the records bcftools screened out with the same checks (in the same order) as a
    record Python reads; the line's screen gives the last reason. Each chunk of lines is folded,
    in two ways, to what each use reads: (REF, ALT, FILTER, proband GT) for the reasons and the
    sample QC, the family's GT:GQ on autosomes for the parentage check; each distinct key is
    then judged once. Returns the number of records screened out."""
    trio = setup.family.trio
    require_pass = bool(state.settings.require_pass)
    autosomal: dict[bytes, bool] = {}
    fields: dict[bytes, tuple[int, float]] = {}
    total = 0
    for screen, reason in (("no_consequence", NO_GENE), ("common", COMMON)):
        for lines in shard.line_counts(screen):
            by_call: dict[tuple[bytes, ...], int] = defaultdict(int)
            by_family: dict[bytes, int] = defaultdict(int)
            for line, n in lines.items():
                parts = line.rstrip(b"\r\n").split(b"\t", 4)
                family = parts[4] if len(parts) == 5 else b""
                by_call[(parts[1], parts[2], parts[3], family.split(b"\t", 1)[0])] += n
                if trio:
                    chrom = parts[0]
                    if chrom not in autosomal:
                        autosomal[chrom] = chrom.decode("utf-8", "replace") not in NON_AUTOSOMAL_NAMES
                    if autosomal[chrom]:
                        by_family[family] += n
            records = sum(by_call.values())
            total += records
            state.counts.records_in += records
            _judge_calls(by_call, reason, require_pass, state)
            _add_parentage(by_family, denovo_gq, state.parentage, fields)
    return total


def _judge_calls(by_call: dict[tuple[bytes, ...], int], reason: str, require_pass: bool, state: _Pass) -> None:
    for (ref_b, alt_b, filter_b, proband_b), n in by_call.items():
        alt_text = alt_b.decode("utf-8", "replace")
        alts = alt_text.split(",") if alt_text else []
        alleles = parse_sample_field(proband_b.decode("utf-8", "replace")).alleles if proband_b else ()
        early = call_exclusion(alts, filter_b in (b"PASS", b"."), alleles, require_pass)
        if early is not None:
            state.counts.exclude(early, n)
            continue
        # the screen never removes a chrX non-PAR record, so none of these is in a hemizygous region
        state.qc.add_calls(ref_b.decode("utf-8", "replace"), alts[0], genotype_type(alleles), False, n)
        state.counts.exclude(carrier_exclusion(alleles, len(alts)) or reason, n)


def _add_parentage(by_family: dict[bytes, int], denovo_gq: float, parentage: ParentageCheck,
                   fields: dict[bytes, tuple[int, float]]) -> None:
    """Trio lines into the parentage check; ``fields`` caches each parsed GT:GQ text."""
    for family, n in by_family.items():
        trio = []
        for text in family.split(b"\t"):
            parsed = fields.get(text)
            if parsed is None:
                sample = parse_sample_field(text.decode("utf-8", "replace"))
                parsed = fields[text] = (genotype_type(sample.alleles), sample.quality)
            trio.append(parsed)
        if len(trio) == 3:
            parentage.add((trio[0][0], trio[1][0], trio[2][0]), (trio[0][1], trio[1][1], trio[2][1]), denovo_gq, n)


def _splice_predicted(variant: Any, splice_keep: tuple[str, float] | None) -> bool:
    """Whether the record's SpliceAI maximum delta (``splice_keep``: INFO tag, threshold) reaches
    the threshold: a predicted splice change (never when the rescue is off or there is no score)."""
    if splice_keep is None:
        return False
    splice = spliceai_max(info_value(variant, splice_keep[0]))
    return splice is not None and splice >= splice_keep[1]


def _annotation_exclusion(variant: Any, consequences: ConsequenceReader, preferred: frozenset[str], max_af: float,
                          min_rank: int, splice_keep: tuple[str, float] | None = None,
                          ) -> tuple[str | None, str, TranscriptConsequence | None, dict[str, float]]:
    """(reason, gene, worst consequence, gnomAD values) from a carried record's annotations, the
    reason None for a candidate. The order is the bcftools screen's: no consequence annotation at
    all, then common in the population, then the consequence itself (no gene, impact below the
    minimum). A ClinVar pathogenic or likely pathogenic record passes the annotation filters; so
    does a record below the minimum impact whose SpliceAI maximum delta (``splice_keep``: INFO
    tag, threshold) predicts a splice change."""
    clinvar_plp = clinvar_significance(_as_text(info_value(variant, CLINVAR_SIGNIFICANCE_TAG))).is_pathogenic
    if not clinvar_plp and consequences.tag is not None and info_value(variant, consequences.tag) is None:
        return NO_GENE, "", None, {}
    gnomad = {key: number for key, tag in GNOMAD_TAGS.items()
              if (number := first_number(info_value(variant, tag))) is not None}
    frequency = population_af(gnomad)
    if frequency is not None and frequency > max_af and not clinvar_plp:
        return COMMON, "", None, gnomad
    worst = worst_gene_consequence(consequences.read(variant), preferred)
    gene = current_symbol(worst.gene if worst else
                          _as_text(info_value(variant, CLINVAR_TAGS["GENEINFO"])).split(":")[0])
    if not gene:
        return (MALFORMED_CSQ if consequences.malformed else NO_GENE), "", worst, gnomad
    if (worst is not None and IMPACT_ORDER[worst.impact] > min_rank and not clinvar_plp
            and not _splice_predicted(variant, splice_keep)):
        return LOW_IMPACT, gene, worst, gnomad
    if worst is None and not clinvar_plp:
        return NO_GENE, gene, worst, gnomad
    return None, gene, worst, gnomad


def _collect(vcf_path: Path, setup: _ShardSetup, state: _Pass, acmg: AcmgSettings,
             preferred_transcripts: frozenset[str]) -> None:
    case, settings, counts, qc, family = state.case, state.settings, state.counts, state.qc, setup.family
    vcf = VCF(str(vcf_path), gts012=False, lazy=True)
    samples = list(vcf.samples)
    index = {s: i for i, s in enumerate(samples)}
    wanted = setup.wanted
    consequences = ConsequenceReader(vcf, vcf_path)
    check_ad = declared_number(vcf, "AD") == "R"
    format_dp = declared_number(vcf, "DP") is not None
    if consequences.tag is None:
        counts.warnings.append("the VCF carries no BCSQ/CSQ/ANN consequence annotation")
    min_rank = IMPACT_ORDER[settings.min_impact]
    splice_keep = (None if settings.keep_spliceai_min is None
                   else (acmg.spliceai_info_tag, float(settings.keep_spliceai_min)))
    max_af = as_vcf_float(float(settings.max_population_af))
    min_gq = int(settings.min_proband_gq)
    require_pass = bool(settings.require_pass)
    info_tags = list(GNOMAD_TAGS.values()) + [t["info_tag"] for t in knowledge()["predictors"].values()] \
        + [acmg.spliceai_info_tag]
    clinvar_tags = list(CLINVAR_TAGS.values())  # ClinVar fields are read in full for candidates only
    trio_index = (index[family.proband], index[family.father], index[family.mother]) if family.trio else None
    denovo_gq = float(acmg.denovo_min_gq)
    proband_i = index[family.proband]
    for variant in vcf:
        counts.records_in += 1
        if trio_index is not None and variant.CHROM not in NON_AUTOSOMAL_NAMES:
            state.parentage.add_record(variant, trio_index, denovo_gq)
        alts = variant.ALT
        alleles = variant.genotypes[proband_i][:-1]
        early = call_exclusion(alts or ["."], variant.FILTER is None, alleles, require_pass)
        if early is not None:
            counts.exclude(early)
            continue
        alt = alts[0]
        qc.add(variant.CHROM, variant.POS, variant.REF, alt, genotype_type(alleles), case.build)
        carrier = carrier_exclusion(alleles, len(alts))
        if carrier is not None:
            counts.exclude(carrier)
            continue
        reason, gene, worst, gnomad = _annotation_exclusion(variant, consequences, preferred_transcripts, max_af,
                                                            min_rank, splice_keep)
        if reason is not None:
            counts.exclude(reason)
            continue
        if check_ad:
            _check_allele_depths(variant, case.vcf)
        calls = read_calls(variant, index, wanted, format_dp)
        if min_gq and 0 <= calls[family.proband].gq < min_gq:
            counts.exclude(LOW_GQ)
            continue
        info = {tag: value for tag in info_tags if (value := info_value(variant, tag)) is not None}
        clinvar = {tag.removeprefix(CLINVAR_PREFIX): _as_text(value) for tag in clinvar_tags
                   if (value := info_value(variant, tag)) is not None}
        state.candidates.append(Candidate(variant.CHROM, variant.POS, variant.REF, alt, gene, worst, calls,
                                          clinvar, gnomad, info, _splice_predicted(variant, splice_keep)))
    vcf.close()
