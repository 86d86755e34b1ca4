"""Facts the ACMG criteria read (traaser/acmg/facts.py): SpliceAI's maximum delta and the tandem
repeat check of PM4/BP3, on a small indexed FASTA (1-based VCF POS, 0-based FASTA slices)."""

import pysam
import pytest

from traaser.acmg.facts import in_tandem_repeat, spliceai_max


@pytest.mark.parametrize("value, expected, rule", [
    ("T|GENE|0.01|0.02|0.80|0.00|1|2|3|4", 0.80, "the largest of DS_AG, DS_AL, DS_DG, DS_DL"),
    ("T|G1|0.1|0|0|0|1|2|3|4,T|G2|0.3|0|0|0|1|2|3|4", 0.3, "the largest over genes"),
    (0.42, 0.42, "a plain number (a precomputed maximum)"),
    (None, None, "no SpliceAI value"),
    ("T|GENE|.|.|.|.|.|.|.|.", None, "no scores"),
])
def test_spliceai_max(value, expected, rule):
    assert spliceai_max(value) == expected, rule


@pytest.fixture()
def fasta(tmp_path):
    path = tmp_path / "ref.fa"
    #                 1234567890123456789
    path.write_text(">r\nTTTTCAGCAGCAGTTTTGG\n>u\nTTTTCAGTTTTTTTTTTGG\n>n\nNNNNNNNNNNNNNNNNNNN\n")
    pysam.faidx(str(path))
    with pysam.FastaFile(str(path)) as handle:
        yield handle


@pytest.mark.parametrize("chrom, pos, ref, alt, expected, rule", [
    ("r", 4, "TCAG", "T", True, "deleting one CAG of a CAG repeat: in a repeat (BP3, not PM4)"),
    ("r", 4, "T", "TCAG", True, "inserting one more CAG before a CAG repeat"),
    ("u", 4, "TCAG", "T", False, "deleting a lone CAG: not in a repeat"),
    ("n", 4, "NCAG", "N", None, "reference N there: not evaluable"),
    ("r", 4, "T", "C", None, "a substitution is no indel"),
    ("absent", 4, "TCAG", "T", None, "contig not in the FASTA"),
])
def test_in_tandem_repeat(fasta, chrom, pos, ref, alt, expected, rule):
    assert in_tandem_repeat(fasta, chrom, pos, ref, alt) is expected, rule


def test_no_reference_means_not_evaluated():
    assert in_tandem_repeat(None, "r", 4, "TCAG", "T") is None
