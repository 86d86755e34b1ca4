"""Case-independent data derived from a database release (the phenotype model, the GFF3's
transcript models, the ClinVar protein index), kept on disk between runs: each is built once per
release and loaded back by every later case, instead of parsing the release files again.

A cache file is named by its kind and the SHA-256 of the release files it is built from and of
the code that builds it, so a new release or TRaaSer version never reads an old one. It lives in
:func:`traaser.install.cache_dir`, is rebuilt when missing or unreadable, and a read-only cache
folder only costs the rebuild. The newest :data:`KEEP` files of each kind are kept (several
releases may be in use side by side).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from traaser import install, pickled

KEEP = 3
T = TypeVar("T")
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
               IndexError)


def derived_key(kind: str, inputs: Iterable[Path], code: Iterable[ModuleType]) -> str:
    """SHA-256 (first 24 hex digits) of the kind, each input's name and bytes, and the code's source."""
    digest = hashlib.sha256(kind.encode())
    for path in inputs:
        digest.update(b"\0" + path.name.encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    for module in code:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:24]


def cached(kind: str, inputs: list[Path], code: Iterable[ModuleType], build: Callable[[], T],
           expected: type[T]) -> T:
    """The value ``build()`` returns for these inputs, from the disk cache when it holds one of
    type ``expected``, else built and stored."""
    path = install.cache_dir() / f"{kind}-{derived_key(kind, inputs, code)}.pickle"
    try:
        stored: Any = pickled.load(path)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == kind and isinstance(stored[1], expected):
            value: T = stored[1]
            return value
    except _UNREADABLE:
        pass
    value = build()
    try:
        pickled.dump((kind, value), path)
        for old in sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink()
    except OSError:
        pass
    return value
