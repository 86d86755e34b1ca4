"""Prepare gnomAD one file (one chromosome) at a time, so a site needs scratch space for about
one raw chromosome plus the reduced output instead of the whole release.

For each file of the release, in manifest order: fetch and verify it (published MD5, size),
reduce it to an indexed BCF part under ``<dest>/<id>/parts/``, record the part with the raw
file's checksums, and with ``discard_raw`` delete the raw file (the resource state keeps its
checksums, marked discarded, so ``status`` still says what the output came from). A part whose
record matches is never redone, so an interrupted prepare continues with the next file. When
every part is there they are concatenated into the prepared output and the parts are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from traaser.fault_injection import pause_point
from traaser.resources.fetch import FetchSettings, database_dir, fetch_file, locked, read_state, write_state
from traaser.resources.manifest import Database, FileSpec, Manifest, sha256_file
from traaser.resources.prepare import (
    concatenate_gnomad,
    naming_of,
    new_staging,
    publish_prepared,
    reduce_gnomad,
)

PARTS = "parts"


def parts_dir(dest: Path, database: Database) -> Path:
    return database_dir(dest, database) / PARTS


def _part_paths(dest: Path, database: Database, spec: FileSpec) -> tuple[Path, Path]:
    """(reduced part BCF, its JSON record) of one raw file."""
    folder = parts_dir(dest, database)
    return folder / f"{spec.name}.reduced.bcf", folder / f"{spec.name}.reduced.json"


def finished_part(dest: Path, database: Database, spec: FileSpec) -> dict[str, Any] | None:
    """The record of a part already reduced from this raw file, if the part on disk still matches."""
    part, record_path = _part_paths(dest, database, spec)
    if not (part.is_file() and record_path.is_file()):
        return None
    record = json.loads(record_path.read_text())
    return record if sha256_file(part) == record["part_sha256"] else None


def _reduce_part(database: Database, spec: FileSpec, raw: Path, dest: Path, build: str, style: str,
                 number: int) -> dict[str, Any]:
    """Reduce one verified raw file into its part (written under a temporary name, then renamed)."""
    part, record_path = _part_paths(dest, database, spec)
    part.parent.mkdir(parents=True, exist_ok=True)
    raw_record = read_state(dest, database)["files"][spec.name]
    with tempfile.TemporaryDirectory(dir=part.parent) as work:
        staged = Path(work) / part.name
        report = reduce_gnomad(database, raw, staged, build, style, Path(work))
        pause_point(f"prepare-part-{number}")
        os.replace(str(staged) + ".csi", str(part) + ".csi")
        os.replace(staged, part)
    record = {"raw": spec.name, "raw_sha256": raw_record["sha256"], "raw_size": raw_record["size"],
              "raw_checksum": raw_record["checksum"], "part_sha256": sha256_file(part), "report": report}
    tmp = record_path.with_name(record_path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    tmp.replace(record_path)
    return record


def discard_raw_file(database: Database, spec: FileSpec, dest: Path) -> int:
    """Delete a verified raw download whose prepared form is safe; its state record stays, marked
    discarded. Returns the bytes freed."""
    path = database_dir(dest, database) / spec.name
    if not path.is_file():
        return 0
    freed = path.stat().st_size
    state = read_state(dest, database)
    state["files"][spec.name]["discarded"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_state(dest, database, state)
    path.unlink()
    return freed


def prepare_streaming(database: Database, manifest: Manifest, dest: Path, settings: FetchSettings, *,
                      discard_raw: bool = False) -> dict[str, Any]:
    """Fetch, reduce and (optionally) discard each file in turn, then publish the concatenated
    output with its stamp; returns the stamp."""
    build, style = naming_of(database, manifest)
    session = requests.Session()
    records = []
    with locked(database_dir(dest, database) / ".prepare.lock"):
        for number, spec in enumerate(database.files, start=1):
            record = finished_part(dest, database, spec)
            if record is None:
                raw = fetch_file(database, spec, dest, settings, session)
                record = _reduce_part(database, spec, raw, dest, build, style, number)
            if discard_raw:
                discard_raw_file(database, spec, dest)
            records.append(record)
        staging = new_staging(database, dest)
        parts = [_part_paths(dest, database, spec)[0] for spec in database.files]
        report = {**records[-1]["report"], **concatenate_gnomad(parts, staging, sum(r["raw_size"] for r in records)),
                  "streamed": True, "raw_discarded": discard_raw}
        stamp = publish_prepared(database, manifest, dest, staging, report,
                                 {r["raw"]: r["raw_sha256"] for r in records})
        for spec in database.files:        # the parts are now inside the prepared output
            part, record_path = _part_paths(dest, database, spec)
            for path in (part, Path(str(part) + ".csi"), record_path):
                path.unlink(missing_ok=True)
        shutil.rmtree(parts_dir(dest, database))     # with any work folder a killed run left
    return stamp
