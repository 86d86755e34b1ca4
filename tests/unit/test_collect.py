"""Candidate collection (traaser/collect.py): every record is a candidate or a counted exclusion,
never silently lost."""

from pathlib import Path

import pytest

from traaser import collect
from traaser.case import Case
from traaser.config import check_config
from traaser.counts import StepCounts
from traaser.phenotype.ontology import ResolvedTerm
from traaser.settings import AcmgSettings, PrioritizeSettings

HEADER = """##fileformat=VCFv4.2
##contig=<ID=1,length=249250621>
##FILTER=<ID=LowQual,Description="low quality">
##INFO=<ID=BCSQ,Number=.,Type=String,Description="Consequence. Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">
##INFO=<ID=GNOMAD_AF,Number=A,Type=Float,Description="gnomAD AF">
##INFO=<ID=SpliceAI,Number=.,Type=String,Description="SpliceAI. Format: ALLELE|SYMBOL|DS_AG|DS_AL|DS_DG|DS_DL|DP_AG|DP_AL|DP_DG|DP_DL">
##INFO=<ID=CV_CLNSIG,Number=.,Type=String,Description="ClinVar significance">
##INFO=<ID=CV_GENEINFO,Number=1,Type=String,Description="ClinVar gene">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID
"""
MISSENSE = "BCSQ=missense|GENE1|ENST1|protein_coding|+|10A>10V|100C>T"
RECORDS = [
    (f"1\t100\t.\tC\tT\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t0/1:10,10:20:99", None),
    (f"1\t200\t.\tC\t<DEL>\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.NOT_ASSESSED),
    (f"1\t300\t.\tC\t*\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.NOT_ASSESSED),
    (f"1\t400\t.\tC\tT\t50\tLowQual\t{MISSENSE}\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.FILTERED),
    (f"1\t500\t.\tC\tT\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t./.:.:.:.", collect.NO_CALL),
    (f"1\t600\t.\tC\tT\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t./1:0,10:10:50", collect.NO_CALL),
    (f"1\t700\t.\tC\tT\t50\tPASS\t{MISSENSE}\tGT:AD:DP:GQ\t0/0:20,0:20:99", collect.NOT_CARRIED),
    ("1\t800\t.\tC\tT\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.NO_GENE),
    ("1\t900\t.\tC\tT\t50\tPASS\tBCSQ=intron|GENE1||protein_coding\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.LOW_IMPACT),
    (f"1\t1000\t.\tC\tT\t50\tPASS\t{MISSENSE};GNOMAD_AF=0.2\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.COMMON),
    ("1\t1100\t.\tC\tT\t50\tPASS\tBCSQ=intron|GENE2||protein_coding;GNOMAD_AF=0.2;CV_CLNSIG=Pathogenic;"
     "CV_GENEINFO=GENE2:1\tGT:AD:DP:GQ\t1/1:0,20:20:99", None),
    # keep_spliceai_min 0.2 (Walker 2023 splicing threshold): a deep intronic variant predicted to
    # change splicing stays a candidate; one below the threshold is low impact as before.
    ("1\t1200\t.\tC\tT\t50\tPASS\tBCSQ=intron|GENE1||protein_coding;SpliceAI=T|GENE1|0.00|0.00|0.45|0.00|0|0|-30|0"
     "\tGT:AD:DP:GQ\t0/1:10,10:20:99", None),
    ("1\t1300\t.\tC\tT\t50\tPASS\tBCSQ=intron|GENE1||protein_coding;SpliceAI=T|GENE1|0.01|0.00|0.19|0.00|0|0|-30|0"
     "\tGT:AD:DP:GQ\t0/1:10,10:20:99", collect.LOW_IMPACT),
]


@pytest.fixture()
def vcf(tmp_path) -> Path:
    path = tmp_path / "in.vcf"
    path.write_text(HEADER + "".join(r + "\n" for r, _ in RECORDS))
    return path


def test_each_record_is_kept_or_excluded_for_its_reason(vcf):
    config = check_config({}, "test")
    settings = PrioritizeSettings.from_config(config["prioritize"])
    acmg = AcmgSettings.from_config(config["acmg"])
    case = Case("c", vcf, "KID", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], sex="male",
                samples=["KID"])
    counts = StepCounts("prioritize")
    candidates, family, _ = collect.collect_candidates(vcf, case, settings, acmg, counts)
    expected = {}
    for _, reason in RECORDS:
        if reason:
            expected[reason] = expected.get(reason, 0) + 1
    assert dict(counts.excluded) == expected
    assert [c.pos for c in candidates] == [100, 1100, 1200]
    assert [c.splice_predicted for c in candidates] == [False, False, True], "SpliceAI 0.45 >= keep_spliceai_min"
    assert candidates[1].gene == "GENE2", "ClinVar P/LP keeps a record whatever its consequence and frequency"
    counts.check()
    assert not family.trio


def test_keep_spliceai_min_null_keeps_no_low_impact_record(vcf):
    """prioritize.keep_spliceai_min null: the SpliceAI rescue is off, the deep intronic record with
    max delta 0.45 is low impact like any other."""
    config = check_config({"prioritize": {"keep_spliceai_min": None}}, "test")
    settings = PrioritizeSettings.from_config(config["prioritize"])
    case = Case("c", vcf, "KID", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], sex="male",
                samples=["KID"])
    counts = StepCounts("prioritize")
    candidates, _, _ = collect.collect_candidates(vcf, case, settings, AcmgSettings.from_config(config["acmg"]), counts)
    assert [c.pos for c in candidates] == [100, 1100] and counts.excluded[collect.LOW_IMPACT] == 3


@pytest.mark.parametrize("format_dp, sample, expected, rule", [
    (True, "0/1:0,148:229:99", (229, 0, 148),
     "a split multi-allelic call: AD keeps REF and this ALT only, FORMAT/DP still counts every read"),
    (True, "0/1:10,10:.:99", (20, 10, 10), "FORMAT/DP missing for the sample: the AD sum"),
    (False, "0/1:10,10:.:99", (20, 10, 10), "the header declares no FORMAT/DP: the AD sum"),
    (True, "0/1:10,10:18:99", (18, 10, 10), "FORMAT/DP below the AD sum is still the depth the caller gives"),
])
def test_a_call_depth_is_format_dp_where_given(tmp_path, format_dp, sample, expected, rule):
    from cyvcf2 import VCF
    header = HEADER if format_dp else HEADER.replace('##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n', "")
    fields = "GT:AD:DP:GQ" if format_dp else "GT:AD:GQ"
    value = sample if format_dp else ":".join(p for i, p in enumerate(sample.split(":")) if i != 2)
    path = tmp_path / "dp.vcf"
    path.write_text(header + f"1\t100\t.\tC\tT\t50\tPASS\t{MISSENSE}\t{fields}\t{value}\n")
    reader = VCF(str(path), gts012=False)
    assert (collect.declared_number(reader, "DP") is not None) == format_dp
    call = collect.read_calls(next(iter(reader)), {"KID": 0}, ["KID"], format_dp)["KID"]
    assert (call.dp, call.ref_reads, call.alt_reads) == expected, rule
