"""HGVS names on the real SAMD11 and BICC1 transcripts of the demo GFF3 (Ensembl GRCh37)."""

import pytest

from traaser.annotate.hgvs import hgvs_c, hgvs_p
from traaser.annotate.transcripts import load_transcripts

from conftest import DEMO


@pytest.fixture(scope="module")
def transcripts():
    return load_transcripts(DEMO / "GRCh37.demo.gff3.gz", {"ENST00000341065", "ENST00000373886"})


@pytest.mark.parametrize("transcript, pos, ref, alt, c, p_change, p", [
    ("ENST00000341065", 879375, "C", "T", "c.1609C>T", "537R>537*", "p.(Arg537Ter)"),
    ("ENST00000373886", 60461855, "C", "T", "c.259C>T", "87Q>87*", "p.(Gln87Ter)"),
])
def test_stop_gains_match_their_codon(transcripts, transcript, pos, ref, alt, c, p_change, p):
    """c. position = 3 x (codon - 1) + 1 for a change at the first base of the codon."""
    assert hgvs_c(transcripts[transcript], pos, ref, alt) == f"{transcript}:{c}"
    assert hgvs_p(p_change) == p


def test_intronic_positions_count_from_the_nearest_exon(transcripts):
    samd11 = transcripts["ENST00000341065"]
    exon_end = samd11.exons[-2][1]            # last base of the penultimate exon (879188)
    last_base = hgvs_c(samd11, exon_end, "G", "A").split("c.")[1][:-3]
    assert hgvs_c(samd11, exon_end + 1, "G", "A").endswith(f"c.{last_base}+1G>A")
    next_start = samd11.exons[-1][0]
    first_base = hgvs_c(samd11, next_start, "G", "A").split("c.")[1][:-3]
    assert hgvs_c(samd11, next_start - 2, "G", "A").endswith(f"c.{first_base}-2G>A")


@pytest.mark.parametrize("change, expected", [("250W>250R", "p.(Trp250Arg)"), ("387G", "p.(Gly387=)"),
                                              ("107P>107PPAR", "107P>107PPAR")])
def test_protein_names(change, expected):
    assert hgvs_p(change) == expected


def test_deletion_and_unknown_transcript(transcripts):
    samd11 = transcripts["ENST00000341065"]
    assert hgvs_c(samd11, 879374, "GCG", "G").endswith("del")
    assert hgvs_c(None, 1, "A", "G") == ""
