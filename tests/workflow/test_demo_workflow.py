"""The real Snakemake workflow on the bundled demo case, in a temporary directory."""

import csv
import gzip
import json
import re
import subprocess
import sys

import pytest

from traaser.report.html import render
from traaser.resources.manifest import Manifest

from conftest import DEMO_ROW, REPO, run_snakemake, write_workflow_dir

CAUSAL = ("10", "60461855", "C", "T")


def rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader((ln for ln in handle if not ln.startswith("##")), delimiter="\t"))


def test_causal_variant_is_rank_one_with_reasons(demo_run):
    first = rows(demo_run / "results" / "demo-trio" / "candidates.tsv")[0]
    assert (first["chrom"], first["pos"], first["ref"], first["alt"]) == CAUSAL
    assert (first["rank"], first["gene"], first["consequence"]) == ("1", "BICC1", "stop_gained")
    # PP4 at supporting strength: the phenotype match is 0.848, under the 0.85 of PP4_Moderate, as
    # the patient's vesicoureteral reflux is stated in 17% of OMIM:601331's patients
    assert set(first["acmg_criteria"].split(";")) == {"PVS1", "PS2", "PM2_Supporting", "PP4"}
    assert first["acmg_class"] == "Pathogenic", "8 + 4 + 1 + 1 = 14 points (PVS1: BICC1 LOEUF 0.339 < 0.35)"
    assert float(first["gene_posterior"]) > 0.99 and first["known_disease"] == "yes"
    assert "de_novo" in first["inheritance"]
    assert float(first["phenotype_score"]) > 0.8 and first["best_disease"].startswith("OMIM:601331")


def test_report_shows_criteria_phenotype_and_provenance(demo_run):
    html = (demo_run / "results" / "demo-trio" / "report.html").read_text()
    rank1 = html[html.index('id="rank-1"'):html.index('id="rank-2"')]
    assert "BICC1" in rank1 and "PS2" in rank1 and "PM2_Supporting" in rank1
    assert "Phenotype match" in rank1 and "OMIM:601331" in rank1 and "Cystic renal dysplasia" in rank1
    assert "Record accounting" in html and "Provenance" in html
    assert not re.search(r"<(link|img)\b", html) and not re.search(r"<script[^>]*\bsrc=", html), \
        "self-contained: no external assets"
    assert "Sample QC" in html and "Ti/Tv" in html


def test_report_explains_the_posterior_term_by_term(demo_run):
    """The rank-1 card shows the posterior, each term's LR and the evidence behind it; the JSON
    holds the same terms, and their LRs multiply to the gene's LR."""
    document = json.loads((demo_run / "results" / "demo-trio" / "candidates.json").read_text())
    first = document["candidates"][0]
    terms = first["gene_evidence"]["terms"]
    assert [t["name"] for t in terms] == ["phenotype", "variant", "genotype", "gene"]
    assert sum(t["log_lr"] for t in terms) == pytest.approx(first["gene_evidence"]["log_lr"], abs=1e-3)
    assert first["posterior"] == first["gene_evidence"]["posterior"] > 0.99
    assert document["posterior_model"]["version"] and terms[2]["features"]["de_novo"] == 1.0
    html = (demo_run / "results" / "demo-trio" / "report.html").read_text()
    card = html[html.index('id="rank-1"'):html.index('id="rank-2"')]
    assert "that BICC1 explains the case, term by term" in card
    for name in ("phenotype", "variant", "genotype", "gene"):
        assert f"<td>{name}</td>" in card
    assert "de novo with both parents genotyped and parentage confirmed" in card
    second = html[html.index('id="rank-2"'):html.index('id="rank-3"')]
    assert "candidate gene, no known disease" in second and "checked: DDG2P 2025-01-28, HPO release 2025-01-16" in second
    # issue 14: missing knowledge is not a mismatch, so the ranked table shows no phenotype score
    # (a "0.00" and an empty bar) for such a gene, only that no disease is known
    assert "no known disease</span></td>" in second and 'class="bar" style="width: 0px"' not in second


