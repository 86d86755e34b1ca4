"""The benchmark's cases: read from dev_cases.jsonl lines or phenopackets; a bad record is a
listed, counted case, never a traceback (FAULTS.md)."""

import json

import pytest

from traaser.bench import summarise
from traaser.bench_cases import read_cases


def test_read_cases_from_jsonl_and_phenopackets(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(json.dumps({"case_id": "x", "genes": ["FGFR2"], "hpo_present": [{"id": "HP:0001159"}],
                                 "hpo_excluded": [], "moi": [], "variants": [], "disease_id": "OMIM:101600"}) + "\n")
    assert (read_cases(jsonl)[0].gene, read_cases(jsonl)[0].diseases) == ("FGFR2", ["OMIM:101600"])
    folder = tmp_path / "packets"
    folder.mkdir()
    (folder / "p.json").write_text(json.dumps({
        "id": "p1", "subject": {"sex": "MALE"}, "phenotypicFeatures": [{"type": {"id": "HP:0001159"}},
                                                                       {"type": {"id": "HP:0000486"}, "excluded": True}],
        "diseases": [{"term": {"id": "OMIM:101600"}}, {"term": {"id": "OMIM:123500"}, "excluded": True}],
        "interpretations": [{"diagnosis": {"disease": {"id": "ORPHA:710"}, "genomicInterpretations": [
            {"variantInterpretation": {"variationDescriptor": {"geneContext": {"symbol": "FGFR2"}}}}]}}]}))
    packet = read_cases(folder)[0]
    assert (packet.gene, packet.hpo_present, packet.hpo_excluded) == ("FGFR2", ["HP:0001159"], ["HP:0000486"])
    assert packet.diseases == ["ORPHA:710", "OMIM:101600"], "the diagnosis first, an excluded disease left out"


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
    assert results[1].note == "not scored: phenopacket p2 names no causal gene" and results[1].gene_rank is None
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


def test_a_case_gene_named_by_a_replaced_symbol_is_read_under_the_approved_one(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"case_id": "x", "genes": ["ADCK3"], "hpo_present": [{"id": "HP:0001251"}]}) + "\n")
    assert read_cases(path)[0].gene == "COQ8A", "HGNC replaced ADCK3 by COQ8A; the HPO release uses COQ8A"
