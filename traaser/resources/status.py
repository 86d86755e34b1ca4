"""What is on disk for each database: missing, partial, verified, prepared or stale; and where
the workflow finds a database's usable file, with the checksum that outputs record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.errors import ResourceError
from traaser.resources.fetch import database_dir, read_state
from traaser.resources.manifest import Database, Manifest, sha256_file
from traaser.resources.prepare import STAMP, prepared_dir, read_stamp


@dataclass(frozen=True)
class Status:
    state: str       # bundled, missing, partial, fetched, prepared, stale, corrupt
    detail: str


def database_status(database: Database, manifest: Manifest, dest: Path, *, check_bundled: bool = True) -> Status:
    if database.bundled:
        return _bundled_status(database, check_bundled)
    state = read_state(dest, database)
    stamp = read_stamp(dest, database)
    discarded = [spec.name for spec in database.files if state["files"].get(spec.name, {}).get("discarded")]
    if stamp is None and discarded:
        return Status("partial", f"prepare interrupted after {len(discarded)} of {len(database.files)} files: "
                                 "run prepare again to continue")
    fetched = _fetch_status(database, dest, state)
    if fetched is not None:
        return fetched
    if stamp is None:
        return Status("fetched", "verified, not prepared")
    inputs = {spec.name: state["files"][spec.name]["sha256"] for spec in database.files}
    naming = manifest.naming.get(database.build) if database.build != "any" else None
    if stamp["version"] != database.version or stamp["inputs"] != inputs or stamp.get("naming") != naming:
        return Status("stale", "prepared from other inputs, version or naming: prepare again")
    for name in stamp["outputs"]:
        if not (prepared_dir(dest, database) / name).is_file():
            return Status("stale", f"prepared output {name} is missing: prepare again")
    kept = "" if not discarded else f"; {len(discarded)} raw file(s) discarded after prepare (checksums kept)"
    return Status("prepared", f"prepared {stamp['prepared']}{kept}")


def _bundled_status(database: Database, check_bundled: bool) -> Status:
    try:
        if check_bundled:
            database.verify()
        else:
            database.check_present()
    except ResourceError as err:
        return Status("corrupt", str(err))
    return Status("bundled", "in the repository, SHA-256 verified" if check_bundled else "in the repository")


def _fetch_status(database: Database, dest: Path, state: dict[str, Any]) -> Status | None:
    """'partial' or 'missing' while a download is not complete and verified, else None."""
    missing, partial = [], []
    for spec in database.files:
        target = database_dir(dest, database) / spec.name
        part = target.with_name(target.name + ".part")
        record = state["files"].get(spec.name)
        if record and record.get("verified") and (target.is_file() or record.get("discarded")):
            continue
        if part.is_file():
            partial.append(f"{spec.name} ({part.stat().st_size:,} bytes)")
        else:
            missing.append(spec.name)
    if partial:
        return Status("partial", "resumable: " + ", ".join(partial))
    if missing:
        return Status("missing", ", ".join(missing))
    return None


def resolve(database: Database, dest: Path) -> tuple[Path, str]:
    """(file or folder the workflow reads, SHA-256 of the release's main file) for one database."""
    if database.bundled:
        return database.path, database.files[0].sha256 or ""
    stamp = read_stamp(dest, database)
    if stamp is None:
        raise ResourceError(f"database '{database.id}' is not prepared", path=str(database_dir(dest, database)),
                            fix=f"run: traaser resources prepare --only {database.id} --dest {dest}")
    main = (prepared_dir(dest, database) / stamp["main"]).resolve()
    return main, stamp["inputs"][database.files[0].name]


def database_file(given: Path) -> Path:
    """The file (or folder) a job reads for a database given on its command line: a bundled file
    as is, or, for a downloaded database, the main output its prepare stamp (prepared.json) names.
    Rules declare the stamp as the input, so a re-prepared database reruns the jobs that read it."""
    if given.name != STAMP:
        return given
    stamp = json.loads(given.read_text())
    return (given.parent / stamp["main"]).resolve()


def verify_downloads(database: Database, dest: Path) -> list[str]:
    """Re-hash every fetched file against the recorded SHA-256; returns the problems found."""
    problems = []
    state = read_state(dest, database)
    for spec in database.files:
        if spec.bundled:
            continue
        path = database_dir(dest, database) / spec.name
        record = state["files"].get(spec.name)
        if record and record.get("discarded") and not path.is_file():
            continue                # deleted on purpose after prepare; the prepared outputs are checked by status
        if not path.is_file() or not record:
            problems.append(f"{spec.name}: not fetched")
        elif sha256_file(path) != record["sha256"]:
            problems.append(f"{spec.name}: SHA-256 differs from the one recorded at fetch ({record['sha256']})")
    return problems
