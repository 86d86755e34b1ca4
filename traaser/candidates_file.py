"""Reading candidates.json: the whole document, or only its head (everything but the candidate
list) without parsing a genome's tens of megabytes.

traaser.outputs writes the document compactly with ``"candidates"`` as its last key, so the
head is the text before ``,"candidates":[`` closed with ``}``. That marker cannot occur inside an
earlier value: a quote inside a JSON string is escaped. A file written otherwise (pretty-printed,
keys reordered) is parsed whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from traaser.errors import OutputError

MARKER = ',"candidates":['
CHUNK = 1 << 16
FIX = "give the candidates.json of a finished run (results/<case>/ or its history/); rerun the case if it is damaged"


def read_document(path: Path) -> dict[str, Any]:
    """A candidates.json, or a clear error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OutputError(f"not a readable candidates.json ({error})", path=str(path), fix=FIX) from None
    return _checked(data, path)


def read_head(path: Path, with_first: bool = False) -> dict[str, Any]:
    """The document without its candidate list (case, run, databases, warnings, counts, ...);
    with ``with_first``, its ``candidates`` list holds the first (top-ranked) candidate alone."""
    head, first = "", None
    try:
        with open(path, encoding="utf-8") as handle:
            while chunk := handle.read(CHUNK):
                head += chunk
                if MARKER in head and (not with_first or (first := _first(head)) is not None):
                    break
    except OSError as error:
        raise OutputError(f"not a readable candidates.json ({error})", path=str(path), fix=FIX) from None
    try:
        data = json.loads(head[:head.index(MARKER)] + "}") if MARKER in head else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or "run" not in data:     # not written by traaser.outputs: parse it whole
        data = read_document(path)
        listed = data.pop("candidates")
        return data | {"candidates": listed[:1]} if with_first else data
    if with_first:
        data["candidates"] = first or []
    return data


def _first(head: str) -> list[Any] | None:
    """The candidate list's first element after the marker, as a list ([] for an empty list),
    or None while ``head`` does not hold all of it yet."""
    start = head.index(MARKER) + len(MARKER)
    if head[start:start + 1] == "]":
        return []
    try:
        value, _ = json.JSONDecoder().raw_decode(head, start)
    except ValueError:
        return None
    return [value]


def best_per_gene(candidates: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each gene's best-ranked candidate (lowest variant rank), by gene symbol."""
    best: dict[str, dict[str, Any]] = {}
    for c in candidates:
        if c["gene"] not in best or c["rank"] < best[c["gene"]]["rank"]:
            best[c["gene"]] = c
    return best


def database_brief(db: dict[str, Any] | None) -> dict[str, Any] | None:
    """What identifies a database a run used: its manifest id, version and checksum."""
    return {k: db.get(k) for k in ("id", "version", "sha256")} if db else None


def _checked(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict) or "candidates" not in data or "run" not in data:
        raise OutputError("not a TRaaSer candidates.json (no 'run' or 'candidates')", path=str(path), fix=FIX)
    return data
