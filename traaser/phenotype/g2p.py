"""Gene2Phenotype (DDG2P) records as diseases the phenotype scorer can match, for the genes the
HPO release links to no disease. Each established record (confidence definitive or strong)
becomes one disease with its HPO terms (obsolete ids resolved to current ones, unknown ones
dropped) and the modes of its allelic requirement."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from traaser.errors import PhenotypeError
from traaser.gene_knowledge import G2PRecord, cached_g2p
from traaser.phenotype.annotations import Annotations, Disease, load_annotations

SOURCE = "DDG2P"
#: The HPO root of the inheritance terms, which DDG2P lists among the phenotypes; they are not features.
MODE_OF_INHERITANCE = "HP:0000005"


def g2p_disease_id(record: G2PRecord, index: int) -> str:
    """A stable id for a DDG2P record: 'G2P:<gene>:<n>' (n counts the gene's records, from 1)."""
    return f"G2P:{record.gene}:{index}"


def with_g2p(annotations: Annotations, g2p: dict[str, list[G2PRecord]]) -> Annotations:
    """``annotations`` plus a disease per established DDG2P record of every gene the HPO release
    does not link to a disease (the release's own genes keep exactly their HPO diseases)."""
    ontology = annotations.ontology
    diseases: dict[str, Disease] = {}
    links: dict[str, set[str]] = {}
    for gene in sorted(g2p):
        if annotations.gene_diseases.get(gene):
            continue
        for index, record in enumerate((r for r in g2p[gene] if r.established), start=1):
            terms = set()
            for term in record.hpo_terms:
                try:
                    terms.add(ontology.resolve(term).id)
                except PhenotypeError:
                    continue
            features = {t for t in terms if MODE_OF_INHERITANCE not in ontology.ancestors(t)}
            disease = Disease(g2p_disease_id(record, index), f"{record.disease.title()} (DDG2P, {record.confidence})",
                              terms=features, modes=record.modes)
            diseases[disease.id] = disease
            links.setdefault(gene, set()).add(disease.id)
    return annotations.with_diseases(diseases, links, SOURCE) if diseases else annotations



@lru_cache(maxsize=2)
def load_annotations_with_g2p(hpo_dir: str, g2p: str | None) -> Annotations:
    """The HPO release's annotations, plus the DDG2P panel's diseases when ``g2p`` is given
    (cached per process, like :func:`load_annotations`, so its phenotype index is built once)."""
    annotations = load_annotations(hpo_dir)
    return with_g2p(annotations, cached_g2p(Path(g2p))) if g2p else annotations
