"""Build symbol_updates.tsv.gz: each previous HGNC symbol of a protein-coding gene that now has
another approved symbol (e.g. ADCK3 -> COQ8A), from HGNC's protein_coding_genes table.

    python resources/gene-knowledge/hgnc/build_symbol_updates.py \
        ../shared/data/gene-knowledge/hgnc/protein_coding_genes.csv.gz resources/gene-knowledge/hgnc

Kept: a previous symbol that names exactly one current gene and is not itself the approved
symbol of any gene (a reused symbol is never rewritten). Columns: previous_symbol,
current_symbol, hgnc_id; sorted by previous symbol.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
from pathlib import Path


def updates(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    approved = {r["symbol"] for r in rows}
    targets: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        for previous in filter(None, (r.get("prev_symbol") or "").split("|")):
            targets.setdefault(previous, set()).add((r["symbol"], r["hgnc_id"]))
    return sorted((previous, *next(iter(named))) for previous, named in targets.items()
                  if len(named) == 1 and previous not in approved)


def main(source: Path, out_dir: Path) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = updates(rows)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    out = out_dir / "symbol_updates.tsv.gz"
    with gzip.GzipFile(out, "wb", mtime=0) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
        handle.write(f"# HGNC previous -> approved symbols, from {source.name} (sha256 {digest})\n")
        handle.write("previous_symbol\tcurrent_symbol\thgnc_id\n")
        handle.writelines("\t".join(row) + "\n" for row in table)
    print(f"{out}: {len(table)} previous symbols")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
