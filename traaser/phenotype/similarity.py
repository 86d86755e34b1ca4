"""Symmetric Resnik best-match-average similarity of a patient's HPO terms to diseases and genes,
with each match weighted by how often the disease shows the matched feature.

sim(q, D) = max over the ancestors a of q that D's propagated annotation holds of
IC(a) + lambda * ln f(a | D), clipped at 0: IC(a) = -ln P(a) is how surprising the feature is in
a random disease and f(a | D) the fraction of D's patients who have it (HPO frequencies,
Annotations.propagated_frequencies), so the sum is a tempered log likelihood ratio of the
feature, ln(f / P) at lambda = 1; lambda = 0 is plain Resnik. lambda = 0.5 by default (config
prioritize.phenotype_frequency_weight; measured on the 101 dev cases, issue-14 note: phenotype
MRR 0.638 -> 0.653, top-1 unchanged, about flat for lambda 0.2-0.5). A feature with no stated
frequency has f = 1 (UNKNOWN_FREQUENCY): only features stated to be uncommon are discounted.
patient->disease = sum_q sim(q, D) / sum_q IC(q); disease->patient = sum_t sim0(t, Q) / sum_t IC(t)
over the disease's own terms t (sim0: plain Resnik, the patient's terms carry no frequency).
score = w * patient->disease + (1 - w) * disease->patient, in [0, 1]; w = 0.85 by default
(measured on the 101 dev cases, see the issue-5 note: the disease->patient part penalises
diseases whose hallmark features the patient lacks).
A gene's score averages its best-matching disease's score with the same measure against the
gene's pooled profile (all its diseases' terms together): gene_weight * pooled +
(1 - gene_weight) * best disease, gene_weight = 0.5 (measured on the dev cases).
A disease feature that one of the patient's terms rules out (traaser.phenotype.opposites: the
patient's microcephaly rules out macrocephaly) costs the disease contradiction_weight * f, f the
fraction of its patients with that feature (the largest such f when several are ruled out), the
score clipped at 0; the pooled profile pays the smallest cost of its diseases, since any one of
them may be the patient's; a disease that has the patient's end too (variable head size) pays
nothing. contradiction_weight = 0.2 by default (config prioritize.phenotype_contradiction_weight;
on the 101 dev cases, phenotype only: three causal genes rise, none falls, the same from 0.2 to
0.5, a little less at 0.1; issue-14 note). The term-wise log LR (CaseScores.gene_log_lr)
counts the patient's terms only and is not changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from traaser.phenotype.annotations import Annotations
from traaser.phenotype.opposites import RuledOut, ruled_out_features

if TYPE_CHECKING:
    from traaser.settings import PrioritizeSettings

ArrayOrFloat = TypeVar("ArrayOrFloat", float, np.ndarray)


@dataclass(frozen=True)
class TermMatch:
    """How one patient term matched a disease: through which shared ancestor, worth how much."""

    query: str
    query_name: str
    matched: str | None
    matched_name: str
    ic: float
    frequency: float | None = None    # fraction of the disease's patients with the matched term (or a
                                      # descendant), where a source states it; None: UNKNOWN_FREQUENCY assumed
    weight: float = 0.0               # what the match adds: IC + lambda * ln(frequency), clipped at 0 (nats)


@dataclass
class PhenotypeMatch:
    """The phenotype evidence for one gene."""

    gene: str
    score: float = 0.0
    disease_score: float = 0.0
    disease_id: str | None = None
    disease_name: str = ""
    matches: list[TermMatch] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    #: features of the best disease that a patient term rules out: (patient term, its name,
    #: feature, its name, fraction of the disease's patients with the feature)
    ruled_out: list[tuple[str, str, str, str, float]] = field(default_factory=list)
    diseases: list[tuple[str, str]] = field(default_factory=list)   # every disease of the gene: (id, name)
    rank: int = 0              # the gene's rank among all genes with a disease (pessimistic; 0 = none)
    ranked_genes: int = 0      # how many genes with a disease were ranked
    log_lr: float = 0.0        # term-wise log LR of the gene's best disease against a random disease (nats)

    @property
    def explanation(self) -> str:
        if self.disease_id is None:
            return f"{self.gene} has no HPO disease annotation in this release"
        exact = sum(1 for m in self.matches if m.matched == m.query)
        conflict = (f"; the patient lacks {', '.join(f'{t} {n}' for t, n in self.conflicts)}, which the disease has"
                    if self.conflicts else "")
        opposite = "".join(f"; the patient's {name} rules out its {feature_name} ({frequency:.0%} of its patients)"
                           for _, name, _, feature_name, frequency in self.ruled_out)
        return (f"best disease {self.disease_id} {self.disease_name} (match {self.disease_score:.2f}); gene score "
                f"{self.score:.2f} with all its diseases pooled; {exact}/{len(self.matches)} terms match exactly"
                f"{conflict}{opposite}")


class ProfileIndex:
    """The annotations laid out as arrays, so one patient is scored against every disease and gene
    at once (built once per Annotations object; see :func:`profile_index`). Diseases are those
    with at least one phenotype term, in id order; genes those linked to one of them."""

    def __init__(self, annotations: Annotations) -> None:
        ontology = annotations.ontology
        self.disease_ids = sorted(d for d, disease in annotations.diseases.items() if disease.terms)
        disease_index = {d: i for i, d in enumerate(self.disease_ids)}
        term_ids: dict[str, int] = {}
        pairs_disease: list[int] = []
        pairs_term: list[int] = []
        pairs_log_frequency: list[float] = []
        own_flat: list[int] = []
        own_offsets: list[int] = []
        for i, disease_id in enumerate(self.disease_ids):
            for term, (frequency, _) in sorted(annotations.propagated_frequencies(disease_id).items()):
                pairs_disease.append(i)
                pairs_term.append(term_ids.setdefault(term, len(term_ids)))
                pairs_log_frequency.append(math.log(frequency))
            own_offsets.append(len(own_flat))
            own_flat += [term_ids.setdefault(t, len(term_ids))
                         for t in sorted(annotations.diseases[disease_id].terms) if t in ontology.terms]
        self.term_ids = term_ids
        self.ic = np.array([annotations.term_ic(t) for t in term_ids])
        order = np.argsort(np.array(pairs_term, dtype=np.int64), kind="stable")
        by_term = np.array(pairs_disease, dtype=np.int64)[order]
        log_frequency_by_term = np.array(pairs_log_frequency)[order]
        counts = np.bincount(np.array(pairs_term, dtype=np.int64), minlength=len(term_ids))
        bounds = np.concatenate([[0], np.cumsum(counts)])
        #: term index → the diseases whose propagated annotation holds the term (increasing index)
        self.diseases_of = [by_term[bounds[t]:bounds[t + 1]] for t in range(len(term_ids))]
        #: term index → ln of the fraction of each of those diseases' patients with the term
        self.log_frequency_of = [log_frequency_by_term[bounds[t]:bounds[t + 1]] for t in range(len(term_ids))]
        self.own_flat = np.array(own_flat, dtype=np.int64)
        self.own_offsets = np.array(own_offsets + [len(own_flat)], dtype=np.int64)
        self.disease_self = self._sum_segments(self.ic[self.own_flat], self.own_offsets)
        # every annotation term's ancestors (reflexive), as term indices, for the disease->patient side
        anc_flat: list[int] = []
        anc_offsets: list[int] = []
        for term in term_ids:
            anc_offsets.append(len(anc_flat))
            anc_flat += [term_ids[a] for a in ontology.ancestors(term) if a in term_ids]
        self.anc_flat = np.array(anc_flat, dtype=np.int64)
        self.anc_offsets = np.array(anc_offsets, dtype=np.int64)
        # genes: their diseases (flat, by gene) and the union of those diseases' own terms
        self.genes: dict[str, int] = {}
        gene_disease_flat: list[int] = []
        gene_term_flat: list[int] = []
        gene_disease_offsets: list[int] = []
        gene_term_offsets: list[int] = []
        own, bounds = self.own_flat.tolist(), self.own_offsets.tolist()
        for gene in sorted(annotations.gene_diseases):
            members = sorted(disease_index[d] for d in annotations.gene_diseases[gene] if d in disease_index)
            if not members:
                continue
            self.genes[gene] = len(self.genes)
            gene_disease_offsets.append(len(gene_disease_flat))
            gene_disease_flat += members
            terms = sorted({t for i in members for t in own[bounds[i]:bounds[i + 1]]})
            gene_term_offsets.append(len(gene_term_flat))
            gene_term_flat += terms
        self.gene_disease_flat = np.array(gene_disease_flat, dtype=np.int64)
        self.gene_disease_offsets = np.array(gene_disease_offsets, dtype=np.int64)
        self.gene_term_flat = np.array(gene_term_flat, dtype=np.int64)
        self.gene_term_offsets = np.array(gene_term_offsets + [len(gene_term_flat)], dtype=np.int64)
        self.gene_self = self._sum_segments(self.ic[self.gene_term_flat], self.gene_term_offsets)

    @staticmethod
    def _sum_segments(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Sums of values[offsets[i]:offsets[i+1]] (0 for an empty segment)."""
        totals = np.concatenate([[0.0], np.cumsum(values)])
        return totals[offsets[1:]] - totals[offsets[:-1]]


