"""The resource manifest (traaser/resources/manifest.py): bundled entries verify, downloads are pinned."""

import pytest

from traaser.errors import ResourceError
from traaser.resources.manifest import Manifest

from conftest import REPO


def test_manifest_entries_verify_against_their_checksums():
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    for database in manifest.databases.values():
        database.verify()
    with pytest.raises(ResourceError, match="not in the manifest"):
        manifest.get("no_such_db")
    with pytest.raises(ResourceError, match="is a clinvar, not a gnomad"):
        manifest.get("demo_clinvar_20230710_grch37_chr1", kind="gnomad")


def test_real_manifest_pins_every_download():
    """Pin dated releases, never a moving 'latest'; every download says where its checksum comes from."""
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    downloads = [db for db in manifest.databases.values() if not db.bundled]
    assert {db.build for db in downloads} >= {"GRCh37", "GRCh38"}
    for build in ("GRCh37", "GRCh38"):
        kinds = {db.kind for db in manifest.select(build=build) if db.required}
        assert {"reference", "annotation", "clinvar", "gnomad", "constraint", "hpo"} <= kinds, build
    for db in downloads:
        for spec in db.files:
            assert "latest" not in spec.url.lower() and spec.checksum_source in ("pinned", "publisher", "first-fetch")
            assert spec.size_estimate > 0, f"{db.id} lists no size"
        assert db.licence and db.prepare
    assert all(db.opt_in for db in downloads if db.kind == "scores")
