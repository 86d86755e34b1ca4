"""Fetch release files: streamed, resumable (HTTP Range), retried, verified, atomic, locked.

A file is downloaded to ``<name>.part`` next to its final place and renamed only after its
size and checksum verify; verified files are made read-only. A lock file serialises two runs
that share one resources directory. With a mirror (a directory or a base URL laid out as
``<host>/<path>`` of the original URLs), files come from the mirror instead.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

import requests

from traaser.errors import ResourceError
from traaser.resources.checksums import file_checksum, parse_checksum_file
from traaser.resources.manifest import Database, FileSpec, sha256_file

RETRY_STATUS = {429, 500, 502, 503, 504}
CHUNK = 1 << 16


@dataclass
class FetchSettings:
    """Retry and transfer settings; ``backoff`` seconds double after each failed attempt."""

    retries: int = 4
    backoff: float = 1.0
    timeout: float = 60.0
    mirror: str | None = None
    progress: IO[str] | None = None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the duration of the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def database_dir(dest: Path, database: Database) -> Path:
    return dest / database.id


def state_path(dest: Path, database: Database) -> Path:
    return database_dir(dest, database) / "state.json"


def read_state(dest: Path, database: Database) -> dict:
    path = state_path(dest, database)
    return json.loads(path.read_text()) if path.is_file() else {"files": {}}


def write_state(dest: Path, database: Database, state: dict) -> None:
    path = state_path(dest, database)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


def source_of(url: str, mirror: str | None) -> str:
    """Where to read ``url`` from: itself, or its ``<host>/<path>`` under a mirror (dir or URL)."""
    if not mirror:
        return url
    parsed = urlparse(url)
    relative = f"{parsed.netloc}{parsed.path}"
    if mirror.startswith(("http://", "https://")):
        return mirror.rstrip("/") + "/" + relative
    return str(Path(mirror) / relative)


def _say(settings: FetchSettings, text: str) -> None:
    if settings.progress is not None:
        settings.progress.write(text + "\n")
        settings.progress.flush()


def _read_text(source: str, settings: FetchSettings, session: requests.Session) -> str:
    """A small file (a checksum file), from a URL with retries or from a mirror directory."""
    if not source.startswith(("http://", "https://")):
        try:
            return Path(source).read_text()
        except OSError as exc:
            raise ResourceError(f"cannot read checksum file: {exc}", path=source,
                                fix="add the publisher's checksum file to the mirror") from None
    last = ""
    for attempt in range(settings.retries + 1):
        try:
            response = session.get(source, timeout=settings.timeout)
            if response.status_code == 200:
                return response.text
            last = f"HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUS:
                break
        except requests.RequestException as exc:
            last = str(exc)
        time.sleep(settings.backoff * 2 ** attempt)
    raise ResourceError(f"cannot get the publisher's checksum file ({last})", path=source,
                        fix="check the network or use --mirror with a local copy")


def expected_checksum(spec: FileSpec, state: dict, settings: FetchSettings,
                      session: requests.Session) -> tuple[str | None, str]:
    """(expected value or None for a first fetch, where it came from)."""
    if spec.checksum_source == "pinned":
        return spec.checksum_value, "pinned in the manifest"
    if spec.checksum_source == "publisher" and spec.checksum_value:
        return spec.checksum_value, f"publisher listing: {spec.listed_at}"
    if spec.checksum_source == "publisher":
        if spec.checksum_from is None:
            raise ResourceError(f"{spec.name}: a publisher checksum needs 'from'", fix="add it to the manifest entry")
        source = source_of(spec.checksum_from, settings.mirror)
        text = _read_text(source, settings, session)
        checksum = parse_checksum_file(text, spec.name, spec.algorithm or "md5", source)
        return checksum, f"publisher file {spec.checksum_from}"
    recorded = state["files"].get(spec.name, {}).get("sha256")
    if recorded:
        return recorded, "recorded at the first verified fetch"
    return None, "first fetch (no published checksum; this download's SHA-256 is recorded)"


def _download(source: str, part: Path, settings: FetchSettings, session: requests.Session) -> int:
    """Stream ``source`` into ``part``, resuming with Range and retrying with exponential backoff;
    returns the advertised total size (-1 unknown)."""
    last_error = ""
    for attempt in range(settings.retries + 1):
        try:
            total, last_error = _attempt(source, part, settings, session)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            total, last_error = None, f"{type(exc).__name__}: {exc}"
        if total is not None:
            return total
        wait = settings.backoff * 2 ** attempt
        if attempt < settings.retries:
            _say(settings, f"  retry {attempt + 1}/{settings.retries} in {wait:g} s after {last_error}")
            time.sleep(wait)
    have = part.stat().st_size if part.exists() else 0
    raise ResourceError(f"download failed after {settings.retries + 1} attempts ({last_error}); "
                        f"{have:,} bytes kept in {part} for a later resume", path=source,
                        fix="re-run the same fetch to resume, or use --mirror with a local copy")


def _attempt(source: str, part: Path, settings: FetchSettings, session: requests.Session) -> tuple[int | None, str]:
    """One GET, resuming from what ``part`` holds: (advertised total size, '') once the file is
    complete, (None, why) when it may be retried; raises :class:`ResourceError` on a final error."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with session.get(source, headers=headers, stream=True, timeout=settings.timeout) as response:
        if response.status_code == 416 and have:
            total = _total_from_range(response.headers.get("Content-Range", ""))
            if total == have:
                return total, ""
            part.unlink()
            return None, f"HTTP 416: the {have:,} bytes kept do not fit the source"
        if response.status_code == 404:
            raise ResourceError(f"HTTP 404 Not Found for {source}", path=source,
                                fix="the release may have moved: check the manifest URL, or use --mirror")
        if response.status_code in RETRY_STATUS:
            return None, f"HTTP {response.status_code}"
        if response.status_code not in (200, 206):
            raise ResourceError(f"HTTP {response.status_code} for {source}", path=source,
                                fix="check the URL and your access to it")
        resumed = response.status_code == 206
        if resumed:
            total = _total_from_range(response.headers.get("Content-Range", ""))
        else:
            length = response.headers.get("Content-Length")
            total = int(length) if length is not None else -1
            have = 0
        _stream_body(response, part, "ab" if resumed else "wb", _Progress(settings.progress, total, have))
    got = part.stat().st_size
    if total >= 0 and got < total:
        return None, f"connection closed after {got} of {total} bytes"
    resumed_from = f" (resumed from {have:,})" if resumed else ""
    _say(settings, f"  received {got:,} bytes{resumed_from}")
    return total, ""