def feature_weight(ic: ArrayOrFloat, log_frequency: ArrayOrFloat, frequency_weight: float) -> ArrayOrFloat:
    """What a patient term matched at a disease feature adds before the clip at 0 (nats):
    IC(a) + lambda * ln f(a | D), as the module docstring defines it. Works on floats and arrays."""
    return ic + frequency_weight * log_frequency


def profile_index(annotations: Annotations) -> ProfileIndex:
    """The annotations' :class:`ProfileIndex`, built on first use and kept on the object."""
    index = getattr(annotations, "_profile_index", None)
    if index is None:
        index = ProfileIndex(annotations)
        annotations._profile_index = index  # type: ignore[attr-defined]
    return index


@dataclass
class CaseScores:
    """One patient against every disease and gene: the symmetric score of each disease, and of
    each gene's best disease and pooled profile (arrays indexed as in the ProfileIndex)."""

    disease: np.ndarray
    gene_best: np.ndarray
    gene_best_disease: np.ndarray       # disease index of each gene's best disease
    gene_pooled: np.ndarray
    gene_log_lr: np.ndarray             # each gene's best disease by the term-wise log LR (nats)


def score_all(index: ProfileIndex, annotations: Annotations, terms: list[str], patient_weight: float,
              frequency_weight: float, ruled_out: dict[str, RuledOut] | None = None,
              contradiction_weight: float = 0.0) -> CaseScores:
    """The symmetric best-match average of ``terms`` (ids in the ontology) against every disease
    and every gene's pooled profile, as the module docstring defines it (``frequency_weight`` is
    its lambda), less the cost of the features ``ruled_out`` (:func:`ruled_out_features`) at
    ``contradiction_weight``, for the diseases that do not also have the patient's end."""
    n_diseases = len(index.disease_ids)
    self_similarity = sum(annotations.term_ic(t) for t in terms)
    # patient -> disease: per patient term, the best IC + lambda * ln f over its ancestors each disease holds
    per_term = np.zeros((len(terms), n_diseases))
    patient_propagated = np.zeros(len(index.term_ids), dtype=bool)
    for row, term in enumerate(terms):
        ancestors = [index.term_ids[a] for a in annotations.ontology.ancestors(term) if a in index.term_ids]
        patient_propagated[ancestors] = True
        for t in ancestors:
            holders = index.diseases_of[t]
            weight = feature_weight(index.ic[t], index.log_frequency_of[t], frequency_weight)
            per_term[row, holders] = np.maximum(per_term[row, holders], weight)
    # disease -> patient: each annotation term's most informative ancestor the patient holds
    held = np.where(patient_propagated[index.anc_flat], index.ic[index.anc_flat], 0.0)
    best_held = np.maximum.reduceat(held, index.anc_offsets) if len(held) else np.zeros(0)
    covered = ProfileIndex._sum_segments(best_held[index.own_flat], index.own_offsets)
    to_patient = np.divide(covered, index.disease_self, out=np.zeros(n_diseases), where=index.disease_self > 0)
    to_disease = per_term.sum(axis=0) / self_similarity if self_similarity > 0 else np.zeros(n_diseases)
    contradiction = np.zeros(n_diseases)      # per disease, the largest f of a feature ruled out
    for feature, why in (ruled_out or {}).items():
        position = index.term_ids.get(feature)
        if position is None:
            continue
        holders, frequency = index.diseases_of[position], np.exp(index.log_frequency_of[position])
        end = index.term_ids.get(why.end)
        if end is not None:      # a disease with both ends (variable head size) is not contradicted
            keep = ~np.isin(holders, index.diseases_of[end])
            holders, frequency = holders[keep], frequency[keep]
        contradiction[holders] = np.maximum(contradiction[holders], frequency)
    disease = np.maximum(patient_weight * to_disease + (1 - patient_weight) * to_patient
                         - contradiction_weight * contradiction, 0.0)
    # genes: best disease, and the pooled profile (a term's best match in the union of the
    # diseases' annotations is its best match in any one of them)
    member_scores = disease[index.gene_disease_flat]
    starts = index.gene_disease_offsets
    gene_best = np.maximum.reduceat(member_scores, starts) if len(member_scores) else np.zeros(0)
    hit = member_scores == np.repeat(gene_best, np.diff(np.append(starts, len(member_scores))))
    first = np.flatnonzero(hit)
    owner = np.searchsorted(starts, first, side="right") - 1
    best_disease = np.full(len(starts), -1)
    best_disease[owner[::-1]] = index.gene_disease_flat[first[::-1]]    # the first (lowest id) of ties
    if len(terms):
        pooled_terms = np.maximum.reduceat(per_term[:, index.gene_disease_flat], starts, axis=1).sum(axis=0)
        pooled_to_disease = pooled_terms / self_similarity if self_similarity > 0 else np.zeros(len(starts))
    else:
        pooled_to_disease = np.zeros(len(starts))
    pooled_covered = ProfileIndex._sum_segments(best_held[index.gene_term_flat], index.gene_term_offsets)
    pooled_to_patient = np.divide(pooled_covered, index.gene_self, out=np.zeros(len(starts)), where=index.gene_self > 0)
    pooled_cost = (np.minimum.reduceat(contradiction[index.gene_disease_flat], starts)
                   if len(index.gene_disease_flat) else np.zeros(len(starts)))
    pooled = np.maximum(patient_weight * pooled_to_disease + (1 - patient_weight) * pooled_to_patient
                        - contradiction_weight * pooled_cost, 0.0)
    # term-wise log likelihood ratio against a random disease: a patient term matched at IC s
    # counts s - ln(mean over diseases of e^s'), so a disease that explains the term no better
    # than a random one gets 0, and a term it leaves unexplained counts against it
    if len(terms):
        expected = np.log(np.exp(per_term).mean(axis=1))
        disease_log_lr = per_term.sum(axis=0) - expected.sum()
        gene_log_lr = np.maximum.reduceat(disease_log_lr[index.gene_disease_flat], starts)
    else:
        gene_log_lr = np.zeros(len(starts))
    return CaseScores(disease, gene_best, best_disease, pooled, gene_log_lr)


