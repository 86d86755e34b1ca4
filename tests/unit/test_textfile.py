"""Reading the bundled text tables: compression told by content, '#' provenance lines skipped."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from traaser.textfile import commented_tsv_rows, read_text

TABLE = "# source: a comment line\n# licence: CC0\nname\tvalue\nA\t1\nB\t2\n"


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_commented_table_rows(tmp_path: Path, compressed: bool) -> None:
    """The header is the first line not starting with '#'; '#' lines anywhere are provenance,
    not rows; a gzip file is read the same whatever its name."""
    path = tmp_path / "table.tsv"      # no .gz suffix even when compressed: the magic bytes decide
    data = (TABLE + "# trailing note\n").encode()
    path.write_bytes(gzip.compress(data) if compressed else data)
    assert commented_tsv_rows(path) == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
    assert read_text(path) == data.decode()
