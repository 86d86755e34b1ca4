"""A plain (non-editable) install of the built wheel, used from an empty folder outside the
repository, as a site installs software: every command finds its schemas, manifest, knowledge
files and workflow inside the installed package, and nothing under site-packages is written.

The wheel is built from this checkout (`pip wheel . --no-deps`) and installed into a fresh
virtual environment in the test's temporary folder; its dependencies come from the package
index pip is configured with. The UDN trio and the benchmark case are passed by path, as a
user passes their own files.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, REPO

#: What a wheel must never hold: run outputs, caches, downloaded databases, build leftovers.
GENERATED = ("results/", ".snakemake/", "__pycache__/", ".pyc", "resources/data/", ".pytest_cache/",
             ".hypothesis/", "tests/", ".egg-info/")

BENCH_CASE = {
    "genes": ["FGFR2"], "subject_sex": "MALE",
    "moi": [{"id": "HP:0000006", "label": "Autosomal dominant inheritance"}],
    "hpo_excluded": [],
    "variants": [{"chrom_grch37": "10", "pos_grch37": 123256215, "ref_grch37": "T", "alt_grch37": "G",
                  "zygosity": "heterozygous", "hgvs_c": "NM_000141.5:c.1025G>C", "hgvs_p": "NP_000132.3:p.(Cys342Ser)"}],
}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time (ns)."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv bin folder, site-packages) of a fresh install of this checkout's wheel."""
    root = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(root / "wheel")],
                   check=True, cwd=root)
    wheel = next((root / "wheel").glob("traaser-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, cwd=root)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    return wheel, venv / "bin", site


def test_the_wheel_ships_the_workflow_and_nothing_generated(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("traaser/workflow/Snakefile", "traaser/workflow/rules/prioritize.smk",
                   "traaser/workflow/config/config.schema.yaml", "traaser/workflow/config/samples.schema.yaml",
                   "traaser/workflow/config/profiles/slurm/config.yaml", "traaser/workflow/resources/manifest.yaml",
                   "traaser/workflow/resources/manifest.schema.yaml", "traaser/workflow/resources/demo/case/demo-trio.ped",
                   "traaser/workflow/resources/gene-knowledge/g2p/DDG2P_2025-01-28.csv.gz",
                   "traaser/data/posterior_model.json", "traaser/acmg/criteria.yaml",
                   "traaser/report/templates/report.html.j2"):
        assert needed in names, needed
    assert not [n for n in names if any(g in n for g in GENERATED)]


def test_the_installed_commands_run_from_an_empty_folder(installed, tmp_path):
    _, bin_dir, site = installed
    work = tmp_path / "project"
    work.mkdir()
    env = os.environ | {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONNOUSERSITE": "1"}
    env.pop("PYTHONPATH", None)
    before = snapshot(site)

    def traaser(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(bin_dir / "traaser"), *args], cwd=work, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"traaser {' '.join(args)}\n{result.stdout}\n{result.stderr}"
        return result

    version = traaser("--version").stdout
    assert "output schema 1" in version and "manifest version 3" in version and str(site) in version
    traaser("init")
    assert (work / "config" / "config.yaml").is_file() and (work / "config" / "samples.tsv").is_file()
    traaser("demo")
    with open(work / "results" / "demo-trio" / "candidates.tsv") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("##")), delimiter="\t"))
    assert rows[0]["gene"] == "BICC1" and rows[0]["gene_rank"] == "1"
    assert "BICC1" in (work / "results" / "demo-trio" / "report.html").read_text()
    assert "demo-trio: GRCh37, proband HG002, 3 sample(s)" in traaser("check").stdout
    listing = traaser("resources", "list", "--build", "GRCh38").stdout
    assert "clinvar" in listing and "total download of required entries" in listing
    traaser("acmg", str(DATA / "giab-trio" / "udn-trio-comphet.GRCh38.vcf"), "--build", "GRCh38",
            "--out-prefix", "udn", "--proband", "UDN810123", "--ped", str(DATA / "giab-trio" / "udn-trio-comphet.ped"))
    assert len(json.loads((work / "udn.json").read_text())["variants"]) == 4
    cases = work / "cases.jsonl"
    cases.write_text("".join(json.dumps(BENCH_CASE | {"case_id": f"case-{i}", "hpo_present": [{"id": term}]}) + "\n"
                             for i, term in enumerate(("HP:0000244", "HP:0001156", "HP:0000303", "HP:0011304"))))
    traaser("bench", "--cases", str(cases), "--limit", "3", "--out", "bench")
    with open(work / "bench" / "per_case.tsv") as handle:
        assert [r["case_id"] for r in csv.DictReader(handle, delimiter="\t")] == ["case-0", "case-1", "case-2"]
    assert snapshot(site) == before, "nothing under the install's site-packages is written"
