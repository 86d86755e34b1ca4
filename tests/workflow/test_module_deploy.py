"""The repository used as a Snakemake `module`, in the layout snakedeploy writes: the
repository's config/ copied into the deployment, and workflow/Snakefile declaring the module
and using all its rules. The deployment's own sample sheet names the demo case; the whole demo
runs through the module and ranks BICC1 first, with every output under the deployment."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

from conftest import DEMO, REPO

DEPLOYED_SNAKEFILE = """\
configfile: "config/config.yaml"


module traaser:
    snakefile:
        "{snakefile}"
    config:
        config


use rule * from traaser
"""


def results_of_repository() -> dict[str, int]:
    """The checkout's own results/ files with their modification times (ns)."""
    return {str(p): p.stat().st_mtime_ns for p in (REPO / "results").rglob("*") if p.is_file()}


def test_the_demo_runs_through_a_snakemake_module(tmp_path):
    deploy = tmp_path / "deployment"
    shutil.copytree(REPO / "config", deploy / "config")
    (deploy / "workflow").mkdir()
    (deploy / "workflow" / "Snakefile").write_text(DEPLOYED_SNAKEFILE.format(snakefile=REPO / "Snakefile"))
    case = DEMO / "case"
    columns = ["case_id", "vcf", "proband", "build", "hpo_terms", "phenopacket", "ped", "sex"]
    row = ["demo-trio", str(case / "demo-trio.GRCh37.vcf.gz"), "HG002", "GRCh37", "",
           str(case / "demo-trio.phenopacket.json"), str(case / "demo-trio.ped"), ""]
    (deploy / "config" / "samples.tsv").write_text("\t".join(columns) + "\n" + "\t".join(row) + "\n")
    repository_results = results_of_repository()
    result = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2"], cwd=deploy,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    with open(deploy / "results" / "demo-trio" / "candidates.tsv") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("##")), delimiter="\t"))
    assert rows[0]["gene"] == "BICC1"
    assert (deploy / "results" / "index.html").is_file() and (deploy / "results" / "demo-trio" / "report.html").is_file()
    assert results_of_repository() == repository_results, "the module writes into the deployment, not the repository"
