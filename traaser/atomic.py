"""Atomic output files: write a temporary sibling, rename it onto the final name only on success.

A step killed mid-write (SIGKILL, walltime, OOM, disk full) leaves no partial file under a final
name, so a rerun starts cleanly (FAULTS.md). The temporary name carries the process id, so two
processes never share one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """``path.write_text(text)`` (UTF-8), atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def publish_indexed(partial: Path, final: Path, index_suffix: str = ".csi") -> None:
    """Rename a finished BCF/VCF and its index (``<file>.csi``) onto their final names."""
    os.replace(partial, final)
    os.replace(f"{partial}{index_suffix}", f"{final}{index_suffix}")
