"""The posterior probability that a gene explains the case, from separate evidence terms.

Each candidate variant gets a feature vector (:func:`candidate_features`); the gene's evidence is
that of its best candidate (the highest log likelihood ratio). A term's log likelihood ratio is the
weighted sum of its features, with weights fitted on the development cases
(tests/benchmarks/fit_posterior.py, parameters in traaser/data/posterior_model.json). Every feature
is 0 for "no evidence", so a term with no evidence has LR 1: in particular the phenotype term of a
gene no source links to a disease is neutral, never a penalty. With a uniform prior over the N
candidate genes of the case,

    posterior(g) = LR(g) / sum over candidate genes h of LR(h),   LR(g) = product of g's term LRs,

the probability that g is the causal gene given that one of the candidate genes is (a conditional
logit; calibration is measured by ``traaser bench``'s reliability table). Natural logarithms.

A heterozygous candidate that has a partner in its gene (a possible compound heterozygote) is read
as two hypotheses, and counts as the stronger of those that fit the gene's known modes
(:func:`fitting_readings`): dominant (its own variant evidence, the partner ignored) and
biallelic (the variant term is the mean of the two alleles' features, so a weak second hit
weakens the pair, as Exomiser averages the two best variants of a recessive gene).

The sample's own background rate. The chance that a non-causal gene carries an event of some kind
(a rare homozygous loss of function, a de novo missense, ...) is proportional to how many such
events the sample holds, while the chance that the causal gene does is not. So the genotype term
counts ``-ln n``, n being the case's candidates of the same kind (:func:`evidence_class`) at least
as rare as this one (:class:`SimilarEvents`), its weight fixed at -1: an exome whose frequency
annotation misses common indels, or a consanguineous patient's, holds dozens of "novel"
homozygous calls, and each then tells less. n is never taken below a typical exome's count of
the kind (the parameter file's ``typical_counts``, medians over the dev backgrounds), so a small
input (a panel) is read as a typical exome, not as one where every event is unique. The other
weights (the class constants, e.g. ``missense`` against ``loss_of_function``) are refitted with
it; fitted freely, the weight comes out near -1 (issue-14 note).

A reading as compound heterozygous is a different event: a gene holding two heterozygous hits. It
is counted among the case's genes holding a pair of the same two allele kinds at least as rare
(:func:`pair_kind`; :meth:`SimilarEvents.pair_count`), not among its single heterozygous calls:
a pair of missense alleles is one of the tens of genes with such a pair an exome holds, not one
of its hundreds of heterozygous missense calls. The compound-heterozygous constants then measure
how often the cause is a pair rather than one heterozygous hit, and may be negative.
"""

from __future__ import annotations

import bisect
import json
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from functools import lru_cache
from importlib import resources
from typing import Any

from traaser.annotate.consequence import severity
from traaser.gene_knowledge import GeneKnowledge
from traaser.inheritance import fits_modes

#: Inheritance patterns of a biallelic genotype (two hits, or one on the single X of a male).
BIALLELIC = frozenset({"AR_homozygous", "AR_compound_heterozygous", "X_homozygous", "X_hemizygous"})
HOMOZYGOUS = frozenset({"AR_homozygous", "X_homozygous", "X_hemizygous"})
#: SO terms of a predicted loss of function: the classes gnomAD counts as pLoF when it measures a
#: gene's intolerance (LOEUF, pLI; LOFTEE). start_lost is not one of them: an alternative start
#: codon often rescues the protein (ClinGen SVI's PVS1 tree gives an initiation-codon variant at
#: most moderate strength), so it gets no loss-of-function weight; its PVS1 (Moderate, where loss
#: of function is a mechanism of the gene) counts in the ACMG points instead
#: (:meth:`PosteriorModel.counts_criterion`).
LOSS_OF_FUNCTION = frozenset({"stop_gained", "frameshift_variant", "splice_acceptor_variant",
                              "splice_donor_variant", "transcript_ablation"})
MISSENSE = frozenset({"missense_variant", "inframe_insertion", "inframe_deletion", "protein_altering_variant"})
COMPOUND = "AR_compound_heterozygous"


