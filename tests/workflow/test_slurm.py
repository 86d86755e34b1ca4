"""The demo case on a real one-node SLURM cluster (tests/cluster/start_slurm.sh, which .ci/run
starts), through `traaser run --profile slurm` (the shipped profile) and the Snakemake SLURM executor.
SLURM's own job-completion log (JobCompType=jobcomp/filetxt) must show every rule's job as
COMPLETED under this run's job name, with the memory and time limits of config job_resources.

The test cluster has no accounting database, so the run adds --slurm-no-account and polls with
squeue, as the profile's comments say. Outside CI, a machine without SLURM skips this test; in CI
(CI set) a missing cluster fails it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DEMO_ROW, REPO, write_workflow_dir

pytestmark = pytest.mark.cluster

JOBCOMP = Path("/var/log/slurm/jobcomp.log")
RULE_JOBS = {"preflight", "normalize", "scatter", "consequences", "annotate", "clinvar_index", "collect", "prioritize",
             "report", "cohort_index"}


def _cluster_up() -> bool:
    if shutil.which("sinfo") is None:
        return False
    state = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=30)
    return state.returncode == 0 and bool({"idle", "mixed"} & set(state.stdout.split()))


@pytest.fixture(scope="module")
def slurm():
    if not _cluster_up():
        if os.geteuid() == 0 and os.environ.get("CI"):
            subprocess.run([str(REPO / "tests" / "cluster" / "start_slurm.sh")], check=True, timeout=600)
        elif os.environ.get("CI"):
            pytest.fail("no SLURM cluster: .ci/run starts one with tests/cluster/start_slurm.sh (as root)")
        else:
            pytest.skip("no SLURM cluster here; start one with: sudo tests/cluster/start_slurm.sh")
    assert _cluster_up()


def _jobcomp_records() -> list[dict[str, str]]:
    if not JOBCOMP.exists():
        return []
    return [dict(re.findall(r"(\w+)=(\S*)", line)) for line in JOBCOMP.read_text().splitlines() if line.strip()]


def test_demo_runs_through_slurm(slurm, tmp_path):
    workdir = write_workflow_dir(tmp_path, [DEMO_ROW])
    before = {r["JobId"] for r in _jobcomp_records()}
    # through `traaser run`: the installed workflow, the shipped profile named "slurm"
    command = [sys.executable, "-m", "traaser", "run", "--directory", str(workdir), "--profile", "slurm", "--",
               "--slurm-no-account", "--slurm-status-command", "squeue",
               "--slurm-init-seconds-before-status-checks", "1", "--seconds-between-status-checks", "2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "BICC1" in (workdir / "results" / "demo-trio" / "report.html").read_text()

    submitted = re.findall(r"Job (\d+) has been submitted with SLURM jobid (\d+)", result.stderr)
    slurm_ids = {slurm_id for _, slurm_id in submitted}
    records = {r["JobId"]: r for r in _jobcomp_records() if r["JobId"] not in before}
    assert len(slurm_ids) == len(RULE_JOBS), (slurm_ids, result.stderr[-3000:])
    assert slurm_ids <= set(records), "every submitted job is in SLURM's job-completion log"
    names = {records[i]["Name"] for i in slurm_ids}
    assert len(names) == 1, "one Snakemake run, one job name"
    assert all(records[i]["JobState"] == "COMPLETED" and records[i]["WorkDir"] == str(workdir) for i in slurm_ids)
    # the memory and wall time SLURM granted are the rule's config job_resources
    resources = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())["properties"]["job_resources"]
    granted = sorted((f"mem={resources['properties'][rule]['default']['mem_mb']}M",
                      str(resources["properties"][rule]["default"]["runtime"])) for rule in RULE_JOBS)
    seen = sorted((re.search(r"mem=\d+M", records[i]["Tres"]).group(0), records[i]["TimeLimit"]) for i in slurm_ids)
    assert seen == granted
