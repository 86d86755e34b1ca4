"""Fetching and preparing databases against a real HTTP server on 127.0.0.1.

The server serves real small files (the demo's ClinVar, gnomAD, GFF3, FASTA and constraint
subsets), laid out like the publishers' folders with their checksum files (md5 files, Ensembl
CHECKSUMS in BSD sum). Each test checks what is on disk afterwards and what the user was told.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pysam
import pytest
import yaml

from traaser.cli import main
from traaser.resources.checksums import bsd_sum

from conftest import DEMO, DEMO_ROW, REPO, run_snakemake, write_workflow_dir
from loopback_server import LoopbackServer

CLINVAR = "ftp.ncbi.nlm.nih.gov/pub/clinvar/vcf_GRCh37/archive_2.0/2023/clinvar_20230710.chr1-first2000.vcf.gz"
GNOMAD = "gnomad-public-us-east-1.s3.amazonaws.com/release/2.1.1/vcf/exomes/gnomad.exomes.r2.1.1.sites.PCSK9.vcf.bgz"
ENSEMBL = "ftp.ensembl.org/pub/grch37/release-113"
GFF = f"{ENSEMBL}/gff3/homo_sapiens/Homo_sapiens.GRCh37.87.demo-genes.gff3.gz"
FASTA = f"{ENSEMBL}/fasta/homo_sapiens/dna/Homo_sapiens.GRCh37.dna.SAMD11-region.fa.gz"
CONSTRAINT = "gnomad-public-us-east-1.s3.amazonaws.com/release/4.0/constraint/constraint-subset.tsv"
V21_FIELDS = {"AF": "AF", "AC": "AC", "AN": "AN", "nhomalt": "nhomalt", "FAF": "faf95", "AF_GRPMAX": "AF_popmax"}


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def tree(tmp_path) -> Path:
    """The publishers' folder layout with their checksum files, built from bundled real files."""
    root = tmp_path / "publishers"
    for relative, source in ((CLINVAR, DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz"),
                             (GNOMAD, DEMO / "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz"),
                             (GFF, DEMO / "GRCh37.demo.gff3.gz"),
                             (CONSTRAINT, DEMO / "gnomad_constraints_v4.0_subset.tsv")):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / relative)
    (root / (CLINVAR + ".md5")).write_text(f"{md5(root / CLINVAR)}  {Path(CLINVAR).name}\n")
    with pysam.FastaFile(str(DEMO / "GRCh37.demo.fa.gz")) as fasta:
        excerpt = fasta.fetch("1", 860259, 879955)
    (root / FASTA).parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(root / FASTA, "wt") as handle:     # plain gzip, as Ensembl ships it
        handle.write(">1 dna:chromosome chromosome:GRCh37:1:860260:879955:1 REF\n")
        handle.writelines(excerpt[i:i + 60] + "\n" for i in range(0, len(excerpt), 60))
    for folder in (Path(GFF).parent, Path(FASTA).parent):
        lines = [f"{bsd_sum(p)} {p.name}" for p in sorted((root / folder).iterdir()) if p.name != "CHECKSUMS"]
        (root / folder / "CHECKSUMS").write_text("\n".join(lines) + "\n")
    return root