@dataclass(frozen=True)
class PosteriorModel:
    """Fitted weights by feature, the features of each explained term, the gnomAD/ClinGen cut-offs
    the gene-prior features use, the version and fit they come from, and the ACMG criteria whose
    evidence other features already count (left out of the ACMG points feature)."""

    version: str
    weights: Mapping[str, float]
    terms: Mapping[str, tuple[str, ...]]
    cutoffs: Mapping[str, float]
    descriptions: Mapping[str, str]
    fitted: Mapping[str, Any]
    acmg_counted_elsewhere: frozenset[str] = frozenset()
    #: "impact/genotype" kind → how many novel candidates of that kind a typical exome holds
    #: (:class:`SimilarEvents` never counts fewer)
    typical_counts: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PosteriorModel:
        return cls(data["version"], dict(data["weights"]), {k: tuple(v) for k, v in data["terms"].items()},
                   dict(data["cutoffs"]), dict(data["descriptions"]), dict(data.get("fitted", {})),
                   frozenset(data.get("acmg_counted_elsewhere", ())), dict(data.get("typical_counts", {})))

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(f for names in self.terms.values() for f in names)

    def counts_criterion(self, code: str, consequence: str) -> bool:
        """Whether the ACMG points feature counts criterion ``code`` of a variant with this
        consequence (SO term): not when another feature carries its evidence. PVS1 is carried by
        the loss-of-function features only for gnomAD's pLoF classes (LOSS_OF_FUNCTION); for any
        other null variant (a start-lost) the points count it, or nothing would."""
        if code == "PVS1" and consequence not in LOSS_OF_FUNCTION:
            return True
        return code not in self.acmg_counted_elsewhere


@lru_cache(maxsize=1)
def default_model() -> PosteriorModel:
    """The parameter file shipped with the package."""
    text = resources.files("traaser").joinpath("data", "posterior_model.json").read_text(encoding="utf-8")
    return PosteriorModel.from_json(json.loads(text))


@dataclass(frozen=True)
class CandidateFacts:
    """What the posterior reads of one candidate (all already computed by prioritize): its key
    ('chrom:pos:ref:alt'), the gene,
    the worst consequence (SO term), the ACMG points of the criteria no other feature counts
    (:func:`traaser.rank.facts_of`), the rarity (0-1), the
    inheritance patterns, whether the genotypes fit the gene's known modes, the phenotype
    match (score 0-1; known = some source links the gene to a disease) and whether both parents
    are genotyped (then a compound heterozygous pair is phased)."""

    key: str
    gene: str
    consequence: str
    acmg_points: int
    rarity: float
    patterns: frozenset[str]
    de_novo: str | None
    fits_modes: bool
    phenotype_known: bool
    phenotype_score: float
    trio: bool
    phenotype_rank: int = 0         # the gene's rank by phenotype among all genes with a disease
    phenotype_genes: int = 0        # how many genes with a disease were ranked
    phenotype_log_lr: float = 0.0   # term-wise log LR of its best disease against a random disease
    modes: frozenset[str] | None = None   # the gene's known modes (AD, AR, ...); None: not recorded
    partners: frozenset[str] | None = None  # keys of its possible compound-heterozygous partners; None: not recorded

    #: the columns of a facts table (traaser bench --features), in field order
    COLUMNS = ("key", "gene", "consequence", "acmg_points", "rarity", "patterns", "de_novo", "fits_modes",
               "phenotype_known", "phenotype_score", "trio", "phenotype_rank", "phenotype_genes",
               "phenotype_log_lr", "modes", "partners")

    def row(self) -> list[str]:
        """This candidate as a facts-table row ('-' for modes or partners not recorded)."""
        def listed(values: frozenset[str] | None) -> str:
            return "-" if values is None else ",".join(sorted(values))
        return [self.key, self.gene, self.consequence, str(self.acmg_points), f"{self.rarity:.6g}",
                ",".join(sorted(self.patterns)), self.de_novo or "", "1" if self.fits_modes else "0",
                "1" if self.phenotype_known else "0", f"{self.phenotype_score:.6g}", "1" if self.trio else "0",
                str(self.phenotype_rank), str(self.phenotype_genes), f"{self.phenotype_log_lr:.6g}",
                listed(self.modes), listed(self.partners)]

    @classmethod
    def from_record(cls, record: Mapping[str, str]) -> CandidateFacts:
        """A facts-table row back, by column name (columns an older table lacks take their defaults)."""
        def get(name: str, default: str) -> str:
            return record.get(name, default)

        def listed(name: str) -> frozenset[str] | None:
            text = get(name, "-")
            return None if text == "-" else frozenset(v for v in text.split(",") if v)
        return cls(record["key"], record["gene"], record["consequence"], int(record["acmg_points"]),
                   float(record["rarity"]), frozenset(p for p in record["patterns"].split(",") if p),
                   record["de_novo"] or None, record["fits_modes"] == "1", record["phenotype_known"] == "1",
                   float(record["phenotype_score"]), record["trio"] == "1", int(get("phenotype_rank", "0")),
                   int(get("phenotype_genes", "0")), float(get("phenotype_log_lr", "0")),
                   listed("modes"), listed("partners"))


