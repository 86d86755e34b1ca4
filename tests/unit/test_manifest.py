"""The resource manifest (traaser/resources/manifest.py): bundled entries verify, downloads are pinned."""

import re

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
            where = spec.url or spec.manual_from or ""
            assert "latest" not in where.lower() and spec.checksum_source in ("pinned", "publisher", "first-fetch")
        assert db.licence and db.prepare
    assert all(db.opt_in for db in downloads if db.kind == "scores")


def test_real_manifest_is_internally_consistent():
    """Every downloaded or manual file has a size and says where it comes from (publisher,
    measured or unverified, with the figure or the place in size_note); a publisher checksum is
    either its checksum file or a listed value with where it is listed, and a listed MD5 looks
    like one; no URL or file name appears twice."""
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    urls: list[str] = []
    for db in manifest.databases.values():
        names = [spec.name for spec in db.files]
        assert len(names) == len(set(names)), f"{db.id}: a file name twice"
        for spec in db.files:
            if spec.bundled:
                continue
            assert spec.size_estimate > 0, f"{db.id}/{spec.name} lists no size"
            assert spec.size_source in ("publisher", "measured", "unverified"), f"{db.id}/{spec.name}"
            assert spec.size_source == "unverified" or spec.size_note, f"{db.id}/{spec.name}: say where the size is from"
            if spec.checksum_source == "publisher":
                assert bool(spec.checksum_from) != bool(spec.checksum_value), f"{db.id}/{spec.name}"
                if spec.checksum_value:
                    assert spec.listed_at, f"{db.id}/{spec.name}: name the listing"
                    assert re.fullmatch({"md5": "[0-9a-f]{32}", "sha256": "[0-9a-f]{64}"}[spec.algorithm or ""],
                                        spec.checksum_value), f"{db.id}/{spec.name}"
            if spec.manual:
                assert spec.url is None and f"traaser resources import {db.id}" in db.notes, db.id
            urls += [u for u in (spec.url, spec.checksum_from) if u]
    repeated = sorted({u for u in urls if urls.count(u) > 1})
    assert not repeated, f"URLs listed twice: {repeated}"


def test_gnomad_v4_1_sizes_and_checksums_are_the_publishers():
    """gnomAD's downloads page lists an MD5 and a size per VCF (184.8 GiB of exomes in all, 524.4
    GiB of genomes); every file is pinned to its listed MD5."""
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    for db_id, total_gib in (("gnomad_v4_1_exomes_grch38", 184.8), ("gnomad_v4_1_genomes_grch38", 524.4)):
        db = manifest.get(db_id)
        assert len(db.files) == 24
        assert all(f.checksum_source == "publisher" and f.algorithm == "md5" and f.size_source == "publisher"
                   for f in db.files)
        assert abs(db.download_size / 2**30 - total_gib) / total_gib < 0.01


def test_a_licence_gated_file_is_manual():
    spliceai = Manifest(REPO / "resources" / "manifest.yaml").get("spliceai_precomputed_grch38")
    assert spliceai.manual and spliceai.files[0].manual_from.startswith("https://basespace.illumina.com/")
