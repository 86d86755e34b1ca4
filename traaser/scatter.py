"""Scatter a normalized case by chromosome, so consequence prediction and annotation of a genome
run in parallel; prioritize reads the shards back in order (the gather).

A shard is a list of contigs (``regions.txt``, one per line): the consequences step reads just
those contigs of the indexed normalized BCF (``bcftools csq -R``), so the records are not
copied into shard files first. Shard k of n holds whole contigs: contigs with records are
dealt out greedily by record count (largest first, to the shard with fewest records so far;
ties go to the lower shard), so every shard job computes the same assignment from the
normalized BCF's index alone. Shard labels are
"<k>-of-<n>", k from 1.
"""

from __future__ import annotations

from pathlib import Path

from traaser.atomic import write_text_atomic
from traaser.bcftools import records_per_contig
from traaser.counts import StepCounts
from traaser.errors import ConfigError


def shard_labels(n: int) -> list[str]:
    return [f"{k}-of-{n}" for k in range(1, n + 1)]


def parse_label(label: str) -> tuple[int, int]:
    """(k, n) of "<k>-of-<n>"."""
    k, _, n = label.partition("-of-")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise ConfigError(f"shard label '{label}' is not '<k>-of-<n>'", fix="use labels made by traaser.scatter")
    return int(k), int(n)


def assign(counts: dict[str, int], n: int) -> list[list[str]]:
    """Contigs of each of ``n`` shards (each list in the input's contig order)."""
    loads = [0] * n
    owner: dict[str, int] = {}
    for contig in sorted(counts, key=lambda c: -counts[c]):     # stable: ties keep header order
        shard = min(range(n), key=lambda i: (loads[i], i))
        owner[contig] = shard
        loads[shard] += counts[contig]
    return [[c for c in counts if owner[c] == i] for i in range(n)]


def write_shard(bcf: Path, label: str, out: Path, counts_json: Path) -> StepCounts:
    """Write the contigs of shard ``label`` of the indexed ``bcf`` to ``out`` (one per line, in
    header order; empty when there are more shards than contigs with records) and its counts."""
    k, n = parse_label(label)
    counts = StepCounts("scatter")
    per_contig = records_per_contig(bcf)
    contigs = assign(per_contig, n)[k - 1]
    counts.records_in = counts.records_out = sum(per_contig[c] for c in contigs)
    counts.notes[f"shard {label}: records"] = counts.records_in
    counts.notes[f"shard {label}: contigs"] = len(contigs)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, "".join(f"{contig}\n" for contig in contigs))
    counts.write(counts_json)
    return counts


def read_regions(path: Path) -> list[str]:
    """The contigs of a shard's regions file."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
