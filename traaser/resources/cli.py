"""``traaser resources list | fetch | verify | prepare | status``."""

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
        print(f"{db.id:44} {db.kind:17} {db.build:6} {db.version[:12]:12} {size:>9}  {need:8} {db.licence}")
    print(f"total download of required entries: {human(total)} (~ marks the publishers' approximate sizes)")
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
    manifest, databases = _select(args)
    settings = FetchSettings(retries=args.retries, backoff=args.backoff, mirror=args.mirror, progress=sys.stderr)
    for db in databases:
        if db.bundled:
            continue
        fetch_database(db, args.dest, settings)
        if database_status(db, manifest, args.dest).state == "prepared":
            print(f"{db.id}: already prepared", file=sys.stderr)
            continue
        stamp = prepare_database(db, manifest, args.dest)
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


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("resources", help="list, fetch, verify, prepare and check databases")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb, func, text in (("list", cmd_list, "print every manifest entry with its size and licence"),
                             ("fetch", cmd_fetch, "download and verify"),
                             ("verify", cmd_verify, "re-hash fetched files"),
                             ("prepare", cmd_prepare, "fetch if needed, then index/normalize/reduce"),
                             ("status", cmd_status, "present, verified, prepared, missing or stale")):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("--manifest", type=Path, default=install.resource_file("manifest.yaml"),
                       help="resource manifest (default: the one shipped with TRaaSer)")
        p.add_argument("--build", choices=["GRCh37", "GRCh38"])
        p.add_argument("--only", action="append", help="database id(s), comma-separated or repeated")
        p.add_argument("--dest", type=Path, default=install.data_dir(),
                       help="resources directory (default: $TRAASER_DATA, else the per-user data directory)")
        p.add_argument("--opt-in", action="store_true", help="include licence-restricted optional sources")
        if verb in ("fetch", "prepare"):
            p.add_argument("--mirror", help="local directory or base URL laid out as <host>/<path> of the URLs")
            p.add_argument("--retries", type=int, default=4)
            p.add_argument("--backoff", type=float, default=1.0, help="first retry wait in seconds (doubles)")
        p.set_defaults(func=func)
