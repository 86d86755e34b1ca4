"""Build gnomad_v4.1/constraint_by_symbol.tsv.gz from two unchanged public files.

The gnomAD v4.1 MANE Select constraint subset (ccmbioinfo/cre data/gnomad_scores_v4.1.csv) has
Ensembl gene ids and no symbols; the HGNC protein-coding table (2025-03-13) maps them. Usage:

    python resources/gene-knowledge/build_gnomad_v4_1.py ../shared/data/gene-knowledge

The output has one row per HGNC symbol: gene_symbol, ensembl_gene_id, oe_lof_upper (LOEUF), pLI,
mis_z; values are copied as written in the source (about 3 significant figures), empty where
gnomAD gives none. Rows whose Ensembl id HGNC does not map are left out (and counted).
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(shared: Path) -> None:
    symbols: dict[str, str] = {}
    with gzip.open(shared / "hgnc" / "protein_coding_genes.csv.gz", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["ensembl_gene_id"] not in ("", "NA"):
                symbols[row["ensembl_gene_id"]] = row["symbol"]
    kept, unmapped = [], 0
    with open(shared / "gnomad_v4.1" / "gnomad_scores_v4.1.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            symbol = symbols.get(row["Ensembl_gene_id"])
            if symbol is None:
                unmapped += 1
                continue
            kept.append((symbol, row["Ensembl_gene_id"], row["Gnomad_oe_ci_upper"], row["Gnomad_pLI_score"],
                         row["Gnomad_mis_z_score"]))
    out = HERE / "gnomad_v4.1" / "constraint_by_symbol.tsv.gz"
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        lines = ["gene_symbol\tensembl_gene_id\toe_lof_upper\tpLI\tmis_z"]
        lines += ["\t".join(v if v not in ("NA", "nan") else "" for v in row) for row in sorted(kept)]
        gz.write(("\n".join(lines) + "\n").encode())
    print(f"{out}: {len(kept)} genes, {unmapped} Ensembl ids without an HGNC protein-coding symbol left out")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
