"""A newer HPO release from the manifest (hpo_2025_05_06_download), prepared from a local mirror
folder with no network, then used by the benchmark.

The real 2025-05-06 files cannot be fetched here, so the mirror holds a fixture: the bundled
2025-01-16 release's three files with their version lines relabelled 2025-05-06. The test checks
the mechanics (mirror layout, first-fetch checksums recorded, prepare, the bench reading the
prepared folder and naming the release it used), not the new release's content.
"""

from __future__ import annotations

import csv
import gzip
import json

from traaser.cli import main

from conftest import DATA, HPO_DIR

TAG = "github.com/obophenotype/human-phenotype-ontology/releases/download/v2025-05-06"
CASE = {"case_id": "pfeiffer-test", "genes": ["FGFR2"], "subject_sex": "MALE", "moi": [], "hpo_excluded": [],
        "variants": [{"chrom_grch37": "10", "pos_grch37": 123256215, "ref_grch37": "T", "alt_grch37": "G",
                      "zygosity": "heterozygous", "hgvs_c": "NM_000141.5:c.1025G>C",
                      "hgvs_p": "NP_000132.3:p.(Cys342Ser)"}]}


def relabelled(text: str) -> str:
    return text.replace("2025-01-16", "2025-05-06")


def test_the_newer_hpo_release_prepares_from_a_mirror_and_runs_the_bench(tmp_path, capsys):
    mirror = tmp_path / "mirror" / TAG
    mirror.mkdir(parents=True)
    for name in ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt"):
        with gzip.open(HPO_DIR / f"{name}.gz", "rt", encoding="utf-8") as handle:
            (mirror / name).write_text(relabelled(handle.read()), encoding="utf-8")
    dest = tmp_path / "data"
    assert main(["resources", "prepare", "--only", "hpo_2025_05_06_download", "--dest", str(dest),
                 "--mirror", str(tmp_path / "mirror")]) == 0
    state = json.loads((dest / "hpo_2025_05_06_download" / "state.json").read_text())
    assert all(record["verified"] and "first fetch" in record["checksum"]["origin"]
               for record in state["files"].values())
    prepared = dest / "hpo_2025_05_06_download" / "prepared"
    assert {p.name for p in prepared.iterdir()} >= {"hp.obo.gz", "phenotype.hpoa.gz", "genes_to_phenotype.txt.gz"}
    capsys.readouterr()
    assert main(["resources", "status", "--only", "hpo_2025_05_06_download", "--dest", str(dest)]) == 0
    assert "prepared" in capsys.readouterr().out

    phenopacket = json.loads((DATA / "exomiser" / "pfeiffer-phenopacket.json").read_text())
    case = CASE | {"hpo_present": [{"id": f["type"]["id"]} for f in phenopacket["phenotypicFeatures"]]}
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(case) + "\n")
    out = tmp_path / "bench"
    assert main(["bench", "--cases", str(cases), "--hpo", str(prepared), "--out", str(out)]) == 0
    summary = list(csv.DictReader(open(out / "summary.tsv"), delimiter="\t"))
    assert {row["hpo_release"] for row in summary} == {"2025-05-06"}
    rows = list(csv.DictReader(open(out / "per_case.tsv"), delimiter="\t"))
    assert rows[0]["gene"] == "FGFR2" and rows[0]["gene_rank"] == "1", "the Pfeiffer terms point at FGFR2"
