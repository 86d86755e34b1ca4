"""The clinician's report: one self-contained HTML page (inline CSS, no script, no external asset).

Jinja2 autoescaping is on, so sample names and HPO labels holding HTML are shown as text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from traaser import install
from traaser.acmg.criteria import knowledge
from traaser.atomic import write_text_atomic
from traaser.candidates_file import best_per_gene, read_head
from traaser.counts import (
    CONSEQUENCE_SOURCES,
    NOTE_CONSEQUENCE_SOURCE,
    NOTE_PARENTAGE_INFORMATIVE,
    NOTE_PARENTAGE_OPPOSING,
    NOTE_QC,
)
from traaser.posterior import reading_text
from traaser.report.plots import funnel, posterior_bars, probability, range_marks

TEMPLATES = install.package_file("report", "templates")
PATTERN_LABELS = {
    "de_novo": "de novo",
    "AD_heterozygous": "heterozygous (dominant)",
    "AR_homozygous": "homozygous (recessive)",
    "AR_compound_heterozygous": "compound heterozygous (recessive)",
    "X_hemizygous": "hemizygous (X-linked)",
    "X_homozygous": "homozygous on X",
    "X_heterozygous": "heterozygous on X",
}


#: An absolute filesystem path: a '/' that starts a word (not inside a URL or after a name), then
#: anything up to a space, quote, bracket or list separator.
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/<~-])/[^\s\"'<>()\[\],;]+")


def file_names(value: object) -> str:
    """``value`` as text with every absolute path replaced by its file name: a report is read and
    shared away from the machine that made it, and says nothing about its folders."""
    return ABSOLUTE_PATH.sub(lambda m: PurePosixPath(m.group(0)).name or m.group(0), str(value))


def reading(evidence: dict[str, Any]) -> str:
    """A candidate's ``gene_evidence`` (candidates.json): how its best candidate was read
    (:func:`traaser.posterior.reading_text`; '' for a file written before readings existed)."""
    return reading_text(evidence.get("hypothesis", ""), evidence.get("compound_heterozygous_partner") or "")


def breakable(term: str) -> Markup:
    """A Sequence Ontology term ('splice_acceptor_variant') that may wrap after each underscore
    (``<wbr>``), so a narrow column need not be as wide as the whole term; the text is unchanged."""
    return Markup("_<wbr>").join(escape(part) for part in str(term).split("_"))


#: Characters beyond which a sequence-bearing name (alleles, HGVS) may wrap anywhere: a long
#: indel's alleles would otherwise widen their column past the window; a short name stays whole.
SEQ_WRAP_CHARS = 20


def seq_class(text: str) -> Markup:
    """' class="seq"' (wrap anywhere) for a name longer than SEQ_WRAP_CHARS, else nothing."""
    return Markup(' class="seq"') if len(str(text)) > SEQ_WRAP_CHARS else Markup("")


def note_value(key: str, value: object) -> str:
    """A step's note as a reader should see it: the code of the consequence source as what it
    names (traaser.counts.CONSEQUENCE_SOURCES), any other value as written."""
    if key == NOTE_CONSEQUENCE_SOURCE and isinstance(value, int):
        return CONSEQUENCE_SOURCES.get(value, str(value))
    return str(value)


def _environment() -> Environment:
    """Jinja2 with autoescaping on, undefined values as errors, the ``file_names``, ``reading``,
    ``probability``, ``breakable`` and ``seq_class`` filters and the ``note_value`` function."""
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["file_names"] = file_names
    environment.filters["reading"] = reading
    environment.filters["probability"] = probability
    environment.filters["breakable"] = breakable
    environment.filters["seq_class"] = seq_class
    environment.globals["note_value"] = note_value
    return environment


def render(document: dict[str, Any], changes: dict[str, Any] | None = None) -> str:
    """Render candidates.json's document as HTML (with the changes since the previous run, when
    given: traaser.reanalysis)."""
    template = _environment().get_template("report.html.j2")
    candidates = document["candidates"]
    settings = document["run"]["config"]
    first = document["counts"][0] if document["counts"] else {"records_in": 0}
    qc = _prioritize_notes(document).get(NOTE_QC)
    plotted = top_genes(candidates, PLOTTED_GENES)
    top = plotted[:TOP_GENES]
    return template.render(
        top=top, unassessed=unassessed(document, top), plots=plots(document, plotted, qc), legend=legend(),
        ped_name=PurePosixPath(document["case"]["ped"]).name if document["case"].get("ped") else "",
        case=document["case"], timestamp=document["run"]["timestamp"], candidates=candidates,
        command=document["run"].get("command", ""),
        shown=[c for c in candidates if c["gene_rank"] <= settings["report"]["max_genes"]],
        max_genes=settings["report"]["max_genes"],
        n_genes=len({c["gene"] for c in candidates}), n_input=first["records_in"],
        counts=document["counts"],
        warnings=document["warnings"] + [w for s in document["counts"] for w in s["warnings"]],
        databases=document["databases"], software=document["run"]["software"],
        config_hash=document["run"]["config_hash"], pattern_labels=PATTERN_LABELS,
        qc=qc, parentage=_parentage(document),
        preflight=document.get("preflight") or {},
        proband_father=_parent(document, "father"), proband_mother=_parent(document, "mother"),
        affected={i["id"]: i["phenotype"] for i in document["case"].get("pedigree") or []},
        posterior_model=document.get("posterior_model") or {"version": "", "descriptions": {}, "weights": {}},
        disease_sources=_disease_sources(document), changes=changes)


#: Databases a run can do without, and what their absence means for the reader.
OPTIONAL_ROLES = {"clinvar": "no ClinVar configured (no ClinVar assertions, PS1/PM5/PM1/PP2/BP1 not assessed)",
                  "gnomad": "no gnomAD configured (population frequency unknown: BA1/BS1/BS2/PM2 not assessed)",
                  "constraint": "no gene constraint configured (PVS1 cannot judge loss-of-function intolerance)",
                  "clingen_dosage": "no ClinGen dosage list configured",
                  "g2p": "no DDG2P panel configured (genes outside the HPO release have no disease)"}
TOP_GENES = 5
PLOTTED_GENES = 50


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The report's glossary and QC ranges (traaser/report/words.yaml)."""
    return dict(yaml.safe_load(install.package_file("report", "words.yaml").read_text(encoding="utf-8")))


