"""traaser.candidates_file: the head of a candidates.json is read without its candidate list,
the same as a whole parse would give, whatever the layout."""

from __future__ import annotations

import json

import pytest

from traaser.candidates_file import CHUNK, read_document, read_head
from traaser.errors import OutputError

DOCUMENT = {"schema_version": 1, "case": {"case_id": "c", "note": 'a "candidates":[ inside a string'},
            "run": {"timestamp": "2026-01-01T00:00:00Z"}, "databases": {"clinvar": {"id": "x"}},
            "candidates": [{"key": "1:1:A:G", "pad": "x" * CHUNK} for _ in range(3)]}
HEAD = {k: v for k, v in DOCUMENT.items() if k != "candidates"}


@pytest.mark.parametrize("layout", [
    {"separators": (",", ":")},                       # as traaser.outputs writes it
    {"indent": 2},                                    # pretty-printed: parsed whole
    {"separators": (",", ":"), "sort_keys": True},    # candidates not last: parsed whole
])
def test_the_head_is_the_document_without_candidates(tmp_path, layout):
    path = tmp_path / "candidates.json"
    path.write_text(json.dumps(DOCUMENT, **layout))
    assert read_head(path) == HEAD
    assert read_document(path) == DOCUMENT
    assert read_head(path, with_first=True) == HEAD | {"candidates": DOCUMENT["candidates"][:1]}


def test_the_first_candidate_of_an_empty_list(tmp_path):
    path = tmp_path / "candidates.json"
    path.write_text(json.dumps(HEAD | {"candidates": []}, separators=(",", ":")))
    assert read_head(path, with_first=True) == HEAD | {"candidates": []}


@pytest.mark.parametrize("text, message", [("{broken", "not a readable"), ('{"a": 1}', "not a TRaaSer")])
def test_a_damaged_file_is_named(tmp_path, text, message):
    path = tmp_path / "candidates.json"
    path.write_text(text)
    with pytest.raises(OutputError, match=message):
        read_head(path)
