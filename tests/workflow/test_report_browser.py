"""The demo report in a real headless Chromium (Debian's, driven by Playwright).

Fails on any console error and on any network request other than the page itself.
Screenshots are kept in tests/artifacts/ (CI keeps them as test artifacts). The accessibility
check runs axe-core (npm, installed by .ci/run into tests/browser/node_modules) in the same
browser.
"""

import json
import os
import shutil
import subprocess

import pytest

from conftest import DEMO_ROW, REPO, run_snakemake, write_workflow_dir

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "tests" / "artifacts"
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
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


def open_report(browser, demo_run, case="demo-trio", **context):
    page = browser.new_context(**context).new_page()
    problems = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    url = (demo_run / "results" / case / "report.html").as_uri()
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


def _phenotype_terms(count: int) -> list[tuple[str, str]]:
    """``count`` real HPO terms of the bundled release: abnormalities of the kidney or of the
    nervous system, by id, for a case with many observed and excluded features."""
    from traaser.phenotype.ontology import load_ontology
    ontology = load_ontology(str(REPO / "resources" / "demo" / "hpo" / "hp.obo.gz"))
    wanted = {"HP:0000077", "HP:0000707"}
    ids = sorted(t for t in ontology.terms if t not in wanted and ontology.ancestors(t) & wanted)
    return [(t, ontology.name(t)) for t in ids[:count]]


@pytest.fixture(scope="module")
def many_terms_run(tmp_path_factory):
    """The demo trio with 17 observed and 29 excluded HPO terms (46), through the real workflow."""
    packet = json.loads((REPO / "resources" / "demo" / "case" / "demo-trio.phenopacket.json").read_text())
    own = {f["type"]["id"] for f in packet["phenotypicFeatures"]}
    terms = [t for t in _phenotype_terms(60) if t[0] not in own][:42]
    assert len(terms) == 42
    packet["phenotypicFeatures"] = packet["phenotypicFeatures"][:4] + [
        {"type": {"id": i, "label": n}} for i, n in terms[:13]] + [
        {"type": {"id": i, "label": n}, "excluded": True} for i, n in terms[13:42]]
    workdir = tmp_path_factory.mktemp("many-terms")
    path = workdir / "many.phenopacket.json"
    path.write_text(json.dumps(packet, indent=1))
    write_workflow_dir(workdir, [DEMO_ROW | {"case_id": "many-terms", "phenopacket": str(path)}])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    document = json.loads((workdir / "results" / "many-terms" / "candidates.json").read_text())
    assert (len(document["case"]["hpo_terms"]), len(document["case"]["excluded_terms"])) == (17, 29)
    return workdir


@pytest.mark.parametrize("which", ["demo", "many-terms"])
def test_the_first_candidate_is_on_the_first_screen_and_nothing_overflows(browser, demo_run, many_terms_run, which):
    """At 1400x900 the top candidate's row is visible without scrolling; at 800 px and at desktop
    widths no part of the page is wider than the window (regression: the provenance table's URLs
    made the page 1,746-2,082 px wide at every width from 1,000 to 1,920 px)."""
    run, case = (demo_run, "demo-trio") if which == "demo" else (many_terms_run, "many-terms")
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = open_report(browser, run, case, viewport={"width": 1400, "height": 900})
    box = page.locator("#top-1").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    assert page.locator("#top-1").inner_text().split()[1] == "BICC1"
    assert page.locator("#excluded-terms").count() == (1 if which == "many-terms" else 0)
    if which == "many-terms":
        assert not page.locator("#excluded-terms").evaluate("d => d.open"), "excluded terms are collapsed"
    page.screenshot(path=str(ARTIFACTS / f"report-{which}-1400x900.png"))
    for desktop in (1000, 1400, 1920):
        wide, wide_problems = open_report(browser, run, case, viewport={"width": desktop, "height": 900})
        width = wide.evaluate("document.documentElement.scrollWidth")
        assert width <= desktop, f"the page is {width} px wide at a {desktop} px window"
        problems += wide_problems
    narrow, narrow_problems = open_report(browser, run, case, viewport={"width": 800, "height": 900})
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 800, f"the page is {width} px wide at an 800 px window"
    narrow.screenshot(path=str(ARTIFACTS / f"report-{which}-800.png"), full_page=True)
    assert problems == [] and narrow_problems == []


