"""Current HGNC symbols for genes an annotation names by an older one.

A GRCh37 Ensembl GFF3 (annotation frozen at release 87), and the GENCODE v19 names of gnomAD
v2.1.1's constraint table, still call hundreds of disease genes by symbols HGNC has since
replaced: ADCK3 is COQ8A, C10orf2 is TWNK, AARS is AARS1. The HPO release, DDG2P and ClinGen use
the approved symbols, so a gene named the old way would find no disease, no phenotype match and
no curated validity. Every gene name that enters from an annotation (the case's consequences,
the ClinVar index, a constraint table) goes through :func:`current_symbol`.

The table (resources/gene-knowledge/hgnc/symbol_updates.tsv.gz, built by the script beside it
from HGNC's protein-coding gene table) maps a previous symbol only when it names exactly one
gene today and is no gene's approved symbol, so a reused symbol is never rewritten.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from traaser import install
from traaser.errors import ResourceError

SYMBOL_UPDATES = install.resource_file("gene-knowledge") / "hgnc" / "symbol_updates.tsv.gz"


@lru_cache(maxsize=4)
def symbol_updates(path: Path = SYMBOL_UPDATES) -> dict[str, str]:
    """previous symbol → approved symbol (read once per process)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    except OSError as error:
        raise ResourceError(f"cannot read the HGNC symbol table: {error}", path=str(path),
                            fix="reinstall TRaaSer (the table ships with it)") from error
    if not lines or lines[0][:2] != ["previous_symbol", "current_symbol"]:
        raise ResourceError("the HGNC symbol table lacks its previous_symbol/current_symbol header",
                            path=str(path), fix="rebuild it with build_symbol_updates.py")
    return {row[0]: row[1] for row in lines[1:] if len(row) >= 2 and row[0] and row[1]}


def current_symbol(name: str) -> str:
    """The approved HGNC symbol of a gene named ``name`` (``name`` itself when it is current,
    unknown or ambiguous)."""
    return symbol_updates().get(name, name)
