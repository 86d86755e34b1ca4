"""Join windows (traaser/annotate/join_windows.py): the windows' rules on small tables, and the
same annotated output with windows as without, on the demo's real ClinVar and gnomAD subsets."""

import random
from pathlib import Path

import pysam
import pytest

from traaser.annotate import join_windows as jw
from traaser.annotate.databases import annotate

from conftest import DEMO

CLINVAR = DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz"
GNOMAD = DEMO / "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz"
FIELDS = {"AF": "AF", "AC": "AC", "AN": "AN", "nhomalt": "nhomalt", "FAF": "faf95", "AF_GRPMAX": "AF_popmax"}


@pytest.mark.parametrize("spans, merge_bp, expected, rule", [
    ([("1", 100, 100), ("1", 150, 150)], 100, [("1", 100, 150)], "closer than merge_bp: one window"),
    ([("1", 100, 100), ("1", 200, 200)], 100, [("1", 100, 100), ("1", 200, 200)],
     "merge_bp or more apart: two windows"),
    ([("1", 100, 500), ("1", 300, 300), ("1", 550, 560)], 100, [("1", 100, 560)],
     "a window runs to the longest span's END, and the next record is measured from there"),
    ([("1", 100, 100), ("2", 101, 101)], 100, [("1", 100, 100), ("2", 101, 101)],
     "a window never crosses a contig"),
    ([("1", 100, 100), ("1", 100, 103)], 1, [("1", 100, 103)], "records at one position share a window"),
])
def test_merge_spans(spans, merge_bp, expected, rule):
    assert jw.merge_spans(spans, merge_bp) == expected, rule


@pytest.mark.parametrize("records, length, merge_bp, sparse, rule", [
    (5_000, 249_000_000, 50_000, True, "an exome's chr1: mean spacing 50 kb >= merge_bp/4"),
    (400_000, 249_000_000, 50_000, False, "a genome's chr1: mean spacing 620 bp, joined whole"),
    (10, None, 50_000, True, "no length in the header: windows (never a whole-contig region of unknown end)"),
    (4, 50_000, 50_000, True, "spacing exactly merge_bp/4 is sparse"),
    (5, 50_000, 50_000, False, "spacing under merge_bp/4 is dense"),
])
def test_is_sparse(records, length, merge_bp, sparse, rule):
    assert jw.is_sparse(records, length, merge_bp) is sparse, rule


def test_worth_windows_only_against_a_source_larger_than_their_blocks(tmp_path):
    source = tmp_path / "source.vcf.gz"
    source.write_bytes(b"x" * (10 * jw.SEEK_BYTES))
    assert jw.worth_windows([("1", 1, 1)] * 9, source), "9 seeks of one block each read less than 10 blocks"
    assert not jw.worth_windows([("1", 1, 1)] * 10, source), "10 seeks read as much as the whole source"
    assert not jw.worth_windows(None, source), "no windows: whole contigs"


def _source_records(path: Path, n: int, seed: int) -> list[tuple[int, str, str]]:
    with pysam.VariantFile(str(path)) as handle:
        records = [(r.pos, r.ref, r.alts[0]) for r in handle if r.contig == "1" and r.alts]
    return random.Random(seed).sample(records, n)


def _case_vcf(tmp_path: Path) -> Path:
    """Chromosome 1 records drawn from both sources (exact matches), their neighbours with
    another ALT (no match), a long deletion, and a short contig 2 dense enough to join whole."""
    rows = set()
    for pos, ref, alt in _source_records(CLINVAR, 150, 1) + _source_records(GNOMAD, 150, 2):
        rows.add(("1", pos, ref, alt))
        other = next(base for base in "ACGT" if base not in (ref[0], alt))
        rows.add(("1", pos, ref[0], other))
    rows.add(("1", 55505600, "A" * 120, "A"))
    rows.update(("2", pos, "A", "G") for pos in range(1, 1000, 3))
    text = ["##fileformat=VCFv4.2", "##contig=<ID=1,length=249250621>", "##contig=<ID=2,length=1000>",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"]
    text += [f"{c}\t{p}\t.\t{r}\t{a}\t.\t.\t." for c, p, r, a in sorted(rows, key=lambda row: (row[0], row[1], row[3]))]
    plain = tmp_path / "case.vcf"
    plain.write_text("\n".join(text) + "\n")
    return Path(pysam.tabix_index(str(plain), preset="vcf", force=True))


def _records(path: Path) -> list[str]:
    with pysam.VariantFile(str(path)) as handle:
        return [str(record) for record in handle]


@pytest.mark.parametrize("windows, parts, sizes, rule", [
    (list(range(10)), 3, [4, 3, 3], "even runs, the first ones one longer"),
    (list(range(2)), 4, [1, 1], "never more runs than windows"),
    (list(range(5)), 1, [5], "one part: one run"),
])
def test_split_windows(windows, parts, sizes, rule):
    chunks = jw.split_windows(windows, parts)
    assert [len(c) for c in chunks] == sizes, rule
    assert [w for c in chunks for w in c] == windows, "consecutive windows, in order, none lost"


@pytest.mark.parametrize("parts", [1, 3])
def test_windows_give_the_same_output_as_whole_contigs(tmp_path, monkeypatch, parts):
    vcf = _case_vcf(tmp_path)
    whole = annotate(vcf, tmp_path / "whole.bcf", tmp_path / "whole.json", clinvar=CLINVAR, gnomad=GNOMAD,
                     gnomad_fields=FIELDS)
    windows = jw.join_windows(vcf, 20)
    assert windows is not None and len(windows) > 100, "the test must exercise many windows"
    assert ("2", 1, 1000) in windows, "the dense contig (spacing 3 < 20/4) is one window"
    monkeypatch.setattr(jw, "SEEK_BYTES", 1)           # both (small) sources joined in windows
    windowed = annotate(vcf, tmp_path / "win.bcf", tmp_path / "win.json", clinvar=CLINVAR, gnomad=GNOMAD,
                        gnomad_fields=FIELDS, window_merge_bp=20, parts=parts)
    expected = _records(tmp_path / "whole.bcf")
    assert sum("CV_CLNSIG" in r for r in expected) >= 150 and sum("GNOMAD_AF" in r for r in expected) >= 150
    assert _records(tmp_path / "win.bcf") == expected
    assert (tmp_path / "win.json").read_text() == (tmp_path / "whole.json").read_text()
    assert windowed.records_out == whole.records_out
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["case.vcf.gz", "case.vcf.gz.tbi", "whole.bcf",
                                                             "whole.bcf.csi", "whole.json", "win.bcf", "win.bcf.csi",
                                                             "win.json"]), "windows and parts are removed"


def test_a_genome_has_no_windows(tmp_path):
    rows = [f"1\t{pos}\t.\tA\tG\t.\t.\t." for pos in range(1, 2000, 7)]
    plain = tmp_path / "dense.vcf"
    plain.write_text("##fileformat=VCFv4.2\n##contig=<ID=1,length=2000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                     + "\n".join(rows) + "\n")
    vcf = Path(pysam.tabix_index(str(plain), preset="vcf", force=True))
    assert jw.join_windows(vcf, 200) is None
