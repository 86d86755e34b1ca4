"""FAULTS.md: "a job killed by walltime or OOM: never leave a partial final file. Rerunning resumes
cleanly." The demo workflow is SIGKILLed (the whole process group: Snakemake and the job) in the
middle of its annotate step, rerun, and its final outputs must equal an uninterrupted run's."""

from __future__ import annotations

import json

from conftest import DEMO_ROW, run_snakemake, run_snakemake_until_killed, write_workflow_dir

OUTPUTS = ("candidates.tsv", "candidates.vcf.gz", "accounting.json")


def _without_run_metadata(path):
    document = json.loads(path.read_text())
    document["run"].pop("timestamp"), document["run"].pop("command")   # the marked run metadata
    assert "samples" not in document["run"]["config"], "where the sheet lies is execution-only, never recorded"
    return document


def test_sigkill_mid_annotate_then_rerun_gives_the_uninterrupted_outputs(demo_run, tmp_path):
    workdir = write_workflow_dir(tmp_path / "killed", [DEMO_ROW])
    run_snakemake_until_killed(workdir, "annotate", tmp_path / "paused")
    case = workdir / "results" / "demo-trio"
    assert list((case / "work").glob("shards/*/annotated.bcf.step*.bcf")), "killed with partial files on disk"
    assert not list((case / "work").glob("shards/*/annotated.bcf")), "no final file from a killed step"
    assert not (case / "candidates.tsv").exists()

    unlock = run_snakemake(workdir, "--unlock")             # Snakemake's lock survives a SIGKILL
    assert unlock.returncode == 0, unlock.stderr[-2000:]
    rerun = run_snakemake(workdir)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert not list((case / "work").glob("shards/*/*.step*.bcf")), "partial files cleaned up by the rerun"

    reference = demo_run / "results" / "demo-trio"
    for name in OUTPUTS:
        assert (case / name).read_bytes() == (reference / name).read_bytes(), name
    assert _without_run_metadata(case / "candidates.json") == _without_run_metadata(reference / "candidates.json")
