"""`traaser bench` end to end on the real GIAB trio background, with one hand-written case.

The case uses the six HPO terms of the Exomiser Pfeiffer phenopacket (tests/data) and a
synthetic FGFR2 missense placed at the real Pfeiffer position (GRCh37 10:123256215 T>G); its
protein change is invented for the test, so only the mechanics are checked, not biology.
"""

import csv
import json

from traaser.cli import main

from conftest import DATA, HPO_DIR

CASE = {
    "case_id": "pfeiffer-test", "genes": ["FGFR2"], "subject_sex": "MALE",
    "moi": [{"id": "HP:0000006", "label": "Autosomal dominant inheritance"}],
    "hpo_present": [{"id": t["type"]["id"]} for t in
                    json.loads((DATA / "exomiser" / "pfeiffer-phenopacket.json").read_text())["phenotypicFeatures"]],
    "hpo_excluded": [],
    "variants": [{"chrom_grch37": "10", "pos_grch37": 123256215, "ref_grch37": "T", "alt_grch37": "G",
                  "zygosity": "heterozygous", "hgvs_c": "NM_000141.5:c.1025G>C", "hgvs_p": "NP_000132.3:p.(Cys342Ser)"}],
}


def run(tmp_path, *extra):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(CASE) + "\n")
    out = tmp_path / "out"
    assert main(["bench", "--cases", str(cases), "--out", str(out), "--hpo", str(HPO_DIR), *extra]) == 0
    with open(out / "per_case.tsv") as handle:
        return list(csv.DictReader(handle, delimiter="\t")), out


def test_spike_into_the_trio_ranks_the_causal_gene_first(tmp_path):
    rows, out = run(tmp_path, "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"),
                    "--ped", str(DATA / "giab-trio" / "ashk-trio.ped"))
    assert rows[0]["gene_rank"] == "1" and rows[0]["variant_rank"] == "1"
    assert "consequence from HGVS" in rows[0]["note"]
    assert (out / "rank_histogram.svg").read_text().startswith("<svg")
    summary = list(csv.DictReader(open(out / "summary.tsv"), delimiter="\t"))
    assert {(r["rank"], r["subset"]) for r in summary} == {
        (rank, subset) for rank in ("gene_rank", "variant_rank") for subset in ("all", "annotated", "unannotated")}


def test_phenotype_only_mode(tmp_path):
    rows, _ = run(tmp_path, "--mode", "phenotype")
    assert int(rows[0]["gene_rank"]) <= 3 and rows[0]["annotated"] == "yes" and rows[0]["terms_used"] == "6"