def evidence_class(facts: CandidateFacts) -> tuple[str, str]:
    """The kind of event one reading of a candidate is, for counting how many such events the
    sample holds: (impact: 'loss_of_function', 'missense' or 'other'; genotype: 'homozygous' (or
    hemizygous on a male X), 'de_novo', 'heterozygous' (one allele of a compound-heterozygous
    pair included), or 'unfit' for a genotype that fits no inheritance pattern). Finer kinds
    (pair alleles, hemizygous calls apart) were measured and lost cross-validated ranks
    (issue-14 note)."""
    impact = ("loss_of_function" if facts.consequence in LOSS_OF_FUNCTION
              else "missense" if facts.consequence in MISSENSE else "other")
    genotype = ("homozygous" if facts.patterns & HOMOZYGOUS else "de_novo" if facts.de_novo == "confirmed"
                else "heterozygous" if facts.patterns else "unfit")
    return impact, genotype


def kind_name(kind: tuple[str, str]) -> str:
    """'impact/genotype', as the parameter file's typical_counts name a kind."""
    return "/".join(kind)


class SimilarEvents:
    """How many of a case's candidates are events of the same kind (:func:`evidence_class`) at
    least as rare as a given one: the sample's own background rate of such events, never taken
    below a typical exome's (``typical``, kind name → count), so a small input (a panel, a few
    genes) cannot make an event look more telling than a whole exome would."""

    def __init__(self, candidates: list[CandidateFacts], typical: Mapping[str, float] | None = None) -> None:
        by_kind: dict[tuple[str, str], list[float]] = {}
        for facts in candidates:
            by_kind.setdefault(evidence_class(facts), []).append(facts.rarity)
        self._rarities = {kind: sorted(values) for kind, values in by_kind.items()}
        self._pair_rarities = {kind: sorted(by_gene.values())
                               for kind, by_gene in gene_pairs(candidates).items()}
        self._typical = dict(typical or {})

    def count(self, facts: CandidateFacts) -> float:
        """Candidates of the kind of ``facts`` (a reading) with rarity >= its own, itself
        included, or the kind's typical count if that is larger (at least 1)."""
        kind = evidence_class(facts)
        return self._at_least_as_rare(self._rarities.get(kind, []), facts.rarity, kind_name(kind))

    def pair_count(self, allele: CandidateFacts, partner: CandidateFacts) -> float:
        """Genes of the case holding a compound-heterozygous pair of the kind of (allele,
        partner) (:func:`pair_kind`) at least as rare, or the kind's typical count if that is
        larger (at least 1)."""
        kind, rarity = pair_kind(allele, partner)
        return self._at_least_as_rare(self._pair_rarities.get(kind, []), rarity, kind)

    def _at_least_as_rare(self, rarities: list[float], rarity: float, kind: str) -> float:
        return max(1.0, float(len(rarities) - bisect.bisect_left(rarities, rarity)),
                   float(self._typical.get(kind, 1.0)))


#: impact classes of :func:`evidence_class`, strongest first
IMPACTS = ("loss_of_function", "missense", "other")


def pair_kind(allele: CandidateFacts, partner: CandidateFacts) -> tuple[str, float]:
    """A compound-heterozygous pair's kind, named by its two alleles' impact classes, stronger
    first ('loss_of_function+missense/compound_heterozygous'), and its rarity (that of the
    commoner allele, 0-1)."""
    impacts = sorted((evidence_class(allele)[0], evidence_class(partner)[0]), key=IMPACTS.index)
    return "+".join(impacts) + "/compound_heterozygous", min(allele.rarity, partner.rarity)


