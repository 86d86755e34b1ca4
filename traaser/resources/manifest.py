"""The resource manifest: databases, their files, checksums, sizes and licences.

A database is either *bundled* (its files live in the repository, pinned by SHA-256) or
*downloaded* (dated release URLs, fetched into a resources directory, then prepared). The
workflow reads a bundled database's main file directly and a downloaded one's prepared output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from traaser import install
from traaser.config import read_yaml, validate
from traaser.errors import ResourceError

MANIFEST_SCHEMA = install.resource_file("manifest.schema.yaml")


@dataclass(frozen=True)
class FileSpec:
    """One file of a release. Bundled files have ``path``; downloaded ones ``url``; licence-gated
    ones ``manual_from`` (the page a user downloads them from, then imports them). Sizes in bytes;
    ``size_source`` says whether the size is the publisher's, measured elsewhere or unverified."""

    name: str
    path: Path | None = None
    url: str | None = None
    manual_from: str | None = None
    sha256: str | None = None
    algorithm: str | None = None       # md5, sha256 or bsd-sum for downloads
    checksum_source: str | None = None  # pinned, publisher or first-fetch
    checksum_value: str | None = None
    checksum_from: str | None = None
    listed_at: str | None = None
    size: int | None = None
    approx_size: int | None = None
    size_source: str | None = None
    size_note: str = ""

    @property
    def bundled(self) -> bool:
        return self.path is not None

    @property
    def manual(self) -> bool:
        return self.manual_from is not None

    @property
    def size_estimate(self) -> int:
        """Exact size if known, else the publisher's approximate size, else 0."""
        return self.size or self.approx_size or 0


@dataclass(frozen=True)
class Database:
    """One manifest entry."""

    id: str
    name: str
    kind: str
    build: str
    version: str
    url: str
    licence: str
    files: tuple[FileSpec, ...]
    fields: dict[str, str] = field(default_factory=dict)
    required: bool = True
    opt_in: bool = False
    prepare: str = "none"
    notes: str = ""
    prepared_fraction: float | None = None   # bytes kept by prepare per byte downloaded, if not the kind's

    @property
    def bundled(self) -> bool:
        return all(f.bundled for f in self.files)

    @property
    def path(self) -> Path:
        """The main file of a bundled release (downloaded ones: see :func:`prepared_main`)."""
        if not self.bundled:
            raise ResourceError(f"database '{self.id}' is downloaded, not bundled; its files are under the "
                                "resources directory", fix="use the prepared output (traaser resources status)")
        main = self.files[0].path
        if main is None:
            raise ResourceError(f"database '{self.id}' has no bundled main file", fix="check its manifest entry")
        return main

    @property
    def manual(self) -> bool:
        """Some file must be downloaded by hand and imported (licence-gated, no public URL)."""
        return any(f.manual for f in self.files)

    @property
    def download_size(self) -> int:
        return sum(f.size_estimate for f in self.files if not f.bundled)

    def provenance(self, sha256: str | None = None) -> dict[str, Any]:
        """What outputs record about this database; ``sha256`` of the main file from the resource state."""
        main = self.files[0]
        return {"id": self.id, "name": self.name, "kind": self.kind, "build": self.build,
                "version": self.version, "url": main.url or self.url, "licence": self.licence,
                "file": main.name, "sha256": sha256 or main.sha256 or "not recorded"}

    def check_present(self) -> None:
        """Raise :class:`ResourceError` if a bundled file is missing."""
        for spec in self.files:
            if spec.path is not None and not spec.path.is_file():
                raise ResourceError(f"file of database '{self.id}' is missing", path=str(spec.path),
                                    fix="restore it from git (it is bundled with TRaaSer)")

    def verify(self) -> None:
        """Check every bundled file's SHA-256 against the manifest."""
        self.check_present()
        for spec in self.files:
            if spec.path is None:
                continue
            actual = sha256_file(spec.path)
            if actual != spec.sha256:
                raise ResourceError(f"checksum mismatch for database '{self.id}': expected {spec.sha256}, "
                                    f"got {actual}", path=str(spec.path), fix="restore the file from git")


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_spec(raw: dict[str, Any], base: Path) -> FileSpec:
    if "path" in raw:
        path = (base / raw["path"]).resolve()
        return FileSpec(name=path.name, path=path, sha256=raw["sha256"], size=raw.get("size"))
    checksum = raw["checksum"]
    name = raw.get("name") or Path(urlparse(raw["url"]).path).name
    return FileSpec(name=name, url=raw.get("url"), manual_from=raw.get("manual_from"), algorithm=checksum["algorithm"],
                    checksum_source=checksum["source"], checksum_value=checksum.get("value"),
                    checksum_from=checksum.get("from"), listed_at=checksum.get("listed_at"),
                    size=raw.get("size"), approx_size=raw.get("approx_size"), size_source=raw.get("size_source"),
                    size_note=raw.get("size_note", ""))