def _stream_body(response: requests.Response, part: Path, mode: str, bar: _Progress) -> None:
    """Append (or write) the response's raw bytes to ``part``. They are never decoded (a .gz served
    with Content-Encoding must stay as is), and what arrived before a dropped connection is kept,
    so the next attempt resumes."""
    response.raw.enforce_content_length = False
    with open(part, mode) as out:
        while chunk := response.raw.read(CHUNK, decode_content=False):
            out.write(chunk)
            bar.advance(len(chunk))
    bar.close()


class _Progress:
    """A one-line progress bar on a terminal (at most 4 updates a second); silent otherwise."""

    def __init__(self, stream: IO[str] | None, total: int, start: int) -> None:
        self.stream = stream if stream is not None and stream.isatty() else None
        self.total, self.done, self.shown = total, start, 0.0

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.stream is None or now - self.shown < 0.25:
            return
        self.shown = now
        if self.total > 0:
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {self.done / self.total:6.1%} "
                              f"{self.done / 1e6:,.1f} MB")
        else:
            self.stream.write(f"\r  {self.done / 1e6:,.1f} MB")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")


def _total_from_range(content_range: str) -> int:
    """Total size from 'bytes 100-199/200' (or 'bytes */200')."""
    try:
        return int(content_range.rsplit("/", 1)[1])
    except (IndexError, ValueError):
        return -1


def _copy_from_directory(source: str, part: Path) -> int:
    path = Path(source)
    if not path.is_file():
        raise ResourceError("file not found in the mirror directory", path=source,
                            fix="lay the mirror out as <host>/<path> of the publisher's URL")
    shutil.copyfile(path, part)
    return path.stat().st_size


def fetch_file(database: Database, spec: FileSpec, dest: Path, settings: FetchSettings,
               session: requests.Session) -> Path:
    """Fetch one file of ``database`` into ``dest/<id>/``; returns its verified path."""
    directory = database_dir(dest, database)
    target = directory / spec.name
    if spec.manual:
        if is_verified(database, spec, dest):
            return target
        raise ResourceError(f"{spec.name} of '{database.id}' has no public URL (licence-gated)",
                            path=spec.manual_from,
                            fix=f"download it by hand from {spec.manual_from}, then run: "
                                f"traaser resources import {database.id} FILE --dest {dest}")
    if spec.url is None:
        raise ResourceError(f"{spec.name} of '{database.id}' is bundled, not downloaded",
                            fix="use it from the repository")
    with locked(directory / f".{spec.name}.lock"):
        state = read_state(dest, database)
        if is_verified(database, spec, dest):
            return target
        expected, origin = expected_checksum(spec, state, settings, session)
        source = source_of(spec.url, settings.mirror)
        part = target.with_name(target.name + ".part")
        _say(settings, f"fetching {database.id}: {source}")
        if target.is_file():            # present but never verified: verify it in place
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
            target.replace(part)
        if source.startswith(("http://", "https://")):
            total = _download(source, part, settings, session)
        else:
            total = _copy_from_directory(source, part)
        expected_size = spec.size if spec.size is not None else (total if total >= 0 else None)
        fix = ("re-run fetch; if it fails again the server's file differs from this release "
               "(check the manifest version) or the mirror copy is damaged")
        _verify_and_place(database, spec, dest, part, source, _Expected(expected, origin, expected_size), fix,
                          settings, "fetched")
        return target


