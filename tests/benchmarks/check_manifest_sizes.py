"""Compare the manifest's sizes and MD5s with the publishers' figures collected in the team's
RESOURCES-FACTS.md (appendix A: gnomAD v4.1 per-chromosome sizes and MD5s; section 2: gnomAD
v2.1.1), and print every file with its ratio. Usage:

    python tests/benchmarks/check_manifest_sizes.py ../shared/docs/RESOURCES-FACTS.md

Exits non-zero when a size is more than 2% off or an MD5 differs. Sizes listed in GiB/MiB are
converted with 2^30 / 2^20 bytes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser.resources.manifest import Manifest  # noqa: E402

UNITS = {"GiB": 2**30, "MiB": 2**20}


def published(facts: str) -> dict[str, tuple[int, str]]:
    """File name -> (published bytes, published MD5)."""
    figures: dict[str, tuple[int, str]] = {}
    for kind in ("exomes", "genomes"):
        section = facts.split(f"### gnomAD v4.1 {kind}:")[1].split("###")[0].split("Joint")[0]
        for m in re.finditer(r"^\| (chr\w+) \| ([\d.]+) (GiB|MiB) \([\d.]+ GB\) \| `([0-9a-f]{32})` \|", section, re.M):
            chrom, value, unit, md5 = m.groups()
            figures[f"gnomad.{kind}.v4.1.sites.{chrom}.vcf.bgz"] = (round(float(value) * UNITS[unit]), md5)
    for kind in ("exomes", "genomes"):
        m = re.search(rf"gnomad\.{kind}\.r2\.1\.1\.sites\.vcf\.bgz[^|]*\|[^|]*\|[^|]*\*\*([\d.]+) GiB, MD5 `([0-9a-f]{{32}})`",
                      facts)
        if m:
            figures[f"gnomad.{kind}.r2.1.1.sites.vcf.bgz"] = (round(float(m.group(1)) * 2**30), m.group(2))
    return figures


def main() -> int:
    facts = Path(sys.argv[1]).read_text(encoding="utf-8")
    figures = published(facts)
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    bad = 0
    print("file\tmanifest_bytes\tpublished_bytes\tratio\tmd5")
    for db in manifest.databases.values():
        for spec in db.files:
            if spec.name not in figures:
                continue
            size, md5 = figures[spec.name]
            ratio = spec.size_estimate / size
            md5_ok = spec.checksum_value == md5
            bad += abs(ratio - 1) > 0.02 or not md5_ok
            print(f"{spec.name}\t{spec.size_estimate}\t{size}\t{ratio:.4f}\t{'same' if md5_ok else 'DIFFERS'}")
    print(f"# {len(figures)} published figures, {bad} off by more than 2% or with another MD5")
    return 1 if bad or not figures else 0


if __name__ == "__main__":
    sys.exit(main())