def top_genes(candidates: list[dict[str, Any]], n: int = TOP_GENES) -> list[dict[str, Any]]:
    """The best-ranked candidate of each of the first ``n`` genes, in gene-rank order."""
    return sorted(best_per_gene(candidates).values(), key=lambda c: (c["gene_rank"], c["rank"]))[:n]


def unassessed(document: dict[str, Any], shown: list[dict[str, Any]]) -> list[str]:
    """What the run could not assess, one short line each: the optional databases not
    configured, and the criteria left "not evaluated" for the top genes' candidates."""
    lines = [text for role, text in OPTIONAL_ROLES.items() if role not in document["databases"]]
    reasons: dict[str, tuple[int, str]] = {}
    for c in shown:
        for outcome in c["acmg"]["outcomes"]:
            if outcome["status"] == "not evaluated":
                count, reason = reasons.get(outcome["code"], (0, outcome["reason"]))
                reasons[outcome["code"]] = (count + 1, reason)
    for code, (count, reason) in sorted(reasons.items()):
        lines.append(f"{code} not assessable for {count} of the top {len(shown)} candidates "
                     f"({reason.removeprefix('not evaluated: ')})")
    return lines


def plots(document: dict[str, Any], plotted: list[dict[str, Any]], qc: dict[str, Any] | None) -> dict[str, str]:
    """The inline SVG plots: posterior of the ``plotted`` genes (their best candidates, top 50),
    QC against the expected ranges, and the record accounting funnel."""
    genes = [(c["gene"], float(c["posterior"])) for c in plotted]
    ranges = words()["qc_ranges"]
    qc_rows = [(label, (qc or {}).get(key), low, high, axis) for key, (label, low, high, axis) in ranges.items()]
    return {"posterior": posterior_bars(genes), "qc": range_marks(qc_rows), "funnel": funnel(document["counts"])}


