"""Reanalysis on real data: one case analysed with ClinVar 2019-10-07 and again with 2023-07-10
(both real releases bundled in resources/demo). The case holds every ClinVar record of the
window 1:949000-977000 (ISG15, AGRN) from either release as a heterozygous call of one proband,
with the consequence ClinVar gives (MC) as its BCSQ, so every record is a candidate in both runs.
What changed is checked against the two ClinVar files themselves, and the alert list against the
rule of traaser/reanalysis.py applied to them."""

from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pysam
import pytest
from test_rerun_scope import check_the_report_names_the_term_and_rank_changes, jobs_run

from conftest import REPO, run_snakemake, run_snakemake_until_killed, write_workflow_dir

DEMO = REPO / "resources" / "demo"
CLINVAR_2019 = DEMO / "clinvar_20191007_GRCh37_subset72.vcf.gz"
CLINVAR_2023 = DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz"
WINDOW = (949_000, 977_000)
#: ClinVar MC (SO name, or ClinVar's own word) -> the bcftools csq term the case's BCSQ gives
MC_TO_BCSQ = {"missense_variant": "missense", "synonymous_variant": "synonymous", "intron_variant": "intron",
              "frameshift_variant": "frameshift", "inframe_deletion": "inframe_deletion",
              "inframe_insertion": "inframe_insertion", "nonsense": "stop_gained",
              "splice_acceptor_variant": "splice_acceptor", "splice_donor_variant": "splice_donor"}
PATHOGENIC = {"Pathogenic", "Likely_pathogenic", "Pathogenic/Likely_pathogenic"}
BENIGN = {"Benign", "Likely_benign", "Benign/Likely_benign"}


def clinvar_records(path: Path) -> dict[str, dict[str, str]]:
    """key 'chrom:pos:ref:alt' -> INFO fields of the ClinVar records in the window."""
    records = {}
    with gzip.open(path, "rt") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            chrom, pos, _, ref, alt, _, _, info = line.rstrip("\n").split("\t")[:8]
            if WINDOW[0] <= int(pos) <= WINDOW[1]:
                records[f"{chrom}:{pos}:{ref}:{alt}"] = dict(f.split("=", 1) for f in info.split(";") if "=" in f)
    return records


def reads_pathogenic(clnsig: str | None) -> bool:
    """The alert rule's reading of an assertion, written out from ClinVar's terms."""
    terms = set((clnsig or "").split("|"))
    return bool(terms & PATHOGENIC) and not terms & BENIGN


