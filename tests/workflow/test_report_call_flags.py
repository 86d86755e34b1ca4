"""The report tells the clinician which genotype calls to check (prioritize.call_flags): a flag
beside the genotype in the top table and in the candidate's row, and a line in its "why"."""

import json

from traaser.report.html import render

FLAG = "heterozygous call, but only 10% of 50 reads carry the alt allele: a mosaic, or an artefact"


def test_a_flagged_call_is_shown_in_both_tables(demo_run):
    document = json.loads((demo_run / "results" / "demo-trio" / "candidates.json").read_text())
    assert all(c["call_flags"] == [] for c in document["candidates"]), "the demo's calls are well supported"
    assert "check the call" not in render(document)
    first = document["candidates"][0]
    first["call_flags"] = [FLAG]
    html = render(document)
    top = html[html.index('<table id="top">'):html.index("</table>", html.index('<table id="top">'))]
    assert f'title="{FLAG}">check the call</div>' in top, "a marker beside the top gene's genotype"
    row = html[html.index(f'<tr id="rank-{first["rank"]}">'):html.index("</tr>", html.index(f'<tr id="rank-{first["rank"]}">'))]
    assert f"check the call: {FLAG}" in row, "the finding itself in the candidate's genotype cell"
