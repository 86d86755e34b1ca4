"""Scatter by chromosome: the shard assignment and the merged record accounting."""

import pytest

from traaser.counts import StepCounts, check_chain, merge_shards
from traaser.errors import ConfigError
from traaser.scatter import assign, parse_label, shard_labels


@pytest.mark.parametrize("counts, n, expected", [
    ({"1": 10}, 1, [["1"]]),
    ({"1": 100, "2": 90, "3": 20, "X": 15}, 2, [["1", "X"], ["2", "3"]]),     # largest first, to the lighter shard
    ({"1": 5, "2": 5}, 3, [["1"], ["2"], []]),                                # more shards than contigs: one empty
    ({"2": 7, "1": 7}, 2, [["2"], ["1"]]),                                    # ties: input (header) order
])
def test_contigs_are_dealt_out_by_record_count(counts, n, expected):
    shards = assign(counts, n)
    assert shards == expected
    assert sorted(c for shard in shards for c in shard) == sorted(counts), "every contig in exactly one shard"


def test_labels_round_trip_and_bad_labels_are_refused():
    assert [parse_label(label) for label in shard_labels(3)] == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(ConfigError):
        parse_label("3-of-2")


def test_shard_counts_merge_into_one_step_that_chains():
    normalize = StepCounts("normalize", 100, 100)
    shards = [StepCounts("scatter", 60, 60, notes={"shard 1-of-2: records": 60}),
              StepCounts("scatter", 40, 40, notes={"shard 2-of-2: records": 40}),
              StepCounts("consequences", 60, 60, notes={"consequence source": 0}, warnings=["w"]),
              StepCounts("consequences", 40, 40, notes={"consequence source": 0}, warnings=["w"]),
              StepCounts("annotate", 60, 58, excluded={"x": 2}), StepCounts("annotate", 40, 39, excluded={"x": 1})]
    merged = merge_shards([normalize, *shards])
    assert [(s.step, s.records_in, s.records_out) for s in merged] == [
        ("normalize", 100, 100), ("scatter", 100, 100), ("consequences", 100, 100), ("annotate", 100, 97)]
    assert merged[3].excluded == {"x": 3} and merged[2].warnings == ["w"]
    assert merged[2].notes["consequence source"] == 0, "a code is kept, not summed"
    assert merged[1].notes == {"shard 1-of-2: records": 60, "shard 2-of-2: records": 40}
    check_chain(merged + [StepCounts("prioritize", 97, 97)])
