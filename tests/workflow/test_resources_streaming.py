"""Bounded disk for the big downloads, against a real HTTP server on 127.0.0.1.

The gnomAD-like source has three chromosomes, each a slice of the real gnomAD v2.1 exome
excerpt (resources/demo, 293 records with the release's full INFO) given its own contig, served
with gnomAD's layout and listed with published MD5s as the manifest lists gnomAD's. Disk use
under the resources directory is sampled every 2 ms while prepare runs. Also here: a
licence-gated file imported by hand, and the plan a site reads before fetching.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pysam
import pytest
import yaml

from traaser import bcftools
from traaser.cli import main

from conftest import DEMO, REPO
from loopback_server import LoopbackServer

RELEASE = "storage.googleapis.com/gcp-public-data--gnomad/release/2.1.1/vcf/exomes"
CHROMOSOMES = ("1", "2", "3")
FIELDS = {"AF": "AF", "AC": "AC", "AN": "AN", "nhomalt": "nhomalt", "FAF": "faf95", "AF_GRPMAX": "AF_popmax"}


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture()
def source(tmp_path) -> Path:
    """The publisher tree: gnomad.exomes.chr{1,2,3}.vcf.bgz (+ .tbi), ~100 real records each."""
    root = tmp_path / "publisher"
    folder = root / RELEASE
    folder.mkdir(parents=True)
    demo = DEMO / "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz"
    with pysam.VariantFile(str(demo)) as handle:
        header = handle.header
        for contig, length in (("2", 243199373), ("3", 198022430)):
            if contig not in header.contigs:
                header.add_line(f"##contig=<ID={contig},length={length}>")
        records = list(handle)
    third = len(records) // 3
    for index, chrom in enumerate(CHROMOSOMES):
        target = folder / f"gnomad.exomes.chr{chrom}.vcf.bgz"
        with pysam.VariantFile(str(target), "wz", header=header) as out:
            for record in records[index * third:(index + 1) * third]:
                copy = record.copy()
                copy.chrom = chrom
                out.write(copy)
        bcftools.run("index", "-t", "-f", str(target))     # gnomAD serves a .tbi beside each VCF
    return root


def write_manifest(path: Path, base: str, root: Path, md5s: dict[str, str] | None = None) -> Path:
    files = []
    for chrom in CHROMOSOMES:
        relative = f"{RELEASE}/gnomad.exomes.chr{chrom}.vcf.bgz"
        value = (md5s or {}).get(chrom) or md5(root / relative)
        files.append({"url": f"{base}/{relative}", "approx_size": (root / relative).stat().st_size,
                      "size_source": "publisher", "size_note": "the test file's own size",
                      "checksum": {"algorithm": "md5", "source": "publisher", "value": value,
                                   "listed_at": "the test's downloads page"}})
    entries = [{"id": "test_gnomad_chroms", "name": "gnomAD-like, three chromosomes", "kind": "gnomad",
                "build": "GRCh37", "version": "test", "url": f"{base}/", "licence": "CC0", "prepare": "gnomad",
                "fields": FIELDS, "files": files},
               {"id": "test_gated", "name": "a licence-gated score file", "kind": "scores", "build": "GRCh38",
                "version": "1", "url": "https://example.org/login", "licence": "academic only", "opt_in": True,
                "required": False, "notes": "Download by hand, then traaser resources import test_gated FILE.",
                "files": [{"manual_from": "https://example.org/login", "name": "scores.vcf.gz",
                           "approx_size": 1000, "size_source": "unverified",
                           "checksum": {"algorithm": "sha256", "source": "first-fetch"}}]}]
    path.write_text(yaml.safe_dump({"manifest_version": 3, "naming": {"GRCh37": "ensembl", "GRCh38": "ucsc"},
                                    "databases": entries}, sort_keys=False))
    return path


class DiskSampler:
    """The largest total size of the files under ``folder`` seen while the block runs (every 2 ms)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.peak, self._stop = folder, 0, threading.Event()

    def _size(self) -> int:
        total = 0
        for base, _, names in os.walk(self.folder):
            for name in names:
                try:
                    total += os.lstat(os.path.join(base, name)).st_size
                except FileNotFoundError:
                    pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._size())
            time.sleep(0.002)

    def __enter__(self) -> DiskSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._size())


def prepare(manifest: Path, dest: Path, *more: str) -> int:
    return main(["resources", "prepare", "--only", "test_gnomad_chroms", "--manifest", str(manifest),
                 "--dest", str(dest), "--retries", "1", "--backoff", "0.01", *more])


def prepared_outputs(dest: Path) -> dict[str, str]:
    stamp = json.loads((dest / "test_gnomad_chroms" / "prepared" / "prepared.json").read_text())
    return stamp["outputs"]


