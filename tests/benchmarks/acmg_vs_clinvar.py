#!/usr/bin/env python3
"""Compare TRaaSer's ACMG class with ClinVar's for well-reviewed variants (>= 2 stars).

ClinVar's own assertion for a variant is never evidence for that variant: the protein index
used for PS1/PM5/PM1/PP2/BP1 leaves the variant's own record out, and no ClinVar field of the
scored record is read. Prints the 5x5 concordance table and criterion-level counts.

    python tests/benchmarks/acmg_vs_clinvar.py --clinvar clinvar.vcf.gz --fasta ref.fa.gz \\
        --gff3 genes.gff3.gz --build GRCh37 [--gnomad gnomad.vcf.gz --gnomad-fields AF=AF,...]

With no arguments it runs on the bundled demo data (ClinVar 2023 chr1 first 2,000 records,
regional GRCh37 reference: consequences exist only in SAMD11; no overlapping gnomAD).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pysam

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser import bcftools  # noqa: E402
from traaser.acmg.standalone import StandaloneInputs, classify_vcf  # noqa: E402
from traaser.annotate.clinvar_index import build_index, stars_of  # noqa: E402
from traaser.annotate.databases import annotate  # noqa: E402
from traaser.config import check_config  # noqa: E402
from traaser.settings import AcmgSettings  # noqa: E402

CLASSES = ["Pathogenic", "Likely pathogenic", "Uncertain significance", "Likely benign", "Benign"]
CLINVAR_CLASS = {"Pathogenic": "Pathogenic", "Likely_pathogenic": "Likely pathogenic",
                 "Uncertain_significance": "Uncertain significance", "Likely_benign": "Likely benign",
                 "Benign": "Benign"}
DEMO = REPO / "resources" / "demo"


def select(clinvar: Path, out: Path, min_stars: int) -> dict[str, str]:
    """Write the >= min_stars records with a single 5-tier class; returns key -> ClinVar class."""
    truth = {}
    with pysam.VariantFile(str(clinvar)) as source, pysam.VariantFile(str(out), "w", header=source.header) as target:
        for record in source:
            status = ",".join(record.info.get("CLNREVSTAT", ()))
            significance = "|".join(record.info.get("CLNSIG", ()))
            if stars_of(status) < min_stars or significance not in CLINVAR_CLASS or not record.alts:
                continue
            truth[f"{record.chrom}:{record.pos}:{record.ref}:{record.alts[0]}"] = CLINVAR_CLASS[significance]
            target.write(record)
    return truth


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clinvar", type=Path, default=DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz")
    parser.add_argument("--fasta", type=Path, default=DEMO / "GRCh37.demo.fa.gz")
    parser.add_argument("--gff3", type=Path, default=DEMO / "GRCh37.demo.gff3.gz")
    parser.add_argument("--build", default="GRCh37", choices=["GRCh37", "GRCh38"])
    parser.add_argument("--gnomad", type=Path)
    parser.add_argument("--gnomad-fields", default="", help="KEY=TAG,... (AF, AC, AN, nhomalt, FAF, AF_GRPMAX)")
    parser.add_argument("--constraint", type=Path, default=DEMO / "gnomad_constraints_v4.0_subset.tsv")
    parser.add_argument("--min-stars", type=int, default=2)
    args = parser.parse_args(argv)
    acmg = AcmgSettings.from_config(check_config({}, "defaults")["acmg"])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        index = work / "clinvar.index.tsv.gz"
        build_index(args.clinvar, args.fasta, args.gff3, index)
        selected = work / "selected.vcf"
        truth = select(args.clinvar, selected, args.min_stars)
        scored = work / "scored.bcf"
        bcftools.run("csq", "--no-version", "-f", str(args.fasta), "-g", str(args.gff3), "--local-csq", "--force",
                     "-Ob", "-o", str(scored), str(selected))
        bcftools.index(scored)
        if args.gnomad:
            fields = dict(item.split("=", 1) for item in args.gnomad_fields.split(",") if item)
            annotated = work / "gnomad.bcf"
            annotate(scored, annotated, work / "annotate.json", clinvar=None, gnomad=args.gnomad, gnomad_fields=fields)
            scored = annotated
        inputs = StandaloneInputs(args.build, None, "gnomAD", annotation=args.gff3, reference=args.fasta,
                                  constraint=args.constraint, clinvar_index=index,
                                  hpo_dir=DEMO / "hpo")
        prefix = work / "acmg"
        classify_vcf(scored, prefix, inputs, acmg)
        import json
        variants = json.loads(prefix.with_suffix(".json").read_text())["variants"]
    table: Counter[tuple[str, str]] = Counter()
    met: Counter[str] = Counter()
    not_evaluated: Counter[str] = Counter()
    for v in variants:
        key = f"{v['chrom']}:{v['pos']}:{v['ref']}:{v['alt']}"
        table[(truth[key], v["class"])] += 1
        for outcome in v["outcomes"]:
            if outcome["status"] == "met":
                met[outcome["code"]] += 1
            elif outcome["status"] == "not evaluated":
                not_evaluated[outcome["code"]] += 1
    width = 24
    print(f"ClinVar >= {args.min_stars} stars: {len(variants)} variants from {args.clinvar.name}")
    print("rows: ClinVar class; columns: TRaaSer class (Tavtigian points)")
    print(" " * width + "".join(f"{c[:12]:>13}" for c in CLASSES))
    for truth_class in CLASSES:
        print(f"{truth_class:<{width}}" + "".join(f"{table[(truth_class, c)]:>13}" for c in CLASSES))
    agree = sum(table[(c, c)] for c in CLASSES)
    print(f"exact agreement: {agree}/{len(variants)}")
    print("criterion: met / not evaluated")
    for code in sorted(set(met) | set(not_evaluated)):
        print(f"  {code:5} {met[code]:6} / {not_evaluated[code]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