def test_a_long_indel_and_a_long_disease_word_do_not_widen_the_page(browser, demo_run, tmp_path):
    """Regression: the variant cell printed a long indel's alleles and HGVS as one unbreakable
    token, so a GIAB trio report was 2,041-2,377 px wide at every window from 1,000 to 1,920 px.
    Names longer than 20 characters now wrap anywhere (shorter ones stay whole), consequence
    terms wrap after their underscores, and the top and ranked tables scroll inside their own box."""
    from traaser.report.html import render
    document = json.loads((demo_run / "results" / "demo-trio" / "candidates.json").read_text())
    top = document["candidates"][0]
    deleted = "CAG" * 30
    top["ref"], top["alt"] = "C" + deleted, "C"
    top["consequence"]["term"] = "splice_acceptor_variant&frameshift_variant"
    top["consequence"]["hgvs_c"] = f"{top['consequence']['transcript']}:c.259_348del{deleted}"
    top["consequence"]["hgvs_p"] = "p.(Gln87_Ala116delGlnGlnGlnGlnGlnGlnGlnGlnGlnGln)"
    top["phenotype"]["disease_name"] = "Glycosylphosphatidylinositolbiosynthesisdefect syndrome"
    (tmp_path / "results" / "demo-trio").mkdir(parents=True)
    (tmp_path / "results" / "demo-trio" / "report.html").write_text(render(document))
    for width in (1000, 1400, 1920):
        page, problems = open_report(browser, tmp_path, viewport={"width": width, "height": 900})
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, f"the page is {page_width} px wide at a {width} px window"
        assert problems == []


def test_the_table_of_contents_stays_on_screen_and_every_link_has_a_target(browser, demo_run):
    page, problems = open_report(browser, demo_run, viewport={"width": 1400, "height": 900})
    targets = page.eval_on_selector_all("#toc a", "links => links.map(a => a.getAttribute('href'))")
    assert {"#top-candidates", "#since", "#candidates-section", "#phenotype", "#qc", "#preflight-section", "#accounting",
            "#provenance", "#legend"} <= set(targets)
    for target in targets:
        assert page.locator(target).count() == 1, target
    page.click("#toc a[href='#provenance']")
    assert page.locator("#toc").bounding_box()["y"] == 0, "the table of contents sticks to the top"
    page.goto(page.url.split("#")[0] + "#gene-BICC1")
    assert page.locator("#gene-BICC1").is_visible()
    assert problems == []


def test_axe_finds_no_serious_or_critical_violation(browser, demo_run, many_terms_run):
    if not AXE.is_file():
        assert not os.environ.get("CI"), "CI installs axe-core: npm ci --prefix tests/browser"
        pytest.skip("axe-core not installed (npm ci --prefix tests/browser)")
    for run, case in ((demo_run, "demo-trio"), (many_terms_run, "many-terms")):
        page, problems = open_report(browser, run, case, viewport={"width": 1400, "height": 900})
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
        assert problems == []


def test_the_pdf_shows_the_top_candidates_on_page_one(demo_run, tmp_path):
    """`traaser report --pdf` (headless Chromium, the print stylesheet): page 1 holds the top table."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        assert not os.environ.get("CI"), "CI installs poppler-utils"
        pytest.skip("no pdftotext (Debian: poppler-utils)")
    from traaser.cli import main
    out = tmp_path / "report.html"
    assert main(["report", "--candidates", str(demo_run / "results" / "demo-trio" / "candidates.json"),
                 "--out", str(out), "--pdf"]) == 0
    page_one = subprocess.run([pdftotext, "-f", "1", "-l", "1", "-layout", str(out.with_suffix(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "Top 3 of 3 candidate genes" in page_one
    for gene in ("BICC1", "SAMD11", "PERM1"):
        assert gene in page_one, gene
