"""What a change reruns (Snakemake's rerun triggers: output times, parameters, inputs, code).
The HPO terms are a parameter of the prioritize rule alone, so a phenotype change reruns the
ranking and the report, never the data steps of a genome (preflight, normalize, scatter,
consequences, annotate)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DEMO_ROW, run_snakemake, write_workflow_dir

RANKING_AND_REPORT = {"prioritize", "report", "cohort_index", "all"}


def jobs_run(output: str) -> dict[str, int]:
    """rule -> count from Snakemake's 'Job stats' table of one run."""
    table = output[output.index("Job stats:"):]
    rows = re.findall(r"^(\w+)\s+(\d+)$", table, flags=re.MULTILINE)
    return {rule: int(n) for rule, n in rows if rule != "total"}


def _edit_phenopacket(path: Path) -> None:
    """Only the phenotypic features change: one observed term is replaced by another."""
    packet = json.loads(path.read_text())
    packet["phenotypicFeatures"] = packet["phenotypicFeatures"][:-1] + [{"type": {"id": "HP:0001250",
                                                                                  "label": "Seizure"}}]
    path.write_text(json.dumps(packet, indent=2))


@pytest.mark.parametrize("where", ["phenopacket", "sample sheet"])
def test_an_hpo_terms_only_change_reruns_only_prioritize_and_report(tmp_path, where):
    packet = tmp_path / "case.phenopacket.json"
    packet.write_text(Path(DEMO_ROW["phenopacket"]).read_text())
    row = DEMO_ROW | {"phenopacket": str(packet)}
    if where == "sample sheet":
        row = DEMO_ROW | {"phenopacket": "", "hpo_terms": "HP:0000107;HP:0000003"}
    workdir = write_workflow_dir(tmp_path, [row])
    first = run_snakemake(workdir)
    assert first.returncode == 0, first.stderr[-3000:]
    assert {"preflight", "normalize", "annotate"} <= set(jobs_run(first.stderr))
    before = (workdir / "results" / "demo-trio" / "candidates.json").read_text()
    if where == "phenopacket":
        _edit_phenopacket(packet)
    else:
        write_workflow_dir(tmp_path, [row | {"hpo_terms": "HP:0000107;HP:0001250"}])
    second = run_snakemake(workdir)
    assert second.returncode == 0, second.stderr[-3000:]
    assert set(jobs_run(second.stderr)) == RANKING_AND_REPORT, jobs_run(second.stderr)
    after = json.loads((workdir / "results" / "demo-trio" / "candidates.json").read_text())
    assert "HP:0001250" in {t["id"] for t in after["case"]["hpo_terms"]}, "the new term is used"
    assert after != json.loads(before)
    check_the_report_names_the_term_and_rank_changes(workdir / "results" / "demo-trio", json.loads(before), after)
    third = run_snakemake(workdir)
    assert "Nothing to be done" in third.stderr, "a rerun with no change runs nothing"


def _gene_ranks(document: dict) -> dict[str, int]:
    return {c["gene"]: c["gene_rank"] for c in document["candidates"]}


def check_the_report_names_the_term_and_rank_changes(case: Path, before: dict, after: dict,
                                                      ranks_move: bool = False) -> None:
    """The reanalysis section lists the added and removed HPO terms and every gene whose rank moved
    (``ranks_move``: the change is known to move some; the demo's five candidates keep theirs)."""
    old_terms = {t["id"] for t in before["case"]["hpo_terms"]}
    new_terms = {t["id"] for t in after["case"]["hpo_terms"]}
    changes = json.loads((case / "changes.json").read_text())
    assert {t["id"] for t in changes["hpo_terms"]["observed_added"]} == new_terms - old_terms
    assert {t["id"] for t in changes["hpo_terms"]["observed_removed"]} == old_terms - new_terms
    assert changes["databases"] == [], "only the phenotype changed"
    old_ranks, new_ranks = _gene_ranks(before), _gene_ranks(after)
    moved = {g for g in set(old_ranks) | set(new_ranks) if old_ranks.get(g) != new_ranks.get(g)}
    assert bool(moved) == ranks_move, moved
    assert {g["gene"] for g in changes["genes"] if g["old_rank"] != g["new_rank"]} == moved
    html = (case / "report.html").read_text()
    for term in changes["hpo_terms"]["observed_added"]:
        assert f"+ {term['id']} {term['name']}" in html
    for term in changes["hpo_terms"]["observed_removed"]:
        assert f"− {term['id']} {term['name']}" in html
    if not moved:
        return
    table = html[html.index('id="gene-changes"'):]
    table = table[:table.index("</table>")]
    for gene in moved:
        assert f"{old_ranks.get(gene) or '–'} → {new_ranks.get(gene) or '–'}" in table[table.index(f"{gene}<"):], gene
