"""The phenotype model of a run (HPO release + DDG2P diseases, with the scorer's profile index),
kept on disk between runs: building it parses three release files and lays out every disease
(about 3 s), loading it back takes a fraction of that, so a rerun after an HPO-terms change
mostly pays for scoring.

The cache (traaser/derived.py) is keyed by the SHA-256 of the release files, the DDG2P file, the
HGNC symbol table its gene names are read through and the code that builds the model (these
modules, the DDG2P reader's and the symbol reader's), so a new release, panel, symbol table or
TRaaSer version never reads an old model.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from traaser import gene_knowledge as gene_knowledge_module
from traaser import gene_symbols as gene_symbols_module
from traaser.derived import cached
from traaser.gene_symbols import SYMBOL_UPDATES
from traaser.phenotype import annotations as annotations_module
from traaser.phenotype import g2p as g2p_module
from traaser.phenotype import ontology as ontology_module
from traaser.phenotype import similarity as similarity_module
from traaser.phenotype.annotations import GENES_FILE, HPOA_FILE, OBO_FILE, Annotations
from traaser.phenotype.g2p import load_annotations_with_g2p
from traaser.phenotype.similarity import profile_index

_CODE = (annotations_module, g2p_module, ontology_module, similarity_module, gene_knowledge_module,
         gene_symbols_module)


def _release_files(hpo_dir: Path, g2p: Path | None) -> list[Path]:
    return [hpo_dir / OBO_FILE, hpo_dir / HPOA_FILE, hpo_dir / GENES_FILE, *([g2p] if g2p else []), SYMBOL_UPDATES]


@lru_cache(maxsize=2)
def phenotype_model(hpo_dir: str, g2p: str | None) -> Annotations:
    """The annotations (with DDG2P's diseases when ``g2p`` is given) and their profile index,
    from the disk cache (traaser/derived.py) when it holds them, else built and stored."""
    def build() -> Annotations:
        model = load_annotations_with_g2p(hpo_dir, g2p)
        profile_index(model)
        return model

    files = _release_files(Path(hpo_dir), Path(g2p) if g2p else None)
    return cached("phenotype-model", files, _CODE, build, Annotations)