def gene_pairs(candidates: list[CandidateFacts]) -> dict[str, dict[str, float]]:
    """Pair kind → gene → the rarity of the gene's rarest pair of that kind, over every possible
    compound-heterozygous pair of ``candidates`` (a candidate with the compound pattern and its
    recorded partners, or, where partners are not recorded, the gene's other such candidates)."""
    by_key = {facts.key: facts for facts in candidates}
    members = compound_members(candidates)
    out: dict[str, dict[str, float]] = {}
    for gene, alleles in members.items():
        for facts in alleles:
            for partner in pair_partners(facts, by_key, members):
                kind, rarity = pair_kind(facts, partner)
                by_gene = out.setdefault(kind, {})
                by_gene[gene] = max(by_gene.get(gene, 0.0), rarity)
    return out


def compound_members(candidates: list[CandidateFacts]) -> dict[str, list[CandidateFacts]]:
    """Gene → its candidates that may be one allele of a compound-heterozygous pair (the compound
    pattern and no homozygous one), in the order given."""
    members: dict[str, list[CandidateFacts]] = {}
    for facts in candidates:
        if COMPOUND in facts.patterns and not facts.patterns & HOMOZYGOUS:
            members.setdefault(facts.gene, []).append(facts)
    return members


def pair_partners(facts: CandidateFacts, by_key: Mapping[str, CandidateFacts],
                  members: Mapping[str, list[CandidateFacts]]) -> list[CandidateFacts]:
    """The candidates ``facts`` may pair with: its recorded partners that are candidates, or,
    where a facts table did not record partners, the other :func:`compound_members` of its gene."""
    found = ([by_key[k] for k in facts.partners if k in by_key] if facts.partners is not None
             else members.get(facts.gene, []))
    return [p for p in found if p.key != facts.key]


def typical_counts(samples: list[list[CandidateFacts]]) -> dict[str, float]:
    """Kind name → the median, over those of ``samples`` (each one background's candidates) that
    hold the kind at all, of how many novel (rarity 1) candidates of that kind they hold (for a
    pair kind, :func:`pair_kind`: how many genes hold a pair of that kind whose alleles are both
    novel): a typical exome's count (only trios hold calls that fit no inheritance pattern)."""
    per_sample = []
    for candidates in samples:
        counts: dict[str, int] = {}
        for facts in candidates:
            if facts.rarity >= 1.0:
                name = kind_name(evidence_class(facts))
                counts[name] = counts.get(name, 0) + 1
        counts.update({kind: sum(1 for rarity in by_gene.values() if rarity >= 1.0)
                       for kind, by_gene in gene_pairs(candidates).items()})
        per_sample.append({name: n for name, n in counts.items() if n})
    names = sorted({name for counts in per_sample for name in counts})
    return {name: float(statistics.median(counts[name] for counts in per_sample if name in counts))
            for name in names}


