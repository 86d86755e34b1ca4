"""Preflight: wrong build and contig naming are refused with both numbers and the fix."""

from pathlib import Path

import pytest

from traaser.config import load_config
from traaser.errors import GenomeBuildError
from traaser.plan import load_plan
from traaser.preflight import check_case as check_one_case

from conftest import DATA, write_workflow_dir

UDN = DATA / "giab-trio" / "udn-trio-comphet.GRCh38.vcf"


def plan_for(tmp_path, row):
    workdir = write_workflow_dir(tmp_path, [row])
    return load_plan(load_config(workdir / "config" / "config.yaml"))


def check_case(plan, case_id):
    """What the preflight job of ``case_id`` does with what its rule gives it."""
    return check_one_case(plan.cases[case_id], plan.roles_of(case_id), plan.resources_dir)


def udn_proband():
    return UDN.read_text().split("#CHROM")[1].splitlines()[0].split("\t")[9]


def test_grch38_vcf_declared_grch37_is_refused(tmp_path):
    """chr1 is 248,956,422 bp in GRCh38; a sheet saying GRCh37 fails at load, before any job,
    with both builds named."""
    with pytest.raises(GenomeBuildError) as info:
        plan_for(tmp_path, {"case_id": "udn", "vcf": str(UDN), "proband": udn_proband(), "build": "GRCh37",
                            "hpo_terms": "HP:0001250"})
    message = str(info.value)
    assert "GRCh38" in message and "GRCh37" in message and "248,956,422" in message and "Fix:" in message


def test_chr_prefixed_contigs_are_mapped_through_the_alias_table(tmp_path):
    """chr1 in the VCF, 1 in the reference: renamed (with a warning), not refused."""
    import pysam

    from traaser.normalize import normalize

    from conftest import DEMO
    with pysam.FastaFile(str(DEMO / "GRCh37.demo.fa.gz")) as fasta:
        ref = fasta.fetch("1", 870000, 870001)      # the real base at 1:870001 (SAMD11)
    alt = "G" if ref != "G" else "A"
    vcf = tmp_path / "chr.vcf"
    vcf.write_text("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=249250621>\n"
                   '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                   f"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\nchr1\t870001\t.\t{ref}\t{alt}\t.\t.\t.\tGT\t0/1\n")
    plan = plan_for(tmp_path, {"case_id": "c", "vcf": str(vcf), "proband": "S", "build": "GRCh37",
                               "hpo_terms": "HP:0001250"})
    record = check_case(plan, "c")
    assert record.contig_renames == {"chr1": "1"}
    assert any("chr1 -> 1" in w for w in record.warnings)
    out = tmp_path / "n.bcf"
    counts = normalize(vcf, Path(record.databases["reference"]["path"]), out, tmp_path / "c.json",
                       tmp_path / "x.tsv", 0.5, record.contig_renames)
    assert [r.chrom for r in pysam.VariantFile(str(out))] == ["1"]
    assert counts.notes["contigs renamed through the alias table"] == 1


def test_demo_case_record_holds_provenance(tmp_path):
    from conftest import DEMO_ROW
    record = check_case(plan_for(tmp_path, DEMO_ROW), "demo-trio")
    assert record.case.proband == "HG002" and record.case.sex == "male"
    assert {"reference", "annotation", "clinvar", "gnomad", "constraint", "hpo"} <= set(record.databases)
    assert all(len(db["sha256"]) == 64 for db in record.databases.values())
    assert record.software["bcftools"] not in ("", "unknown") and "traaser" in record.software
    assert "hpo_terms" not in record.to_json()["case"], "a phenotype change must not change the case record"


def _mixed_header_vcf(path: Path, grch38_contig: str, record_contig: str) -> Path:
    """##contig lines with GRCh37 lengths except ``grch38_contig`` (GRCh38 length); one record."""
    from traaser.vcf.contigs import chromosomes
    lengths = {(c.build, c.ensembl): c.length for c in chromosomes()}
    header = "".join(f"##contig=<ID={name},length={lengths[('GRCh38' if name == grch38_contig else 'GRCh37', name)]}>\n"
                     for name in ("1", "2", "3", "4", "10", "X"))
    path.write_text("##fileformat=VCFv4.2\n" + header
                    + '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                    + f"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n{record_contig}\t870001\t.\tN\tA\t.\t.\t.\tGT\t0/1\n")
    return path


def test_contig_with_records_declaring_another_builds_length_is_refused(tmp_path):
    """Regression: the build was a majority vote over all ##contig lines, so a VCF whose contig with
    records declares its GRCh38 length (248,956,422 bp) among GRCh37 lines ran as GRCh37 unremarked.
    Each declared length is now compared with the reference's contig of the same chromosome."""
    vcf = _mixed_header_vcf(tmp_path / "mixed.vcf", grch38_contig="1", record_contig="1")
    plan = plan_for(tmp_path, {"case_id": "c", "vcf": str(vcf), "proband": "S", "build": "GRCh37",
                               "hpo_terms": "HP:0001250"})
    with pytest.raises(GenomeBuildError) as info:
        check_case(plan, "c")
    message = str(info.value)
    assert "##contig 1 declares 248,956,422 bp, the length of 1 on GRCh38" in message
    assert "reference's 1 is 249,250,621 bp" in message and "Fix:" in message


def test_contig_without_records_declaring_another_length_is_a_warning(tmp_path):
    """The same disagreement on a contig with no records cannot mislead a result: a warning names it."""
    vcf = _mixed_header_vcf(tmp_path / "mixed.vcf", grch38_contig="2", record_contig="1")
    plan = plan_for(tmp_path, {"case_id": "c", "vcf": str(vcf), "proband": "S", "build": "GRCh37",
                               "hpo_terms": "HP:0001250"})
    record = check_case(plan, "c")
    assert any("##contig 2 declares 242,193,529 bp, the length of 2 on GRCh38" in w for w in record.warnings)
