"""The contig alias table and build detection (traaser/vcf/contigs.py)."""

import pytest

from traaser.vcf.contigs import build_evidence, canonical_name, naming_style, rename_map


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
