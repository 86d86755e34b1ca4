"""traaser.collected: the collect step's file round-trips, and a file of another version or format
is refused with the fix (rerun collect) instead of being misread."""

from __future__ import annotations

import pickle

import pytest

from traaser import __version__
from traaser.candidate import Candidate
from traaser.collected import FORMAT, Collected
from traaser.counts import StepCounts
from traaser.errors import OutputError
from traaser.inheritance import HET, Call, Family
from traaser.qc import ParentageCheck


def collected() -> Collected:
    counts = StepCounts("prioritize", records_in=3, records_out=1)
    counts.exclude("FILTER is not PASS", 2)
    call = Call(gt=HET, gq=50, dp=30, ref_reads=15, alt_reads=15)
    return Collected([Candidate("1", 100, "A", "G", "GENE1", None, {"P": call})], Family("P", "female"),
                     ParentageCheck(), counts)


def test_round_trip(tmp_path):
    path = tmp_path / "collected.pickle"
    collected().write(path)
    back = Collected.read(path)
    assert [c.key for c in back.candidates] == ["1:100:A:G"]
    assert back.counts.excluded["FILTER is not PASS"] == 2 and back.family.proband == "P"


@pytest.mark.parametrize("content, message", [
    (pickle.dumps((FORMAT, "0.0.0-other", None)), "not a collected-candidates file"),
    (pickle.dumps(("something-else", __version__, {})), "not a collected-candidates file"),
    (b"not a pickle", "unreadable"),
])
def test_other_files_are_refused_with_the_fix(tmp_path, content, message):
    path = tmp_path / "collected.pickle"
    path.write_bytes(content)
    with pytest.raises(OutputError, match=message) as error:
        Collected.read(path)
    assert "--forcerun collect" in str(error.value)


def test_another_version_is_refused(tmp_path):
    path = tmp_path / "collected.pickle"
    path.write_bytes(pickle.dumps((FORMAT, "0.0.0-other", collected())))
    with pytest.raises(OutputError, match="written by TRaaSer 0.0.0-other"):
        Collected.read(path)
