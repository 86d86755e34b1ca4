#!/usr/bin/env python3
"""Time the whole workflow on generated exomes and genomes against bcftools baselines (figures only).

    python tests/benchmarks/generate_inputs.py --out /work/bench-inputs          # once, ~6 GB
    python tests/benchmarks/pipeline_scaling.py --inputs /work/bench-inputs \\
        [--cases exome_50k.trio,genome_1M.trio,genome_5M.trio] [--overhead-cases 100] [--work DIR]
        [--hpo-rerun]

For each case it runs the real Snakemake workflow (--cores 2, Snakemake start included) and
prints: wall time, each stage's time and peak RSS (from the rules' benchmark files), the peak RSS
of the largest process, and in the same run the baselines on the same files: `bcftools view`
(parse every record) and `bcftools annotate` against the same gnomAD-like and ClinVar-like
sources, with the ratio of the whole run to the annotate baseline.

The ClinVar protein index is built once per database release (rule clinvar_index), so it is
built before the timed runs and reported on its own; so is a first case of the release, which
stores the other per-release caches (phenotype model, GFF3 gene models, ClinVar index rows; see
traaser/derived.py) that every later case reads. Run it with SLURM either not installed or
running: the SLURM executor plugin that Snakemake loads at start queries `sacct`/`squeue`, which
wait about 9 s for a controller that is installed but down. --overhead-cases N then times Snakemake's
own cost for N small cases at once: a dry run, and a real run whose overhead is its wall time
minus the jobs' summed time divided by the cores. --hpo-rerun then changes each case's HPO
terms and times the rerun (reanalysis after a phenotype change): its wall time, the jobs it ran
and their times.
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser import bcftools, install  # noqa: E402

DATABASES = {"reference": "synthetic_reference", "annotation": "synthetic_annotation",
             "clinvar": "synthetic_clinvar", "gnomad": "synthetic_gnomad", "constraint": "synthetic_constraint"}
GNOMAD_COLUMNS = "INFO/AF,INFO/AC,INFO/AN,INFO/nhomalt,INFO/faf95,INFO/AF_popmax"
CLINVAR_COLUMNS = "INFO/CLNSIG,INFO/CLNREVSTAT,INFO/GENEINFO,INFO/CLNDN,INFO/ALLELEID"
STAGES = ("preflight", "normalize", "scatter", "consequences", "annotate", "collect", "prioritize", "report")
NEW_TERMS = "HP:0001250;HP:0004322;HP:0000486"
CORES = 2


def write_workdir(work: Path, inputs: Path, rows: list[dict[str, str]], resources_dir: Path) -> Path:
    (work / "config").mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    config.update(samples=str(work / "config" / "samples.tsv"), manifest=str(inputs / "manifest.yaml"),
                  resources_dir=str(resources_dir), databases={"GRCh37": DATABASES})
    (work / "config" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    columns = ["case_id", "vcf", "proband", "build", "hpo_terms", "ped"]
    lines = ["\t".join(columns)] + ["\t".join(row.get(c, "") for c in columns) for row in rows]
    (work / "config" / "samples.tsv").write_text("\n".join(lines) + "\n")
    return work


def case_row(inputs: Path, name: str, work: Path) -> dict[str, str]:
    row = {"case_id": name.replace(".", "_"), "vcf": str(inputs / "cases" / f"{name}.vcf.gz"), "proband": "PROBAND",
           "build": "GRCh37", "hpo_terms": "HP:0001250;HP:0001263;HP:0000252;HP:0001290"}
    if name.endswith(".trio"):
        ped = work / f"{name}.ped"
        ped.write_text("fam\tPROBAND\tFATHER\tMOTHER\t1\t2\nfam\tFATHER\t0\t0\t1\t1\nfam\tMOTHER\t0\t0\t2\t1\n")
        row["ped"] = str(ped)
    return row


def snakemake(work: Path, *extra: str) -> tuple[float, float]:
    """Run the workflow; (wall seconds, peak RSS in MB of its largest process)."""
    wall, peak, _ = snakemake_run(work, *extra)
    return wall, peak


def snakemake_run(work: Path, *extra: str) -> tuple[float, float, str]:
    """Run the workflow; (wall seconds, peak RSS in MB of its largest process, Snakemake's log)."""
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"), "--directory", str(work),
               "--cores", str(CORES), "all", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"workflow failed in {work}:\n{result.stderr[-4000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak, result.stderr


def jobs_run(log: str) -> dict[str, int]:
    """rule -> jobs, from Snakemake's 'Job stats' table."""
    if "Job stats:" not in log:
        return {}
    table = log[log.index("Job stats:"):]
    return {rule: int(n) for rule, n in re.findall(r"^(\w+)\s+(\d+)$", table, flags=re.MULTILINE) if rule != "total"}


def stage_figures(work: Path, case: str) -> dict[str, tuple[float, float, int]]:
    """Stage -> (seconds summed over its jobs, max RSS MB of any of them, jobs) from Snakemake's
    benchmark files (a scattered stage has one job per shard, run side by side)."""
    figures = {}
    for stage in STAGES:
        seconds, rss, jobs = 0.0, 0.0, 0
        for path in sorted((work / "results" / case / "benchmarks").glob(f"{stage}*.tsv")):
            with open(path) as handle:
                row = next(csv.DictReader(handle, delimiter="\t"))
            seconds += float(row["s"])
            rss = max(rss, float(row["max_rss"]) if row["max_rss"] not in ("", "NA", "-") else 0.0)
            jobs += 1
        figures[stage] = (seconds, rss, jobs)
    return figures


def timed_bcftools(*args: str) -> float:
    start = time.perf_counter()
    bcftools.run(*args)
    return time.perf_counter() - start


def baselines(vcf: Path, inputs: Path, tmp: Path) -> tuple[float, float]:
    """(bcftools view, bcftools annotate with gnomAD then ClinVar) seconds on the same file."""
    view = timed_bcftools("view", "--no-version", "-Ou", "-o", "/dev/null", str(vcf))
    first, second = tmp / "gnomad.bcf", tmp / "clinvar.bcf"
    annotate = timed_bcftools("annotate", "--no-version", "-a", str(inputs / "sources" / "gnomad_like.vcf.gz"),
                              "-c", GNOMAD_COLUMNS, "-Ob", "-o", str(first), str(vcf))
    annotate += timed_bcftools("index", str(first))      # the second join reads it through its index
    annotate += timed_bcftools("annotate", "--no-version", "-a", str(inputs / "sources" / "clinvar_like.vcf.gz"),
                               "-c", CLINVAR_COLUMNS, "-Ob", "-o", str(second), str(first))
    return view, annotate


def count_records(vcf: Path) -> int:
    return int(subprocess.run([sys.executable, "-c", f"import pysam; print(sum(1 for _ in pysam.VariantFile({str(vcf)!r})))"],
                              capture_output=True, text=True, check=True).stdout)


def run_case(inputs: Path, name: str, work: Path, resources_dir: Path, hpo_rerun: bool = False) -> None:
    case_work = work / name
    row = case_row(inputs, name, work)
    write_workdir(case_work, inputs, [row], resources_dir)
    vcf = Path(row["vcf"])
    records = count_records(vcf)
    wall, peak = snakemake(case_work)
    figures = stage_figures(case_work, row["case_id"])
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        view, annotate = baselines(vcf, inputs, Path(tmp))
    print(f"\n{name}: {records:,} records")
    print(f"  whole workflow (Snakemake start included): {wall:7.1f} s, largest process peak RSS {peak:,.0f} MB")
    for stage, (seconds, rss, jobs) in figures.items():
        print(f"    {stage:13} {seconds:7.1f} s in {jobs} job(s)  peak {rss:8,.0f} MB  "
              f"{records / seconds if seconds else 0:>10,.0f} records/s")
    print(f"  bcftools view (parse all records): {view:6.1f} s   -> workflow / view     = {wall / view:5.1f}x")
    print(f"  bcftools annotate (gnomAD + ClinVar): {annotate:6.1f} s -> workflow / annotate = {wall / annotate:5.2f}x")
    if hpo_rerun:
        write_workdir(case_work, inputs, [row | {"hpo_terms": NEW_TERMS}], resources_dir)
        rerun, rerun_peak, log = snakemake_run(case_work)
        after = stage_figures(case_work, row["case_id"])
        ran = jobs_run(log)
        print(f"  rerun after an HPO change ({row['hpo_terms']} -> {NEW_TERMS}): {rerun:6.1f} s wall "
              f"(Snakemake start included), peak {rerun_peak:,.0f} MB; jobs: "
              + ", ".join(f"{rule} {n}" for rule, n in sorted(ran.items())))
        for stage in STAGES:
            if stage in ran:
                print(f"    {stage:13} {after[stage][0]:7.1f} s")


def overhead(work: Path, n: int) -> None:
    """Snakemake's own cost for n small cases at once, each 200 records of the bundled demo trio
    against the bundled demo databases (so the jobs stay short and Snakemake's part shows)."""
    small = work / "small.vcf.gz"
    bcftools.run("view", "--no-version", "-Oz", "-o", str(small),
                 str(REPO / "resources" / "demo" / "case" / "demo-trio.GRCh37.vcf.gz"), "1:1-1200000")
    bcftools.index(small)
    cohort = work / f"cohort{n}"
    (cohort / "config").mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    config.update(samples=str(cohort / "config" / "samples.tsv"), manifest=str(REPO / "resources" / "manifest.yaml"))
    (cohort / "config" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    rows = [f"case{i:03d}\t{small}\tHG002\tGRCh37\tHP:0000800" for i in range(n)]
    (cohort / "config" / "samples.tsv").write_text("case_id\tvcf\tproband\tbuild\thpo_terms\n" + "\n".join(rows) + "\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"), "--directory",
                    str(cohort), "--cores", str(CORES), "-n", "all"], check=True, capture_output=True)
    dry = time.perf_counter() - start
    wall, _ = snakemake(cohort)
    benchmarks = list((cohort / "results").glob("*/benchmarks/*.tsv")) + list((cohort / "results" / "benchmarks").glob("*.tsv"))
    jobs = sum(float(next(csv.DictReader(open(p), delimiter="\t"))["s"]) for p in benchmarks)
    print(f"\n{n} cases at once ({count_records(small)} records each; {len(benchmarks)} jobs with benchmark files):")
    print(f"  dry run (DAG of every case, load-time checks included): {dry:6.1f} s")
    print(f"  real run: {wall:6.1f} s wall, jobs' own time {jobs:6.1f} s over {CORES} cores "
          f"-> Snakemake overhead about {max(0.0, wall - jobs / CORES):6.1f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=Path, required=True, help="folder written by generate_inputs.py")
    parser.add_argument("--cases", default="exome_50k.trio,genome_1M.trio,genome_5M.trio",
                        help="comma-separated, or 'none' to time only the overhead")
    parser.add_argument("--overhead-cases", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--hpo-rerun", action="store_true", help="also time each case's rerun after an HPO change")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="traaser-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    resources_dir = work / "resources"
    # once per database release, before the timed runs: the ClinVar protein index, then a first
    # case, which stores the per-release caches (phenotype model, gene models, ClinVar index rows)
    warm = write_workdir(work / "warmup", args.inputs, [case_row(args.inputs, "exome_50k.single", work)], resources_dir)
    index = (resources_dir / "derived" / DATABASES["reference"] / DATABASES["annotation"]
             / f"{DATABASES['clinvar']}.clinvar_index.tsv.gz")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"), "--directory", str(warm),
                    "--cores", str(CORES), str(index)], check=True, capture_output=True)
    print(f"ClinVar protein index (once per release, 200k ClinVar-like records): {time.perf_counter() - start:.1f} s")
    first, _ = snakemake(warm)
    print(f"first case of a release (exome_50k.single; builds the per-release caches in {install.cache_dir()}): "
          f"{first:.1f} s")
    for name in [] if args.cases == "none" else args.cases.split(","):
        run_case(args.inputs, name, work, resources_dir, args.hpo_rerun)
    if args.overhead_cases:
        overhead(work, args.overhead_cases)
    print(f"\nwork folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
