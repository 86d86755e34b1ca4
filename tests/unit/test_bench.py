"""Benchmark harness pieces: HGVS-derived consequences, spiked genotypes, ranks and summaries."""

import json

import pytest

from traaser.bench import (
    BenchCase,
    Result,
    histogram_svg,
    pessimistic_rank,
    read_cases,
    spiked_genotypes,
    summarise,
)


def case(*variants, moi=("Autosomal dominant inheritance",)):
    return BenchCase("c", "GENE", ["HP:0001250"], moi=list(moi), variants=list(variants))


@pytest.mark.parametrize("bench_case, index, sex, expected, rule", [
    (case({"zygosity": "heterozygous", "chrom_grch37": "1"}), 0, "male", ("0/1", "0/0", "0/0"), "single het: de novo"),
    (case({"zygosity": "homozygous", "chrom_grch37": "1"}), 0, "male", ("1/1", "0/1", "0/1"), "hom: carrier parents"),
    (case({"zygosity": "heterozygous"}, {"zygosity": "heterozygous"}), 0, "male", ("0/1", "0/1", "0/0"),
     "compound het: first allele from the father"),
    (case({"zygosity": "heterozygous"}, {"zygosity": "heterozygous"}), 1, "male", ("0/1", "0/0", "0/1"),
     "compound het: second allele from the mother"),
    (case({"zygosity": "hemizygous", "chrom_grch37": "X"}), 0, "male", ("1/1", "0/0", "0/1"), "hemizygous: carrier mother"),
    (case({"zygosity": "heterozygous", "chrom_grch37": "X"}), 0, "male", ("1/1", "0/0", "0/1"),
     "an X variant in a male background is hemizygous"),
])
def test_spiked_genotypes(bench_case, index, sex, expected, rule):
    assert spiked_genotypes(bench_case, index, sex) == expected, rule


def test_pessimistic_rank_counts_ties_against_the_target():
    scores = {"A": 0.9, "B": 0.5, "C": 0.5, "D": 0.1}
    assert pessimistic_rank(scores, "B") == 3 and pessimistic_rank(scores, "A") == 1
    assert pessimistic_rank(scores, "Z") is None


def test_summary_over_all_annotated_and_unannotated_cases():
    """Cases whose gene the HPO release does not annotate get their own row (issue 14)."""
    results = [Result("a", "G", True, 3, 0, 1), Result("b", "G", True, 3, 0, 4), Result("c", "G", False, 3, 0, None),
               Result("d", "H", False, 3, 0, 2)]
    rows = {r["subset"]: r for r in summarise(results)}
    assert rows["all"]["cases"] == 4 and rows["all"]["top1"] == 25.0 and rows["all"]["top5"] == 75.0
    assert rows["annotated"]["top1"] == 50.0 and rows["annotated"]["mrr"] == pytest.approx(0.625)
    assert rows["unannotated"]["cases"] == 2 and rows["unannotated"]["top1"] == 0.0
    assert rows["unannotated"]["top3"] == 50.0 and rows["unannotated"]["mrr"] == pytest.approx(0.25)
    svg = histogram_svg(results, "t")
    assert svg.startswith("<svg") and "none" in svg


def test_read_cases_from_jsonl_and_phenopackets(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(json.dumps({"case_id": "x", "genes": ["FGFR2"], "hpo_present": [{"id": "HP:0001159"}],
                                 "hpo_excluded": [], "moi": [], "variants": []}) + "\n")
    assert read_cases(jsonl)[0].gene == "FGFR2"
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "p.json").write_text(json.dumps({
        "id": "p1", "subject": {"sex": "MALE"}, "phenotypicFeatures": [{"type": {"id": "HP:0001159"}},
                                                                       {"type": {"id": "HP:0000486"}, "excluded": True}],
        "interpretations": [{"diagnosis": {"genomicInterpretations": [
            {"variantInterpretation": {"variationDescriptor": {"geneContext": {"symbol": "FGFR2"}}}}]}}]}))
    packet = read_cases(folder)[0]
    assert (packet.gene, packet.hpo_present, packet.hpo_excluded) == ("FGFR2", ["HP:0001159"], ["HP:0000486"])


