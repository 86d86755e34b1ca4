"""Reading text files that may be gzip- or bgzip-compressed (told by their first two bytes, not
their name), as UTF-8."""

from __future__ import annotations

import csv
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


def commented_tsv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated table whose header is its first line not starting with '#'
    (the bundled data tables carry their provenance as '#' comment lines), as column → value."""
    with open_text(path) as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
