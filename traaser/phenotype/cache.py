"""The phenotype model of a run (HPO release + DDG2P diseases, with the scorer's profile index),
kept on disk between runs: building it parses three release files and lays out every disease
(about 3 s), loading it back takes a fraction of that, so a rerun after an HPO-terms change
mostly pays for scoring.

The cache file is named by the SHA-256 of the release files, the DDG2P file and the code that
builds the model (these modules), so a new release, panel or TRaaSer version never reads an old
model; it lives in :func:`traaser.install.cache_dir` and is rebuilt when missing or unreadable.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from traaser import install, pickled
from traaser.phenotype import annotations as annotations_module
from traaser.phenotype import g2p as g2p_module
from traaser.phenotype import ontology as ontology_module
from traaser.phenotype import similarity as similarity_module
from traaser.phenotype.annotations import GENES_FILE, HPOA_FILE, OBO_FILE, Annotations
from traaser.phenotype.g2p import load_annotations_with_g2p
from traaser.phenotype.similarity import profile_index

FORMAT = "traaser-phenotype-model-1"
KEEP = 3                       # cached models kept (several releases may be in use side by side)
_CODE = (annotations_module, g2p_module, ontology_module, similarity_module)


def model_key(hpo_dir: Path, g2p: Path | None) -> str:
    """SHA-256 (first 24 hex digits) of the inputs and the code the model is built from."""
    digest = hashlib.sha256(FORMAT.encode())
    for path in [hpo_dir / OBO_FILE, hpo_dir / HPOA_FILE, hpo_dir / GENES_FILE, *([g2p] if g2p else [])]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for module in _CODE:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:24]


@lru_cache(maxsize=2)
def phenotype_model(hpo_dir: str, g2p: str | None) -> Annotations:
    """The annotations (with DDG2P's diseases when ``g2p`` is given) and their profile index,
    from the disk cache when it holds them, else built and stored (best effort: a read-only
    cache folder only costs the rebuild)."""
    directory, panel = Path(hpo_dir), Path(g2p) if g2p else None
    path = install.cache_dir() / f"phenotype-model-{model_key(directory, panel)}.pickle"
    try:
        stored = pickled.load(path)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == FORMAT \
                and isinstance(stored[1], Annotations):
            return stored[1]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    model = load_annotations_with_g2p(hpo_dir, g2p)
    profile_index(model)
    try:
        pickled.dump((FORMAT, model), path)
        for old in sorted(path.parent.glob("phenotype-model-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink()                       # models of earlier releases or versions
    except OSError:
        pass
    return model
