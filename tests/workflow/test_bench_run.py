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
    "case_id": "pfeiffer-test", "genes": ["FGFR2"], "subject_sex": "MALE", "disease_id": "OMIM:101600",
    "moi": [{"id": "HP:0000006", "label": "Autosomal dominant inheritance"}],
    "hpo_present": [{"id": t["type"]["id"]} for t in
                    json.loads((DATA / "exomiser" / "pfeiffer-phenopacket.json").read_text())["phenotypicFeatures"]],
    "hpo_excluded": [],
    "variants": [{"chrom_grch37": "10", "pos_grch37": 123256215, "ref_grch37": "T", "alt_grch37": "G",
                  "zygosity": "heterozygous", "hgvs_c": "NM_000141.5:c.1025G>C", "hgvs_p": "NP_000132.3:p.(Cys342Ser)"}],
}


def run(tmp_path, *extra, cases_in=(CASE,)):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps(c) + "\n" for c in cases_in))
    out = tmp_path / "out"
    assert main(["bench", "--cases", str(cases), "--out", str(out), "--hpo", str(HPO_DIR), *extra]) == 0
    with open(out / "per_case.tsv") as handle:
        return list(csv.DictReader(handle, delimiter="\t")), out


def test_spike_into_the_trio_ranks_the_causal_gene_first(tmp_path):
    rows, out = run(tmp_path, "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"),
                    "--ped", str(DATA / "giab-trio" / "ashk-trio.ped"), "--features")
    assert rows[0]["gene_rank"] == "1" and rows[0]["variant_rank"] == "1"
    assert rows[0]["own_disease"] == "yes", "the release links FGFR2 to Pfeiffer syndrome (OMIM:101600)"
    assert "consequence from HGVS" in rows[0]["note"]
    assert (out / "rank_histogram.svg").read_text().startswith("<svg")
    summary = list(csv.DictReader(open(out / "summary.tsv"), delimiter="\t"))
    assert {(r["rank"], r["subset"]) for r in summary} == {
        (rank, subset) for rank in ("gene_rank", "variant_rank")
        for subset in ("all", "annotated", "unannotated", "own_disease", "other_disease")}
    assert {r["background"] for r in summary} == {"ashk-trio.GRCh37.vcf.gz (trio, proband HG002)"}
    assert 0.0 <= float(summary[0]["brier"]) <= 2.0
    assert 0.5 < float(rows[0]["posterior"]) <= 1.0, "a de novo FGFR2 missense with the Pfeiffer terms"


def test_spike_writes_the_reliability_table_and_the_facts_the_fit_reads(tmp_path):
    """reliability.tsv: every candidate gene of the run in one posterior bin; facts.tsv.gz:
    one row per candidate with the columns traaser.posterior.CandidateFacts reads back."""
    import gzip

    from traaser.posterior import CandidateFacts
    _, out = run(tmp_path, "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"),
                 "--ped", str(DATA / "giab-trio" / "ashk-trio.ped"), "--features")
    table = list(csv.DictReader(open(out / "reliability.tsv"), delimiter="\t"))
    assert [r["bin"] for r in table][0] == "0.0-0.1" and len(table) == 10
    with gzip.open(out / "facts.tsv.gz", "rt") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        records = [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in handle]
    assert header == ["case_id", "causal", *CandidateFacts.COLUMNS]
    assert sum(int(r["genes"]) for r in table) == len({r["gene"] for r in records})
    causal = [CandidateFacts.from_record(r) for r in records if r["causal"] == "1"]
    assert [f.gene for f in causal] == ["FGFR2"] and causal[0].de_novo == "confirmed"


def test_phenotype_only_mode(tmp_path):
    rows, _ = run(tmp_path, "--mode", "phenotype")
    assert int(rows[0]["gene_rank"]) <= 3 and rows[0]["annotated"] == "yes" and rows[0]["terms_used"] == "6"


def with_variant(case_id, **changes):
    return CASE | {"case_id": case_id, "variants": [CASE["variants"][0] | changes]}


def test_a_case_that_cannot_be_spiked_is_listed_and_counted_not_fatal(tmp_path, capsys):
    """FAULTS.md: bad input is handled and counted, nothing lost; the good case is still scored."""
    bad = [CASE | {"case_id": "no-variant", "variants": []},
           with_variant("no-grch37-pos", pos_grch37=None),
           with_variant("symbolic-alt", alt_grch37="<DEL>")]
    rows, out = run(tmp_path, "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"),
                    "--ped", str(DATA / "giab-trio" / "ashk-trio.ped"), cases_in=[*bad, CASE])
    by_id = {r["case_id"]: r for r in rows}
    assert by_id["pfeiffer-test"]["gene_rank"] == "1"
    assert by_id["no-variant"]["note"] == "not spiked: no causal variant listed"
    assert by_id["no-grch37-pos"]["note"] == "not spiked: variant 1 lacks pos_grch37"
    assert "not plain A/C/G/T" in by_id["symbolic-alt"]["note"]
    assert all(by_id[c["case_id"]]["gene_rank"] == "" for c in bad)
    summary = list(csv.DictReader(open(out / "summary.tsv"), delimiter="\t"))
    assert {(r["cases"], r["excluded"]) for r in summary if r["subset"] == "all"} == {("1", "3")}
    assert capsys.readouterr().err.count("not spiked") == 3


def test_spike_mode_refuses_a_folder_of_phenopackets_with_the_fix(tmp_path, capsys):
    """Phenopackets carry GRCh38 records; the backgrounds are GRCh37: a clear error, not a run
    whose every case is left out."""
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "p.json").write_text((DATA / "exomiser" / "pfeiffer-phenopacket.json").read_text())
    code = main(["bench", "--cases", str(folder), "--out", str(tmp_path / "out"), "--hpo", str(HPO_DIR),
                 "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz")])
    err = capsys.readouterr().err
    assert code != 0 and "GRCh38" in err and "--mode phenotype" in err


def test_a_spike_the_workflow_would_screen_out_is_a_miss_with_the_reason(tmp_path):
    """A deep intronic variant is MODIFIER, below the default min_impact LOW: a real run drops
    it (unless ClinVar lists it P/LP), so the bench does not rank it either."""
    intronic = with_variant("deep-intronic", hgvs_c="NM_000141.5:c.1025-30G>C", hgvs_p="")
    rows, _ = run(tmp_path, "--mode", "spike", "--background", str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"),
                  "--ped", str(DATA / "giab-trio" / "ashk-trio.ped"), cases_in=[intronic, CASE])
    by_id = {r["case_id"]: r for r in rows}
    assert by_id["deep-intronic"]["gene_rank"] == "" and by_id["pfeiffer-test"]["gene_rank"] == "1"
    assert "variant 1 (intron_variant) screened out as a real run would" in by_id["deep-intronic"]["note"]
