"""The gene constraint reader (traaser/constraint.py) on the real gnomAD v4 subset."""

import pytest

from traaser.constraint import read_loeuf
from traaser.errors import ResourceError

from conftest import DEMO


def test_loeuf_from_real_gnomad_v4_subset():
    table = read_loeuf(DEMO / "gnomad_constraints_v4.0_subset.tsv")
    assert table["A1BG"] == pytest.approx(1.342)
    assert len(table) == 9


def test_constraint_table_without_loeuf_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("gene\tpLI\nA\t0.1\n")
    with pytest.raises(ResourceError, match="LOEUF"):
        read_loeuf(path)
