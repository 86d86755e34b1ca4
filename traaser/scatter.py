"""Scatter a normalized case by chromosome, so consequence prediction and annotation of a genome
run in parallel; prioritize reads the shards back in order (the gather).

Shard k of n holds whole contigs: contigs with records are dealt out greedily by record count
(largest first, to the shard with fewest records so far; ties go to the lower shard), so every
shard job computes the same assignment from the normalized BCF's index alone. Shard labels are
"<k>-of-<n>", k from 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pysam

from traaser import bcftools
from traaser.atomic import publish_indexed
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


def records_per_contig(bcf: Path) -> dict[str, int]:
    """Contig -> records, from the index (``bcftools index --stats``), in header order."""
    text = str(pysam.bcftools.index("--stats", str(bcf)))
    counts = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2].isdigit() and int(fields[2]) > 0:
            counts[fields[0]] = int(fields[2])
    return counts


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
    """Write shard ``label`` of the indexed ``bcf`` (BCF + CSI) and its counts."""
    k, n = parse_label(label)
    counts = StepCounts("scatter")
    per_contig = records_per_contig(bcf)
    contigs = assign(per_contig, n)[k - 1]
    counts.records_in = counts.records_out = sum(per_contig[c] for c in contigs)
    counts.notes[f"shard {label}: records"] = counts.records_in
    counts.notes[f"shard {label}: contigs"] = len(contigs)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial.bcf")
    if n == 1:
        shutil.copyfile(bcf, tmp)
    elif contigs:
        bcftools.run("view", "--no-version", "-r", ",".join(contigs), "-Ob", "-o", str(tmp), str(bcf))
    else:                                           # more shards than contigs with records: an empty shard
        bcftools.run("view", "--no-version", "-h", "-Ob", "-o", str(tmp), str(bcf))
    bcftools.index(tmp)
    publish_indexed(tmp, out)
    counts.write(counts_json)
    return counts
