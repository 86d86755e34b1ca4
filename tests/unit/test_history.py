"""traaser.history: a case's earlier outputs are kept whole, once, never overwritten, and pruned."""

from __future__ import annotations

import json
import os
import time

import pytest

from traaser.errors import OutputError
from traaser.history import archive, entries, previous_run


def write_run(case, timestamp, payload="x", report=True):
    case.mkdir(parents=True, exist_ok=True)
    (case / "candidates.json").write_text(json.dumps({"run": {"timestamp": timestamp}, "candidates": [payload]}))
    (case / "accounting.json").write_text("{}")
    if report:
        (case / "report.html").write_text(f"<p>{payload}</p>")
        later = time.time() + 1
        os.utime(case / "report.html", (later, later))


def test_no_current_outputs_nothing_kept(tmp_path):
    assert archive(tmp_path / "c", keep=3) is None
    assert entries(tmp_path / "c") == []


def test_outputs_are_kept_once_under_their_run_timestamp(tmp_path):
    case = tmp_path / "c"
    write_run(case, "2026-01-01T10:00:00Z")
    entry = archive(case, keep=3)
    assert entry is not None and entry.path.name == "2026-01-01T10-00-00Z"
    assert {p.name for p in entry.path.iterdir()} == {"candidates.json", "accounting.json", "report.html",
                                                      "entry.json"}
    assert archive(case, keep=3) is None, "the same outputs are kept once"
    assert len(entries(case)) == 1


def test_a_report_older_than_its_candidates_is_not_kept_as_theirs(tmp_path):
    case = tmp_path / "c"
    write_run(case, "2026-01-01T10:00:00Z")
    earlier = time.time() - 100
    os.utime(case / "report.html", (earlier, earlier))
    entry = archive(case, keep=3)
    assert not (entry.path / "report.html").exists()
    assert json.loads((entry.path / "entry.json").read_text())["report"].startswith("not kept")


def test_same_second_runs_get_distinct_folders_and_the_oldest_go_first(tmp_path):
    case = tmp_path / "c"
    for i, stamp in enumerate(["2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z",
                               "2026-01-03T10:00:00Z"]):
        write_run(case, stamp, payload=str(i))
        archive(case, keep=3)
    kept = entries(case)
    assert len(kept) == 3
    assert [e.timestamp for e in kept] == ["2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z", "2026-01-03T10:00:00Z"]
    assert kept[0].path.name.startswith("2026-01-01T10-00-00Z-"), "the second run of that second"


def test_a_partial_folder_left_by_a_kill_is_removed_and_the_copy_redone(tmp_path):
    case = tmp_path / "c"
    write_run(case, "2026-01-01T10:00:00Z")
    partial = case / "history" / ".partial-2026-01-01T10-00-00Z"
    partial.mkdir(parents=True)
    (partial / "candidates.json").write_text("{half")
    entry = archive(case, keep=3)
    assert not partial.exists()
    assert (entry.path / "candidates.json").read_bytes() == (case / "candidates.json").read_bytes()


def test_the_previous_run_is_the_newest_other_one(tmp_path):
    case = tmp_path / "c"
    write_run(case, "2026-01-01T10:00:00Z", payload="a")
    archive(case, keep=5)
    write_run(case, "2026-01-02T10:00:00Z", payload="b")
    assert previous_run(case, case / "candidates.json").timestamp == "2026-01-01T10:00:00Z"
    archive(case, keep=5)           # the current run kept too: still compared with the one before
    assert previous_run(case, case / "candidates.json").timestamp == "2026-01-01T10:00:00Z"


def test_keep_must_be_positive_and_a_broken_candidates_file_is_named(tmp_path):
    case = tmp_path / "c"
    with pytest.raises(OutputError, match="history_keep"):
        archive(case, keep=0)
    case.mkdir()
    (case / "candidates.json").write_text("{not json")
    with pytest.raises(OutputError, match="candidates.json"):
        archive(case, keep=2)
