"""Reading text files that may be gzip- or bgzip-compressed (told by their first two bytes, not
their name), as UTF-8."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"


def open_text(path: Path) -> io.TextIOBase:
    """The file opened for reading text, decompressed if it is gzip; newlines kept as written."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == GZIP_MAGIC:
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_text(path: Path) -> str:
    """The whole file as text (see :func:`open_text`)."""
    with open_text(path) as handle:
        return handle.read()