class PhenotypeScorer:
    """Scores genes against a fixed set of patient terms; reuse it for all genes of a case (the
    first call scores every disease and gene at once, see :func:`score_all`)."""

    def __init__(self, annotations: Annotations, patient_terms: list[str], patient_weight: float = 0.85,
                 gene_weight: float = 0.5, excluded_terms: list[str] | None = None,
                 frequency_weight: float = 0.5, contradiction_weight: float = 0.0) -> None:
        self.annotations = annotations
        ontology = annotations.ontology
        self.patient_weight = patient_weight
        self.gene_weight = gene_weight
        self.frequency_weight = frequency_weight
        self.terms = [t for t in dict.fromkeys(patient_terms) if t in ontology.terms]
        self.contradiction_weight = contradiction_weight
        #: disease feature → the patient term that rules it out (traaser.phenotype.opposites)
        self.ruled_out = ruled_out_features(ontology, self.terms) if contradiction_weight else {}
        # Explicitly absent features are shown as conflicts with the best disease, not scored:
        # penalising them lowered top-1 on the dev cases from 46.5% to 41.6% (issue-5 note), and
        # as a posterior feature (the frequency-weighted count of the best disease's features the
        # patient lacks) its free fit came out positive, +0.42: published patients' absent
        # features are mostly those of their own disease (issue-14 note), so it is not used.
        self.excluded = [t for t in dict.fromkeys(excluded_terms or []) if t in ontology.terms]
        self._scores: CaseScores | None = None
        self._ranks: dict[str, int] | None = None
        self._cache: dict[str, PhenotypeMatch] = {}

    @classmethod
    def from_settings(cls, annotations: Annotations, patient_terms: list[str], settings: PrioritizeSettings,
                      excluded_terms: list[str] | None = None) -> PhenotypeScorer:
        """A scorer with the config's phenotype weights (prioritize.phenotype_*), as the workflow
        and the benchmark both score."""
        return cls(annotations, patient_terms, settings.phenotype_patient_weight, settings.phenotype_gene_weight,
                   excluded_terms, settings.phenotype_frequency_weight, settings.phenotype_contradiction_weight)

    def _all(self) -> CaseScores:
        if self._scores is None:
            self._scores = score_all(profile_index(self.annotations), self.annotations, self.terms,
                                     self.patient_weight, self.frequency_weight, self.ruled_out,
                                     self.contradiction_weight)
        return self._scores

    def gene_scores(self) -> dict[str, float]:
        """The score of every gene linked to a disease with phenotype terms (see :meth:`score_gene`)."""
        scores = self._all()
        combined = self.gene_weight * scores.gene_pooled + (1 - self.gene_weight) * scores.gene_best
        return dict(zip(profile_index(self.annotations).genes, combined.tolist(), strict=True))

    def gene_ranks(self) -> dict[str, int]:
        """Every gene's pessimistic rank by score (1 + genes scoring higher + others tied with it)."""
        if self._ranks is None:
            scores = self.gene_scores()
            values = np.array(list(scores.values()))
            ordered = np.sort(values)
            # genes scoring >= a value: the ones at or after its first position in the sorted array
            at_least = len(values) - np.searchsorted(ordered, values, side="left")
            self._ranks = dict(zip(scores, at_least.tolist(), strict=True))
        return self._ranks

    def _term_matches(self, disease_id: str) -> list[TermMatch]:
        """How each patient term matched one disease (for the report): the ancestor the disease
        holds with the largest IC + lambda * ln f, as :func:`score_all` scores it (ties go to the
        higher IC, then the lower id, so results never depend on set order)."""
        annotations = self.annotations
        ontology = annotations.ontology
        frequencies = annotations.propagated_frequencies(disease_id)

        def weight(term: str) -> float:
            return feature_weight(annotations.term_ic(term), math.log(frequencies[term][0]), self.frequency_weight)

        matches: list[TermMatch] = []
        for term in self.terms:
            held = [a for a in ontology.ancestors(term) if a in frequencies]
            best = min(held, key=lambda a: (-weight(a), -annotations.term_ic(a), a)) if held else None
            matches.append(TermMatch(term, ontology.name(term), best, ontology.name(best) if best else "",
                                     annotations.term_ic(best) if best else 0.0,
                                     frequencies[best][0] if best and frequencies[best][1] else None,
                                     max(weight(best), 0.0) if best else 0.0))
        return matches

    def _ruled_out_in(self, disease_id: str) -> list[tuple[str, str, str, str, float]]:
        """The features of one disease that a patient term rules out, as PhenotypeMatch.ruled_out
        lists them (none to look for when the patient's terms rule out nothing, the usual case,
        so the disease's frequencies are then not propagated a second time)."""
        if not self.ruled_out:
            return []
        frequencies = self.annotations.propagated_frequencies(disease_id)
        name = self.annotations.ontology.name
        return [(why.patient_term, name(why.patient_term), feature, name(feature), frequencies[feature][0])
                for feature, why in sorted(self.ruled_out.items())
                if feature in frequencies and why.end not in frequencies]

    def score_gene(self, gene: str) -> PhenotypeMatch:
        """Phenotype match of ``gene``: gene_weight * pooled profile + (1 - gene_weight) * best
        disease (score 0, no disease, when it has no annotated disease with phenotype terms)."""
        cached = self._cache.get(gene)
        if cached is not None:
            return cached
        annotations = self.annotations
        result = PhenotypeMatch(gene, modes=annotations.gene_modes(gene))
        result.diseases = [(d, annotations.diseases[d].name) for d in sorted(annotations.gene_diseases.get(gene, ()))
                           if d in annotations.diseases]
        index = profile_index(annotations)
        position = index.genes.get(gene)
        if position is not None:
            scores = self._all()
            disease_id = index.disease_ids[int(scores.gene_best_disease[position])]
            best, pooled = float(scores.gene_best[position]), float(scores.gene_pooled[position])
            result.disease_id, result.disease_name = disease_id, annotations.diseases[disease_id].name
            result.disease_score = best
            result.score = self.gene_weight * pooled + (1 - self.gene_weight) * best
            result.matches = self._term_matches(disease_id)
            ranks = self.gene_ranks()
            result.rank, result.ranked_genes = ranks[gene], len(ranks)
            result.log_lr = float(scores.gene_log_lr[position])
            propagated = annotations.propagated(disease_id)
            result.conflicts = [(t, annotations.ontology.name(t)) for t in self.excluded if t in propagated]
            result.ruled_out = self._ruled_out_in(disease_id)
        self._cache[gene] = result
        return result
