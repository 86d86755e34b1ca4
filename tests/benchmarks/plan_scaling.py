#!/usr/bin/env python3
"""Time the workflow's load-time validation and dry run at several cohort sizes (figures only).

    python tests/benchmarks/plan_scaling.py [--cases 10,100] [--work DIR]

For each size N it writes a sample sheet of N copies of the bundled demo trio (each its own
case id and its own copy of the phenopacket, as a real cohort has one per patient), then prints:
the time of ``load_plan`` in-process (config, manifest, HPO ontology, every case's VCF header,
PED and phenopacket), the wall time of ``snakemake -n`` (load plus DAG of every job), the jobs
planned, and the cost per case. Linear growth means the per-case figure stays flat from 10 to
100 cases; each preflight job checks its own case only, so no job's cost grows with N.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from traaser.config import load_config  # noqa: E402
from traaser.plan import load_plan  # noqa: E402

from conftest import DEMO_ROW, write_workflow_dir  # noqa: E402


def cohort(work: Path, n: int) -> Path:
    """A working directory whose sheet lists ``n`` demo cases."""
    packets = work / "phenopackets"
    packets.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        packet = packets / f"case{i:04d}.json"
        shutil.copyfile(DEMO_ROW["phenopacket"], packet)
        rows.append(DEMO_ROW | {"case_id": f"case{i:04d}", "phenopacket": str(packet)})
    return write_workflow_dir(work, rows)


def measure(n: int, base: Path) -> dict[str, float]:
    work = cohort(base / f"n{n}", n)
    config = work / "config" / "config.yaml"
    start = time.perf_counter()
    plan = load_plan(load_config(config), str(config))
    load_s = time.perf_counter() - start
    assert len(plan.cases) == n
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--snakefile",
                             str(REPO / "Snakefile"), "--directory", str(work), "--cores", "2"],
                            capture_output=True, text=True, check=True)
    dry_s = time.perf_counter() - start
    total = re.search(r"^total\s+(\d+)$", result.stdout + result.stderr, flags=re.MULTILINE)
    jobs = int(total.group(1)) if total else 0
    return {"cases": n, "load_s": load_s, "dry_run_s": dry_s, "jobs": jobs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="10,100", help="cohort sizes, comma-separated")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = parser.parse_args()
    base = args.work or Path(tempfile.mkdtemp(prefix="traaser-plan-"))
    print("cases\tload_plan_s\tload_per_case_ms\tdry_run_s\tdry_run_per_case_ms\tjobs")
    for n in (int(x) for x in args.cases.split(",")):
        row = measure(n, base)
        print(f"{n}\t{row['load_s']:.2f}\t{1000 * row['load_s'] / n:.1f}\t{row['dry_run_s']:.2f}\t"
              f"{1000 * row['dry_run_s'] / n:.1f}\t{row['jobs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
