#!/usr/bin/env python3
"""Throughput of the per-record steps on a generated VCF (figures, not assertions).

    python tests/benchmarks/throughput.py [--records 200000]

Generates a single-sample GRCh37 VCF of SNVs on contig 1 (REF taken from the demo reference,
so every record is N-region "unverifiable" except inside SAMD11), then times normalize,
consequences (bcftools csq), annotate and the prioritize candidate pass, and prints records/s
and peak RSS of this process.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import pysam

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser.annotate.consequence import predict  # noqa: E402
from traaser.annotate.databases import annotate  # noqa: E402
from traaser.case import Case  # noqa: E402
from traaser.collect import collect_candidates  # noqa: E402
from traaser.config import check_config  # noqa: E402
from traaser.counts import StepCounts  # noqa: E402
from traaser.normalize import normalize  # noqa: E402
from traaser.phenotype.ontology import ResolvedTerm  # noqa: E402
from traaser.settings import AcmgSettings, PrioritizeSettings  # noqa: E402

DEMO = REPO / "resources" / "demo"


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    positions = sorted(rng.sample(range(100_000, 249_000_000), n))
    with pysam.FastaFile(str(DEMO / "GRCh37.demo.fa.gz")) as fasta:
        sequence = fasta.fetch("1")
    with open(path, "w") as out:
        out.write("##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n"
                  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                  '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="GQ">\n'
                  "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n")
        for pos in positions:
            ref = sequence[pos - 1]
            alt = "A" if ref != "A" else "C"
            out.write(f"1\t{pos}\t.\t{ref}\t{alt}\t50\tPASS\t.\tGT:GQ\t{rng.choice(['0/1', '1/1', '0/1'])}:60\n")


def timed(label: str, n: int, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:28} {n:>9,} records {seconds:7.2f} s {n / seconds:>10,.0f} records/s")
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args(argv)
    config = check_config({}, "defaults")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        vcf = work / "generated.vcf"
        generate(vcf, args.records)
        normalized = work / "normalized.bcf"
        timed("normalize (REF check + norm)", args.records, normalize, vcf, DEMO / "GRCh37.demo.fa.gz", normalized,
              work / "n.json", work / "n.tsv", 0.05)
        csq = work / "csq.bcf"
        timed("consequences (bcftools csq)", args.records, predict, normalized, DEMO / "GRCh37.demo.fa.gz",
              DEMO / "GRCh37.demo.gff3.gz", csq, work / "c.json")
        annotated = work / "annotated.bcf"
        timed("annotate (ClinVar + gnomAD)", args.records, annotate, csq, annotated, work / "a.json",
              clinvar=DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz",
              gnomad=DEMO / "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz",
              gnomad_fields={"AF": "AF", "AC": "AC", "AN": "AN", "nhomalt": "nhomalt", "FAF": "faf95"})
        case = Case("bench", vcf, "S", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], samples=["S"])
        timed("prioritize candidate pass", args.records, collect_candidates, annotated, case,
              PrioritizeSettings.from_config(config["prioritize"]), AcmgSettings.from_config(config["acmg"]),
              StepCounts("prioritize"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:,.0f} MiB (the normalize REF check holds one contig, 249 Mbp)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
