"""The inline transcript drawing of the report."""

from traaser.report.svg import transcript_svg

MODEL = {"id": "ENST0001<x>", "strand": "-", "exons": [[100, 200], [300, 400], [500, 600]], "cds": [[150, 200], [300, 400]]}


def test_exons_variant_and_clinvar_ticks():
    svg = transcript_svg(MODEL, 350, [120, 550, 9999])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 3
    assert svg.count('stroke="#cf222e"') == 2, "ticks only for positions inside the transcript"
    assert "<path" in svg, "the variant marker"
    assert "ENST0001&lt;x&gt;" in svg and "←" in svg, "ids are escaped; minus strand arrow"


def test_variant_in_an_intron_sits_between_exons():
    assert "<path" in transcript_svg(MODEL, 250, [])
