"""The demo report in a real headless Chromium (Debian's, driven by Playwright).

Fails on any console error and on any network request other than the page itself.
Screenshots are kept in tests/artifacts/ (CI keeps them as test artifacts).
"""

import os
import shutil

import pytest

from conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Chromium is required in CI: .ci/run installs it"
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_report(browser, demo_run, **context):
    page = browser.new_context(**context).new_page()
    problems = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    url = (demo_run / "results" / "demo-trio" / "report.html").as_uri()
    page.on("request", lambda request: problems.append(f"network request: {request.url}")
            if request.url != url else None)
    page.goto(url)
    return page, problems


def genes(page):
    return page.eval_on_selector_all("tbody.candidate:not([hidden])", "els => els.map(e => e.dataset.gene)")


def test_sort_filter_expand_and_screenshots(browser, demo_run):
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = open_report(browser, demo_run, viewport={"width": 1300, "height": 1000})
    assert genes(page)[0] == "BICC1"
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))
    page.click("button[data-sort='gene']")
    assert genes(page) == sorted(genes(page))
    page.click("button[data-sort='rank']")
    assert genes(page)[0] == "BICC1"
    page.fill("#filter", "SAMD11")
    assert set(genes(page)) == {"SAMD11"}
    page.fill("#filter", "")
    card = page.locator("#candidates details").nth(2)
    assert not card.evaluate("d => d.open")
    card.locator("summary").first.click()
    assert card.evaluate("d => d.open")
    page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)
    assert problems == []


def test_without_javascript_the_table_is_complete_and_ranked(browser, demo_run):
    page, problems = open_report(browser, demo_run, java_script_enabled=False)
    assert genes(page) == ["BICC1", "SAMD11", "SAMD11", "SAMD11", "PERM1"]
    assert page.locator("#table-tools").is_hidden()
    page.screenshot(path=str(ARTIFACTS / "report-no-javascript.png"))
    assert problems == []


def test_print_layout_renders_to_pdf(browser, demo_run, tmp_path):
    page, problems = open_report(browser, demo_run)
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert problems == []


def test_traaser_report_pdf(demo_run, tmp_path):
    """`traaser report --pdf` prints with headless Chromium."""
    from traaser.cli import main
    out = tmp_path / "report.html"
    assert main(["report", "--candidates", str(demo_run / "results" / "demo-trio" / "candidates.json"),
                 "--out", str(out), "--pdf"]) == 0
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


MALICIOUS_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_hostile_sample_name_and_hpo_label_render_as_text(browser, tmp_path):
    """Sample names and HPO labels are untrusted: shown as text, no script runs, no dialog opens."""
    from traaser.report.html import render

    from conftest import report_document
    doc = report_document()
    doc["case"]["proband"] = doc["case"]["samples"][0] = MALICIOUS_NAME
    doc["case"]["hpo_terms"][0]["name"] = MALICIOUS_NAME
    page_file = tmp_path / "hostile.html"
    page_file.write_text(render(doc))
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri())
    page.wait_for_timeout(300)
    assert dialogs == []
    assert requests == [page_file.as_uri()], "the injected <img src=x> must not load"
    assert page.locator("img").count() == 0
    assert MALICIOUS_NAME in page.inner_text("body")