def write_manifest(path: Path, base: str, tree: Path, naming: str = "ensembl", extra: list | None = None) -> Path:
    """A manifest whose download URLs start with ``base`` (the loopback server, or https:// for mirror tests)."""
    def url(relative: str) -> str:
        return f"{base}/{relative}"
    entries = [
        {"id": "test_clinvar", "name": "ClinVar subset", "kind": "clinvar", "build": "GRCh37", "version": "2023-07-10",
         "url": url("ftp.ncbi.nlm.nih.gov/pub/clinvar/"), "licence": "public domain", "prepare": "clinvar",
         "files": [{"url": url(CLINVAR), "approx_size": 100000,
                    "checksum": {"algorithm": "md5", "source": "publisher", "from": url(CLINVAR + ".md5")}}]},
        {"id": "test_gnomad", "name": "gnomAD v2.1 subset", "kind": "gnomad", "build": "GRCh37", "version": "2.1.1",
         "url": url("gnomad-public-us-east-1.s3.amazonaws.com/"), "licence": "CC0", "prepare": "gnomad",
         "fields": V21_FIELDS,
         "files": [{"url": url(GNOMAD), "checksum": {"algorithm": "sha256", "source": "first-fetch"}}]},
        {"id": "test_annotation", "name": "Ensembl GFF3 subset", "kind": "annotation", "build": "GRCh37",
         "version": "87", "url": url(ENSEMBL), "licence": "Ensembl", "prepare": "annotation",
         "files": [{"url": url(GFF), "checksum": {"algorithm": "bsd-sum", "source": "publisher",
                                                   "from": url(str(Path(GFF).parent / "CHECKSUMS"))}}]},
        {"id": "test_reference", "name": "GRCh37 SAMD11 region", "kind": "reference", "build": "GRCh37",
         "version": "GRCh37", "url": url(ENSEMBL), "licence": "Ensembl", "prepare": "reference",
         "files": [{"url": url(FASTA), "checksum": {"algorithm": "bsd-sum", "source": "publisher",
                                                     "from": url(str(Path(FASTA).parent / "CHECKSUMS"))}}]},
        {"id": "test_constraint", "name": "gnomAD constraint subset", "kind": "constraint", "build": "any",
         "version": "4.0", "url": url("gnomad/"), "licence": "CC0", "prepare": "constraint",
         "files": [{"url": url(CONSTRAINT), "size": (tree / CONSTRAINT).stat().st_size,
                    "checksum": {"algorithm": "sha256", "source": "pinned", "value": sha256(tree / CONSTRAINT)}}]},
    ] + (extra or [])
    for entry in entries:           # sizes here are the test files' own, or unknown
        for spec in entry["files"]:
            if "url" in spec or "manual_from" in spec:
                spec.setdefault("size_source", "measured" if "size" in spec else "unverified")
    path.write_text(yaml.safe_dump({"manifest_version": 3, "naming": {"GRCh37": naming, "GRCh38": "ucsc"},
                                    "databases": entries}, sort_keys=False))
    return path


def fetch(manifest: Path, dest: Path, *more: str) -> int:
    return main(["resources", "fetch", "--manifest", str(manifest), "--dest", str(dest), "--retries", "2",
                 "--backoff", "0.01", *more])


