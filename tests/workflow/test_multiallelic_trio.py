"""A multi-allelic site in a GATK 3-style trio VCF (FORMAT/AD declared Number=.) keeps each
allele's reads through normalization, so the de novo gate judges each ALT by its own reads.

The demo trio with its BICC1 de novo stop-gain (10:60461855 C>T) made a three-allele site: the
father carries a second ALT (G) that the child does not have. Before normalization kept AD sums
(bcftools norm --keep-sum AD, with AD re-declared Number=R), the split T record copied the whole
AD vector, the father's 14 G reads were read as T reads, and BICC1 lost its de novo (PS2)."""

import gzip
import json

from conftest import DEMO, DEMO_ROW, run_snakemake, write_workflow_dir

SITE = "10\t60461855\t"
#: the demo's BICC1 record with a second ALT: child 0/1 (2 stray G reads), father 0/2, mother 0/0
THREE_ALLELES = ("10\t60461855\t.\tC\tT,G\t500\tPASS\tSPIKED=demo\tGT:AD:DP:GQ\t"
                 "0/1:17,15,2:34:99\t0/2:16,0,14:30:90\t0/0:31,0,0:31:90")


def test_a_de_novo_allele_beside_a_parents_other_allele_keeps_its_own_reads(tmp_path):
    lines = gzip.decompress((DEMO / "case" / "demo-trio.GRCh37.vcf.gz").read_bytes()).decode().splitlines()
    assert sum(line.startswith(SITE) for line in lines) == 1
    rewritten = [THREE_ALLELES if line.startswith(SITE)
                 else line.replace("##FORMAT=<ID=AD,Number=R,", "##FORMAT=<ID=AD,Number=.,") for line in lines]
    assert any(line.startswith("##FORMAT=<ID=AD,Number=.,") for line in rewritten)
    vcf = tmp_path / "gatk3-style.vcf"
    vcf.write_text("\n".join(rewritten) + "\n")
    workdir = write_workflow_dir(tmp_path / "run", [DEMO_ROW | {"case_id": "multiallelic", "vcf": str(vcf)}])
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-4000:]
    results = workdir / "results" / "multiallelic"
    notes = json.loads((results / "counts" / "normalize.json").read_text())["notes"]
    assert notes["multi-allelic records split"] == 1
    assert notes["FORMAT/AD declared Number=. read as one depth per allele (Number=R)"] == 1
    candidates = {c["key"]: c for c in json.loads((results / "candidates.json").read_text())["candidates"]}
    bicc1 = candidates["10:60461855:C:T"]
    # the T record's REF count holds the other allele's reads: the child's 2 G reads, the father's 14
    assert bicc1["genotypes"]["HG002"]["ad"] == [19, 15]
    assert bicc1["genotypes"]["HG003"] == {"gt": "0/0", "gq": 90, "dp": 30, "ad": [30, 0]}
    assert bicc1["inheritance"]["de_novo"] == "confirmed", bicc1["inheritance"]
    assert bicc1["gene_rank"] == 1
    assert "10:60461855:C:G" not in candidates, "the child does not carry G"
