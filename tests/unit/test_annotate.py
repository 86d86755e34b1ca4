"""Annotation by streaming join with the real ClinVar and gnomAD subsets of the demo."""

from pathlib import Path

import pysam

from traaser.annotate.databases import annotate

from conftest import DEMO

CLINVAR = DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz"
GNOMAD = DEMO / "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz"
FIELDS = {"AF": "AF", "AC": "AC", "AN": "AN", "nhomalt": "nhomalt", "FAF": "faf95", "AF_GRPMAX": "AF_popmax"}
VCF = """##fileformat=VCFv4.2
##contig=<ID=1,length=249250621>
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
1\t877831\t.\tT\tC\t.\t.\t.
1\t55505651\t.\tC\tT\t.\t.\t.
1\t55505651\t.\tC\tG\t.\t.\t.
"""


def bgzipped(tmp_path):
    """The test VCF, bgzip-compressed and indexed, as the workflow's steps hand it on."""
    plain = tmp_path / "in.vcf"
    plain.write_text(VCF)
    return Path(pysam.tabix_index(str(plain), preset="vcf", force=True))


def test_clinvar_and_gnomad_fields_match_exact_alleles(tmp_path):
    vcf = bgzipped(tmp_path)
    out = tmp_path / "out.bcf"
    counts = annotate(vcf, out, tmp_path / "c.json", clinvar=CLINVAR, gnomad=GNOMAD, gnomad_fields=FIELDS)
    assert counts.records_in == counts.records_out == 3
    records = {(r.pos, r.alts[0]): r.info for r in pysam.VariantFile(str(out))}
    samd11 = records[(877831, "C")]
    assert samd11["CV_CLNSIG"] == ("Benign",) and samd11["CV_GENEINFO"] == "SAMD11:148398"
    pcsk9 = records[(55505651, "T")]
    assert abs(pcsk9["GNOMAD_AF"][0] - 0.0100399) < 1e-6 and pcsk9["GNOMAD_NHOMALT"][0] == 14
    assert abs(pcsk9["GNOMAD_FAF"][0] - 0.00967096) < 1e-7
    assert "GNOMAD_AF" not in records[(55505651, "G")], "a different ALT at the same position is not annotated"


def test_missing_database_is_a_warning_not_a_silent_gap(tmp_path):
    vcf = bgzipped(tmp_path)
    counts = annotate(vcf, tmp_path / "o.bcf", tmp_path / "c.json", clinvar=CLINVAR, gnomad=None, gnomad_fields={})
    assert any("gnomAD" in w for w in counts.warnings)
