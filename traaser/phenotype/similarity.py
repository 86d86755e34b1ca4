"""Symmetric Resnik best-match-average similarity of a patient's HPO terms to diseases and genes.

sim(q, D) = IC of the most informative ancestor of q that D's propagated annotation holds.
patient->disease = sum_q sim(q, D) / sum_q IC(q); disease->patient = sum_t sim(t, Q) / sum_t IC(t)
over the disease's own terms t. score = w * patient->disease + (1 - w) * disease->patient, in
[0, 1]; w = 0.85 by default (measured on the 101 dev cases, see the issue-5 note: the
disease->patient part penalises diseases whose hallmark features the patient lacks).
A gene's score averages its best-matching disease's score with the same measure against the
gene's pooled profile (all its diseases' terms together): gene_weight * pooled +
(1 - gene_weight) * best disease, gene_weight = 0.5 (measured on the dev cases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from traaser.phenotype.annotations import Annotations


@dataclass(frozen=True)
class TermMatch:
    """How one patient term matched a disease: through which shared ancestor, worth how much."""

    query: str
    query_name: str
    matched: str | None
    matched_name: str
    ic: float
    frequency: float | None = None    # fraction of the disease's patients with the matched term, if annotated


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
    diseases: list[tuple[str, str]] = field(default_factory=list)   # every disease of the gene: (id, name)

    @property
    def explanation(self) -> str:
        if self.disease_id is None:
            return f"{self.gene} has no HPO disease annotation in this release"
        exact = sum(1 for m in self.matches if m.matched == m.query)
        conflict = (f"; the patient lacks {', '.join(f'{t} {n}' for t, n in self.conflicts)}, which the disease has"
                    if self.conflicts else "")
        return (f"best disease {self.disease_id} {self.disease_name} (match {self.disease_score:.2f}); gene score "
                f"{self.score:.2f} with all its diseases pooled; {exact}/{len(self.matches)} terms match exactly"
                f"{conflict}")


class PhenotypeScorer:
    """Scores genes against a fixed set of patient terms; reuse it for all genes of a case."""

    def __init__(self, annotations: Annotations, patient_terms: list[str], patient_weight: float = 0.85,
                 gene_weight: float = 0.5, excluded_terms: list[str] | None = None) -> None:
        self.annotations = annotations
        ontology = annotations.ontology
        self.patient_weight = patient_weight
        self.gene_weight = gene_weight
        self.terms = [t for t in dict.fromkeys(patient_terms) if t in ontology.terms]
        # Explicitly absent features are shown as conflicts with the best disease, not scored:
        # penalising them lowered top-1 on the dev cases from 46.5% to 41.6% (issue-5 note).
        self.excluded = [t for t in dict.fromkeys(excluded_terms or []) if t in ontology.terms]
        self._ranked: dict[str, list[str]] = {}
        self._self_similarity = sum(annotations.term_ic(t) for t in self.terms)
        self._patient_propagated: set[str] = set()
        for term in self.terms:
            self._patient_propagated |= ontology.ancestors(term)
        self._cache: dict[str, PhenotypeMatch] = {}

    def _ranked_ancestors(self, term: str) -> list[str]:
        """Ancestors by decreasing IC; ties broken by id, so results never depend on set order."""
        ranked = self._ranked.get(term)
        if ranked is None:
            ic = self.annotations.term_ic
            ranked = sorted(self.annotations.ontology.ancestors(term), key=lambda a: (-ic(a), a))
            self._ranked[term] = ranked
        return ranked

    def _best(self, term: str, pool: frozenset[str] | set[str]) -> str | None:
        return next((a for a in self._ranked_ancestors(term) if a in pool), None)

    def _profile_score(self, propagated: frozenset[str] | set[str], disease_terms: set[str]) -> float:
        """Symmetric best-match average of the patient against one annotation profile."""
        ic = self.annotations.term_ic
        total = sum(ic(b) for t in self.terms if (b := self._best(t, propagated)))
        patient_to_disease = total / self._self_similarity if self._self_similarity > 0 else 0.0
        terms = [t for t in disease_terms if t in self.annotations.ontology.terms]
        disease_self = sum(ic(t) for t in terms)
        covered = sum(ic(b) for t in terms if (b := self._best(t, self._patient_propagated)))
        disease_to_patient = covered / disease_self if disease_self > 0 else 0.0
        return self.patient_weight * patient_to_disease + (1 - self.patient_weight) * disease_to_patient

    def _disease_matches(self, disease_id: str) -> tuple[float, list[TermMatch]]:
        annotations = self.annotations
        ontology = annotations.ontology
        propagated = annotations.propagated(disease_id)
        matches: list[TermMatch] = []
        total = 0.0
        for term in self.terms:
            best = self._best(term, propagated)
            ic = annotations.term_ic(best) if best else 0.0
            total += ic
            matches.append(TermMatch(term, ontology.name(term), best, ontology.name(best) if best else "", ic,
                                     annotations.diseases[disease_id].frequencies.get(best) if best else None))
        return self._profile_score(propagated, annotations.diseases[disease_id].terms), matches

    def score_gene(self, gene: str) -> PhenotypeMatch:
        """Best-disease phenotype match of ``gene`` (score 0 when it has no annotated disease)."""
        cached = self._cache.get(gene)
        if cached is not None:
            return cached
        annotations = self.annotations
        result = PhenotypeMatch(gene, modes=annotations.gene_modes(gene))
        result.diseases = [(d, annotations.diseases[d].name) for d in sorted(annotations.gene_diseases.get(gene, ()))
                           if d in annotations.diseases]
        for disease_id in sorted(annotations.gene_diseases.get(gene, ())):
            disease = annotations.diseases.get(disease_id)
            if disease is None or not disease.terms:
                continue
            score, matches = self._disease_matches(disease_id)
            if score > result.score or result.disease_id is None:
                result.score, result.matches = score, matches
                result.disease_id, result.disease_name = disease_id, disease.name
        if result.disease_id is not None:
            propagated = annotations.propagated(result.disease_id)
            result.conflicts = [(t, annotations.ontology.name(t)) for t in self.excluded if t in propagated]
        if result.disease_id is not None and self.gene_weight > 0:
            pooled: set[str] = set()
            terms: set[str] = set()
            for disease_id in annotations.gene_diseases.get(gene, ()):
                if disease_id in annotations.diseases and annotations.diseases[disease_id].terms:
                    pooled |= annotations.propagated(disease_id)
                    terms |= annotations.diseases[disease_id].terms
            result.disease_score = result.score
            result.score = (self.gene_weight * self._profile_score(pooled, terms)
                            + (1 - self.gene_weight) * result.score)
        self._cache[gene] = result
        return result