def test_gnomad_present_without_an_af_gets_the_lower_bound(tmp_path):
    """COMPOSITE.md: GNOMAD_PRESENT marks alleles gnomAD holds at MAF >= 2e-4 without giving an
    AF; the bench treats them as AF 2e-4 (a lower bound), not as absent, and keeps a given AF."""
    import pysam

    from traaser.bench import GNOMAD_PRESENT_MIN_AF, with_present_lower_bound
    from traaser.candidate import Candidate
    path = tmp_path / "bg.vcf"
    path.write_text("##fileformat=VCFv4.2\n##contig=<ID=1,length=1000>\n"
                    '##INFO=<ID=GNOMAD_PRESENT,Number=0,Type=Flag,Description="x">\n'
                    '##INFO=<ID=GNOMAD_AF,Number=A,Type=Float,Description="x">\n'
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                    "1\t10\t.\tA\tG\t.\tPASS\tGNOMAD_PRESENT\n1\t20\t.\tC\tT\t.\tPASS\tGNOMAD_PRESENT;GNOMAD_AF=0.01\n"
                    "1\t30\t.\tG\tA\t.\tPASS\t.\n")
    pysam.tabix_index(str(path), preset="vcf", force=True)
    made = [Candidate("1", 10, "A", "G", "G1", None, {}), Candidate("1", 20, "C", "T", "G2", None, {}, gnomad={"AF": 0.01}),
            Candidate("1", 30, "G", "A", "G3", None, {})]
    bounded, changed = with_present_lower_bound(made, tmp_path / "bg.vcf.gz")
    assert changed == 1
    assert [c.gnomad.get("AF") for c in bounded] == [GNOMAD_PRESENT_MIN_AF, 0.01, None]
    assert bounded[0].info["GNOMAD_AF"] == GNOMAD_PRESENT_MIN_AF and made[0].gnomad == {}, "a new candidate"


def test_a_spiked_variant_replaces_the_background_record_at_its_position():
    """Recipe (../shared/bench/README.md, step 2): 'if a background record already sits at that
    position, replace it'."""
    from types import SimpleNamespace as Record

    from traaser.bench import without_spiked_positions
    background = [Record(chrom="1", pos=100), Record(chrom="chr1", pos=200), Record(chrom="2", pos=200)]
    kept, replaced = without_spiked_positions(background, [Record(chrom="1", pos=200)])
    assert [(c.chrom, c.pos) for c in kept] == [("1", 100), ("2", 200)] and replaced == 1
    assert without_spiked_positions(background, [Record(chrom="3", pos=1)]) == (background, 0)


def test_an_unreadable_phenopacket_is_listed_and_counted_not_fatal(tmp_path):
    """FAULTS.md: one bad input file is handled and counted; the other cases still run."""
    from traaser.bench import phenotype_only
    from traaser.phenotype.annotations import load_annotations
    from traaser.settings import PrioritizeSettings

    from conftest import HPO_DIR
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "a_truncated.json").write_text('{"id": "p1", "phenotypicFeatures": [')
    (folder / "b_no_gene.json").write_text(json.dumps({"id": "p2", "phenotypicFeatures": []}))
    (folder / "c_good.json").write_text(json.dumps({
        "id": "p3", "phenotypicFeatures": [{"type": {"id": "HP:0001159"}}],
        "interpretations": [{"diagnosis": {"genomicInterpretations": [
            {"variantInterpretation": {"variationDescriptor": {"geneContext": {"symbol": "FGFR2"}}}}]}}]}))
    cases = read_cases(folder)
    assert [c.case_id for c in cases] == ["a_truncated", "p2", "p3"], "the packet id where it can be read"
    assert "a_truncated.json is not a readable phenopacket" in cases[0].problem
    assert cases[1].problem == "phenopacket p2 names no causal gene" and cases[2].problem == ""
    from traaser.config import check_config
    settings = PrioritizeSettings.from_config(check_config({}, "defaults")["prioritize"])
    results = phenotype_only(cases, load_annotations(str(HPO_DIR)), settings)
    assert [r.excluded != "" for r in results] == [True, True, False] and results[2].gene_rank is not None
    assert summarise(results)[0]["cases"] == 1 and summarise(results)[0]["excluded"] == 2


@pytest.mark.parametrize("line, case_id, problem", [
    ('{"case_id": "x", "genes": ["FGFR2"], "hpo_pres', "cases.jsonl line 1", "cases.jsonl line 1 is not JSON"),
    ('["not", "an", "object"]', "cases.jsonl line 1", "cases.jsonl line 1 is not a JSON object"),
    ('{"case_id": "x", "genes": [], "hpo_present": []}', "x", "cases.jsonl line 1 lacks a field a case needs (IndexError"),
    ('{"case_id": "y", "genes": ["FGFR2"]}', "y", "cases.jsonl line 1 lacks a field a case needs (KeyError"),
])
def test_a_bad_jsonl_line_is_a_listed_case_not_a_traceback(tmp_path, line, case_id, problem):
    """FAULTS.md: a bad record is handled and counted; the lines after it are still read."""
    path = tmp_path / "cases.jsonl"
    good = json.dumps({"case_id": "ok", "genes": ["FGFR2"], "hpo_present": [{"id": "HP:0001159"}]})
    path.write_text(line + "\n" + good + "\n")
    bad, ok = read_cases(path)
    assert bad.case_id == case_id and bad.problem.startswith(problem)
    assert (ok.case_id, ok.gene, ok.problem) == ("ok", "FGFR2", "")
