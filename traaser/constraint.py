"""Gene constraint from gnomAD (LOEUF = oe_lof_upper, pLI, missense z) keyed by gene symbol.

Reads the constraint layouts the manifest lists, plain or gzip-compressed: a TSV with a header
(gnomAD v2.1.1 / v4.x release columns, or the prepared ``gene_symbol oe_lof_upper pLI`` table),
and the bundled gnomAD v2.1.1 subset whose only header is a ``#`` comment naming its columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from traaser.errors import ResourceError
from traaser.gene_symbols import current_symbol
from traaser.textfile import read_text

GENE_COLUMNS = ("gene_symbol", "gene")
LOEUF_COLUMNS = ("oe_lof_upper", "lof.oe_ci.upper", "LOEUF(oe_lof_upper)")
PLI_COLUMNS = ("pLI", "lof.pLI")
MIS_Z_COLUMNS = ("mis_z", "mis.z_score")


@dataclass(frozen=True)
class GeneConstraint:
    """gnomAD constraint of one gene; None where gnomAD gives no value. LOEUF is the upper bound
    of the observed/expected LoF ratio's 90% CI (low = intolerant), pLI a probability, mis_z the
    missense Z score (high = intolerant)."""

    loeuf: float | None = None
    pli: float | None = None
    mis_z: float | None = None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "", "NA") else None
    except ValueError:
        return None


def _rows(path: Path) -> tuple[list[str], csv.DictReader]:
    text = read_text(path)
    first = text.split("\n", 1)[0]
    if first.startswith("#") and "Columns:" in first:
        # the bundled v2.1.1 subset: '# ... Columns: gene<TAB>pLI<TAB>...' and no header row
        names = first.split("Columns:", 1)[1].strip().split("\t")
        reader = csv.DictReader(io.StringIO(text.split("\n", 1)[1]), fieldnames=names, delimiter="\t")
        return names, reader
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    return list(reader.fieldnames or []), reader


def read_constraint(path: Path | None) -> dict[str, GeneConstraint]:
    """gene symbol → constraint (the first row of a symbol wins, as in the gnomAD release order).
    A symbol HGNC has since replaced (gnomAD v2.1.1 uses GENCODE v19 names) is keyed by its
    approved symbol, unless the table also has a row under that symbol. Where several replaced
    symbols name one approved gene (HGNC merged them: CXorf22, CXorf30 and CHDC2 are CFAP47) and
    the table has no row under it, the gene gets no constraint: each row measured one former
    gene's part, none the gene a variant is now read in, so any one of them could claim a
    constraint the whole gene does not have (CXorf22's LOEUF 0.29 against CHDC2's 0.73)."""
    if path is None:
        return {}
    columns, reader = _rows(path)
    gene = next((c for c in GENE_COLUMNS if c in columns), None)
    loeuf = next((c for c in LOEUF_COLUMNS if c in columns), None)
    if gene is None or loeuf is None:
        raise ResourceError("constraint table lacks a gene symbol or LOEUF column", path=str(path),
                            fix="use a gnomAD constraint TSV (gene_symbol/gene and oe_lof_upper columns)")
    pli = next((c for c in PLI_COLUMNS if c in columns), None)
    mis_z = next((c for c in MIS_Z_COLUMNS if c in columns), None)
    table: dict[str, GeneConstraint] = {}
    renamed: dict[str, GeneConstraint] = {}     # rows under a replaced symbol, by approved symbol
    former: dict[str, set[str]] = {}            # approved symbol → the replaced symbols with a row
    for row in reader:
        given = row.get(gene) or ""
        symbol = current_symbol(given)
        if symbol != given:
            former.setdefault(symbol, set()).add(given)
        target = table if symbol == given else renamed
        if not symbol or symbol in target:
            continue
        value = GeneConstraint(_number(row.get(loeuf)), _number(row.get(pli)) if pli else None,
                               _number(row.get(mis_z)) if mis_z else None)
        if value != GeneConstraint():
            target[symbol] = value
    return table | {symbol: value for symbol, value in renamed.items()
                    if symbol not in table and len(former[symbol]) == 1}


def read_loeuf(path: Path | None) -> dict[str, float]:
    """gene symbol → LOEUF, for the genes that have one."""
    return {gene: c.loeuf for gene, c in read_constraint(path).items() if c.loeuf is not None}
