"""The ``traaser`` command. ``main(argv)`` takes a list so tests run it in-process.

Each workflow stage is one subcommand that a Snakemake rule calls; ``traaser demo`` runs the
whole workflow on the bundled demo case.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from traaser import __version__
from traaser.atomic import write_text_atomic
from traaser.errors import TraaserError


def _case_record(path: Path) -> dict:
    from traaser.preflight import read_case_record
    return read_case_record(path)


def cmd_check(args: argparse.Namespace) -> int:
    from traaser.config import load_config
    from traaser.workflow import load_plan
    plan = load_plan(load_config(args.configfile), str(args.configfile))
    for case in plan.cases.values():
        print(f"{case.case_id}: {case.build}, proband {case.proband}, {len(case.samples)} sample(s), "
              f"{len(case.hpo_terms)} HPO term(s){', PED ' + str(case.ped) if case.ped else ''}")
    return 0


def cmd_preflight(args: argparse.Namespace) -> int:
    from traaser.preflight import check_case, write_case_record
    from traaser.workflow import load_plan
    plan = load_plan(json.loads(args.config_json), "config (as given to Snakemake)")
    record = check_case(plan, args.case)
    write_case_record(record, args.out)
    for warning in record["warnings"]:
        print(f"traaser: warning: {warning}", file=sys.stderr)
    return 0


def cmd_normalize(args: argparse.Namespace) -> int:
    from traaser.normalize import normalize
    record = _case_record(args.case_record)
    normalize(Path(record["case"]["vcf"]), Path(record["databases"]["reference"]["path"]), args.out,
              args.counts, args.excluded, float(record["config"]["normalize"]["max_ref_mismatch_fraction"]),
              record.get("contig_renames") or {}, not record.get("record_scan", {}).get("sorted", True))
    return 0


def cmd_consequences(args: argparse.Namespace) -> int:
    from traaser.annotate.consequence import predict
    record = _case_record(args.case_record)
    dbs = record["databases"]
    predict(args.vcf, Path(dbs["reference"]["path"]), Path(dbs["annotation"]["path"]), args.out, args.counts)
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from traaser.annotate.databases import annotate
    record = _case_record(args.case_record)
    dbs = record["databases"]
    annotate(args.vcf, args.out, args.counts,
             clinvar=Path(dbs["clinvar"]["path"]) if "clinvar" in dbs else None,
             gnomad=Path(dbs["gnomad"]["path"]) if "gnomad" in dbs else None,
             gnomad_fields=record["database_fields"].get("gnomad", {}))
    return 0


def cmd_scatter(args: argparse.Namespace) -> int:
    from traaser.scatter import write_shard
    write_shard(args.vcf, args.shard, args.out, args.counts)
    return 0


def cmd_prioritize(args: argparse.Namespace) -> int:
    from traaser.case import Case
    from traaser.counts import StepCounts
    from traaser.collect import collect_candidates
    from traaser.prioritize import RunData, evaluate
    from traaser.provenance import run_timestamp
    from traaser.report.tables import json_document, write_json, write_tsv, write_vcf
    record = _case_record(args.case_record)
    case = Case.from_json(record["case"])
    settings, acmg = record["config"]["prioritize"], record["config"]["acmg"]
    dbs = record["databases"]
    path = lambda kind: Path(dbs[kind]["path"]) if kind in dbs else None  # noqa: E731
    from traaser.annotate.transcripts import mane_select_ids
    counts = StepCounts("prioritize")
    mane = mane_select_ids(path("annotation")) if path("annotation") else frozenset()
    candidates, family, parentage = collect_candidates(args.vcf, case, settings, acmg, counts, mane,
                                                       workdir=args.outdir / "work")
    if family.trio:
        counts.notes["parentage: informative trio sites"] = parentage.informative
        counts.notes["parentage: opposing homozygotes"] = parentage.opposing
        if not parentage.confirmed:
            counts.warnings.append(f"parentage not confirmed ({parentage.opposing} opposing homozygotes in "
                                   f"{parentage.informative} informative sites): de novo calls get PM6, not PS2")
    index = Path(record["clinvar_index"]) if record.get("clinvar_index") else None
    run = RunData(hpo_dir=path("hpo"), constraint=path("constraint"), clingen_dosage=path("clingen_dosage"),
                  annotation=path("annotation"), clinvar_index=index, reference=path("reference"),
                  gnomad_source=f"gnomAD {dbs['gnomad']['version']}" if "gnomad" in dbs else None)
    evaluate(candidates, case, family, parentage, settings, acmg, run)
    args.outdir.mkdir(parents=True, exist_ok=True)
    counts.write(args.outdir / "counts" / "prioritize.json")
    from traaser.counts import check_chain, merge_shards
    previous = merge_shards([StepCounts.read(p) for p in args.counts])
    accounting = check_chain(previous + [counts])
    write_text_atomic(args.outdir / "accounting.json", json.dumps(accounting, indent=1) + "\n")
    write_tsv(candidates, case.proband, record, args.outdir / "candidates.tsv")
    write_vcf(args.vcf, candidates, record, args.outdir / "candidates.vcf.gz")
    write_json(json_document(candidates, record, previous + [counts], run_timestamp()),
               args.outdir / "candidates.json")
    return 0


def cmd_acmg(args: argparse.Namespace) -> int:
    from traaser.acmg.standalone import StandaloneInputs, classify_vcf
    from traaser.config import check_config, load_config
    config = load_config(args.configfile) if args.configfile else check_config({}, "defaults")
    tags = dict(item.split("=", 1) for item in args.gnomad_fields.split(",")) if args.gnomad_fields else None
    inputs = StandaloneInputs(args.build, tags, args.gnomad_label, args.proband, args.ped, args.hpo, args.annotation,
                              args.reference, args.constraint, args.clingen_dosage, args.clinvar_index)
    counts = classify_vcf(args.vcf, args.out_prefix, inputs, config["acmg"])
    print(f"traaser: {counts.records_out} of {counts.records_in} records classified; excluded {dict(counts.excluded)}",
          file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from traaser.bench import run_bench
    for row in run_bench(args):
        print("\t".join(f"{k}={v}" for k, v in row.items()))
    return 0


def cmd_clinvar_index(args: argparse.Namespace) -> int:
    from traaser.annotate.clinvar_index import build_index
    from traaser.resources.manifest import Manifest
    from traaser.resources.status import resolve
    manifest = Manifest(args.manifest)
    paths = {kind: resolve(manifest.get(getattr(args, kind), kind=kind), args.dest)[0]
             for kind in ("reference", "annotation", "clinvar")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = build_index(paths["clinvar"], paths["reference"], paths["annotation"], args.out)
    print(f"traaser: {rows} ClinVar transcript rows indexed", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from traaser.report.html import print_pdf, write_report
    write_report(args.candidates, args.out)
    if args.pdf:
        print_pdf(args.out, args.out.with_suffix(".pdf"))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from traaser.report.html import write_index
    write_index(args.candidates, args.out)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the workflow on the bundled demo case with the default config, in the repository."""
    from traaser.config import REPO_ROOT
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO_ROOT / "Snakefile"),
               "--directory", str(REPO_ROOT), "--cores", str(args.cores), *args.snakemake_args]
    print("traaser: running", " ".join(command), file=sys.stderr)
    code = subprocess.call(command, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    if code == 0:
        for report in sorted((REPO_ROOT / "results").glob("*/report.html")):
            print(f"traaser: report written: {report}")
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="traaser", description=__doc__)
    parser.add_argument("--version", action="version", version=f"traaser {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate the config and every case of the sample sheet")
    p.add_argument("--configfile", type=Path, default=Path("config/config.yaml"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("preflight", help="check one case and write its case record (JSON)")
    p.add_argument("--config-json", required=True, help="the validated workflow config as JSON")
    p.add_argument("--case", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_preflight)

    for name, func, helptext in (("normalize", cmd_normalize, "REF check, split, left-align, dedup"),
                                 ("consequences", cmd_consequences, "bcftools csq, or reuse BCSQ/CSQ/ANN"),
                                 ("annotate", cmd_annotate, "add ClinVar and gnomAD fields")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--case-record", type=Path, required=True)
        if name != "normalize":
            p.add_argument("--vcf", type=Path, required=True)
        p.add_argument("--out", type=Path, required=True)
        p.add_argument("--counts", type=Path, required=True)
        if name == "normalize":
            p.add_argument("--excluded", type=Path, required=True)
        p.set_defaults(func=func)

    p = sub.add_parser("scatter", help="write one chromosome shard of a normalized BCF")
    p.add_argument("--vcf", type=Path, required=True, help="indexed normalized BCF")
    p.add_argument("--shard", required=True, help="'<k>-of-<n>'")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--counts", type=Path, required=True)
    p.set_defaults(func=cmd_scatter)

    p = sub.add_parser("prioritize", help="ACMG, phenotype and inheritance; rank; write TSV/JSON/VCF")
    p.add_argument("--case-record", type=Path, required=True)
    p.add_argument("--vcf", type=Path, nargs="+", required=True, help="annotated BCF(s): every shard, in order")
    p.add_argument("--counts", type=Path, nargs="*", default=[], help="counts JSON of the earlier steps")
    p.add_argument("--outdir", type=Path, required=True)
    p.set_defaults(func=cmd_prioritize)

    from traaser.config import REPO_ROOT
    p = sub.add_parser("acmg", help="classify every variant of an annotated VCF (ACMG/AMP), without phenotypes")
    p.add_argument("vcf", type=Path)
    p.add_argument("--out-prefix", type=Path, required=True, help="writes PREFIX.tsv, PREFIX.json, PREFIX.vcf.gz")
    p.add_argument("--build", choices=["GRCh37", "GRCh38"], required=True)
    p.add_argument("--configfile", type=Path, help="config.yaml whose 'acmg' thresholds to use (default: schema defaults)")
    p.add_argument("--gnomad-fields", help="KEY=TAG,... for AF, FAF, AC, AN, NHOMALT, AF_GRPMAX (default GNOMAD_*)")
    p.add_argument("--gnomad-label", default="gnomAD", help="name of the frequency source in reasons")
    p.add_argument("--proband", help="proband sample (with --ped: de novo, phase, PM3, BP2)")
    p.add_argument("--ped", type=Path)
    p.add_argument("--hpo", type=Path, default=REPO_ROOT / "resources" / "demo" / "hpo",
                   help="HPO release folder, for the genes' modes of inheritance")
    p.add_argument("--annotation", type=Path, help="GFF3 of the consequence step (PVS1 geometry)")
    p.add_argument("--reference", type=Path, help="FASTA (repeat check for PM4/BP3)")
    p.add_argument("--constraint", type=Path, help="gnomAD constraint TSV (LOEUF)")
    p.add_argument("--clingen-dosage", type=Path, help="prepared ClinGen dosage TSV")
    p.add_argument("--clinvar-index", type=Path, help="ClinVar protein index (traaser clinvar-index)")
    p.set_defaults(func=cmd_acmg)

    p = sub.add_parser("bench", help="spike-in benchmark: rank of the causal gene/variant of published cases")
    p.add_argument("--cases", type=Path, required=True, help="dev_cases.jsonl-style file or a folder of phenopackets")
    p.add_argument("--mode", choices=["phenotype", "spike"], default="phenotype")
    p.add_argument("--background", type=Path, help="spike mode: background VCF with BCSQ/CSQ/ANN (GRCh37)")
    p.add_argument("--ped", type=Path, help="spike mode: PED of the background trio")
    p.add_argument("--proband", default="HG002", help="spike mode: proband sample of the background")
    p.add_argument("--proband-only", action="store_true", help="spike mode: use the trio as a singleton")
    p.add_argument("--hpo", type=Path, default=REPO_ROOT / "resources" / "demo" / "hpo")
    p.add_argument("--constraint", type=Path, default=REPO_ROOT / "resources" / "demo" / "gnomad_constraints_v4.0_subset.tsv")
    p.add_argument("--configfile", type=Path)
    p.add_argument("--limit", type=int, default=0, help="only the first N cases")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("clinvar-index", help="protein-level ClinVar index (same csq step) for PS1/PM5/PM1/PP2/BP1")
    p.add_argument("--manifest", type=Path, required=True)
    p.add_argument("--dest", type=Path, required=True, help="resources directory")
    p.add_argument("--reference", required=True, help="manifest id")
    p.add_argument("--annotation", required=True, help="manifest id")
    p.add_argument("--clinvar", required=True, help="manifest id")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_clinvar_index)

    p = sub.add_parser("report", help="write the HTML report from candidates.json")
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pdf", action="store_true", help="also print report.pdf with headless Chromium")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("index", help="write results/index.html listing every case")
    p.add_argument("--candidates", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_index)

    from traaser.resources.cli import add_parser as add_resources_parser
    add_resources_parser(sub)

    p = sub.add_parser("demo", help="run the workflow on the bundled demo case")
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("snakemake_args", nargs="*", help="extra Snakemake arguments (after --)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the subcommand; TraaserErrors print one clean message, no traceback."""
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    try:
        return int(args.func(args))
    except TraaserError as err:
        print(f"traaser: error: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
