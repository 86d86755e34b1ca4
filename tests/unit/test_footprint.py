"""traaser resources plan (traaser/resources/footprint.py): download, peak and final disk.

gnomAD is prepared one file at a time: with --discard-raw its peak is the largest raw file plus
the reduced output (or twice the reduced output while the parts are concatenated); keeping the
raw files it is everything downloaded plus the parts and the concatenated output."""

import re

import pytest

from traaser.cli import main
from traaser.errors import ResourceError
from traaser.resources.footprint import Footprint, Plan, duration, parse_bandwidth
from traaser.resources.manifest import Database, FileSpec

from conftest import REPO


def database(prepare: str, sizes: list[int], fraction: float | None = None) -> Database:
    files = tuple(FileSpec(name=f"f{i}", url=f"https://example.org/f{i}", approx_size=size,
                           size_source="unverified") for i, size in enumerate(sizes))
    return Database(f"db_{prepare}", "test", prepare if prepare != "none" else "scores", "GRCh38", "1",
                    "https://example.org", "CC0", files, prepare=prepare, prepared_fraction=fraction)


@pytest.mark.parametrize("prepare, sizes, fraction, peak_keep, peak_discard, after_keep, after_discard", [
    # streamed: peak* = max(largest 300 + reduced 60, 2 x 60); peak = 600 + 2 x 60
    ("gnomad", [100, 200, 300], 0.1, 720, 360, 660, 60),
    # streamed, reduced output large: the concatenation dominates (2 x 540 > largest 300 + 540)
    ("gnomad", [100, 200, 300], 0.9, 600 + 2 * 540, 2 * 540, 600 + 540, 540),
    # all raw files present while preparing; --discard-raw deletes them afterwards
    ("clinvar", [1000], 0.5, 1500, 1500, 1500, 500),
    # read as downloaded: nothing to discard
    ("none", [1000], None, 1000, 1000, 1000, 1000),
])
def test_footprint(prepare, sizes, fraction, peak_keep, peak_discard, after_keep, after_discard):
    f = Footprint.of(database(prepare, sizes, fraction))
    assert (f.peak(False), f.peak(True), f.after(False), f.after(True)) == (
        peak_keep, peak_discard, after_keep, after_discard)


def test_a_plan_adds_the_worst_single_prepare_to_what_the_others_keep():
    small, big = Footprint.of(database("clinvar", [1000], 0.5)), Footprint.of(database("gnomad", [100, 300], 0.1))
    plan = Plan([small, big])
    assert plan.download == 1400
    assert plan.after(True) == 500 + 40
    assert plan.peak(True) == plan.after(True) + max(small.peak(True) - 500, big.peak(True) - 40)


@pytest.mark.parametrize("text, bits", [("100Mbit", 1e8), ("1 Gbit", 1e9), ("50MB/s", 4e8), ("10kbit", 1e4)])
def test_bandwidth(text, bits):
    assert parse_bandwidth(text) == bits


def test_a_bandwidth_without_unit_is_refused():
    with pytest.raises(ResourceError, match="bandwidth"):
        parse_bandwidth("100")


@pytest.mark.parametrize("seconds, text", [(40, "40 s"), (720, "12 min"), (15960, "4 h 26 min")])
def test_duration(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize("build", ["GRCh38", "GRCh37"])
def test_the_readme_table_is_what_plan_prints(build, capsys):
    assert main(["resources", "plan", "--build", build]) == 0
    total = capsys.readouterr().out.splitlines()[-2]
    figures = re.match(r"total \(required, \w+\): download ([\d.]+ [kMGT]?B), (.+?) at 100Mbit; peak disk "
                       r"([\d.]+ [kMGT]?B) keeping the raw downloads, ([\d.]+ [kMGT]?B) with --discard-raw; "
                       r"disk after prepare ([\d.]+ [kMGT]?B) / ([\d.]+ [kMGT]?B)$", total)
    assert figures, total
    download, time, peak, peak_discard, after, after_discard = figures.groups()
    row = next(line for line in (REPO / "README.md").read_text().splitlines() if line.startswith(f"| {build} | "))
    cells = [c.strip() for c in row.split("|")[1:-1]]
    assert cells[1].startswith(download)
    assert cells[2] == f"{peak} / {peak_discard}" and cells[3] == f"{after} / {after_discard}" and cells[4] == time