def test_streaming_prepare_with_discard_raw_bounds_the_disk(tmp_path, source, capsys):
    """Peak disk <= (largest raw chromosome + reduced output) x 1.2; the raw files are gone, the
    state keeps their checksums, status says prepared and names the discarded files."""
    dest = tmp_path / "data"
    with LoopbackServer(source) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, source)
        with DiskSampler(dest) as disk:
            assert prepare(manifest, dest, "--discard-raw") == 0
    folder = dest / "test_gnomad_chroms"
    raw_sizes = [(source / RELEASE / f"gnomad.exomes.chr{c}.vcf.bgz").stat().st_size for c in CHROMOSOMES]
    reduced = sum(p.stat().st_size for p in (folder / "prepared").iterdir())
    assert disk.peak <= (max(raw_sizes) + reduced) * 1.2, (disk.peak, max(raw_sizes), reduced)
    assert disk.peak < sum(raw_sizes), "never the whole release at once"
    assert not list(folder.glob("gnomad.exomes.chr*.vcf.bgz")) and not (folder / "parts").exists()
    state = json.loads((folder / "state.json").read_text())
    assert all(state["files"][f"gnomad.exomes.chr{c}.vcf.bgz"]["discarded"] for c in CHROMOSOMES)
    assert main(["resources", "status", "--only", "test_gnomad_chroms", "--manifest", str(manifest),
                 "--dest", str(dest)]) == 0
    assert "prepared" in capsys.readouterr().out.split("test_gnomad_chroms")[1].split()[0]
    main_file = folder / "prepared" / "gnomad.bcf"
    with pysam.VariantFile(str(main_file)) as handle:
        assert {r.chrom for r in handle} == set(CHROMOSOMES)
        assert set(handle.header.info) >= {"AF", "AC", "AN", "nhomalt", "faf95", "AF_popmax"}
        assert len(handle.header.info) < 20, "reduced to the fields TRaaSer reads"


def test_prepare_killed_mid_chromosome_continues_and_gives_identical_outputs(tmp_path, source, capsys):
    """Kill prepare while it reduces chromosome 2 (SIGKILL at its pause point); the rerun keeps
    chromosome 1's part, redoes 2, does 3, and the outputs equal an uninterrupted prepare's."""
    with LoopbackServer(source) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, source)
        assert prepare(manifest, tmp_path / "clean") == 0
        dest = tmp_path / "killed"
        marker = tmp_path / "paused"
        env = os.environ | {"TRAASER_PAUSE_AT": "prepare-part-2", "TRAASER_PAUSE_MARKER": str(marker)}
        process = subprocess.Popen([sys.executable, "-m", "traaser", "resources", "prepare", "--only",
                                    "test_gnomad_chroms", "--manifest", str(manifest), "--dest", str(dest),
                                    "--discard-raw"], env=env, cwd=REPO)
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "prepare reached chromosome 2"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        folder = dest / "test_gnomad_chroms"
        assert (folder / "parts" / "gnomad.exomes.chr1.vcf.bgz.reduced.json").is_file()
        assert not (folder / "prepared").exists()
        capsys.readouterr()
        assert main(["resources", "status", "--only", "test_gnomad_chroms", "--manifest", str(manifest),
                     "--dest", str(dest)]) == 0
        assert "partial   prepare interrupted after 1 of 3 files" in capsys.readouterr().out
        before = len(server.gets(f"/{RELEASE}/gnomad.exomes.chr1.vcf.bgz"))
        assert prepare(manifest, dest, "--discard-raw") == 0
        assert len(server.gets(f"/{RELEASE}/gnomad.exomes.chr1.vcf.bgz")) == before, "chromosome 1 is not fetched again"
    assert prepared_outputs(dest) == prepared_outputs(tmp_path / "clean")


def test_a_published_md5_mismatch_is_refused_naming_both_values(tmp_path, source, capsys):
    wrong = "0" * 32
    with LoopbackServer(source) as server:
        manifest = write_manifest(tmp_path / "m.yaml", server.url, source, md5s={"2": wrong})
        assert prepare(manifest, tmp_path / "data") != 0
    err = capsys.readouterr().err
    actual = md5(source / RELEASE / "gnomad.exomes.chr2.vcf.bgz")
    assert f"expected {wrong} (publisher listing: the test's downloads page), got {actual}" in err
    assert not (tmp_path / "data" / "test_gnomad_chroms" / "gnomad.exomes.chr2.vcf.bgz").exists()


def test_import_places_the_right_file_and_refuses_a_wrong_one(tmp_path, source, capsys):
    manifest = write_manifest(tmp_path / "m.yaml", "http://127.0.0.1:9", source)
    dest = tmp_path / "data"
    assert main(["resources", "fetch", "--only", "test_gated", "--manifest", str(manifest), "--dest", str(dest)]) == 2
    assert "traaser resources import test_gated FILE" in capsys.readouterr().err
    downloaded = tmp_path / "Downloads" / "scores.vcf.gz"
    downloaded.parent.mkdir()
    downloaded.write_bytes((source / RELEASE / "gnomad.exomes.chr1.vcf.bgz").read_bytes())
    assert main(["resources", "import", "test_gated", str(downloaded), "--manifest", str(manifest),
                 "--dest", str(dest)]) == 0
    placed = dest / "test_gated" / "scores.vcf.gz"
    assert placed.read_bytes() == downloaded.read_bytes()
    state = json.loads((dest / "test_gated" / "state.json").read_text())["files"]["scores.vcf.gz"]
    assert state["verified"] and state["imported"] and state["sha256"] == hashlib.sha256(placed.read_bytes()).hexdigest()
    capsys.readouterr()
    other = tmp_path / "other" / "scores.vcf.gz"
    other.parent.mkdir()
    other.write_bytes((source / RELEASE / "gnomad.exomes.chr2.vcf.bgz").read_bytes())
    assert main(["resources", "import", "test_gated", str(other), "--manifest", str(manifest),
                 "--dest", str(dest)]) == 2
    err = capsys.readouterr().err
    assert f"expected {state['sha256']}" in err and hashlib.sha256(other.read_bytes()).hexdigest() in err
    assert placed.read_bytes() == downloaded.read_bytes(), "the imported file is kept"