def test_a_ruled_out_disease_feature_is_shown_on_the_card(demo_run):
    """The phenotype part of a card names a disease feature the patient's terms rule out
    (traaser.phenotype.opposites); the demo's kidney phenotype rules out none, so one is set on
    the real document before it is rendered."""
    document = json.loads((demo_run / "results" / "demo-trio" / "candidates.json").read_text())
    first = document["candidates"][0]
    assert first["phenotype"]["ruled_out_in_disease"] == []
    first["phenotype"]["ruled_out_in_disease"] = [
        {"patient_term": {"id": "HP:0000252", "name": "Microcephaly"},
         "feature": {"id": "HP:0000256", "name": "Macrocephaly"}, "frequency": 0.8}]
    html = render(document)
    card = html[html.index('id="rank-1"'):html.index('id="rank-2"')]
    assert ("the patient's <code>HP:0000252</code> Microcephaly rules out <code>HP:0000256</code> Macrocephaly, "
            "which OMIM:601331 has in 80% of its patients") in card


def test_every_record_is_accounted_for(demo_run):
    document = json.loads((demo_run / "results" / "demo-trio" / "candidates.json").read_text())
    counts = document["counts"]
    assert [c["step"] for c in counts] == ["normalize", "scatter", "consequences", "annotate", "prioritize"]
    for step in counts:
        assert step["records_in"] + step["records_added"] == step["records_out"] + sum(step["excluded"].values())
    for before, after in zip(counts, counts[1:-1]):
        assert before["records_out"] == after["records_in"]
    assert counts[0]["records_in"] == 9942
    assert len(document["candidates"]) == counts[-1]["records_out"]
    accounting = json.loads((demo_run / "results" / "demo-trio" / "accounting.json").read_text())
    assert accounting["balanced"] and accounting["records_in"] == 9942
    assert accounting["records_out"] == len(document["candidates"])


def test_report_records_the_command_line(demo_run):
    html = (demo_run / "results" / "demo-trio" / "report.html").read_text()
    command = html[html.index('<code id="run-command">'):html.index("</code>", html.index('<code id="run-command">'))]
    assert "snakemake" in command and "--snakefile" in command


def test_outputs_record_databases_and_software(demo_run):
    manifest = Manifest(REPO / "resources" / "manifest.yaml")
    out = demo_run / "results" / "demo-trio"
    tsv_header = [ln for ln in (out / "candidates.tsv").read_text().splitlines() if ln.startswith("##")]
    with gzip.open(out / "candidates.vcf.gz", "rt") as handle:
        vcf_header = [ln for ln in handle if ln.startswith("##traaser_")]
    for database_id in ("demo_clinvar_20230710_grch37_chr1", "demo_gnomad_exomes_r2_1_grch37_pcsk9",
                        "demo_grch37_reference", "hpo_2025_01_16"):
        sha = manifest.get(database_id).files[0].sha256
        assert any(database_id in ln and sha in ln for ln in tsv_header)
        assert any(database_id in ln and sha in ln for ln in vcf_header)
    assert any(ln.startswith("## software_bcftools=") for ln in tsv_header)


def test_candidate_vcf_carries_ranks(demo_run):
    with gzip.open(demo_run / "results" / "demo-trio" / "candidates.vcf.gz", "rt") as handle:
        records = [ln.split("\t") for ln in handle if not ln.startswith("#")]
    causal = next(r for r in records if tuple(r[:2]) == CAUSAL[:2])
    assert "TRAASER_RANK=1;" in causal[7] and "TRAASER_CRITERIA=PVS1,PS2,PM2_Supporting,PP4" in causal[7]
    assert "TRAASER_POSTERIOR=1" in causal[7]


def test_rerun_is_byte_identical_apart_from_the_timestamp(demo_run, tmp_path):
    out = demo_run / "results" / "demo-trio"
    before = {name: (out / name).read_bytes() for name in
              ("candidates.tsv", "candidates.vcf.gz", "candidates.json", "report.html")}
    result = run_snakemake(demo_run, "--forceall")
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("candidates.tsv", "candidates.vcf.gz"):
        assert (out / name).read_bytes() == before[name], name
    old, new = json.loads(before["candidates.json"]), json.loads((out / "candidates.json").read_text())
    for document in (old, new):
        document["run"].pop("timestamp"), document["run"].pop("command")   # the marked run metadata
    assert old == new
    after = (out / "report.html").read_text()
    assert 'id="no-change"' in after, "the rerun's report compares with the run it replaced: no change"
    # the marked run metadata, and the reanalysis section (it names the previous run)
    strip = lambda html: re.sub(r'<(span|code) id="run-(timestamp|command)">[^<]*</(span|code)>|'  # noqa: E731
                                r'<section id="reanalysis">.*?</section>', "", html, flags=re.DOTALL)
    assert strip(before["report.html"].decode()) == strip(after)


