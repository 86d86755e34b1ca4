"""Record accounting (traaser/counts.py): records in + added = out + excluded, step by step and along the chain."""

import pytest

from traaser.counts import StepCounts
from traaser.errors import AccountingError


def test_balanced_counts_round_trip(tmp_path):
    """records in + records added = records out + records excluded."""
    counts = StepCounts("normalize", records_in=10, records_out=9, records_added=1)
    counts.exclude("REF differs from the reference FASTA", 2)
    counts.write(tmp_path / "c.json")
    assert StepCounts.read(tmp_path / "c.json").to_json() == counts.to_json()


def test_unbalanced_counts_are_a_bug_not_a_file(tmp_path):
    counts = StepCounts("prioritize", records_in=10, records_out=9)
    with pytest.raises(AccountingError, match="prioritize"):
        counts.write(tmp_path / "c.json")
    assert not (tmp_path / "c.json").exists()


def test_chain_of_steps_must_connect():
    """Records leaving one step must enter the next; otherwise the run fails loudly."""
    from traaser.counts import check_chain
    from traaser.errors import AccountingError
    a = StepCounts("normalize", records_in=10, records_out=10)
    b = StepCounts("annotate", records_in=10, records_out=10)
    assert check_chain([a, b])["records_out"] == 10
    with pytest.raises(AccountingError, match="10 records left normalize but 9 entered annotate"):
        check_chain([a, StepCounts("annotate", records_in=9, records_out=9)])
