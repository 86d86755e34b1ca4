"""Preflight: wrong build and contig naming are refused with both numbers and the fix."""

import pytest

from conftest import DATA, write_workflow_dir
from traaser.config import load_config
from traaser.errors import GenomeBuildError
from traaser.preflight import check_case
from traaser.workflow import load_plan

UDN = DATA / "giab-trio" / "udn-trio-comphet.GRCh38.vcf"


def plan_for(tmp_path, row):
    workdir = write_workflow_dir(tmp_path, [row])
    return load_plan(load_config(workdir / "config" / "config.yaml"))


def udn_proband():
    return UDN.read_text().split("#CHROM")[1].splitlines()[0].split("\t")[9]


def test_grch38_vcf_declared_grch37_is_refused(tmp_path):
    """chr1 is 248,956,422 bp in GRCh38; a sheet saying GRCh37 must fail with both builds named."""
    plan = plan_for(tmp_path, {"case_id": "udn", "vcf": str(UDN), "proband": udn_proband(), "build": "GRCh37",
                               "hpo_terms": "HP:0001250"})
    with pytest.raises(GenomeBuildError) as info:
        check_case(plan, "udn")
    message = str(info.value)
    assert "GRCh38" in message and "GRCh37" in message and "248,956,422" in message and "Fix:" in message


def test_chr_prefixed_contigs_against_ensembl_reference_are_refused(tmp_path):
    vcf = tmp_path / "chr.vcf"
    vcf.write_text("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=249250621>\n"
                   '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                   "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\nchr1\t870001\t.\tA\tG\t.\t.\t.\tGT\t0/1\n")
    plan = plan_for(tmp_path, {"case_id": "c", "vcf": str(vcf), "proband": "S", "build": "GRCh37",
                               "hpo_terms": "HP:0001250"})
    with pytest.raises(GenomeBuildError, match="ucsc style") as info:
        check_case(plan, "c")
    assert "--rename-chrs" in str(info.value)


def test_demo_case_record_holds_provenance(tmp_path):
    from conftest import DEMO_ROW
    record = check_case(plan_for(tmp_path, DEMO_ROW), "demo-trio")
    assert record["case"]["proband"] == "HG002" and record["case"]["sex"] == "male"
    assert {"reference", "annotation", "clinvar", "gnomad", "constraint", "hpo"} <= set(record["databases"])
    assert all(len(db["sha256"]) == 64 for db in record["databases"].values())
    assert record["software"]["bcftools"] not in ("", "unknown") and "traaser" in record["software"]