def candidate_features(facts: CandidateFacts, knowledge: GeneKnowledge, model: PosteriorModel,
                       other_candidates: int, similar_events: float = 1.0) -> dict[str, float]:
    """The features of one reading of a candidate; 0 always means "no evidence".
    ``other_candidates`` counts its gene's candidates in the case that are not alleles of this
    reading (a compound-heterozygous pair's partner is one of the reading's alleles);
    ``similar_events`` is how many events of the reading's kind the sample holds
    (:class:`SimilarEvents`; 1 when not counted)."""
    cut = model.cutoffs
    constraint = knowledge.constraint.get(facts.gene)
    hi = knowledge.haploinsufficiency.get(facts.gene)
    lof = facts.consequence in LOSS_OF_FUNCTION
    missense = facts.consequence in MISSENSE
    loeuf_low = bool(constraint and constraint.loeuf is not None and constraint.loeuf < cut["loeuf_constrained"])
    pli_high = bool(constraint and constraint.pli is not None and constraint.pli >= cut["pli_constrained"])
    mis_z_high = bool(constraint and constraint.mis_z is not None and constraint.mis_z >= cut["mis_z_constrained"])
    haploinsufficient = hi == 3
    biallelic = bool(facts.patterns & BIALLELIC)
    compound = "AR_compound_heterozygous" in facts.patterns and not facts.patterns & HOMOZYGOUS
    de_novo = facts.de_novo == "confirmed"
    dominant = de_novo or not biallelic
    # One hit is enough where the cell has one copy: a hemizygous male X counts as dominant for
    # gene constraint (gnomAD's LoF observed/expected on chrX counts hemizygous males).
    one_copy = dominant or "X_hemizygous" in facts.patterns
    known = facts.phenotype_known
    severity_score = severity(facts.consequence).score if facts.consequence else 0.0
    return {
        "phenotype_known": 1.0 if known else 0.0,
        "phenotype_rank_log": (math.log(facts.phenotype_genes / facts.phenotype_rank)
                               if known and facts.phenotype_rank > 0 else 0.0),
        "phenotype_log_lr": facts.phenotype_log_lr if known else 0.0,
        "phenotype_log_lr_negative": min(0.0, facts.phenotype_log_lr) if known else 0.0,
        "phenotype_top_rank_log": (max(0.0, math.log(cut["phenotype_top_rank"] / facts.phenotype_rank))
                                   if known and facts.phenotype_rank > 0 else 0.0),
        "acmg_points": float(max(-8, min(12, facts.acmg_points))),
        "severity": severity_score,
        "loss_of_function": 1.0 if lof else 0.0,
        "missense": 1.0 if missense else 0.0,
        "low_impact": 1.0 if facts.consequence and severity_score < cut["low_impact_severity"] else 0.0,
        "common_dominant": 0.0 if biallelic else 1.0 - facts.rarity,
        "common_biallelic": 1.0 - facts.rarity if biallelic else 0.0,
        "de_novo": 1.0 if de_novo else 0.0,
        "homozygous": 1.0 if facts.patterns & HOMOZYGOUS else 0.0,
        "compound_heterozygous_phased": 1.0 if compound and facts.trio else 0.0,
        "compound_heterozygous_unphased": 1.0 if compound and not facts.trio else 0.0,
        "modes_unfit": 0.0 if facts.fits_modes else 1.0,
        "no_pattern": 0.0 if facts.patterns else 1.0,
        "lof_in_constrained_gene": 1.0 if lof and one_copy and (loeuf_low or pli_high or haploinsufficient) else 0.0,
        "missense_in_constrained_gene": 1.0 if missense and one_copy and mis_z_high else 0.0,
        "g2p_established": 1.0 if knowledge.established_g2p(facts.gene) else 0.0,
        "gene_other_candidates_log": math.log(1 + other_candidates),
        "sample_similar_events_log": math.log(similar_events),
    }


@dataclass(frozen=True)
class Hypothesis:
    """One reading of a candidate's genotype: its name ('as observed', 'dominant' or
    'biallelic'), the compound-heterozygous partner it pairs with (biallelic only) and its
    features."""

    name: str
    features: dict[str, float]
    partner: str = ""


def reading_text(hypothesis: str, partner: str) -> str:
    """How a gene's best candidate was read, as a clause for a reader ('' when as observed); the
    explanation lines and the report's posterior table both say it this way."""
    if hypothesis == "biallelic":
        return f", read as compound heterozygous with {partner}: the variant term is the mean of the two alleles"
    if hypothesis == "dominant":
        return ", read as one dominant hit (as compound heterozygous it scored lower)"
    return ""


def _variant_strength(facts: CandidateFacts) -> tuple[float, float, int]:
    """How strong a partner allele is, without the model's weights: consequence severity, then
    rarity, then ACMG points."""
    return (severity(facts.consequence).score if facts.consequence else 0.0, facts.rarity, facts.acmg_points)


def _reading(facts: CandidateFacts, patterns: frozenset[str]) -> CandidateFacts:
    """``facts`` with only ``patterns``, its fit to the gene's modes re-checked when they are recorded."""
    fits = fits_modes(set(patterns), set(facts.modes))[0] if facts.modes is not None else facts.fits_modes
    return dataclass_replace(facts, patterns=patterns, fits_modes=fits)


