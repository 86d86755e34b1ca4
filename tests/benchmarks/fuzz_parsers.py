#!/usr/bin/env python3
"""Mutation fuzzing of TRaaSer's own parsers for a set time; prints iterations and crashes.

    python tests/benchmarks/fuzz_parsers.py --minutes 10

Seeds are the real fixtures (PED, sample sheet, phenopacket, config, VCF headers, VCF records); each round
mutates one (byte flips, deleted/duplicated/swapped lines, inserted tabs and quotes, truncation)
and feeds it to its parser. A TraaserError is the expected refusal; any other exception is a
crash and is printed with its input (a reproducer is written next to --out).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from traaser.case import read_phenopacket, read_sample_sheet  # noqa: E402
from traaser.config import check_config  # noqa: E402
from traaser.counts import StepCounts  # noqa: E402
from traaser.errors import TraaserError  # noqa: E402
from traaser.normalize import check_references  # noqa: E402
from traaser.ped import read_ped  # noqa: E402
from traaser.vcf.header import vcf_contig_lengths, vcf_samples  # noqa: E402
from traaser.vcf.scan import scan_records  # noqa: E402


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(7)
        if choice == 0 and data:
            position = rng.randrange(len(data))
            data = data[:position] + bytes([rng.randrange(256)]) + data[position + 1:]
            lines = data.split(b"\n")
        elif choice == 1 and lines:
            del lines[rng.randrange(len(lines))]
        elif choice == 2 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif choice == 3 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif choice == 4 and lines:
            i = rng.randrange(len(lines))
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + rng.choice([b"\t", b" ", b'"', b"<script>", b"\r", b"\x00", b"\xff"]) + lines[i][cut:]
        elif choice == 5:
            data = b"\n".join(lines)
            lines = data[: rng.randrange(len(data) + 1)].split(b"\n")
        else:
            lines.append(rng.choice([b"", b"#", b"\t\t\t", b"x" * rng.randrange(1, 5000)]))
        data = b"\n".join(lines)
    return data


def targets(work: Path):
    """(name, seed bytes, file suffix, parser taking a path)."""
    data = REPO / "tests" / "data"

    def parse_config(path: Path):
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8", errors="replace"))
        except yaml.YAMLError:
            return
        check_config(loaded if isinstance(loaded, dict) else {"x": loaded}, str(path))

    def parse_vcf(path: Path):
        vcf_samples(path)
        vcf_contig_lengths(path)

    def read_records(path: Path):
        """The preflight record scan, then normalize's record pass against the demo reference."""
        scan_records(path, 0, "GRCh37")
        check_references(path, REPO / "resources" / "demo" / "GRCh37.demo.fa.gz", work / "kept.bcf",
                         work / "excluded.tsv", StepCounts("normalize"))
    records = b"".join((data / "bad" / name).read_bytes() for name in ("multiallelic.vcf",))
    return [
        ("ped", (data / "giab-trio" / "ashk-trio.ped").read_bytes(), ".ped", read_ped),
        ("sample sheet", (REPO / "config" / "samples.tsv").read_bytes(), ".tsv", read_sample_sheet),
        ("phenopacket", (data / "exomiser" / "pfeiffer-phenopacket.json").read_bytes(), ".json", read_phenopacket),
        ("config", (REPO / "config" / "config.yaml").read_bytes(), ".yaml", parse_config),
        ("vcf header", (data / "bad" / "crlf.vcf").read_bytes(), ".vcf", parse_vcf),
        ("vcf records", records + (data / "bad" / "star_and_symbolic_alleles.vcf").read_bytes().split(b"#CHROM")[1]
         .split(b"\n", 1)[1], ".vcf", read_records),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    deadline = time.monotonic() + 60 * args.minutes
    counts = {"runs": 0, "refused": 0, "accepted": 0, "crashes": 0}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fuzz_targets = targets(work)
        while time.monotonic() < deadline:
            name, seed, suffix, parse = rng.choice(fuzz_targets)
            data = mutate(seed, rng)
            path = work / f"input{suffix}"
            path.write_bytes(data)
            counts["runs"] += 1
            try:
                parse(path)
                counts["accepted"] += 1
            except TraaserError:
                counts["refused"] += 1
            except Exception:  # noqa: BLE001 - any other exception is the finding
                counts["crashes"] += 1
                args.out.mkdir(parents=True, exist_ok=True)
                reproducer = args.out / f"crash-{counts['crashes']}{suffix}"
                reproducer.write_bytes(data)
                print(f"CRASH in {name} parser, input saved to {reproducer}:\n{traceback.format_exc()}", flush=True)
    print(f"fuzzed for {args.minutes:g} min: {counts['runs']:,} inputs, {counts['refused']:,} refused with a "
          f"message, {counts['accepted']:,} accepted, {counts['crashes']} crashes")
    return 1 if counts["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
