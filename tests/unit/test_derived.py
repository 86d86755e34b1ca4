"""Per-release derived data kept on disk (traaser/derived.py), and the two loaders that use it
beside the phenotype model: the GFF3's gene models and the ClinVar protein index's rows. A cached
value must equal a fresh parse, and a changed release file must never read an old value."""

import gzip
from collections import defaultdict

import pytest

from traaser import derived, install
from traaser.annotate import clinvar_index, transcripts
from traaser.annotate.clinvar_index import ClinVarIndex, build_index_from_macarthur

from conftest import DATA, DEMO

GFF3 = DEMO / "GRCh37.demo.gff3.gz"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test its own cache folder."""
    monkeypatch.setenv("TRAASER_CACHE", str(tmp_path / "cache"))


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_built_once_then_read_back(tmp_path):
    source = tmp_path / "release.txt"
    source.write_text("release 1")
    build = Builds({"a": 1})
    assert derived.cached("kind", [source], [derived], build, dict) == {"a": 1}
    assert derived.cached("kind", [source], [derived], build, dict) == {"a": 1}
    assert build.calls == 1, "the second call reads the cache"


def test_a_changed_release_is_rebuilt(tmp_path):
    source = tmp_path / "release.txt"
    source.write_text("release 1")
    derived.cached("kind", [source], [derived], Builds({"release": 1}), dict)
    source.write_text("release 2")
    build = Builds({"release": 2})
    assert derived.cached("kind", [source], [derived], build, dict) == {"release": 2} and build.calls == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None], ids=["empty", "garbage", "wrong type"])
def test_an_unreadable_cache_file_is_rebuilt(tmp_path, damage):
    source = tmp_path / "release.txt"
    source.write_text("release 1")
    derived.cached("kind", [source], [derived], Builds({"a": 1}), dict)
    (cache,) = install.cache_dir().glob("kind-*.pickle")
    if damage is None:
        derived.pickled.dump(("kind", ["a list, not a dict"]), cache)
    else:
        cache.write_bytes(damage)
    build = Builds({"a": 1})
    assert derived.cached("kind", [source], [derived], build, dict) == {"a": 1} and build.calls == 1


def test_an_unwritable_cache_folder_costs_only_the_build(tmp_path, monkeypatch):
    source = tmp_path / "release.txt"
    source.write_text("release 1")
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("TRAASER_CACHE", str(tmp_path / "a-file" / "cache"))   # cannot be made, even by root
    build = Builds([1])
    assert derived.cached("kind", [source], [derived], build, list) == [1]
    assert derived.cached("kind", [source], [derived], build, list) == [1] and build.calls == 2


def test_only_the_newest_files_of_a_kind_are_kept(tmp_path):
    source = tmp_path / "release.txt"
    for release in range(derived.KEEP + 2):
        source.write_text(f"release {release}")
        derived.cached("kind", [source], [derived], Builds([release]), list)
    derived.cached("other", [source], [derived], Builds([0]), list)
    assert len(list(install.cache_dir().glob("kind-*.pickle"))) == derived.KEEP
    assert len(list(install.cache_dir().glob("other-*.pickle"))) == 1, "another kind is not pruned"


def test_gene_models_select_equals_a_fresh_parse():
    every = transcripts.load_transcripts(GFF3)
    wanted = set(list(every)[::3]) | {"ENST_not_in_the_gff3"}
    models = transcripts.gene_models(GFF3)
    assert models.select(wanted) == transcripts.load_transcripts(GFF3, wanted)
    assert list(models.select(wanted)) == [t for t in every if t in wanted], "GFF3 order"
    assert models.mane == transcripts.mane_select_ids(GFF3)
    assert transcripts.gene_models(GFF3).select(wanted) == models.select(wanted), "read back from the cache"


def _parsed_directly(path, genes):
    """The index the way it was built before the cache: one pass over the file, row by row."""
    index = ClinVarIndex.__new__(ClinVarIndex)
    index.by_codon, index.missense_positions, index.gene_variants = defaultdict(list), defaultdict(list), defaultdict(dict)
    with gzip.open(path, "rt") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if genes is None or row["gene"] in genes:
                index._add(*(row[field] for field in clinvar_index._ROW_FIELDS))
    for positions in index.missense_positions.values():
        positions.sort()
    return index


@pytest.mark.parametrize("genes", [None, {"MAPK1", "SMARCB1", "NF2", "not a gene"}], ids=["all genes", "four genes"])
def test_clinvar_index_from_the_cache_equals_one_pass_over_the_file(tmp_path, genes):
    path = tmp_path / "chr22.index.tsv.gz"
    build_index_from_macarthur(DATA / "clinvar" / "clinvar-tsv_macarthur-format_GRCh37_chr22.tsv.gz", path)
    expected = _parsed_directly(path, genes)
    for _ in range(2):                                 # built, then read back
        index = ClinVarIndex(path, genes)
        assert index.by_codon == expected.by_codon
        assert index.gene_variants == expected.gene_variants
        assert list(index.gene_variants) == list(expected.gene_variants)
        assert index.missense_positions == expected.missense_positions
    if genes:
        assert set(index.gene_variants) == genes - {"not a gene"}
