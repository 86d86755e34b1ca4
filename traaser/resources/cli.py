"""``traaser resources list | plan | fetch | import | verify | prepare | status``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from traaser import install
from traaser.errors import ResourceError
from traaser.resources.manifest import Database, Manifest


def human(size: float) -> str:
    """Bytes as a short human size (decimal units, as publishers list them)."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def _select(args: argparse.Namespace) -> tuple[Manifest, list[Database]]:
    manifest = Manifest(args.manifest)
    only = [n for item in (args.only or []) for n in item.split(",") if n]
    return manifest, manifest.select(build=args.build, only=only, opt_in=getattr(args, "opt_in", False))


def cmd_list(args: argparse.Namespace) -> int:
    manifest, databases = _select(args)
    print(f"{'id':44} {'kind':17} {'build':6} {'version':12} {'size':>9}  {'req':8} licence")
    total = 0
    for db in databases:
        exact = all(f.size is not None for f in db.files)
        size = "bundled" if db.bundled else ("" if exact else "~") + human(db.download_size)
        need = "opt-in" if db.opt_in else ("required" if db.required else "optional")
        if not db.bundled and db.required and not db.opt_in:
            total += db.download_size
        manual = " [licence-gated: download by hand, then traaser resources import]" if db.manual else ""
        print(f"{db.id:44} {db.kind:17} {db.build:6} {db.version[:12]:12} {size:>9}  {need:8} {db.licence}{manual}")
    print(f"total download of required entries: {human(total)} (~ marks the publishers' approximate sizes)")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """What fetching and preparing the selected databases costs: download, peak and final disk."""
    from traaser.resources.footprint import Footprint, Plan, duration, parse_bandwidth, transfer_seconds
    _, databases = _select(args)
    bits = parse_bandwidth(args.bandwidth)
    chosen = [db for db in databases if not db.bundled and (db.required or args.opt_in or args.only)]
    plan = Plan([Footprint.of(db) for db in chosen])
    print(f"{'id':40} {'download':>9} {'peak':>9} {'peak*':>9} {'after':>9} {'after*':>9}  note")
    for f in plan.footprints:
        note = "manual: download by hand, then traaser resources import" if f.database.manual else (
            "one file at a time" if f.streamed else "")
        print(f"{f.database.id:40} {human(f.download):>9} {human(f.peak(False)):>9} {human(f.peak(True)):>9} "
              f"{human(f.after(False)):>9} {human(f.after(True)):>9}  {note}")
    what = "selected" if args.only else ("required and optional" if args.opt_in else "required")
    print(f"total ({what}, {args.build or 'all builds'}): download {human(plan.download)}, "
          f"{duration(transfer_seconds(plan.download, bits))} at {args.bandwidth}; "
          f"peak disk {human(plan.peak(False))} keeping the raw downloads, {human(plan.peak(True))} with "
          f"--discard-raw; disk after prepare {human(plan.after(False))} / {human(plan.after(True))}")
    print("(* = with --discard-raw; sizes are the manifest's, prepared sizes the fractions in "
          "traaser/data/prepare_footprint.tsv; bundled databases need nothing)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Verify and place a file downloaded by hand (a licence-gated source)."""
    from traaser.resources.fetch import FetchSettings, import_file
    manifest = Manifest(args.manifest)
    database = manifest.get(args.id)
    if database.bundled:
        raise ResourceError(f"'{database.id}' is bundled with TRaaSer; nothing to import", fix="use it as it is")
    placed = import_file(database, args.file, args.dest, args.name, FetchSettings(progress=sys.stderr))
    print(f"{database.id}: imported {placed}; next: traaser resources prepare --only {database.id} --dest {args.dest}")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from traaser.resources.fetch import FetchSettings, fetch_database
    _, databases = _select(args)
    settings = FetchSettings(retries=args.retries, backoff=args.backoff, mirror=args.mirror, progress=sys.stderr)
    for db in databases:
        fetch_database(db, args.dest, settings)
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    from traaser.resources.fetch import FetchSettings, fetch_database
    from traaser.resources.prepare import prepare_database
    from traaser.resources.status import database_status
    from traaser.resources.streaming import discard_raw_file, prepare_streaming
    manifest, databases = _select(args)
    settings = FetchSettings(retries=args.retries, backoff=args.backoff, mirror=args.mirror, progress=sys.stderr)
    for db in databases:
        if db.bundled:
            continue
        if database_status(db, manifest, args.dest).state == "prepared":
            print(f"{db.id}: already prepared", file=sys.stderr)
            continue
        if db.prepare == "gnomad":       # one file (chromosome) at a time
            stamp = prepare_streaming(db, manifest, args.dest, settings, discard_raw=args.discard_raw)
        else:
            fetch_database(db, args.dest, settings)
            stamp = prepare_database(db, manifest, args.dest)
            if args.discard_raw and db.prepare != "none":
                for spec in db.files:
                    discard_raw_file(db, spec, args.dest)
        print(f"{db.id}: prepared {stamp['main']} {stamp['report']}", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from traaser.resources.status import verify_downloads
    _, databases = _select(args)
    failed = 0
    for db in databases:
        if db.bundled:
            db.verify()
            print(f"{db.id}: bundled files verified")
            continue
        problems = verify_downloads(db, args.dest)
        failed += bool(problems)
        print(f"{db.id}: " + ("; ".join(problems) if problems else "verified"))
    if failed:
        raise ResourceError(f"{failed} database(s) failed verification", path=str(args.dest),
                            fix="fetch them again: traaser resources fetch --only <id>")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from traaser.resources.status import database_status
    manifest, databases = _select(args)
    for db in databases:
        status = database_status(db, manifest, args.dest)
        print(f"{db.id:44} {status.state:9} {status.detail}")
    return 0


def _add_locations(p: argparse.ArgumentParser) -> None:
    """--manifest and --dest, as every resources verb takes them."""
    p.add_argument("--manifest", type=Path, default=install.resource_file("manifest.yaml"),
                   help="resource manifest (default: the one shipped with TRaaSer)")
    p.add_argument("--dest", type=Path, default=install.data_dir(),
                   help="resources directory (default: $TRAASER_DATA, else the per-user data directory)")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("resources", help="list, fetch, verify, prepare and check databases")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb, func, text in (("list", cmd_list, "print every manifest entry with its size and licence"),
                             ("plan", cmd_plan, "download, peak disk and disk after prepare, before fetching"),
                             ("fetch", cmd_fetch, "download and verify"),
                             ("verify", cmd_verify, "re-hash fetched files"),
                             ("prepare", cmd_prepare, "fetch if needed, then index/normalize/reduce"),
                             ("status", cmd_status, "present, verified, prepared, missing or stale")):
        p = verbs.add_parser(verb, help=text)
        _add_locations(p)
        p.add_argument("--build", choices=["GRCh37", "GRCh38"])
        p.add_argument("--only", action="append", help="database id(s), comma-separated or repeated")
        p.add_argument("--opt-in", action="store_true", help="include licence-restricted optional sources")
        if verb == "prepare":
            p.add_argument("--discard-raw", action="store_true",
                           help="delete each raw download once its prepared form is written (checksums are kept)")
        if verb in ("fetch", "prepare"):
            p.add_argument("--mirror", help="local directory or base URL laid out as <host>/<path> of the URLs")
            p.add_argument("--retries", type=int, default=4)
            p.add_argument("--backoff", type=float, default=1.0, help="first retry wait in seconds (doubles)")
        if verb == "plan":
            p.add_argument("--bandwidth", default="100Mbit", help="download speed (100Mbit, 1Gbit, 50MB/s)")
        p.set_defaults(func=func)
    p = verbs.add_parser("import", help="verify and place a file downloaded by hand (licence-gated sources)")
    p.add_argument("id", help="manifest id of the database")
    p.add_argument("file", type=Path, help="the downloaded file")
    p.add_argument("--name", help="which of the database's files it is (default: by file name)")
    _add_locations(p)
    p.set_defaults(func=cmd_import)
