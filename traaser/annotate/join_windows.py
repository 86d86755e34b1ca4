"""Windows of a sparse case (an exome, a panel) for the annotation joins, so ``bcftools
annotate -R`` reads only the parts of a genome-wide source (gnomAD) near the case's records
instead of every source record of each contig.

A window is the union of the spans [POS, END] (1-based, inclusive) of records that lie less
than ``merge_bp`` apart; so every record lies in exactly one window and a record's exact-match
partners in the source (same POS) lie in the same one. Each window costs one index seek in each
file, so nearby records share a window: ``merge_bp`` trades the seeks against the source
records read between them (tests/benchmarks/README.md has the measurement).

A contig whose records are dense is joined whole (no window): for records spread at random with
mean spacing s, a fraction exp(-merge_bp / s) of the gaps is longer than ``merge_bp``, which is
under 2% once s < merge_bp / :data:`DENSE_SPACING_RATIO`, so windows would skip almost nothing.
When every contig is dense (a genome) there are no windows at all and the join reads contigs
whole, as without this module.

Windows pay only against a large source: each seek decompresses at least one BGZF block (64 KiB
of text, about 16 KiB compressed at bgzip's ratio for VCF), so a source is joined in windows only
when the windows' blocks (:func:`worth_windows`) come to less than its compressed size; a
ClinVar VCF is read whole even for an exome. Measured (tests/benchmarks/README.md): a seek costs
about as much as reading 11 KB of compressed source straight through.
"""

from __future__ import annotations

from pathlib import Path

from traaser import bcftools
from traaser.bcftools import records_per_contig
from traaser.vcf.header import open_vcf

#: A contig is dense, and joined whole, when its mean record spacing is under merge_bp / this.
DENSE_SPACING_RATIO = 4

#: Compressed bytes a window's seek reads at least: one BGZF block of VCF text.
SEEK_BYTES = 1 << 14

Window = tuple[str, int, int]
"""(contig, first base, last base), 1-based inclusive, as ``bcftools -R`` reads a TSV."""


def _contig_lengths(bcf: Path) -> dict[str, int | None]:
    with open_vcf(bcf) as handle:
        return {str(name): contig.length for name, contig in handle.header.contigs.items()}


def is_sparse(records: int, length: int | None, merge_bp: int) -> bool:
    """Whether a contig's records are sparse enough to join in windows: mean spacing
    (length / records) of at least merge_bp / DENSE_SPACING_RATIO, or no length known."""
    return length is None or length * DENSE_SPACING_RATIO >= records * merge_bp


def merge_spans(spans: list[tuple[str, int, int]], merge_bp: int) -> list[Window]:
    """Windows of record spans (contig, POS, END) given in file order: a span starting less than
    ``merge_bp`` after the current window's last base (or inside it) extends it."""
    windows: list[list] = []
    for contig, start, end in spans:
        last = windows[-1] if windows else None
        if last is not None and last[0] == contig and start - last[2] < merge_bp:
            last[2] = max(last[2], end)
        else:
            windows.append([contig, start, end])
    return [(contig, start, end) for contig, start, end in windows]


def _record_spans(bcf: Path, contigs: list[str]) -> list[tuple[str, int, int]]:
    """(contig, POS, END) of every record of those contigs, in file order."""
    spans = []
    with bcftools.lines("query", "-r", ",".join(contigs), "--regions-overlap", "pos",
                        "-f", "%CHROM\t%POS\t%END\n", str(bcf)) as output:
        for line in output:
            contig, pos, end = line.rstrip(b"\n").split(b"\t")
            spans.append((contig.decode(), int(pos), int(end)))
    return spans


def join_windows(bcf: Path, merge_bp: int) -> list[Window] | None:
    """The windows of the indexed ``bcf``, in its contig order, a dense contig as one window
    (base 1 to its length); None when no contig is sparse (join whole contigs)."""
    per_contig = records_per_contig(bcf)
    lengths = _contig_lengths(bcf)
    sparse = [c for c, records in per_contig.items() if is_sparse(records, lengths.get(c), merge_bp)]
    if not sparse:
        return None
    by_contig: dict[str, list[Window]] = {c: [(c, 1, lengths[c] or 0)] for c in per_contig if c not in sparse}
    for window in merge_spans(_record_spans(bcf, sparse), merge_bp):
        by_contig.setdefault(window[0], []).append(window)
    return [window for contig in per_contig for window in by_contig.get(contig, [])]


def worth_windows(windows: list[Window] | None, source: Path) -> bool:
    """Whether joining ``source`` in these windows reads less than reading it whole: fewer
    windows than the source's compressed size in BGZF blocks (:data:`SEEK_BYTES`)."""
    return windows is not None and len(windows) * SEEK_BYTES < source.stat().st_size


def split_windows(windows: list[Window], parts: int) -> list[list[Window]]:
    """Up to ``parts`` runs of consecutive windows, as even in window count as they divide."""
    parts = max(1, min(parts, len(windows)))
    size, extra = divmod(len(windows), parts)
    chunks, start = [], 0
    for k in range(parts):
        stop = start + size + (k < extra)
        chunks.append(windows[start:stop])
        start = stop
    return chunks


def write_windows(windows: list[Window], path: Path) -> Path:
    """Write windows as the tab-separated CHROM, BEG, END (1-based inclusive) file ``-R`` reads."""
    path.write_text("".join(f"{contig}\t{start}\t{end}\n" for contig, start, end in windows), encoding="utf-8")
    return path
