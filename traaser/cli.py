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
from collections.abc import Sequence
from pathlib import Path

from traaser import OUTPUT_SCHEMA_VERSION, __version__
from traaser.errors import ConfigError, TraaserError


def _optional_path(text: str) -> Path | None:
    """A command-line path where '' means "not configured" (a rule's empty optional input)."""
    return Path(text) if text else None


def _database(path: Path) -> Path:
    """A database as a rule passes it (a bundled file, or a downloaded one's prepare stamp)."""
    from traaser.resources.status import database_file
    return database_file(path)


def _optional_database(path: Path | None) -> Path | None:
    """An optional database as a rule passes it: None when the role is not configured."""
    return _database(path) if path is not None else None


def cmd_check(args: argparse.Namespace) -> int:
    from traaser.config import load_config
    from traaser.plan import load_plan
    plan = load_plan(load_config(args.configfile), str(args.configfile))
    for case in plan.cases.values():
        print(f"{case.case_id}: {case.build}, proband {case.proband}, {len(case.samples)} sample(s), "
              f"{len(case.hpo_terms)} HPO term(s){', PED ' + str(case.ped) if case.ped else ''}")
    return 0


def cmd_preflight(args: argparse.Namespace) -> int:
    from traaser.case import Case
    from traaser.preflight import check_case
    from traaser.resources.manifest import Manifest
    manifest = Manifest(args.manifest)
    databases = {role: manifest.get(database_id) for role, database_id in json.loads(args.databases).items()}
    record = check_case(Case.from_json(json.loads(args.case)), databases, args.resources_dir)
    record.write(args.out)
    for warning in record.warnings:
        print(f"traaser: warning: {warning}", file=sys.stderr)
    return 0


def cmd_normalize(args: argparse.Namespace) -> int:
    from traaser.case_record import CaseRecord
    from traaser.normalize import normalize
    record = CaseRecord.read(args.case_record)
    normalize(args.vcf, _database(args.reference), args.out, args.counts, args.excluded,
              args.max_ref_mismatch_fraction, record.contig_renames, record.needs_sort)
    return 0


def cmd_consequences(args: argparse.Namespace) -> int:
    from traaser.annotate.consequence import predict
    from traaser.scatter import read_regions
    predict(args.vcf, _database(args.reference), _database(args.annotation), args.out, args.counts,
            read_regions(args.regions) if args.regions else None)
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from traaser.annotate.databases import annotate
    annotate(args.vcf, args.out, args.counts, clinvar=_optional_database(args.clinvar),
             gnomad=_optional_database(args.gnomad),
             gnomad_fields=json.loads(args.gnomad_fields), window_merge_bp=args.window_merge_bp, parts=args.threads)
    return 0


def cmd_scatter(args: argparse.Namespace) -> int:
    from traaser.scatter import write_shard
    write_shard(args.vcf, args.shard, args.out, args.counts)
    return 0


def cmd_prioritize(args: argparse.Namespace) -> int:
    from traaser.case_record import CaseRecord
    from traaser.collected import Collected
    from traaser.phenotype.annotations import release_folder
    from traaser.preflight import database_records
    from traaser.prioritize import PrioritizeOutputs, RunData, run
    from traaser.resources.manifest import Manifest
    record = CaseRecord.read(args.case_record)
    manifest = Manifest(args.manifest)
    record.databases = database_records({role: manifest.get(database_id)
                                         for role, database_id in json.loads(args.databases).items()},
                                        args.resources_dir)
    gnomad = record.databases.get("gnomad")
    data = RunData(hpo_dir=release_folder(_database(args.hpo)),
                   gnomad_source=f"gnomAD {gnomad['version']}" if gnomad else None,
                   constraint=_optional_database(args.constraint),
                   clingen_dosage=_optional_database(args.clingen_dosage),
                   g2p=_optional_database(args.g2p), reference=_optional_database(args.reference))
    outputs = PrioritizeOutputs(args.tsv, args.json, args.out_vcf, args.step_counts, args.accounting)
    run(record, json.loads(args.phenotype), json.loads(args.settings), Collected.read(args.collected), args.vcf,
        args.counts, data, outputs)
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from traaser.case_record import CaseRecord
    from traaser.prioritize import collect
    collected = collect(CaseRecord.read(args.case_record), json.loads(args.settings), args.vcf,
                        _optional_database(args.annotation), args.clinvar_index, args.workdir)
    collected.write(args.out)
    return 0


