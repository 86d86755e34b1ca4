"""TRaaSer's own intermediates as pickles (the collected candidates, the cached phenotype model):
written atomically, read with the cyclic garbage collector paused. Unpickling makes millions of
small objects, and the collector's passes over them cost more than the reading (0.9 s -> 0.4 s
for the phenotype model, 1.6 s -> 0.5 s for a genome's collected candidates)."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from typing import Any

from traaser.atomic import atomic_path


def load(path: Path) -> Any:
    """The object pickled at ``path`` (OSError, pickle.UnpicklingError, ... as pickle raises them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def dump(value: Any, path: Path) -> None:
    """Pickle ``value`` to ``path``, replacing it only once the whole file is written."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
