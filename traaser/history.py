"""The history of a case's runs: ``results/<case>/history/<run timestamp>/``.

Before a run replaces a case's outputs (the workflow's ``onstart`` hook, before any job), the
current ``candidates.json``, ``accounting.json`` and ``report.html`` are copied into a new
history entry. An entry is written in a hidden partial folder and renamed into place, so a
SIGKILL leaves either no entry or a whole one (a partial folder is removed by the next archive),
and an entry is never overwritten. ``candidates.json`` carries the run's provenance (database
ids, versions and checksums, config hash, HPO terms), so each entry keeps its own. An entry is
identified by the SHA-256 of its ``candidates.json``: the same outputs are kept once. The
report is kept only if it is at least as new as ``candidates.json`` (made from it); a report
left from an earlier run is noted in the entry, not copied.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.candidates_file import database_brief, read_head
from traaser.errors import OutputError
from traaser.fault_injection import pause_point
from traaser.resources.manifest import sha256_file

HISTORY = "history"
ENTRY_FILE = "entry.json"
CANDIDATES = "candidates.json"
KEPT_FILES = (CANDIDATES, "accounting.json", "report.html")
PARTIAL_PREFIX = ".partial-"


@dataclass(frozen=True)
class HistoryEntry:
    """One kept run: its folder, the run's timestamp (UTC, ISO 8601 as candidates.json gives it)
    and the SHA-256 of its candidates.json."""

    path: Path
    timestamp: str
    candidates_sha256: str

    @property
    def candidates(self) -> Path:
        return self.path / CANDIDATES


def run_provenance(candidates_json: Path) -> dict[str, Any]:
    """What a history entry records of its run, from its candidates.json: the run timestamp, the
    config hash, the databases (role -> id, version, sha256) and the patient's HPO terms."""
    document = read_head(candidates_json)
    try:
        return {"run_timestamp": str(document["run"]["timestamp"]), "config_hash": document["run"].get("config_hash"),
                "databases": {role: database_brief(db) for role, db in document.get("databases", {}).items()},
                "hpo_terms": [t["id"] for t in document.get("case", {}).get("hpo_terms", [])],
                "excluded_terms": [t["id"] for t in document.get("case", {}).get("excluded_terms", [])]}
    except (KeyError, TypeError, AttributeError) as error:
        raise OutputError(f"not a readable candidates.json ({error})", path=str(candidates_json),
                          fix="rerun the case; a candidates.json is written whole or not at all") from None


def run_timestamp_of(candidates_json: Path) -> str:
    """The ``run.timestamp`` of a candidates.json."""
    return str(run_provenance(candidates_json)["run_timestamp"])


def entries(case_dir: Path) -> list[HistoryEntry]:
    """The case's kept runs, oldest first (by run timestamp, then folder name)."""
    folder = case_dir / HISTORY
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        entry_file = path / ENTRY_FILE
        if path.name.startswith(".") or not entry_file.is_file():
            continue
        data = json.loads(entry_file.read_text(encoding="utf-8"))
        found.append(HistoryEntry(path, data["run_timestamp"], data["candidates_sha256"]))
    return sorted(found, key=lambda e: (e.timestamp, e.path.name))


def _entry_name(timestamp: str, sha: str, taken: set[str]) -> str:
    """The folder name of a new entry: the timestamp with ':' replaced (portable file names),
    and the checksum's first 8 digits when another run has the same second."""
    name = timestamp.replace(":", "-")
    return name if name not in taken else f"{name}-{sha[:8]}"


def archive(case_dir: Path, keep: int) -> HistoryEntry | None:
    """Keep the case's current outputs as a history entry (None when there is no current
    candidates.json or it is kept already), then drop the oldest entries beyond ``keep``."""
    if keep < 1:
        raise OutputError(f"history_keep must be at least 1, not {keep}", path=str(case_dir),
                          fix="set history_keep in config/config.yaml to 1 or more")
    folder = case_dir / HISTORY
    for stale in folder.glob(PARTIAL_PREFIX + "*") if folder.is_dir() else []:
        shutil.rmtree(stale)                       # what a killed archive left
    current = case_dir / CANDIDATES
    if not current.is_file():
        return None
    sha = sha256_file(current)
    kept = entries(case_dir)
    if any(e.candidates_sha256 == sha for e in kept):
        return None
    provenance = run_provenance(current)
    timestamp = provenance["run_timestamp"]
    name = _entry_name(timestamp, sha, {p.name for p in folder.iterdir()} if folder.is_dir() else set())
    partial = folder / f"{PARTIAL_PREFIX}{name}"
    partial.mkdir(parents=True)
    report = case_dir / "report.html"
    report_state = "absent"
    for file_name in KEPT_FILES:
        source = case_dir / file_name
        if not source.is_file():
            continue
        if source == report:
            if report.stat().st_mtime < current.stat().st_mtime:
                report_state = "not kept: older than candidates.json (left from an earlier run)"
                continue
            report_state = "kept"
        shutil.copy2(source, partial / file_name)
    entry = provenance | {"candidates_sha256": sha, "report": report_state,
                          "files": sorted(p.name for p in partial.iterdir())}
    (partial / ENTRY_FILE).write_text(json.dumps(entry, indent=1) + "\n", encoding="utf-8")
    pause_point("history")
    os.replace(partial, folder / name)
    _sync_directory(folder)
    added = HistoryEntry(folder / name, timestamp, sha)
    for old in entries(case_dir)[:-keep]:
        shutil.rmtree(old.path)
    return added


def _sync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def previous_run(case_dir: Path, current_json: Path, timestamp: str | None = None) -> HistoryEntry | None:
    """The run before ``current_json``: the newest kept entry with other outputs and a timestamp
    no later than the current one (its ``run.timestamp``, read from the file unless given; None
    for a case's first run)."""
    sha = sha256_file(current_json)
    timestamp = timestamp or run_timestamp_of(current_json)
    earlier = [e for e in entries(case_dir) if e.candidates_sha256 != sha and e.timestamp <= timestamp]
    return earlier[-1] if earlier else None
