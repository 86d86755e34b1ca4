"""A case whose declared sex contradicts its chrX genotypes is flagged in the report."""

from conftest import run_snakemake, write_workflow_dir


def test_declared_female_with_a_male_x_is_flagged(tmp_path):
    vcf = tmp_path / "male-x.vcf"
    lines = ["##fileformat=VCFv4.2", "##contig=<ID=X,length=155270560>",
             '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1"]
    # 30 homozygous-ALT calls outside the pseudo-autosomal regions, no heterozygous one: a male X
    lines += [f"X\t{20_000_000 + 1000 * i}\t.\tA\tG\t50\tPASS\t.\tGT\t1/1" for i in range(30)]
    vcf.write_text("\n".join(lines) + "\n")
    workdir = write_workflow_dir(tmp_path / "run", [{"case_id": "sexcheck", "vcf": str(vcf), "proband": "S1",
                                                     "build": "GRCh37", "hpo_terms": "HP:0001250", "sex": "female"}])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (workdir / "results" / "sexcheck" / "report.html").read_text()
    warnings = html[html.index('id="warnings"'):html.index("</div>", html.index('id="warnings"'))]
    assert "sex check: declared female" in warnings and "looks male" in warnings
    assert "male (0 het / 30 hom-ALT non-PAR calls)" in html
