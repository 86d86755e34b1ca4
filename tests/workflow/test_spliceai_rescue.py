"""A deep intronic variant whose SpliceAI score predicts a splice change, end to end through the
real workflow (bcftools norm and csq, annotate, prioritize, report) on the demo trio.

The variant is synthetic: a paternally inherited T>G 47 bp into BICC1 intron 3 (GRCh37
10:60461950; REF read from the bundled demo FASTA) with a SpliceAI INFO value written for this
test, as a site that runs SpliceAI before TRaaSer would give it. Only the mechanics are checked.
"""

import csv
import gzip

import pysam

from conftest import DEMO, DEMO_ROW, run_snakemake, write_workflow_dir

SITE = ("10", 60461950, "T", "G")
SPLICEAI = "G|BICC1|0.00|0.00|0.62|0.00|0|0|-47|0"


def demo_vcf_with_the_intronic_variant(path):
    with gzip.open(DEMO / "case" / "demo-trio.GRCh37.vcf.gz", "rt") as handle:
        lines = handle.read().splitlines()
    header = [line for line in lines if line.startswith("#")]
    records = [line for line in lines if not line.startswith("#")]
    header.insert(-1, '##INFO=<ID=SpliceAI,Number=.,Type=String,Description="SpliceAI variant annotation. '
                      'Format: ALLELE|SYMBOL|DS_AG|DS_AL|DS_DG|DS_DL|DP_AG|DP_AL|DP_DG|DP_DL">')
    chrom, pos, ref, alt = SITE
    records.append(f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t500\tPASS\tSpliceAI={SPLICEAI}\tGT:AD:DP:GQ\t"
                   "0/1:15,15:30:99\t0/1:16,14:30:99\t0/0:30,0:30:90")
    order = {name: i for i, name in enumerate(["1", "2", "10", "X"])}
    records.sort(key=lambda r: (order.get(r.split("\t")[0], 99), int(r.split("\t")[1])))
    plain = path.with_suffix("")
    plain.write_text("\n".join(header + records) + "\n")
    pysam.tabix_compress(str(plain), str(path), force=True)
    pysam.tabix_index(str(path), preset="vcf", force=True)
    return path


def test_a_predicted_splice_change_stays_a_candidate_and_says_why(tmp_path):
    vcf = demo_vcf_with_the_intronic_variant(tmp_path / "demo-splice.vcf.gz")
    workdir = write_workflow_dir(tmp_path / "run", [DEMO_ROW | {"case_id": "splice", "vcf": str(vcf)}])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-4000:]
    with open(workdir / "results" / "splice" / "candidates.tsv") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("##")), delimiter="\t"))
    chrom, pos, ref, alt = SITE
    row = next(r for r in rows if (r["chrom"], r["pos"], r["ref"], r["alt"]) == (chrom, str(pos), ref, alt))
    assert row["consequence"] == "intron_variant", "bcftools csq names it intronic; only SpliceAI keeps it"
    assert "PP3" in row["acmg_criteria"], "SpliceAI 0.62 >= spliceai_pp3_min: PP3 (splicing)"
    assert "splicing: SpliceAI predicts a splice change" in row["explanation"]
    assert rows[0]["gene"] == "BICC1", "the de novo stop-gain still explains the case"
