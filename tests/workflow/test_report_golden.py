"""Golden tests of the demo's stable outputs: the candidates TSV (the reviewable machine output,
without its '##' provenance lines) and the report's top-candidates table, candidates table and
provenance section.

What is not stable is masked: the run timestamp (not in these sections), the command line and the
software versions line (it changes with every dependency upgrade). A difference fails with the
whole ``diff -u``. Regenerate after an intended change (the tests then skip, saying so):
TRAASER_UPDATE_GOLDEN=1 python -m pytest tests/workflow/test_report_golden.py
"""

import re

from conftest import GOLDEN, assert_matches_golden

DEMO = GOLDEN / "demo"


def stable_sections(html: str) -> str:
    """The first screen's top-candidates table, the ranked candidates table and the provenance
    section (command line and software versions masked)."""
    top = html[html.index('<table id="top">'):html.index("</table>", html.index('<table id="top">')) + 8]
    table = html[html.index('<table id="candidates">'):html.index('<section id="qc"')]
    provenance = html[html.index('<h2 id="provenance-heading">Provenance</h2>'):html.index('<section id="legend"')]
    provenance = re.sub(r"<p class=\"muted\">Software: .*?</p>", "<p class=\"muted\">Software: [masked]</p>",
                        provenance, flags=re.S)
    provenance = re.sub(r'<code id="run-command">.*?</code>', '<code id="run-command">[masked]</code>', provenance)
    return top + "\n" + table + "\n" + provenance


def test_candidates_table_and_provenance_match_the_golden_file(demo_run, tmp_path):
    actual = stable_sections((demo_run / "results" / "demo-trio" / "report.html").read_text())
    assert_matches_golden(DEMO / "report.candidates-and-provenance.html", actual, tmp_path)


def test_candidates_tsv_matches_the_golden_file(demo_run, tmp_path):
    """Every ranked candidate of the demo, column by column: rank, HGVS, genotype, inheritance,
    ACMG class, criteria and reasons, phenotype score, gnomAD, ClinVar, score and explanation."""
    text = (demo_run / "results" / "demo-trio" / "candidates.tsv").read_text()
    body = "".join(line for line in text.splitlines(True) if not line.startswith("##"))
    assert_matches_golden(DEMO / "candidates.tsv", body, tmp_path)
