"""The HTML report: self-contained, autoescaped, honest about empty inputs."""

import json
import re

import pytest

from conftest import REPO
from traaser.report.html import render

MALICIOUS = '<script>alert("x")</script>'


def document(candidates=None, records_in=5):
    config = json.loads(json.dumps({"report": {"max_variants": 50},
                                    "prioritize": {"phenotype_weight": 0.5, "incompatible_inheritance_factor": 0.5}}))
    return {
        "case": {"case_id": "c1", "proband": MALICIOUS, "sex": "male", "build": "GRCh37", "samples": [MALICIOUS],
                 "hpo_terms": [{"given": "HP:0001250", "id": "HP:0001250", "name": f"Seizure {MALICIOUS}", "note": ""}],
                 "excluded_terms": []},
        "run": {"timestamp": "2026-01-01T00:00:00Z", "config_hash": "abc", "software": {"traaser": "0.1.0"},
                "config": config},
        "databases": {"clinvar": {"name": "ClinVar", "version": "1", "build": "GRCh37", "sha256": "0" * 64,
                                  "licence": "PD", "url": "https://example.org"}},
        "warnings": [], "counts": [{"step": "normalize", "records_in": records_in, "records_out": records_in,
                                    "records_added": 0, "excluded": {}, "notes": {}, "warnings": []}],
        "candidates": candidates or [],
    }


def test_html_is_escaped():
    """Sample names and HPO labels holding HTML are shown as text, never run."""
    html = render(document())
    assert MALICIOUS not in html
    assert "&lt;script&gt;" in html


def test_page_is_self_contained():
    """No external asset: scripts are inline, no <link>, <img>, <iframe> or CSS url()."""
    html = render(document())
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "url(" not in html
    assert all('rel="noreferrer"' in a for a in re.findall(r"<a [^>]*>", html))


@pytest.mark.parametrize("records_in, phrase", [(0, "0 variants in input"), (7, "0 reportable")])
def test_empty_input_differs_from_nothing_reportable(records_in, phrase):
    assert phrase in render(document(records_in=records_in))