def cmd_acmg(args: argparse.Namespace) -> int:
    from traaser.acmg.standalone import StandaloneInputs, classify_vcf
    from traaser.config import check_config, load_config
    from traaser.settings import AcmgSettings
    config = load_config(args.configfile) if args.configfile else check_config({}, "defaults")
    tags = dict(item.split("=", 1) for item in args.gnomad_fields.split(",")) if args.gnomad_fields else None
    inputs = StandaloneInputs(args.build, tags, args.gnomad_label, args.proband, args.ped, args.hpo, args.annotation,
                              args.reference, args.constraint, args.clingen_dosage, args.clinvar_index)
    counts = classify_vcf(args.vcf, args.out_prefix, inputs, AcmgSettings.from_config(config["acmg"]))
    print(f"traaser: {counts.records_out} of {counts.records_in} records classified; excluded {dict(counts.excluded)}",
          file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from traaser.bench import BenchOptions, run_bench
    options = BenchOptions(args.cases, args.out, args.mode, args.hpo, args.constraint, args.configfile,
                           args.background, args.ped, args.proband, args.proband_only, args.limit,
                           args.clingen_dosage, args.g2p, args.features)
    for row in run_bench(options):
        print("\t".join(f"{k}={v}" for k, v in row.items()))
    return 0


def cmd_clinvar_index(args: argparse.Namespace) -> int:
    from traaser.annotate.clinvar_index import build_index
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = build_index(_database(args.clinvar), _database(args.reference), _database(args.annotation), args.out)
    print(f"traaser: {rows} ClinVar transcript rows indexed", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from traaser.candidates_file import read_document
    from traaser.report.html import print_pdf, write_report
    document = read_document(args.candidates)
    changes = None
    if args.changes:
        from traaser.reanalysis import changes_since_previous, write_changes
        changes = changes_since_previous(args.candidates, document)
        write_changes(changes, args.changes)
    write_report(document, args.out, changes)
    if args.pdf:
        print_pdf(args.out, args.out.with_suffix(".pdf"))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from traaser.report.html import write_index
    write_index(args.candidates, args.out, args.alerts)
    return 0


def cmd_reanalyse(args: argparse.Namespace) -> int:
    """Compare two runs of a case; print the alerts and a count of the changes."""
    from traaser.candidates_file import read_document
    from traaser.reanalysis import compare, settings_of, write_changes
    current = read_document(args.current)
    changes = compare(read_document(args.previous), current, settings_of(current))
    if args.out:
        write_changes(changes, args.out)
    if not changes["changed"]:
        print("traaser: no change between the two runs")
        return 0
    print(f"traaser: {len(changes['databases'])} database, {len(changes['variants'])} variant and "
          f"{len(changes['genes'])} gene changes; {len(changes['alerts'])} alerts")
    for alert in changes["alerts"]:
        print(f"alert {alert['rule']}: {alert['text']}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """Keep each named case's current outputs in results/<case>/history/ (before a run)."""
    from traaser.history import archive
    for case in args.cases:
        entry = archive(args.results / case, args.keep)
        if entry is not None:
            print(f"traaser: kept the previous outputs of {case} in {entry.path}", file=sys.stderr)
    return 0


def _run_snakemake(command: list[str], directory: Path) -> int:
    print("traaser: running", " ".join(command), file=sys.stderr)
    code = subprocess.call(command, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    if code == 0:
        for report in sorted((directory / "results").glob("*/report.html")):
            print(f"traaser: report written: {report}")
    return code


def cmd_init(args: argparse.Namespace) -> int:
    from traaser.run_folder import init_run_folder
    written = init_run_folder(args.directory, force=args.force)
    print(f"traaser: wrote {len(written)} files into {args.directory}: config/config.yaml, config/samples.tsv "
          f"(the demo case; replace it with yours), config/README.md, config/profiles/, demo-case/")
    print(f"traaser: next: traaser check --configfile {args.directory / 'config' / 'config.yaml'}; "
          f"traaser run --directory {args.directory}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from traaser.run_folder import snakemake_command
    if not (args.directory / "config" / "config.yaml").is_file():
        raise ConfigError("no config/config.yaml in the run folder", path=str(args.directory),
                          fix=f"create one with: traaser init {args.directory}")
    extra = list(args.snakemake_args)
    if args.reanalyse:
        extra = ["reanalysis", "--forcerun", "prioritize", *extra]
    command = snakemake_command(args.directory, cores=args.cores, profile=args.profile, extra=extra)
    return _run_snakemake(command, args.directory)


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the installed workflow on the bundled demo case, with outputs in ``--directory``."""
    from traaser.run_folder import demo_command
    args.directory.mkdir(parents=True, exist_ok=True)
    return _run_snakemake(demo_command(args.directory, str(args.cores), args.snakemake_args), args.directory)


class _VersionAction(argparse.Action):
    """``--version``: the package, the output schema, the shipped manifest and posterior model
    (read only when asked)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the versions and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_text())
        parser.exit()


def version_text() -> str:
    """One line naming what decides a run's results besides its inputs and config."""
    from traaser import install
    from traaser.config import read_yaml
    from traaser.posterior import default_model
    from traaser.resources.manifest import sha256_file
    manifest = install.resource_file("manifest.yaml")
    return (f"traaser {__version__} (output schema {OUTPUT_SCHEMA_VERSION}; "
            f"manifest version {read_yaml(manifest).get('manifest_version')}, sha256 {sha256_file(manifest)[:12]}; "
            f"posterior model {default_model().version}; workflow {install.workflow_root()})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="traaser", description=__doc__)
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate the config and every case of the sample sheet")
    p.add_argument("--configfile", type=Path, default=Path("config/config.yaml"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("preflight", help="check one case and write its case record (JSON)")
    p.add_argument("--case", required=True, help="the case as validated at load time (JSON)")
    p.add_argument("--databases", required=True, help="role -> manifest id of the reference (JSON)")
    p.add_argument("--manifest", type=Path, required=True)
    p.add_argument("--resources-dir", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_preflight)

    database_help = "a bundled file, or a downloaded database's prepared.json ('' = not configured)"
    p = sub.add_parser("normalize", help="REF check, split, left-align, dedup")
    p.add_argument("--case-record", type=Path, required=True, help="case.json (contig renames, sort order)")
    p.add_argument("--vcf", type=Path, required=True, help="the case's VCF as given")
    p.add_argument("--reference", type=Path, required=True, help=f"FASTA: {database_help}")
    p.add_argument("--max-ref-mismatch-fraction", type=float, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--counts", type=Path, required=True)
    p.add_argument("--excluded", type=Path, required=True)
    p.set_defaults(func=cmd_normalize)

    p = sub.add_parser("consequences", help="bcftools csq, or reuse BCSQ/CSQ/ANN")
    p.add_argument("--vcf", type=Path, required=True)
    p.add_argument("--regions", type=Path, default=None,
                   help="a shard's contig list (traaser scatter); the VCF must be indexed")
    p.add_argument("--reference", type=Path, required=True, help=f"FASTA: {database_help}")
    p.add_argument("--annotation", type=Path, required=True, help=f"GFF3: {database_help}")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--counts", type=Path, required=True)
    p.set_defaults(func=cmd_consequences)

    p = sub.add_parser("annotate", help="add ClinVar and gnomAD fields")
    p.add_argument("--vcf", type=Path, required=True)
    p.add_argument("--clinvar", type=_optional_path, default=None, help=database_help)
    p.add_argument("--gnomad", type=_optional_path, default=None, help=database_help)
    p.add_argument("--gnomad-fields", default="{}", help="the manifest entry's 'fields' (JSON)")
    p.add_argument("--window-merge-bp", type=int, default=0,
                   help="join a sparse case in windows of records closer than this (bases; 0: whole contigs)")
    p.add_argument("--threads", type=int, default=1, help="windowed joins run in this many parts side by side")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--counts", type=Path, required=True)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("scatter", help="list the contigs of one shard of a normalized BCF")
    p.add_argument("--vcf", type=Path, required=True, help="indexed normalized BCF")
    p.add_argument("--shard", required=True, help="'<k>-of-<n>'")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--counts", type=Path, required=True)
    p.set_defaults(func=cmd_scatter)

    p = sub.add_parser("collect", help="the candidates of a case's annotated shards, every other record counted")
    p.add_argument("--case-record", type=Path, required=True)
    p.add_argument("--settings", required=True, help="the results-shaping config (JSON)")
    p.add_argument("--vcf", type=Path, nargs="+", required=True, help="annotated BCF(s): every shard, in order")
    p.add_argument("--annotation", type=_optional_path, default=None, help=f"GFF3 (MANE Select): {database_help}")
    p.add_argument("--clinvar-index", type=_optional_path, default=None, help="ClinVar protein index ('' = none)")
    p.add_argument("--out", type=Path, required=True, help="the collected candidates (work/collected.pickle)")
    p.add_argument("--workdir", type=Path, required=True, help="for the screen's temporary files")
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("prioritize", help="ACMG, phenotype and inheritance; rank; write TSV/JSON/VCF")
    p.add_argument("--case-record", type=Path, required=True)
    p.add_argument("--collected", type=Path, required=True, help="the collect step's output")
    p.add_argument("--phenotype", required=True, help="the resolved HPO terms (JSON)")
    p.add_argument("--settings", required=True, help="the results-shaping config (JSON)")
    p.add_argument("--vcf", type=Path, nargs="+", required=True, help="annotated BCF(s): every shard, in order")
    p.add_argument("--counts", type=Path, nargs="*", default=[], help="counts JSON of the earlier steps")
    p.add_argument("--hpo", type=Path, required=True, help=f"HPO release (a file of its folder): {database_help}")
    for role in ("reference", "constraint", "clingen-dosage", "g2p"):
        p.add_argument(f"--{role}", type=_optional_path, default=None, help=database_help)
    p.add_argument("--tsv", type=Path, required=True)
    p.add_argument("--json", type=Path, required=True)
    p.add_argument("--out-vcf", type=Path, required=True)
    p.add_argument("--step-counts", type=Path, required=True, help="this step's counts JSON")
    p.add_argument("--accounting", type=Path, required=True)
    p.add_argument("--databases", required=True, help="role -> manifest id of the case's databases (JSON)")
    p.add_argument("--manifest", type=Path, required=True)
    p.add_argument("--resources-dir", type=Path, required=True)
    p.set_defaults(func=cmd_prioritize)

    from traaser import install
    p = sub.add_parser("acmg", help="classify every variant of an annotated VCF (ACMG/AMP), without phenotypes")
    p.add_argument("vcf", type=Path)
    p.add_argument("--out-prefix", type=Path, required=True, help="writes PREFIX.tsv, PREFIX.json, PREFIX.vcf.gz")
    p.add_argument("--build", choices=["GRCh37", "GRCh38"], required=True)
    p.add_argument("--configfile", type=Path,
                   help="config.yaml whose 'acmg' thresholds to use (default: schema defaults)")
    p.add_argument("--gnomad-fields", help="KEY=TAG,... for AF, FAF, AC, AN, NHOMALT, AF_GRPMAX (default GNOMAD_*)")
    p.add_argument("--gnomad-label", default="gnomAD", help="name of the frequency source in reasons")
    p.add_argument("--proband", help="proband sample (with --ped: de novo, phase, PM3, BP2)")
    p.add_argument("--ped", type=Path)
    p.add_argument("--hpo", type=Path, default=install.resource_file("demo/hpo"),
                   help="HPO release folder, for the genes' modes of inheritance")
    p.add_argument("--annotation", type=Path, help="GFF3 of the consequence step (PVS1 geometry)")
    p.add_argument("--reference", type=Path, help="FASTA (repeat check for PM4/BP3)")
    p.add_argument("--constraint", type=Path, help="gnomAD constraint TSV (LOEUF)")
    p.add_argument("--clingen-dosage", type=Path, help="prepared ClinGen dosage TSV")
    p.add_argument("--clinvar-index", type=Path, help="ClinVar protein index (traaser clinvar-index)")
    p.set_defaults(func=cmd_acmg)

    from traaser.bench import BenchOptions
    p = sub.add_parser("bench", help="spike-in benchmark: rank of the causal gene/variant of published cases")
    p.add_argument("--cases", type=Path, required=True, help="dev_cases.jsonl-style file or a folder of phenopackets")
    p.add_argument("--mode", choices=["phenotype", "spike"], default="phenotype")
    p.add_argument("--background", type=Path, help="spike mode: background VCF with BCSQ/CSQ/ANN (GRCh37)")
    p.add_argument("--ped", type=Path, help="spike mode: PED of the background trio")
    p.add_argument("--proband", default="HG002", help="spike mode: proband sample of the background")
    p.add_argument("--proband-only", action="store_true", help="spike mode: use the trio as a singleton")
    p.add_argument("--hpo", type=Path, default=install.resource_file("demo/hpo"))
    p.add_argument("--constraint", type=Path, default=BenchOptions.constraint,
                   help="gnomAD constraint table (default: the bundled genome-wide gnomAD v2.1.1)")
    p.add_argument("--clingen-dosage", type=Path, default=BenchOptions.clingen_dosage,
                   help="ClinGen dosage list (default: the bundled 2026-02-06 export)")
    p.add_argument("--g2p", type=Path, default=BenchOptions.g2p, help="DDG2P panel (default: the bundled one)")
    p.add_argument("--features", action="store_true",
                   help="spike mode: write every candidate's posterior facts (facts.tsv.gz) for fit_posterior.py")
    p.add_argument("--configfile", type=Path)
    p.add_argument("--limit", type=int, default=0, help="only the first N cases")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("clinvar-index", help="protein-level ClinVar index (same csq step) for PS1/PM5/PM1/PP2/BP1")
    p.add_argument("--reference", type=Path, required=True, help=f"FASTA: {database_help}")
    p.add_argument("--annotation", type=Path, required=True, help=f"GFF3: {database_help}")
    p.add_argument("--clinvar", type=Path, required=True, help=f"ClinVar VCF: {database_help}")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_clinvar_index)

    p = sub.add_parser("report", help="write the HTML report from candidates.json")
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pdf", action="store_true", help="also print report.pdf with headless Chromium")
    p.add_argument("--changes", type=Path,
                   help="compare with the case's previous run (its history/), write this changes.json and "
                        "add the 'Since the report of DATE' section")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("index", help="write results/index.html listing every case (cases with alerts first)")
    p.add_argument("--candidates", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--alerts", type=Path, help="also write the cohort's alert list (TSV) here")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("reanalyse", help="what changed between two runs of a case, with causes and alerts")
    p.add_argument("--previous", type=Path, required=True, help="the earlier run's candidates.json")
    p.add_argument("--current", type=Path, required=True, help="the later run's candidates.json")
    p.add_argument("--out", type=Path, help="write changes.json here")
    p.set_defaults(func=cmd_reanalyse)

    p = sub.add_parser("history", help="keep cases' current outputs in results/<case>/history/ (before a run)")
    p.add_argument("--results", type=Path, default=Path("results"))
    p.add_argument("--keep", type=int, default=10, help="earlier runs kept per case (oldest dropped first)")
    p.add_argument("cases", nargs="+")
    p.set_defaults(func=cmd_history)

    from traaser.resources.cli import add_parser as add_resources_parser
    add_resources_parser(sub)

    p = sub.add_parser("init", help="write a run folder: config/config.yaml, config/samples.tsv, profiles")
    p.add_argument("directory", type=Path, nargs="?", default=Path("."))
    p.add_argument("--force", action="store_true", help="overwrite an existing config")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("run", help="run the installed workflow on a run folder (results in DIR/results)")
    p.add_argument("--directory", type=Path, default=Path("."), help="the run folder (default: here)")
    p.add_argument("--profile", help="a Snakemake profile: path, or name (local, slurm) of a shipped one")
    p.add_argument("--cores", help="cores for local jobs (default: all, or the profile's setting)")
    p.add_argument("--reanalyse", action="store_true",
                   help="re-rank every case of the sheet against the databases now configured (a new ClinVar "
                        "or gnomAD reruns annotation too) and write each case's changes and results/alerts.tsv")
    p.add_argument("snakemake_args", nargs="*", help="extra Snakemake arguments (after --)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="run the workflow on the bundled demo case (results in DIR/results)")
    p.add_argument("--directory", type=Path, default=Path("."), help="where results/ goes (default: here)")
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
