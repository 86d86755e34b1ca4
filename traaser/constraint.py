"""Gene constraint (gnomAD LOEUF = oe_lof_upper) keyed by gene symbol."""

from __future__ import annotations

import csv
from pathlib import Path

from traaser.errors import ResourceError


def read_loeuf(path: Path | None) -> dict[str, float]:
    """gene symbol → LOEUF from a gnomAD constraint TSV (columns gene_symbol/gene, oe_lof_upper/lof.oe_ci.upper)."""
    if path is None:
        return {}
    with open(path, encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        fields = reader.fieldnames or []
        gene_col = next((c for c in ("gene_symbol", "gene") if c in fields), None)
        loeuf_col = next((c for c in ("oe_lof_upper", "lof.oe_ci.upper") if c in fields), None)
        if gene_col is None or loeuf_col is None:
            raise ResourceError("constraint table lacks a gene symbol or LOEUF column", path=str(path),
                                fix="use a gnomAD constraint TSV (gene_symbol/gene and oe_lof_upper columns)")
        table: dict[str, float] = {}
        for row in reader:
            try:
                table[row[gene_col]] = float(row[loeuf_col])
            except (TypeError, ValueError):
                continue
        return table
