"""Golden test of the demo report: the candidates table and the provenance section.

What is not stable is masked: the run timestamp (not in these sections), the command line and the software
versions line (it changes with every dependency upgrade). Regenerate after an intended change:
TRAASER_UPDATE_GOLDEN=1 python -m pytest tests/workflow/test_report_golden.py
"""

import difflib
import os
import re

from conftest import DATA

GOLDEN = DATA / "golden" / "demo-report.candidates-and-provenance.html"


def stable_sections(html: str) -> str:
    table = html[html.index('<table id="candidates">'):html.index("</table>\n\n<h2>Sample QC")]
    provenance = html[html.index("<h2>Provenance</h2>"):html.index("</body>")]
    provenance = re.sub(r"<p class=\"muted\">Software: .*?</p>", "<p class=\"muted\">Software: [masked]</p>",
                        provenance, flags=re.S)
    provenance = re.sub(r'<code id="run-command">.*?</code>', '<code id="run-command">[masked]</code>', provenance)
    provenance = re.sub(r"<script>.*", "", provenance, flags=re.S)
    return table + "\n" + provenance


def test_candidates_table_and_provenance_match_the_golden_file(demo_run):
    actual = stable_sections((demo_run / "results" / "demo-trio" / "report.html").read_text())
    if os.environ.get("TRAASER_UPDATE_GOLDEN"):
        GOLDEN.write_text(actual)
    expected = GOLDEN.read_text()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual", n=2))
        raise AssertionError(f"the demo report changed; if intended, regenerate the golden file\n{diff[:6000]}")
