#!/usr/bin/env python3
"""Grid search of the ranking's few parameters on the development cases (spike-in, GIAB trio).

    python tests/benchmarks/fit_ranking.py --cases ../shared/bench/dev_cases.jsonl \\
        --background tests/data/giab-trio/ashk-trio.GRCh37.vcf.gz --ped tests/data/giab-trio/ashk-trio.ped

For each (phenotype_weight, incompatible_inheritance_factor) it runs the trio and the
proband-only benchmark and prints top-1/top-5 over annotated and all cases. The chosen values
go into config/config.yaml (and the schema defaults) by hand, with the table in the note.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser.bench import BenchOptions, run_bench  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, required=True)
    parser.add_argument("--background", type=Path, required=True)
    parser.add_argument("--ped", type=Path, required=True)
    parser.add_argument("--phenotype-weights", default="0.5,0.6,0.7")
    parser.add_argument("--factors", default="0.3,0.5,0.7")
    args = parser.parse_args(argv)
    base = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    print("phenotype_weight\tfactor\tmode\tann_top1\tann_top5\tall_top1\tall_top5")
    with tempfile.TemporaryDirectory() as tmp:
        for weight in map(float, args.phenotype_weights.split(",")):
            for factor in map(float, args.factors.split(",")):
                config = dict(base, prioritize=dict(base["prioritize"], phenotype_weight=weight,
                                                    incompatible_inheritance_factor=factor))
                path = Path(tmp) / "config.yaml"
                path.write_text(yaml.safe_dump(config))
                for proband_only in (False, True):
                    rows = run_bench(BenchOptions(args.cases, Path(tmp) / "out", "spike", configfile=path,
                                                  background=args.background, ped=args.ped,
                                                  proband_only=proband_only))
                    genes = {r["subset"]: r for r in rows if r["rank"] == "gene_rank"}
                    print(f"{weight}\t{factor}\t{'single' if proband_only else 'trio'}\t{genes['annotated']['top1']}\t"
                          f"{genes['annotated']['top5']}\t{genes['all']['top1']}\t{genes['all']['top5']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