class Manifest:
    """All databases of a manifest file, by id, and the contig naming per build."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        data = validate(read_yaml(self.path, ResourceError), MANIFEST_SCHEMA, where=str(self.path),
                        error=ResourceError)
        base = self.path.parent
        self.naming: dict[str, str] = data["naming"]
        self.databases: dict[str, Database] = {}
        for entry in data["databases"]:
            if entry["id"] in self.databases:
                raise ResourceError(f"database id '{entry['id']}' is listed twice", path=str(self.path),
                                    fix="give each manifest entry a unique id")
            for raw in entry["files"]:
                checksum = raw.get("checksum", {})
                if checksum.get("source") == "pinned" and not checksum.get("value"):
                    raise ResourceError(f"'{entry['id']}': a pinned checksum needs a 'value'", path=str(self.path),
                                        fix="add the value, or use source: publisher / first-fetch")
                if checksum.get("source") == "publisher" and not (checksum.get("from") or checksum.get("listed_at")):
                    raise ResourceError(f"'{entry['id']}': a publisher checksum needs 'from' (its checksum file) or "
                                        "'value' and 'listed_at' (where the publisher lists it)", path=str(self.path),
                                        fix="add the URL of the publisher's checksum file, or the listed value")
                if checksum.get("listed_at") and not checksum.get("value"):
                    raise ResourceError(f"'{entry['id']}': 'listed_at' needs the listed 'value'", path=str(self.path),
                                        fix="copy the publisher's checksum into 'value'")
            files = tuple(_file_spec(raw, base) for raw in entry["files"])
            self.databases[entry["id"]] = Database(
                entry["id"], entry["name"], entry["kind"], entry["build"], entry["version"], entry["url"],
                entry["licence"], files, dict(entry["fields"]), entry["required"], entry["opt_in"],
                entry["prepare"], entry["notes"], entry.get("prepared_fraction"))

    def get(self, database_id: str, *, kind: str | None = None, build: str | None = None) -> Database:
        """The database ``database_id``, checked to be of ``kind`` and ``build`` when given."""
        database = self.databases.get(database_id)
        if database is None:
            raise ResourceError(f"database id '{database_id}' is not in the manifest", path=str(self.path),
                                fix=f"use one of {', '.join(sorted(self.databases))} in config.yaml")
        if kind and database.kind != kind:
            raise ResourceError(f"database '{database_id}' is a {database.kind}, not a {kind}", path=str(self.path),
                                fix=f"choose a {kind} entry in config.yaml")
        if build and database.build not in (build, "any"):
            raise ResourceError(f"database '{database_id}' is for {database.build}, not {build}", path=str(self.path),
                                fix=f"choose a {build} entry in config.yaml")
        return database

    def select(self, *, build: str | None = None, only: list[str] | None = None,
               opt_in: bool = False) -> list[Database]:
        """Entries of a build (and build-independent ones), or exactly those named by ``only``."""
        if only:
            return [self.get(name) for name in only]
        return [db for db in self.databases.values()
                if (build is None or db.build in (build, "any")) and (opt_in or not db.opt_in)]
