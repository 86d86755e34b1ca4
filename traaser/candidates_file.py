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
    head = ""
    try:
        with open(path, encoding="utf-8") as handle:
            while MARKER not in head or (with_first and not _first_complete(head)):
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                head += chunk
    except OSError as error:
        raise OutputError(f"not a readable candidates.json ({error})", path=str(path), fix=FIX) from None
    try:
        data = json.loads(head[:head.index(MARKER)] + "}") if MARKER in head else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or "run" not in data:     # not written by traaser.outputs: parse it whole
        data = read_document(path)
        first = data.pop("candidates")[:1]
        return data | {"candidates": first} if with_first else data
    if with_first:
        data["candidates"] = _first(head)
    return data


def _first(head: str) -> list[Any]:
    """The first element of the candidate list that starts after the marker ([] if empty)."""
    start = head.index(MARKER) + len(MARKER)
    if head[start:start + 1] == "]":
        return []
    try:
        value, _ = json.JSONDecoder().raw_decode(head, start)
    except ValueError:
        return []
    return [value]


def _first_complete(head: str) -> bool:
    """Whether ``head`` holds the whole first candidate (or the list is empty)."""
    return bool(_first(head)) or head[head.index(MARKER) + len(MARKER):][:1] == "]"


def _checked(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict) or "candidates" not in data or "run" not in data:
        raise OutputError("not a TRaaSer candidates.json (no 'run' or 'candidates')", path=str(path), fix=FIX)
    return data
