"""Resnik best-match-average similarity of a patient's HPO terms to diseases and genes.

sim(q, D) = IC of the most informative ancestor of q that D's propagated annotation holds.
score(Q, D) = sum_q sim(q, D) / sum_q IC(q), in [0, 1] (1 when every term matches exactly).
A gene's score is that of its best-matching disease.
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


@dataclass
class PhenotypeMatch:
    """The phenotype evidence for one gene."""

    gene: str
    score: float = 0.0
    disease_id: str | None = None
    disease_name: str = ""
    matches: list[TermMatch] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)

    @property
    def explanation(self) -> str:
        if self.disease_id is None:
            return f"{self.gene} has no HPO disease annotation in this release"
        exact = sum(1 for m in self.matches if m.matched == m.query)
        return (f"best disease {self.disease_id} {self.disease_name}: score {self.score:.2f}, "
                f"{exact}/{len(self.matches)} terms match exactly")


class PhenotypeScorer:
    """Scores genes against a fixed set of patient terms; reuse it for all genes of a case."""

    def __init__(self, annotations: Annotations, patient_terms: list[str]) -> None:
        self.annotations = annotations
        ontology = annotations.ontology
        self.terms = [t for t in dict.fromkeys(patient_terms) if t in ontology.terms]
        self._ranked_ancestors = {
            # ties in IC are broken by id, so results never depend on set iteration order
            term: sorted(ontology.ancestors(term), key=lambda a: (-annotations.term_ic(a), a))
            for term in self.terms
        }
        self._self_similarity = sum(annotations.term_ic(t) for t in self.terms)
        self._cache: dict[str, PhenotypeMatch] = {}

    def _disease_matches(self, disease_id: str) -> tuple[float, list[TermMatch]]:
        annotations = self.annotations
        ontology = annotations.ontology
        propagated = annotations.propagated(disease_id)
        matches: list[TermMatch] = []
        total = 0.0
        for term in self.terms:
            best = next((a for a in self._ranked_ancestors[term] if a in propagated), None)
            ic = annotations.term_ic(best) if best else 0.0
            total += ic
            matches.append(TermMatch(term, ontology.name(term), best, ontology.name(best) if best else "", ic))
        score = total / self._self_similarity if self._self_similarity > 0 else 0.0
        return score, matches

    def score_gene(self, gene: str) -> PhenotypeMatch:
        """Best-disease phenotype match of ``gene`` (score 0 when it has no annotated disease)."""
        cached = self._cache.get(gene)
        if cached is not None:
            return cached
        annotations = self.annotations
        result = PhenotypeMatch(gene, modes=annotations.gene_modes(gene))
        for disease_id in sorted(annotations.gene_diseases.get(gene, ())):
            disease = annotations.diseases.get(disease_id)
            if disease is None or not disease.terms:
                continue
            score, matches = self._disease_matches(disease_id)
            if score > result.score or result.disease_id is None:
                result.score, result.matches = score, matches
                result.disease_id, result.disease_name = disease_id, disease.name
        self._cache[gene] = result
        return result