def is_verified(database: Database, spec: FileSpec, dest: Path) -> bool:
    """The file is in place and the resource state says it verified."""
    record = read_state(dest, database)["files"].get(spec.name)
    return (database_dir(dest, database) / spec.name).is_file() and bool(record and record.get("verified"))


@dataclass(frozen=True)
class _Expected:
    """What a file must match: checksum (None at a first fetch) and where it came from, size in bytes."""

    checksum: str | None
    origin: str
    size: int | None


def _verify_and_place(database: Database, spec: FileSpec, dest: Path, part: Path, source: str,
                      expected: _Expected, fix: str, settings: FetchSettings, how: str) -> None:
    """Check ``part`` (beside its final place) against ``expected``; on success rename it into
    place, make it read-only and record it in the resource state; on failure delete it and say
    both values."""
    size = part.stat().st_size
    actual = file_checksum(part, spec.algorithm or "sha256")
    problems = []
    if expected.size is not None and size != expected.size:
        problems.append(f"size: expected {expected.size:,} bytes, got {size:,}")
    if expected.checksum is not None and actual != expected.checksum:
        problems.append(f"{spec.algorithm}: expected {expected.checksum} ({expected.origin}), got {actual}")
    if problems:
        part.unlink()
        raise ResourceError(f"verification failed for {source}: " + "; ".join(problems) +
                            "; the partial file was deleted", path=source, fix=fix)
    sha256 = actual if spec.algorithm == "sha256" else sha256_file(part)
    target = database_dir(dest, database) / spec.name
    part.replace(target)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    state = read_state(dest, database)
    state["files"][spec.name] = {
        "url": spec.url or spec.manual_from, "source": source, "size": size, "sha256": sha256,
        "checksum": {"algorithm": spec.algorithm, "value": actual, "origin": expected.origin},
        "verified": True, how: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "version": database.version,
    }
    write_state(dest, database, state)
    _say(settings, f"  verified {spec.name} ({size:,} bytes, {spec.algorithm} {actual})")


def import_file(database: Database, source: Path, dest: Path, name: str | None = None,
                settings: FetchSettings | None = None) -> Path:
    """Verify a file the user downloaded by hand (a licence-gated ``manual`` file, or any
    downloaded file fetched another way) and place it as if fetched: copied beside its final
    place, checked against the manifest's checksum and size (or, with none published, against
    the SHA-256 recorded at an earlier import), renamed atomically. ``name`` picks the manifest
    file when the database has several (default: the one named like ``source``)."""
    settings = settings or FetchSettings(progress=sys.stderr)
    candidates = [f for f in database.files if not f.bundled]
    wanted = name or source.name
    spec = next((f for f in candidates if f.name == wanted), candidates[0] if len(candidates) == 1 else None)
    if spec is None:
        raise ResourceError(f"'{database.id}' has no file named {wanted}", path=str(source),
                            fix="pass --name with one of " + ", ".join(f.name for f in candidates))
    if not source.is_file():
        raise ResourceError("file to import not found", path=str(source), fix="give the downloaded file's path")
    directory = database_dir(dest, database)
    directory.mkdir(parents=True, exist_ok=True)
    with locked(directory / f".{spec.name}.lock"):
        state = read_state(dest, database)
        expected, origin = expected_checksum(spec, state, settings, requests.Session())
        part = directory / f"{spec.name}.part"
        _say(settings, f"importing {database.id}: {source}")
        shutil.copyfile(source, part)
        fix = (f"the file differs from the release the manifest names ({database.version}): download it again "
               f"from {spec.manual_from or spec.url}")
        _verify_and_place(database, spec, dest, part, str(source), _Expected(expected, origin, spec.size), fix,
                          settings, "imported")
    return directory / spec.name


def fetch_database(database: Database, dest: Path, settings: FetchSettings | None = None,
                   session: requests.Session | None = None) -> list[Path]:
    """Fetch every file of a downloaded database; bundled ones need nothing."""
    if database.bundled:
        database.verify()
        return [spec.path for spec in database.files if spec.path is not None]
    settings = settings or FetchSettings(progress=sys.stderr)
    session = session or requests.Session()
    return [fetch_file(database, spec, dest, settings, session) for spec in database.files]
