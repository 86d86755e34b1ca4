"""Transcript geometry from the Ensembl GFF3 used for consequences (exons and CDS, in
transcript order), for the PVS1 decision tree: does a premature stop escape NMD, how much
protein does a truncation or an exon skip remove.

Coordinates: GFF3 start/end are 1-based inclusive; VCF POS is 1-based.
"""

from __future__ import annotations

import gzip
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from traaser.derived import cached

Interval = tuple[int, int]


@dataclass
class Transcript:
    """Exons and CDS segments of one transcript, listed 5' to 3' in transcript orientation."""

    id: str
    gene: str
    chrom: str
    strand: str
    exons: list[Interval] = field(default_factory=list)
    cds: list[Interval] = field(default_factory=list)
    phases: dict[Interval, int] = field(default_factory=dict)
    start_phase: int = 0      # bases before the first complete codon (GFF3 phase of the 5'-most CDS)

    def finish(self) -> None:
        reverse = self.strand == "-"
        self.exons.sort(reverse=reverse)
        self.cds.sort(reverse=reverse)
        self.start_phase = self.phases.get(self.cds[0], 0) if self.cds else 0

    @property
    def cds_length(self) -> int:
        """Coding nt from the first complete codon (an incomplete 5' CDS's phase bases excluded)."""
        return sum(end - start + 1 for start, end in self.cds) - self.start_phase

    def exon_index(self, pos: int) -> int | None:
        """0-based index (transcript order) of the exon holding ``pos``, or None."""
        return next((i for i, (s, e) in enumerate(self.exons) if s <= pos <= e), None)

    def cds_offset(self, pos: int) -> int | None:
        """0-based offset of ``pos`` within the CDS, counted from the start codon, or None."""
        offset = -self.start_phase
        for start, end in self.cds:
            if start <= pos <= end:
                result = offset + (pos - start if self.strand == "+" else end - pos)
                return result if result >= 0 else None
            offset += end - start + 1
        return None

    def distance_to_exon_3prime_end(self, index: int, pos: int) -> int:
        """nt from ``pos`` to the 3' end of exon ``index`` (0 at the last base), transcript orientation."""
        start, end = self.exons[index]
        return end - pos if self.strand == "+" else pos - start

    def nmd_escape(self, stop_pos: int, penultimate_nt: int) -> tuple[bool | None, str]:
        """Whether a premature stop at genomic ``stop_pos`` escapes NMD (last exon, or within
        ``penultimate_nt`` nt of the penultimate exon's 3' end), with the reason."""
        index = self.exon_index(stop_pos)
        n = len(self.exons)
        if index is None:
            return None, f"position {stop_pos} is not in an exon of {self.id}"
        if index == n - 1:
            return True, f"stop in the last exon ({index + 1}/{n}) of {self.id}: NMD not predicted"
        if index == n - 2:
            distance = self.distance_to_exon_3prime_end(index, stop_pos)
            if distance < penultimate_nt:
                return True, (f"stop {distance} nt from the 3' end of the penultimate exon ({index + 1}/{n}) "
                              f"of {self.id}, within {penultimate_nt} nt: NMD not predicted")
        return False, f"stop in exon {index + 1}/{n} of {self.id}, upstream of the NMD boundary: NMD predicted"

    def exon_cds_length(self, index: int) -> int:
        """Coding nt inside exon ``index``."""
        start, end = self.exons[index]
        return sum(max(0, min(end, ce) - max(start, cs) + 1) for cs, ce in self.cds)


def _attributes(text: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.strip().split(";") if "=" in item)


def load_transcripts(gff3: Path, wanted: set[str] | None = None) -> dict[str, Transcript]:
    """Transcripts (optionally only ``wanted`` ids) with their exons and CDS from an Ensembl GFF3."""
    genes: dict[str, str] = {}
    transcripts: dict[str, Transcript] = {}
    opener = gzip.open if gff3.suffix == ".gz" else open
    with opener(gff3, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 9:
                continue
            kind, attrs = fields[2], fields[8]
            if kind == "gene" or kind.endswith("_gene"):
                a = _attributes(attrs)
                genes[a.get("ID", "")] = a.get("Name", "")
                continue
            if kind in ("exon", "CDS"):
                parent = _attributes(attrs).get("Parent", "").removeprefix("transcript:")
                if wanted is not None and parent not in wanted:
                    continue
                transcript = transcripts.get(parent)
                if transcript is None:
                    transcript = transcripts[parent] = Transcript(parent, "", fields[0], fields[6])
                interval = (int(fields[3]), int(fields[4]))
                (transcript.exons if kind == "exon" else transcript.cds).append(interval)
                if kind == "CDS" and fields[7].isdigit():
                    transcript.phases[interval] = int(fields[7])
                continue
            a = _attributes(attrs)
            if a.get("ID", "").startswith("transcript:"):
                tid = a["ID"].removeprefix("transcript:")
                if wanted is not None and tid not in wanted:
                    continue
                transcript = transcripts.setdefault(tid, Transcript(tid, "", fields[0], fields[6]))
                transcript.gene = a.get("Parent", "")
    for transcript in transcripts.values():
        transcript.gene = genes.get(transcript.gene, transcript.gene)
        transcript.finish()
    return transcripts


def mane_select_ids(gff3: Path) -> frozenset[str]:
    """Ids of the transcripts an Ensembl GFF3 tags MANE_Select (GRCh38 releases; none on GRCh37)."""
    opener = gzip.open if gff3.suffix == ".gz" else open
    found = set()
    with opener(gff3, "rt", encoding="utf-8") as handle:
        for line in handle:
            if "MANE_Select" in line and not line.startswith("#"):
                attributes = _attributes(line.rstrip("\n").split("\t")[-1])
                if attributes.get("ID", "").startswith("transcript:"):
                    found.add(attributes["ID"].removeprefix("transcript:"))
    return frozenset(found)


@dataclass
class GeneModels:
    """A GFF3's transcripts, each pickled on its own (GFF3 order), and its MANE Select ids: a
    case unpickles only the transcripts it needs (:meth:`select`)."""

    packed: dict[str, bytes]
    mane: frozenset[str]

    def select(self, wanted: set[str]) -> dict[str, Transcript]:
        """The wanted transcripts that the GFF3 has, in GFF3 order."""
        return {tid: pickle.loads(blob) for tid, blob in self.packed.items() if tid in wanted}


def _build_gene_models(gff3: Path) -> GeneModels:
    packed = {tid: pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL) for tid, t in load_transcripts(gff3).items()}
    return GeneModels(packed, mane_select_ids(gff3))


def gene_models(gff3: Path) -> GeneModels:
    """:class:`GeneModels` of a GFF3, parsed once per file content (traaser/derived.py)."""
    return cached("gene-models", [gff3], (sys.modules[__name__],), lambda: _build_gene_models(gff3), GeneModels)