def test_snakemake_lint_reports_nothing():
    result = subprocess.run([sys.executable, "-m", "snakemake", "--lint", "--snakefile", str(REPO / "Snakefile"),
                             "--directory", str(REPO)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lints for" not in result.stdout + result.stderr


def test_cohort_index_lists_the_case_and_links_its_report(demo_run):
    html = (demo_run / "results" / "index.html").read_text()
    assert 'href="demo-trio/report.html"' in html and "BICC1" in html and "Pathogenic" in html


def test_report_shows_the_preflight_record(demo_run):
    """Issue 8: preflight writes a machine-readable report (case.json) that the HTML report shows."""
    record = json.loads((demo_run / "results" / "demo-trio" / "case.json").read_text())
    scan = record["record_scan"]
    assert scan["sorted"] and scan["records"] > 1000 and scan["contigs_with_records"][:2] == ["1", "2"]
    html = (demo_run / "results" / "demo-trio" / "report.html").read_text()
    section = html[html.index('id="preflight"'):]
    assert f"{scan['records']} on {len(scan['contigs_with_records'])} contig(s)" in section
    assert f"{scan['chrx_nonpar_het']} het / {scan['chrx_nonpar_hom_alt']} hom-ALT calls; declared sex male" in section


def test_scattered_run_ranks_exactly_like_the_unscattered_one(demo_run, tmp_path):
    """Issue 7: scatter by chromosome (forced here with 3 shards) then gather before ranking."""
    workdir = write_workflow_dir(tmp_path, [DEMO_ROW], {"scatter": {"shards": 3, "min_vcf_mb": 0}})
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    case, reference = workdir / "results" / "demo-trio", demo_run / "results" / "demo-trio"
    assert len(list((case / "work" / "shards").iterdir())) == 3
    for name in ("candidates.tsv", "candidates.vcf.gz"):
        assert (case / name).read_bytes() == (reference / name).read_bytes(), name
    steps = {s["step"]: s for s in json.loads((case / "accounting.json").read_text())["steps"]}
    assert steps["scatter"]["records_in"] == steps["normalize"]["records_out"] == steps["annotate"]["records_out"]


def test_the_report_holds_no_filesystem_path(demo_run):
    """Only file names: the run folder (a temporary directory) and the installation never show."""
    html = (demo_run / "results" / "demo-trio" / "report.html").read_text()
    assert str(demo_run) not in html
    assert str(REPO) not in html
    assert "demo-trio.ped" in html, "the PED is named by its file name"
    assert str(demo_run) not in (demo_run / "results" / "index.html").read_text()


def test_tsv_json_and_html_name_the_same_disease_for_each_candidate(demo_run):
    """One source of truth: the TSV's best_disease, the JSON's phenotype disease and the report's
    row for the candidate ("best match: ...") are the same."""
    out = demo_run / "results" / "demo-trio"
    document = json.loads((out / "candidates.json").read_text())
    lines = [ln for ln in (out / "candidates.tsv").read_text().splitlines() if not ln.startswith("##")]
    rows = [dict(zip(lines[0].split("\t"), ln.split("\t"), strict=True)) for ln in lines[1:]]
    html = (out / "report.html").read_text()
    assert len(rows) == len(document["candidates"])
    for row, c in zip(rows, document["candidates"], strict=True):
        json_disease = f"{c['phenotype']['disease_id'] or ''} {c['phenotype']['disease_name']}".strip()
        assert row["best_disease"] == json_disease, c["key"]
        card = html[html.index(f'data-rank="{c["rank"]}"'):]
        card = card[:card.index("</tr>")]
        if json_disease:
            assert f"best match: {json_disease}" in card, c["key"]
        else:
            assert "no known disease" in card, c["key"]
    assert any(c["phenotype"]["disease_id"] for c in document["candidates"]), "BICC1 has a disease"