def candidate_hypotheses(candidates: list[CandidateFacts], knowledge: GeneKnowledge,
                         model: PosteriorModel) -> list[list[Hypothesis]]:
    """Each candidate's hypotheses (see the module docstring), in the order given. A candidate
    with the compound-heterozygous pattern (and no homozygous one) is read as dominant (that
    pattern removed) and, when its partner is among the candidates, as biallelic with its
    strongest partner (:func:`_variant_strength`), whose variant term averages the two alleles'
    features and whose sample count is that of the case's genes holding such a pair
    (:meth:`SimilarEvents.pair_count`); any other candidate is read as observed."""
    by_key = {facts.key: facts for facts in candidates}
    by_gene: dict[str, list[CandidateFacts]] = {}
    for facts in candidates:
        by_gene.setdefault(facts.gene, []).append(facts)
    members = compound_members(candidates)
    variant_features = model.terms.get("variant", ())
    similar = SimilarEvents(candidates, model.typical_counts)
    out = []
    for facts in candidates:
        others = len(by_gene[facts.gene]) - 1     # the gene's candidates besides this one
        if COMPOUND not in facts.patterns or facts.patterns & HOMOZYGOUS:
            out.append([Hypothesis("as observed", candidate_features(facts, knowledge, model, others,
                                                                     similar.count(facts)))])
            continue
        one_hit = _reading(facts, facts.patterns - {COMPOUND})
        readings = [Hypothesis("dominant", candidate_features(one_hit, knowledge, model, others,
                                                              similar.count(one_hit)))]
        partners = pair_partners(facts, by_key, members)
        if partners:
            partner = max(sorted(partners, key=lambda p: p.key), key=_variant_strength)   # ties: the smaller key
            pair = frozenset({COMPOUND})
            own = candidate_features(_reading(facts, pair), knowledge, model, others - 1,
                                     similar.pair_count(facts, partner))
            other = candidate_features(_reading(partner, pair), knowledge, model, others - 1)
            for name in variant_features:
                own[name] = (own[name] + other[name]) / 2
            readings.append(Hypothesis("biallelic", own, partner.key))
        out.append(readings)
    return out


def fitting_readings(readings: list[Hypothesis]) -> list[Hypothesis]:
    """The readings a candidate's gene may take its evidence from: those that fit the gene's known
    modes of inheritance when any does (an AD-only gene's pair is read as one dominant hit, an
    AR-only gene's as biallelic, as a clinician would), else all of them."""
    fitting = [h for h in readings if not h.features.get("modes_unfit")]
    return fitting or readings


@dataclass(frozen=True)
class Term:
    """One explained evidence term of a gene: its log likelihood ratio (natural log) and the
    features behind it with their values."""

    name: str
    log_lr: float
    features: dict[str, float]

    @property
    def lr(self) -> float:
        return math.exp(self.log_lr)


@dataclass
class GeneEvidence:
    """A gene's posterior, its terms and the candidate that carries its evidence."""

    gene: str
    terms: list[Term] = field(default_factory=list)
    posterior: float = 0.0
    best_key: str = ""
    known_disease: bool = False
    hypothesis: str = "as observed"   # how the best candidate's genotype is read (see candidate_hypotheses)
    partner_key: str = ""             # its compound-heterozygous partner, when read as biallelic

    @property
    def log_lr(self) -> float:
        return sum(t.log_lr for t in self.terms)


def score_features(features: Mapping[str, float], model: PosteriorModel) -> list[Term]:
    """The terms of one feature vector (the model's weights times the features, term by term)."""
    terms = []
    for name, names in model.terms.items():
        values = {f: features[f] for f in names}
        terms.append(Term(name, sum(model.weights[f] * v for f, v in values.items()), values))
    return terms


def gene_posteriors(candidates: list[CandidateFacts], knowledge: GeneKnowledge,
                    model: PosteriorModel | None = None) -> tuple[dict[str, GeneEvidence], list[float]]:
    """The evidence and posterior of every gene of the case, and each candidate's log LR (that of
    its strongest hypothesis among :func:`fitting_readings`, in the order given); a gene's
    evidence is that of its candidate hypothesis with the highest log LR."""
    model = model or default_model()
    genes: dict[str, GeneEvidence] = {}
    log_lrs = []
    for facts, readings in zip(candidates, candidate_hypotheses(candidates, knowledge, model), strict=True):
        best = max((GeneEvidence(facts.gene, score_features(reading.features, model), best_key=facts.key,
                                 known_disease=facts.phenotype_known, hypothesis=reading.name,
                                 partner_key=reading.partner) for reading in fitting_readings(readings)),
                   key=lambda evidence: evidence.log_lr)   # ties: the first reading
        log_lrs.append(best.log_lr)
        current = genes.get(facts.gene)
        if current is None or best.log_lr > current.log_lr:
            genes[facts.gene] = best
    if genes:
        peak = max(g.log_lr for g in genes.values())
        total = sum(math.exp(g.log_lr - peak) for g in genes.values())
        for g in genes.values():
            g.posterior = math.exp(g.log_lr - peak) / total
    return genes, log_lrs