def legend() -> list[tuple[str, str]]:
    """(abbreviation, plain words) for the ACMG criteria and every other abbreviation shown."""
    criteria = [(code, c["text"]) for code, c in knowledge()["criteria"].items()]
    return criteria + [(name, text) for name, text in words()["glossary"].items()]


def _disease_sources(document: dict[str, Any]) -> str:
    """The gene–disease sources the run used, by name and version (for "no known disease")."""
    names = {"hpo": "HPO release", "g2p": "DDG2P"}
    used = [f"{names[kind]} {db['version']}" for kind, db in sorted(document["databases"].items()) if kind in names]
    return ", ".join(used) or "none configured"


def _parent(document: dict[str, Any], which: str) -> str | None:
    proband = document["case"]["proband"]
    for individual in document["case"].get("pedigree") or []:
        if individual["id"] == proband:
            return individual[which]
    return None


def _prioritize_notes(document: dict[str, Any]) -> dict[str, Any]:
    step = next((s for s in document["counts"] if s["step"] == "prioritize"), None)
    return step["notes"] if step else {}


def _parentage(document: dict[str, Any]) -> dict[str, int] | None:
    notes = _prioritize_notes(document)
    if NOTE_PARENTAGE_INFORMATIVE not in notes:
        return None
    return {"informative": notes[NOTE_PARENTAGE_INFORMATIVE], "opposing": notes[NOTE_PARENTAGE_OPPOSING]}


def write_report(document: dict[str, Any], out: Path, changes: dict[str, Any] | None = None) -> None:
    """report.html of a candidates.json document (and of the changes since the previous run)."""
    write_text_atomic(out, render(document, changes))


ALERT_COLUMNS = ("case_id", "rule", "gene", "key", "alert", "previous_run", "current_run")


def write_index(candidate_files: list[Path], out: Path, alerts_tsv: Path | None = None) -> None:
    """results/index.html: every case with its top candidate, QC status and reanalysis alerts
    (from the changes.json beside its candidates.json), cases with alerts first (links are
    relative); and, when ``alerts_tsv`` is given, the cohort's alerts one per line."""
    cases = []
    for path in sorted(candidate_files):
        document = read_head(path, with_first=True)       # a genome's list is not parsed
        changes_file = path.parent / "changes.json"
        changes = json.loads(changes_file.read_text(encoding="utf-8")) if changes_file.is_file() else None
        case = document["case"]
        counts = document["counts"]
        warnings = document["warnings"] + [w for step in counts for w in step["warnings"]]
        cases.append({
            "case_id": case["case_id"], "proband": case["proband"], "sex": case["sex"], "build": case["build"],
            "href": f"{path.parent.name}/report.html",
            "top": document["candidates"][0] if document["candidates"] else None,
            "n_candidates": counts[-1]["records_out"] if counts else 0,
            "n_input": counts[0]["records_in"] if counts else 0,
            "warnings": warnings, "alerts": changes["alerts"] if changes else [],
            "previous": (changes or {}).get("previous"), "current": document["run"]["timestamp"],
        })
    cases.sort(key=lambda c: not c["alerts"])          # stable: alerts first, then by case id
    write_text_atomic(out, _environment().get_template("index.html.j2").render(cases=cases))
    if alerts_tsv is not None:
        lines = ["\t".join(ALERT_COLUMNS)]
        for c in cases:
            for alert in c["alerts"]:
                values = (c["case_id"], alert["rule"], alert["gene"], alert.get("key", ""), alert["text"],
                          (c["previous"] or {}).get("timestamp", ""), c["current"])
                lines.append("\t".join(str(v).replace("\t", " ") for v in values))
        write_text_atomic(alerts_tsv, "\n".join(lines) + "\n")


def print_pdf(html: Path, pdf: Path) -> None:
    """Print a report to PDF with a headless Chromium (the page's print stylesheet applies)."""
    import shutil
    import subprocess
    import tempfile

    from traaser.errors import ToolError
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        raise ToolError("no Chromium to print the PDF with", path=str(html),
                        fix="install one (Debian: apt-get install chromium), or use the browser's Print to PDF")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                 f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                                 html.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not pdf.is_file():
        raise ToolError(f"Chromium could not print the PDF: {result.stderr.strip()[-500:]}", path=str(html),
                        fix="check that Chromium runs headless on this machine")
