"""The report's inline SVG plots and its "not assessed" line, on small inputs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from traaser.report.html import top_genes, unassessed
from traaser.report.plots import funnel, posterior_bars, range_marks

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.get("viewBox") and root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def test_posterior_bars_one_bar_per_gene_height_by_posterior():
    root = parse(posterior_bars([("A", 0.9), ("B", 0.1), ("C", 0.0)]))
    bars = root.findall(f"{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == ["A: 0.900", "B: 0.100", "C: 0.000"]
    heights = [float(b.get("height")) for b in bars]
    assert heights[0] == pytest.approx(9 * heights[1], rel=0.01)
    assert posterior_bars([]) == ""


def test_posterior_bars_never_show_a_posterior_above_zero_as_zero():
    """As the tables (report.html.probability): a reader takes 0.000 for 'ruled out'."""
    root = parse(posterior_bars([("A", 1.0 - 6e-10), ("B", 6e-10), ("C", 0.0)]))
    assert [b.find(f"{SVG}title").text for b in root.findall(f"{SVG}rect")] == ["A: 1.000", "B: < 0.001", "C: 0.000"]
    assert root.find(f"{SVG}desc").text == "Posterior probability by gene rank: A 1.000; B < 0.001; C 0.000"


@pytest.mark.parametrize("value, inside", [(1.6, True), (0.8, False), (3.5, False)])
def test_range_marks_colour_a_value_outside_its_range(value, inside):
    root = parse(range_marks([("het/hom", value, 1.3, 2.0, 4.0)]))
    mark = root.findall(f"{SVG}rect")[-1]
    assert (mark.get("fill") == "#57606a") == inside


def test_range_marks_skip_missing_values():
    assert range_marks([("Ti/Tv", None, 2.0, 3.0, 4.0)]) == ""


def test_funnel_lists_the_input_then_each_step():
    counts = [{"step": "normalize", "records_in": 1000, "records_out": 990},
              {"step": "prioritize", "records_in": 990, "records_out": 5}]
    texts = [t.text for t in parse(funnel(counts)).findall(f"{SVG}text")]
    assert texts == ["input", "1,000", "normalize", "990", "prioritize", "5"]


def _candidate(gene, rank, gene_rank, outcomes=()):
    return {"gene": gene, "rank": rank, "gene_rank": gene_rank,
            "acmg": {"outcomes": [{"code": c, "status": s, "reason": r} for c, s, r in outcomes]}}


def test_top_genes_take_each_genes_best_variant():
    candidates = [_candidate("A", 1, 1), _candidate("B", 2, 2), _candidate("A", 3, 1), _candidate("C", 4, 3)]
    assert [(c["gene"], c["rank"]) for c in top_genes(candidates, 2)] == [("A", 1), ("B", 2)]


def test_unassessed_names_missing_databases_and_unevaluated_criteria():
    document = {"databases": {"clinvar": {}, "constraint": {}, "clingen_dosage": {}, "g2p": {}}}
    shown = [_candidate("A", 1, 1, [("PP3", "not evaluated", "not evaluated: no REVEL score")]),
             _candidate("B", 2, 2, [("PP3", "not met", "REVEL 0.1")])]
    lines = unassessed(document, shown)
    assert lines[0].startswith("no gnomAD configured")
    assert lines[1] == "PP3 not assessable for 1 of the top 2 candidates (no REVEL score)"