def read_only(path: Path) -> bool:
    return not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_complete_fetch(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data") == 0
    err = capsys.readouterr().err
    for db, relative in (("test_clinvar", CLINVAR), ("test_gnomad", GNOMAD), ("test_annotation", GFF),
                         ("test_reference", FASTA), ("test_constraint", CONSTRAINT)):
        target = tmp_path / "data" / db / Path(relative).name
        assert target.read_bytes() == (tree / relative).read_bytes()
        assert read_only(target), "verified files are read-only"
        state = json.loads((tmp_path / "data" / db / "state.json").read_text())
        assert state["files"][target.name]["sha256"] == sha256(target) and state["files"][target.name]["verified"]
        assert f"verified {target.name}" in err
    assert not list((tmp_path / "data").rglob("*.part"))
    gnomad_state = json.loads((tmp_path / "data" / "test_gnomad" / "state.json").read_text())
    assert "first fetch" in gnomad_state["files"][Path(GNOMAD).name]["checksum"]["origin"]


def test_interrupted_transfer_resumes_with_range(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        server.faults["/" + CLINVAR] = [{"truncate": 40000}]
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_clinvar") == 0
        gets = server.gets("/" + CLINVAR)
    assert [g["range"] for g in gets] == [None, "bytes=40000-"]
    target = tmp_path / "data" / "test_clinvar" / Path(CLINVAR).name
    assert target.read_bytes() == (tree / CLINVAR).read_bytes()
    err = capsys.readouterr().err
    assert "retry 1/2" in err and "resumed from 40,000" in err


def test_truncated_body_fails_keeps_the_part_and_a_rerun_resumes(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        server.always["/" + CLINVAR] = {"truncate": 10000}
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_clinvar") == 2
        err = capsys.readouterr().err
        target = tmp_path / "data" / "test_clinvar" / Path(CLINVAR).name
        assert not target.exists()
        part = target.with_name(target.name + ".part")
        assert part.stat().st_size == 10000 * 3, "each attempt resumed where the last one stopped"
        assert CLINVAR in err and "connection closed after" in err and "kept in" in err and "Fix:" in err
        del server.always["/" + CLINVAR]
        assert fetch(manifest, tmp_path / "data", "--only", "test_clinvar") == 0
        assert server.gets("/" + CLINVAR)[-1]["range"] == "bytes=30000-"
    assert target.read_bytes() == (tree / CLINVAR).read_bytes() and not part.exists()


def test_checksum_mismatch_is_refused_and_nothing_is_left(tmp_path, tree, capsys):
    (tree / (CLINVAR + ".md5")).write_text("0" * 32 + f"  {Path(CLINVAR).name}\n")
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_clinvar") == 2
    err = capsys.readouterr().err
    assert "verification failed" in err and CLINVAR in err
    assert "expected " + "0" * 32 in err and md5(tree / CLINVAR) in err
    assert not list((tmp_path / "data" / "test_clinvar").glob("clinvar*"))


def test_pinned_size_mismatch_names_both_sizes(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        server.always["/" + CONSTRAINT] = {"body": (tree / CONSTRAINT).read_bytes()[:-10]}
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_constraint") == 2
    err = capsys.readouterr().err
    size = (tree / CONSTRAINT).stat().st_size
    assert f"expected {size:,} bytes, got {size - 10:,}" in err


def test_http_404_fails_at_once(tmp_path, tree, capsys):
    (tree / GNOMAD).unlink()
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_gnomad") == 2
        assert len(server.gets("/" + GNOMAD)) == 1, "404 is not retried"
    err = capsys.readouterr().err
    assert "HTTP 404" in err and GNOMAD in err and "Fix:" in err


def test_http_500_is_retried_then_reported(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        server.always["/" + GNOMAD] = {"status": 500}
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_gnomad") == 2
        assert len(server.gets("/" + GNOMAD)) == 3
    err = capsys.readouterr().err
    assert "after 3 attempts (HTTP 500)" in err and GNOMAD in err


def test_http_503_then_success(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        server.faults["/" + GNOMAD] = [{"status": 503}, {"status": 503}]
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_gnomad") == 0
        assert len(server.gets("/" + GNOMAD)) == 3
    assert "HTTP 503" in capsys.readouterr().err
    assert (tmp_path / "data" / "test_gnomad" / Path(GNOMAD).name).read_bytes() == (tree / GNOMAD).read_bytes()


def test_mirror_directory_needs_no_network(tmp_path, tree, capsys):
    manifest = write_manifest(tmp_path / "m.yaml", "https:/", tree)
    assert fetch(manifest, tmp_path / "data", "--mirror", str(tree)) == 0
    state = json.loads((tmp_path / "data" / "test_clinvar" / "state.json").read_text())
    record = state["files"][Path(CLINVAR).name]
    assert record["url"] == "https://" + CLINVAR and record["source"] == str(tree / CLINVAR)


def test_mirror_url(tmp_path, tree):
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", "https:/", tree)
        assert fetch(manifest, tmp_path / "data", "--only", "test_clinvar", "--mirror", server.url) == 0
        assert [r["path"] for r in server.requests] == ["/" + CLINVAR + ".md5", "/" + CLINVAR]


def test_two_fetches_racing_for_one_file(tmp_path, tree):
    with LoopbackServer(tree) as server:
        server.always["/" + GNOMAD] = {"slow": 0.02}
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        command = [sys.executable, "-m", "traaser", "resources", "fetch", "--manifest", str(manifest),
                   "--dest", str(tmp_path / "data"), "--only", "test_gnomad"]
        runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
        gets = server.gets("/" + GNOMAD)
    assert [code for code, _ in results] == [0, 0], results
    assert len(gets) == 1, "the second run waited for the lock and found the verified file"
    target = tmp_path / "data" / "test_gnomad" / Path(GNOMAD).name
    assert target.read_bytes() == (tree / GNOMAD).read_bytes()
    assert sum("verified" in err for _, err in results) == 1


def test_fetch_then_prepare_gives_indexed_harmonised_outputs(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree, naming="ucsc")
        assert main(["resources", "prepare", "--manifest", str(manifest), "--dest", str(tmp_path / "data"),
                     "--retries", "1", "--backoff", "0.01"]) == 0
    data = tmp_path / "data"
    clinvar = data / "test_clinvar" / "prepared" / "clinvar.bcf"
    assert Path(str(clinvar) + ".csi").is_file()
    with pysam.VariantFile(str(clinvar)) as handle:
        assert {r.chrom for r in handle} == {"chr1"}, "GRCh37 named in the UCSC style as the manifest asks"
        assert set(handle.header.info) <= {"CLNSIG", "CLNREVSTAT", "CLNSIGCONF", "GENEINFO", "CLNDN", "ALLELEID",
                                           "MC", "CLNHGVS"}
    gnomad_stamp = json.loads((data / "test_gnomad" / "prepared" / "prepared.json").read_text())
    assert gnomad_stamp["report"]["bytes_after"] < gnomad_stamp["report"]["bytes_before"]
    with pysam.VariantFile(str(data / "test_gnomad" / "prepared" / "gnomad.bcf")) as handle:
        assert set(handle.header.info) == {"AF", "AC", "AN", "nhomalt", "faf95", "AF_popmax"}
        assert all(len(r.alts) == 1 for r in handle), "multi-allelic records are split"
    with pysam.FastaFile(str(data / "test_reference" / "prepared" / "reference.fa.gz")) as fasta:
        assert list(fasta.references) == ["chr1"] and list(fasta.lengths) == [19696]
    with gzip.open(data / "test_annotation" / "prepared" / "annotation.gff3.gz", "rt") as handle:
        seqids = {ln.split("\t")[0] for ln in handle if ln.strip() and not ln.startswith("#")}
    assert seqids == {"chr1", "chr10", "chrX"}
    assert (data / "test_constraint" / "prepared" / "constraint.tsv").read_text().startswith(
        "gene_symbol\toe_lof_upper\tpLI\tmis_z\n"), "the posterior's missense-constraint feature needs mis_z"
    capsys.readouterr()
    assert main(["resources", "status", "--manifest", str(manifest), "--dest", str(data)]) == 0
    states = [line.split()[1] for line in capsys.readouterr().out.splitlines()]
    assert states == ["prepared"] * 5
    assert gnomad_stamp["inputs"][Path(GNOMAD).name] == sha256(tree / GNOMAD)


def test_status_reports_missing_partial_and_stale(tmp_path, tree, capsys):
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree)
        server.always["/" + CLINVAR] = {"truncate": 1000}
        fetch(manifest, tmp_path / "data", "--only", "test_clinvar")
        del server.always["/" + CLINVAR]
        main(["resources", "prepare", "--manifest", str(manifest), "--dest", str(tmp_path / "data"),
              "--only", "test_constraint"])
    capsys.readouterr()
    text = yaml.safe_load(manifest.read_text())
    text["databases"][4]["version"] = "4.1"
    manifest.write_text(yaml.safe_dump(text))
    main(["resources", "status", "--manifest", str(manifest), "--dest", str(tmp_path / "data")])
    lines = {ln.split()[0]: ln.split()[1] for ln in capsys.readouterr().out.splitlines()}
    assert lines == {"test_clinvar": "partial", "test_gnomad": "missing", "test_annotation": "missing",
                     "test_reference": "missing", "test_constraint": "stale"}


def test_workflow_fetches_prepares_and_annotates_with_downloaded_databases(tmp_path, tree):
    """rules/resources.smk fetches and prepares what the config needs; annotate reads the outputs."""
    demo = [entry for entry in yaml.safe_load((REPO / "resources" / "manifest.yaml").read_text())["databases"]
            if all("path" in spec for spec in entry["files"])]
    for entry in demo:
        for spec in entry["files"]:
            spec["path"] = str((REPO / "resources" / spec["path"]).resolve())
    with LoopbackServer(tree) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, tree, extra=demo)
        workdir = write_workflow_dir(tmp_path / "run", [DEMO_ROW], {
            "manifest": str(manifest), "resources_dir": str(tmp_path / "data"),
            "databases": {"GRCh37": {"reference": "demo_grch37_reference", "annotation": "demo_grch37_annotation",
                                     "clinvar": "test_clinvar", "gnomad": "test_gnomad",
                                     "constraint": "test_constraint"}}})
        result = run_snakemake(workdir)
        assert result.returncode == 0, result.stderr[-4000:]
    document = json.loads((workdir / "results" / "demo-trio" / "candidates.json").read_text())
    databases = document["databases"]
    assert databases["clinvar"]["sha256"] == sha256(tree / CLINVAR)
    assert databases["gnomad"]["sha256"] == sha256(tree / GNOMAD)
    assert databases["clinvar"]["path"].endswith("test_clinvar/prepared/clinvar.bcf")
    assert document["candidates"][0]["gene"] == "BICC1"
    tsv = (workdir / "results" / "demo-trio" / "candidates.tsv").read_text()
    assert f"id:test_gnomad;version:2.1.1;build:GRCh37;sha256:{sha256(tree / GNOMAD)}" in tsv
    annotated = workdir / "results" / "demo-trio" / "work" / "shards" / "1-of-1" / "annotated.bcf"
    with pysam.VariantFile(str(annotated)) as handle:
        pcsk9 = next(r for r in handle.fetch("1", 55505650, 55505651) if r.alts == ("T",))
        assert pcsk9.info["GNOMAD_AF"][0] == pytest.approx(0.0100399, rel=1e-5)