def write_case_vcf(path: Path) -> None:
    """One proband, heterozygous at every ClinVar record of the window in either release."""
    old, new = clinvar_records(CLINVAR_2019), clinvar_records(CLINVAR_2023)
    keys = sorted(set(old) | set(new), key=lambda k: (int(k.split(":")[1]), k))
    header = ["##fileformat=VCFv4.2", "##contig=<ID=1,length=249250621,assembly=b37>",
              '##INFO=<ID=BCSQ,Number=.,Type=String,Description="Consequence from ClinVar MC. '
              'Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
              '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1"]
    lines = []
    for key in keys:
        chrom, pos, ref, alt = key.split(":")
        info = new.get(key) or old[key]
        mc = (info.get("MC") or "|intron_variant").split(",")[0].split("|")[-1]
        gene = info.get("GENEINFO", "").split(":")[0]
        bcsq = f"{MC_TO_BCSQ.get(mc, 'intron')}|{gene}||protein_coding|+||"
        lines.append(f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t500\tPASS\tBCSQ={bcsq}\tGT:AD:DP:GQ\t0/1:20,20:40:99")
    plain = path.with_suffix("")
    plain.write_text("\n".join(header + lines) + "\n")
    pysam.tabix_compress(str(plain), str(path), force=True)
    pysam.tabix_index(str(path), preset="vcf", force=True)


ROW = {"case_id": "agrn", "proband": "P1", "build": "GRCh37", "sex": "female",
       "hpo_terms": "HP:0003473;HP:0000508;HP:0003324"}   # fatigable weakness, ptosis, muscle weakness


def _config(clinvar: str) -> dict:
    return {"prioritize": {"min_impact": "MODIFIER"},
            "databases": {"GRCh37": {"reference": "demo_grch37_reference", "annotation": "demo_grch37_annotation",
                                     "clinvar": clinvar, "gnomad": "demo_gnomad_exomes_r2_1_grch37_pcsk9",
                                     "constraint": "gnomad_v2_1_1_constraint_bundled",
                                     "clingen_dosage": "clingen_dosage_2026_02_06", "g2p": "ddg2p_2025_01_28"}}}


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """The case run with ClinVar 2019, then with ClinVar 2023 (second run's Snakemake output kept)."""
    workdir = tmp_path_factory.mktemp("reanalysis")
    vcf = workdir / "agrn.GRCh37.vcf.gz"
    write_case_vcf(vcf)
    rows = [ROW | {"vcf": str(vcf)}]
    write_workflow_dir(workdir, rows, _config("demo_clinvar_20191007_grch37_subset72"))
    first = run_snakemake(workdir)
    assert first.returncode == 0, first.stderr[-4000:]
    case = workdir / "results" / "agrn"
    first_json = (case / "candidates.json").read_bytes()
    write_workflow_dir(workdir, rows, _config("demo_clinvar_20230710_grch37_chr1"))
    second = run_snakemake(workdir)
    assert second.returncode == 0, second.stderr[-4000:]
    return workdir, case, first_json, second.stderr


def test_a_new_clinvar_release_reruns_annotation_and_later_not_normalize_or_consequences(two_releases):
    _, _, _, log = two_releases
    jobs = set(jobs_run(log))
    assert {"annotate", "prioritize", "report", "cohort_index"} <= jobs, jobs
    assert not jobs & {"preflight", "normalize", "scatter", "consequences"}, jobs


def test_the_previous_run_is_kept_whole_with_its_provenance(two_releases):
    _, case, first_json, _ = two_releases
    entries = sorted(p for p in (case / "history").iterdir() if not p.name.startswith("."))
    assert len(entries) == 1
    kept = entries[0]
    assert (kept / "candidates.json").read_bytes() == first_json, "the 2019 run's outputs, byte for byte"
    assert {p.name for p in kept.iterdir()} == {"candidates.json", "accounting.json", "report.html", "entry.json"}
    document = json.loads(first_json)
    assert document["databases"]["clinvar"]["version"] == "2019-10-07"
    assert kept.name == document["run"]["timestamp"].replace(":", "-")
    entry = json.loads((kept / "entry.json").read_text())
    assert entry["databases"]["clinvar"] == {k: document["databases"]["clinvar"][k] for k in ("id", "version", "sha256")}
    assert entry["config_hash"] == document["run"]["config_hash"]
    assert entry["hpo_terms"] == ["HP:0003473", "HP:0000508", "HP:0003324"] and entry["report"] == "kept"


def test_changes_name_every_variant_whose_clinvar_assertion_changed_with_both_assertions(two_releases):
    _, case, first_json, _ = two_releases
    old, new = clinvar_records(CLINVAR_2019), clinvar_records(CLINVAR_2023)
    candidates = {c["key"] for c in json.loads(first_json)["candidates"]}
    current = json.loads((case / "candidates.json").read_text())
    candidates |= {c["key"] for c in current["candidates"]}
    assert candidates == set(old) | set(new), "every record of the window is a candidate"
    expected = {key: (old.get(key, {}).get("CLNSIG"), new.get(key, {}).get("CLNSIG")) for key in candidates
                if old.get(key, {}).get("CLNSIG") != new.get(key, {}).get("CLNSIG")}
    assert len(expected) > 300, "the 2023 file holds the window's newer records too"
    changes = json.loads((case / "changes.json").read_text())
    found = {v["key"]: (v["clinvar"]["old"], v["clinvar"]["new"]) for v in changes["variants"] if "clinvar" in v}
    assert found == expected
    assert {d["role"] for d in changes["databases"]} == {"clinvar"}
    assert changes["databases"][0]["text"] == ("clinvar: demo_clinvar_20191007_grch37_subset72 (2019-10-07) → "
                                               "demo_clinvar_20230710_grch37_chr1 (2023-07-10)")
    assert all("clinvar" in v["clinvar"]["cause"] for v in changes["variants"] if "clinvar" in v)
    html = (case / "report.html").read_text()
    assert f"Since the report of {json.loads(first_json)['run']['timestamp']}" in html
    table = html[html.index('id="variant-changes"'):html.index("</table>", html.index('id="variant-changes"'))]
    for key, (was, now) in expected.items():
        row = table[table.index(f"<code>{key}</code>"):]
        row = row[:row.index("</tr>")]
        assert f"{was or 'no assertion'} → {now or 'no assertion'}" in row, key


def test_the_alert_list_is_exactly_the_rules_selection(two_releases):
    workdir, case, first_json, _ = two_releases
    old, new = clinvar_records(CLINVAR_2019), clinvar_records(CLINVAR_2023)
    settings = json.loads((case / "changes.json").read_text())["settings"]
    expected = {("clinvar_now_pathogenic", key) for key in new
                if reads_pathogenic(new[key].get("CLNSIG")) and not reads_pathogenic(old.get(key, {}).get("CLNSIG"))}
    assert len(expected) >= 10, "the 2023 release adds pathogenic AGRN and ISG15 assertions"
    # the other clauses, read from the two runs' own outputs
    before = {c["key"]: c for c in json.loads(first_json)["candidates"]}
    after = {c["key"]: c for c in json.loads((case / "candidates.json").read_text())["candidates"]}
    order = ["Benign", "Likely benign", "Uncertain significance", "Likely pathogenic", "Pathogenic"]
    expected |= {("acmg_class_rose", key) for key, c in after.items() if c["acmg"]["class"] in settings["alert_classes"]
                 and (key not in before or order.index(before[key]["acmg"]["class"]) < order.index(c["acmg"]["class"]))}
    top = settings["top_n"]
    best_before = {c["gene"]: c for c in sorted(before.values(), key=lambda c: -c["gene_rank"])}
    best_after = {c["gene"]: c for c in sorted(after.values(), key=lambda c: -c["gene_rank"])}
    expected |= {("new_top_gene", gene) for gene, c in best_after.items() if c["gene_rank"] <= top
                 and c["posterior"] >= settings["alert_posterior_min"]
                 and not (gene in best_before and best_before[gene]["gene_rank"] <= top)}
    changes = json.loads((case / "changes.json").read_text())
    found = {(a["rule"], a.get("key") if a["rule"] != "new_top_gene" else a["gene"]) for a in changes["alerts"]}
    assert found == expected
    with open(workdir / "results" / "alerts.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert {(r["rule"], r["key"] or r["gene"]) for r in rows} == expected
    assert all(r["case_id"] == "agrn" for r in rows)
    index = (workdir / "results" / "index.html").read_text()
    assert f"{len(expected)} alert(s)" in index


def test_a_rerun_with_identical_inputs_reports_no_change(two_releases, tmp_path):
    workdir, case, _, _ = two_releases
    previous = tmp_path / "previous.json"
    previous.write_bytes((case / "candidates.json").read_bytes())
    kept_before = len(list((case / "history").iterdir()))
    rerun = subprocess.run([sys.executable, "-m", "traaser", "run", "--directory", str(workdir), "--cores", "2",
                            "--reanalyse"], capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert set(jobs_run(rerun.stderr)) == {"prioritize", "report", "cohort_index", "reanalysis"}, "re-ranked only"
    assert len(list((case / "history").iterdir())) == kept_before + 1
    changes = json.loads((case / "changes.json").read_text())
    assert changes["changed"] is False and not changes["alerts"] and not changes["variants"]
    assert 'id="no-change"' in (case / "report.html").read_text()
    cli = subprocess.run([sys.executable, "-m", "traaser", "reanalyse", "--previous", str(previous),
                          "--current", str(case / "candidates.json")], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "no change" in cli.stdout


def test_reanalyse_names_the_changes_of_two_runs(two_releases, tmp_path):
    _, case, first_json, _ = two_releases
    previous = tmp_path / "2019.json"
    previous.write_bytes(first_json)
    out = tmp_path / "changes.json"
    cli = subprocess.run([sys.executable, "-m", "traaser", "reanalyse", "--previous", str(previous),
                          "--current", str(case / "candidates.json"), "--out", str(out)],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    changes = json.loads(out.read_text())
    assert re.search(r"\d+ alerts", cli.stdout)
    assert sum(1 for line in cli.stdout.splitlines() if line.startswith("alert ")) == len(changes["alerts"])


@pytest.mark.parametrize("step", ["history", "prioritize"])
def test_the_history_survives_a_sigkill_mid_run_and_a_rerun(tmp_path, step):
    """Killed while keeping the history (mid-copy) or while prioritize writes the new outputs:
    the earlier run's outputs are neither lost nor half-written, and the rerun compares with them."""
    vcf = tmp_path / "agrn.GRCh37.vcf.gz"
    write_case_vcf(vcf)
    row = ROW | {"vcf": str(vcf)}
    config = _config("demo_clinvar_20230710_grch37_chr1")
    workdir = write_workflow_dir(tmp_path, [row], config)
    first = run_snakemake(workdir)
    assert first.returncode == 0, first.stderr[-3000:]
    case = workdir / "results" / "agrn"
    first_json = (case / "candidates.json").read_bytes()
    # now seizures and basal ganglia calcification (ISG15 deficiency), no weakness (AGRN)
    write_workflow_dir(tmp_path, [row | {"hpo_terms": "HP:0001250;HP:0002135"}], config)

    run_snakemake_until_killed(workdir, step, tmp_path / "paused")
    whole = [p for p in (case / "history").iterdir() if not p.name.startswith(".")]
    if step == "history":
        assert not whole, "a killed copy leaves no entry"
        assert list((case / "history").glob(".partial-*")), "only a hidden partial folder"
    else:
        assert [(p / "candidates.json").read_bytes() for p in whole] == [first_json]

    assert run_snakemake(workdir, "--unlock").returncode == 0
    rerun = run_snakemake(workdir, "--rerun-incomplete")     # as the shipped profiles set it
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    entries = [p for p in (case / "history").iterdir()]
    assert [(p / "candidates.json").read_bytes() for p in entries] == [first_json], "one whole entry, no partial"
    changes = json.loads((case / "changes.json").read_text())
    assert changes["previous"]["timestamp"] == json.loads(first_json)["run"]["timestamp"]
    assert [t["id"] for t in changes["hpo_terms"]["observed_added"]] == ["HP:0001250", "HP:0002135"]
    assert [t["id"] for t in changes["hpo_terms"]["observed_removed"]] == ["HP:0000508", "HP:0003324", "HP:0003473"]
    html = (case / "report.html").read_text()
    assert "+ HP:0001250 Seizure" in html and "− HP:0000508 Ptosis" in html
    check_the_report_names_the_term_and_rank_changes(case, json.loads(first_json),
                                                     json.loads((case / "candidates.json").read_text()),
                                                     ranks_move=True)
