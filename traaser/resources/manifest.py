"""Load the resource manifest and resolve database ids to files and provenance records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.config import REPO_ROOT, read_yaml, validate
from traaser.errors import ResourceError

MANIFEST_SCHEMA = REPO_ROOT / "resources" / "manifest.schema.yaml"


@dataclass(frozen=True)
class Database:
    """One manifest entry with its files resolved to absolute paths."""

    id: str
    name: str
    kind: str
    build: str
    version: str
    url: str
    licence: str
    files: tuple[tuple[Path, str], ...]
    fields: dict[str, str]

    @property
    def path(self) -> Path:
        """The main file of the release."""
        return self.files[0][0]

    def provenance(self) -> dict[str, Any]:
        """What outputs record about this database."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "build": self.build,
                "version": self.version, "url": self.url, "licence": self.licence,
                "file": self.path.name, "sha256": self.files[0][1]}

    def check_present(self) -> None:
        """Raise :class:`ResourceError` if a file of the release is missing."""
        for path, _ in self.files:
            if not path.is_file():
                raise ResourceError(f"file of database '{self.id}' is missing", path=str(path),
                                    fix="prepare the resources (see README 'Running a real case')")

    def verify(self) -> None:
        """Check every file's SHA-256 against the manifest."""
        self.check_present()
        for path, expected in self.files:
            actual = sha256_file(path)
            if actual != expected:
                raise ResourceError(f"checksum mismatch for database '{self.id}': expected {expected}, got {actual}",
                                    path=str(path), fix="download the file again")


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """All databases of a manifest file, by id."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        data = validate(read_yaml(self.path, ResourceError), MANIFEST_SCHEMA, where=str(self.path),
                        error=ResourceError)
        base = self.path.parent
        self.databases: dict[str, Database] = {}
        for entry in data["databases"]:
            if entry["id"] in self.databases:
                raise ResourceError(f"database id '{entry['id']}' is listed twice", path=str(self.path),
                                    fix="give each manifest entry a unique id")
            files = tuple(((base / f["path"]).resolve(), f["sha256"]) for f in entry["files"])
            self.databases[entry["id"]] = Database(
                entry["id"], entry["name"], entry["kind"], entry["build"], entry["version"],
                entry["url"], entry["licence"], files, dict(entry.get("fields", {})))

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
