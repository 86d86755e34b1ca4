"""Contig aliases and build detection; config schema defaults and errors; the manifest."""

import pytest

from traaser.config import check_config, load_config
from traaser.errors import ConfigError, ResourceError
from traaser.resources.manifest import Manifest
from traaser.vcf.contigs import build_evidence, canonical_name, naming_style, rename_map

from conftest import REPO


@pytest.mark.parametrize("name, canonical", [
    ("1", "1"), ("chr1", "1"), ("NC_000001.10", "1"), ("NC_000001.11", "1"), ("chrM", "MT"), ("MT", "MT"),
    ("NC_000023.10", "X"), ("GL000192.1", None), ("chrUn_gl000220", None)])
def test_alias_table(name, canonical):
    assert canonical_name(name) == canonical


def test_rename_map_follows_the_target_style():
    assert rename_map(["chr1", "chrX", "chrM"], ["1", "X", "MT"]) == {"chr1": "1", "chrX": "X", "chrM": "MT"}
    assert naming_style(["NC_000001.10", "NC_000002.11"]) == "refseq"


@pytest.mark.parametrize("lengths, build", [
    ({"1": 249_250_621, "2": 243_199_373}, "GRCh37"),
    ({"chr1": 248_956_422, "chr2": 242_193_529}, "GRCh38"),
])
def test_build_from_contig_lengths(lengths, build):
    """chr1 is 249,250,621 bp in GRCh37 and 248,956,422 bp in GRCh38."""
    evidence = build_evidence(lengths)
    assert evidence.matches[build] == 2
    assert evidence.conflicts_with("GRCh38" if build == "GRCh37" else "GRCh37")


def test_config_defaults_are_filled():
    config = check_config({"databases": {}}, "test")
    assert config["prioritize"]["max_population_af"] == 0.05
    assert config["prioritize"]["variant_weights"] == {"severity": 0.4, "acmg": 0.4, "rarity": 0.2}
    assert config["report"]["max_genes"] == 20


def test_bundled_config_is_valid():
    config = load_config(REPO / "config" / "config.yaml")
    assert config["databases"]["GRCh37"]["reference"] == "demo_grch37_reference"


@pytest.mark.parametrize("config, fragment", [
    ({"prioritize": {"max_population_af": 2}}, "prioritize/max_population_af"),
    ({"prioritize": {"min_impact": "SEVERE"}}, "prioritize/min_impact"),
    ({"no_such_key": 1}, "unknown key"),
])
def test_bad_config_is_refused(config, fragment):
    with pytest.raises(ConfigError) as info:
        check_config(config, "config.yaml")
    assert fragment in str(info.value) and "config.yaml" in str(info.value)


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
