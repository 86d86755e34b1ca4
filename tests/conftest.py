"""Shared fixtures: repository paths and a helper that runs the real Snakemake workflow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
DEMO = REPO / "resources" / "demo"
HPO_DIR = DEMO / "hpo"
GOLDEN = REPO / "tests" / "golden"      # reviewed expected outputs, kept apart from the inputs in tests/data


def assert_matches_golden(golden: Path, actual: str, tmp_path: Path) -> None:
    """``actual`` must equal the reviewed file ``golden``; the failure shows the whole ``diff -u``.
    With TRAASER_UPDATE_GOLDEN set the golden file is rewritten and the test skips (never passes)."""
    if os.environ.get("TRAASER_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual)
        pytest.skip(f"golden updated: {golden.relative_to(REPO)} (review it with git diff)")
    produced = tmp_path / f"actual.{golden.name}"
    produced.write_text(actual)
    result = subprocess.run(["diff", "-u", str(golden), str(produced)], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{golden.relative_to(REPO)} differs from this run; if the change is intended, "
                             f"rerun with TRAASER_UPDATE_GOLDEN=1 and review the diff\n{result.stdout}")


@pytest.fixture(autouse=True, scope="session")
def _caches_outside_home(tmp_path_factory: pytest.TempPathFactory):
    """Tests never write the home directory: TRAASER_CACHE (the HPO information-content cache),
    TRAASER_DATA (downloaded databases and derived indexes) and the XDG cache, config and data
    folders (Snakemake's and Chromium's) point into the session's temporary folder, for the tests
    and every workflow they start."""
    root = tmp_path_factory.mktemp("home-caches")
    keys = ("TRAASER_CACHE", "TRAASER_DATA", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update(TRAASER_CACHE=str(root / "traaser"), TRAASER_DATA=str(root / "traaser-data"),
                      XDG_CACHE_HOME=str(root / "cache"), XDG_CONFIG_HOME=str(root / "config"),
                      XDG_DATA_HOME=str(root / "data"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/workflow runs the real workflow: marked ``slow``
    (``pytest -m 'not slow'`` runs the unit tests alone)."""
    for item in items:
        if "workflow" in item.path.parts:
            item.add_marker(pytest.mark.slow)


def write_workflow_dir(workdir: Path, rows: list[dict[str, str]], overrides: dict | None = None) -> Path:
    """A working directory with config/config.yaml and config/samples.tsv for the given cases."""
    config_dir = workdir / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    config["samples"] = str(config_dir / "samples.tsv")
    config["manifest"] = str(REPO / "resources" / "manifest.yaml")
    config["resources_dir"] = str(workdir / "resources" / "data")   # each run its own derived indexes
    for section, values in (overrides or {}).items():
        if isinstance(values, dict):
            config.setdefault(section, {}).update(values)
        else:
            config[section] = values
    (config_dir / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    columns = ["case_id", "vcf", "proband", "build", "hpo_terms", "phenopacket", "ped", "sex"]
    lines = ["\t".join(columns)] + ["\t".join(row.get(c, "") for c in columns) for row in rows]
    (config_dir / "samples.tsv").write_text("\n".join(lines) + "\n")
    return workdir


def run_snakemake(workdir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the real workflow in ``workdir`` (2 cores); output is captured for assertions."""
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
               "--directory", str(workdir), "--cores", "2", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


def run_snakemake_until_killed(workdir: Path, step: str, marker: Path) -> None:
    """Run the real workflow in ``workdir`` until ``step`` reaches its pause point
    (traaser.fault_injection), then SIGKILL the whole process group (Snakemake and the job)."""
    env = os.environ | {"TRAASER_PAUSE_AT": step, "TRAASER_PAUSE_MARKER": str(marker)}
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
               "--directory", str(workdir), "--cores", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert process.poll() is None, f"the workflow ended before reaching the {step} pause point"
            assert time.monotonic() < deadline, f"{step} never reached its pause point"
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)


DEMO_ROW = {
    "case_id": "demo-trio",
    "vcf": str(DEMO / "case" / "demo-trio.GRCh37.vcf.gz"),
    "proband": "HG002",
    "build": "GRCh37",
    "phenopacket": str(DEMO / "case" / "demo-trio.phenopacket.json"),
    "ped": str(DEMO / "case" / "demo-trio.ped"),
}


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case run once through the real workflow; returns the working directory."""
    workdir = write_workflow_dir(tmp_path_factory.mktemp("demo"), [DEMO_ROW])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir


MALICIOUS = '<script>alert("x")</script>'


def report_document(candidates=None, records_in=5):
    """A minimal candidates.json document for rendering tests."""
    config = {"report": {"max_genes": 20}, "prioritize": {}}
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
