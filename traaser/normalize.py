"""Normalize a case VCF: check REF against the FASTA, split multi-allelics, left-align, dedup.

Step 1 (streaming): each record's REF is compared with the reference. Records on a
contig the reference lacks, past a contig's end, or whose REF differs from the FASTA are
excluded and written to ``excluded.tsv`` with the reason. Records whose reference bases are
all N cannot be checked; they are kept and counted. If more than the configured fraction of
checkable records mismatch, the build or reference is wrong and the case fails. Usually only
the five columns bcftools query prints are read (:func:`quick_check`) and the input is not
rewritten; inputs that need more (header additions, undeclared tags, unsorted records) are
parsed and rewritten record by record (:func:`check_references`).
Step 2 (bcftools norm -m -any -f REF -c w -d exact [--keep-sum AD] [-T ^excluded positions]):
split, left-align, drop exact duplicates. Splitting a multi-allelic call keeps each sample's total
read count (``--keep-sum AD``, where the header declares FORMAT/AD): a 1/2 call with AD 0,148,81
becomes 148,81 for the first ALT's record and 81,148 for the second's: the REF count holds the
reads of every other allele, so the allele balance of each record is that ALT's share of the reads
(0.35 and 0.65), not 1.0. AD declared ``Number=.`` (VCF 4.1, GATK 3) is declared ``Number=R`` first
(one depth per allele, as its values are), else bcftools copies the whole vector into every split
record and the second ALT's record would read the first ALT's reads as its own.
Positions are 1-based (VCF POS); FASTA slices use 0-based half-open starts.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pysam

from traaser import bcftools
from traaser.annotate.fields import CONSEQUENCE_TAGS
from traaser.atomic import publish_indexed
from traaser.counts import StepCounts
from traaser.errors import GenomeBuildError, ToolError, VcfError
from traaser.vcf.alleles import NOT_ASSESSED, is_gvcf_block, is_not_assessed
from traaser.vcf.header import open_bytes, open_vcf

REF_MISMATCH = "REF differs from the reference FASTA"
CONTIG_MISSING = "contig not in the reference FASTA"
PAST_END = "position past the contig end"
POS_ZERO = "POS 0 (not a valid 1-based position)"
DUPLICATE = "exact duplicate record"
GVCF_BLOCK = "gVCF reference block (ALT only <NON_REF> or <*>): no allele called"
SPLIT_OFF = "symbolic or '*' ALT split off a record with a real ALT: kept out of annotation"
MIXED_NOTE = "records with a real ALT beside a symbolic or '*' one (split, real allele kept)"


class ReferenceWindows:
    """Reference bases read ahead in one window at a time, so memory stays flat whatever the
    genome size. A request past the held window reads a new one from the request's start; its
    width adapts to how densely the records arrive: it doubles while records fall just past the
    window, and shrinks to a quarter when they used less than a quarter of it (between MIN and
    MAX bases). A genome is thus read in Mb windows, an exome in a few kb around each exon
    cluster, instead of Mb windows that each serve a handful of records. A request before the
    held window (out of order) or longer than MAX is read directly. Coordinates are 0-based half-open, as pysam's."""

    MIN = 1 << 12
    MAX = 1 << 20

    def __init__(self, fasta: pysam.FastaFile) -> None:
        self.fasta = fasta
        self.lengths = dict(zip(fasta.references, fasta.lengths))
        self.contig: str | None = None
        self.offset = 0
        self.block = ""
        self.width = self.MIN
        self.used = 0               # end of the furthest request served from the held window
        self.fetched = 0            # bases read from the FASTA so far

    def _read(self, contig: str, start: int, stop: int) -> str:
        self.fetched += stop - start
        return self.fasta.fetch(contig, start, stop).upper()

    def bases(self, contig: str, start: int, stop: int) -> str:
        """Upper-case reference bases of ``contig``[start:stop]."""
        end = self.offset + len(self.block)
        same = contig == self.contig
        if same and self.offset <= start and stop <= end:
            self.used = max(self.used, stop)
            return self.block[start - self.offset:stop - self.offset]
        if (same and start < self.offset) or stop - start > self.MAX:
            return self._read(contig, start, stop)
        if same:
            if self.used - self.offset < len(self.block) // 4:
                self.width = max(self.width // 4, self.MIN)      # most of the window went unused
            elif start < end + self.width:
                self.width = min(self.width * 2, self.MAX)       # records run on past its end
        self.contig, self.offset = contig, start
        self.block = self._read(contig, start, min(start + max(self.width, stop - start), self.lengths[contig]))
        self.used = stop
        return self.block[:stop - start]


#: Tags TRaaSer reads: if a VCF uses one of them without declaring it, the run is refused.
USED_INFO = set(CONSEQUENCE_TAGS)
USED_FORMAT = {"GT", "AD", "DP", "GQ"}


def _header_with_every_tag(vcf_in: Path) -> tuple[pysam.VariantHeader, set[str], set[str]]:
    """The header after reading every record (htslib declares each undeclared tag it meets), and
    the undeclared INFO and FORMAT tags. A second read; only done when the first pass hits one."""
    with open_vcf(vcf_in) as vcf:
        info, formats = set(vcf.header.info), set(vcf.header.formats)
        for _ in vcf:
            pass
        return vcf.header.copy(), set(vcf.header.info) - info, set(vcf.header.formats) - formats


def check_references(vcf_in: Path, fasta_path: Path, kept: Path, excluded_tsv: Path,
                     counts: StepCounts) -> tuple[int, int]:
    """Stream records, write the kept ones to ``kept`` (BCF); returns (mismatches, checkable).

    Reference contigs missing from the VCF header are added to it (bcftools csq needs them).
    INFO/FORMAT tags used but not declared are declared from the records (and counted), unless
    TRaaSer reads them, which is refused.
    """
    try:
        return _check_references(vcf_in, fasta_path, kept, excluded_tsv, counts)
    except (OSError, ValueError):               # htslib cannot parse a record (pysam raises either)
        failed_at = counts.records_in
    try:
        header, info, formats = _header_with_every_tag(vcf_in)
    except (OSError, ValueError):
        info = formats = set()
    if not info and not formats:
        raise _unparsable(vcf_in, failed_at)
    used = sorted((info & USED_INFO) | (formats & USED_FORMAT))
    if used:
        raise VcfError(f"the records use {', '.join(used)} without declaring it in the header", path=str(vcf_in),
                       fix="add the ##INFO/##FORMAT lines (bcftools annotate -h header.txt) or fix the caller")
    counts.records_in = 0
    counts.excluded.clear()
    counts.warnings.append(f"tags used but not declared in the header, declared from the records: "
                           f"{', '.join(sorted(info | formats))}")
    declared = kept.with_name("declared.vcf.gz")
    _redeclare(vcf_in, header, declared)
    return _check_references(declared, fasta_path, kept, excluded_tsv, counts)


def _unparsable(path: Path, number: int) -> VcfError:
    """The error for data line ``number`` (0-based) that htslib cannot parse, quoting the line."""
    line = ""
    if path.suffix != ".bcf":
        with open_bytes(path) as handle:
            data = (raw for raw in handle if raw[:1] != b"#" and raw.strip())
            line = next((raw for i, raw in enumerate(data) if i == number), b"").decode("utf-8", "replace")
    shown = line.rstrip("\r\n")[:300] + (" ..." if len(line) > 300 else "")
    return VcfError(f"record {number + 1} cannot be parsed (htslib's message above names the field): '{shown}'",
                    path=str(path), fix="correct the value (e.g. a non-numeric GQ or DP) or the header line "
                                        "that declares the field, then rerun")


def _redeclare(vcf_in: Path, header: pysam.VariantHeader, out: Path) -> None:
    """Copy a text VCF's records under a header that declares every tag they use."""
    with open_bytes(vcf_in) as source, \
            pysam.BGZFile(str(out), "wb", None) as target:
        target.write(str(header).encode())
        for line in source:
            if not line.startswith(b"#"):
                target.write(line if line.endswith(b"\n") else line + b"\n")


def _check_references(vcf_in: Path, fasta_path: Path, kept: Path, excluded_tsv: Path,
                      counts: StepCounts) -> tuple[int, int]:
    with open_vcf(vcf_in) as vcf, pysam.FastaFile(str(fasta_path)) as fasta:
        header = vcf.header.copy()
        added = 0
        for name, length in zip(fasta.references, fasta.lengths):
            if name not in header.contigs:
                header.contigs.add(name, length=length)
                added += 1
        if added:
            counts.notes["reference contigs added to the VCF header"] = added
        if "END" not in header.info:         # htslib needs END declared to write a symbolic allele
            header.info.add("END", 1, "Integer", "End position of the record (1-based, inclusive)")
        with pysam.VariantFile(str(kept), "wb", header=header) as out, \
                open(excluded_tsv, "w", encoding="utf-8") as excluded:
            excluded.write("#chrom\tpos\tref\talt\treason\n")
            return _check_records(vcf, ReferenceWindows(fasta), out, excluded, counts)


class ReferenceCheck:
    """The per-record checks of step 1, shared by both ways of reading the records: each record
    is kept or excluded with the first reason that applies (no ALT to assess, contig missing,
    POS 0, past the contig end, REF mismatch), excluded ones are written to ``excluded`` and
    counted. Positions are 1-based; ``stop`` is the record's last base (VCF END)."""

    UNVERIFIABLE = "REF not checkable (reference is N)"

    def __init__(self, windows: ReferenceWindows, excluded: TextIO, counts: StepCounts) -> None:
        self.windows = windows
        self.excluded = excluded
        self.counts = counts
        self.mismatches = 0
        self.checkable = 0

    def keep(self, chrom: str, pos: int, stop: int, ref: str, alts: tuple[str, ...]) -> bool:
        """Check one record (``alts`` is ('.',) when it has none); False if it is excluded."""
        counts = self.counts
        counts.records_in += 1
        reason = None
        assessed = [a for a in alts if not is_not_assessed(a)]
        lengths = self.windows.lengths
        if not assessed:
            reason = GVCF_BLOCK if is_gvcf_block(alts) else NOT_ASSESSED
        elif chrom not in lengths:
            reason = CONTIG_MISSING
        elif pos < 1:
            reason = POS_ZERO
        elif stop > lengths[chrom]:
            reason = PAST_END
        else:
            ref_bases = self.windows.bases(chrom, pos - 1, stop)
            given = ref.upper()
            if set(ref_bases) == {"N"}:
                counts.notes[self.UNVERIFIABLE] = counts.notes.get(self.UNVERIFIABLE, 0) + 1
            else:
                self.checkable += 1
                if any(g != r and "N" not in (g, r) for g, r in zip(given, ref_bases)):
                    self.mismatches += 1
                    reason = REF_MISMATCH
        if reason is None:
            if len(assessed) < len(alts):
                counts.notes[MIXED_NOTE] = counts.notes.get(MIXED_NOTE, 0) + 1    # split by bcftools norm
            return True
        counts.exclude(reason)
        self.excluded.write(f"{chrom}\t{pos}\t{ref}\t{','.join(alts)}\t{reason}\n")
        return False


def _check_records(vcf: pysam.VariantFile, cache: ReferenceWindows, out: pysam.VariantFile, excluded: TextIO,
                   counts: StepCounts) -> tuple[int, int]:
    check = ReferenceCheck(cache, excluded, counts)
    for record in vcf:
        if check.keep(record.chrom, record.pos, record.stop, record.ref or "", record.alts or (".",)):
            out.write(record)
    return check.mismatches, check.checkable


@dataclass
class QuickCheck:
    """Step 1 done by reading only CHROM, POS, END, REF and ALT as bcftools prints them: the
    counts, the positions (CHROM, POS) bcftools norm is to leave out, and what the header must
    declare in addition (reference contigs it lacks, with their lengths; END, for a symbolic ALT)."""

    mismatches: int
    checkable: int
    skip: list[tuple[str, int]]
    contigs: list[tuple[str, int]]
    declare_end: bool


def quick_check(vcf_in: Path, fasta_path: Path, excluded_tsv: Path, counts: StepCounts) -> QuickCheck | None:
    """Step 1 without parsing the records in Python: ``bcftools query`` prints the five columns
    and :class:`ReferenceCheck` judges them, so the input is not rewritten; bcftools norm then
    reads it and leaves the excluded positions out (``-T ^``). Returns None, having changed
    nothing in ``counts``, when the input needs the full path (:func:`check_references`): htslib
    has anything to say about the records (an undeclared tag, a bad value), the records are not
    sorted, or an excluded record cannot be told apart by its position (POS 0, or a kept record
    at the same position)."""
    with open_vcf(vcf_in) as vcf:
        header = vcf.header
        declared, has_end = set(header.contigs), "END" in header.info
    with pysam.FastaFile(str(fasta_path)) as fasta:
        contigs = [(name, length) for name, length in zip(fasta.references, fasta.lengths) if name not in declared]
        scratch = StepCounts("normalize")
        log: list[str] = []
        try:
            found = _quick_records(vcf_in, fasta, excluded_tsv, scratch, log)
        except (ToolError, ValueError):
            return None                 # a record bcftools or this check cannot read: the full check names it
        if found is None or log:
            return None
        check, skip, symbolic = found
    counts.records_in += scratch.records_in
    for reason, n in scratch.excluded.items():
        counts.exclude(reason, n)
    counts.notes.update(scratch.notes)
    return QuickCheck(check.mismatches, check.checkable, skip, contigs, symbolic and not has_end)


def _quick_records(vcf_in: Path, fasta: pysam.FastaFile, excluded_tsv: Path, counts: StepCounts,
                   log: list[str]) -> tuple[ReferenceCheck, list[tuple[str, int]], bool] | None:
    """The records of :func:`quick_check` as bcftools query prints them, judged one by one: the
    check's tallies, the excluded positions and whether a kept ALT is symbolic; None as soon as
    the quick check cannot hold (see there)."""
    skip: list[tuple[str, int]] = []
    symbolic = False
    with open(excluded_tsv, "w", encoding="utf-8") as excluded, \
            bcftools.lines("query", "-f", "%CHROM\t%POS\t%END\t%REF\t%ALT\n", str(vcf_in), htslib_log=log) as rows:
        excluded.write("#chrom\tpos\tref\talt\treason\n")
        check = ReferenceCheck(ReferenceWindows(fasta), excluded, counts)
        seen: set[str] = set()
        last: tuple[str, int, bool] = ("", -1, True)       # previous record: contig, POS, kept
        for row in rows:
            chrom_b, pos_b, end_b, ref_b, alt_b = row.rstrip(b"\r\n").split(b"\t")
            chrom, pos, alt = chrom_b.decode(), int(pos_b), alt_b.decode()
            kept = check.keep(chrom, pos, int(end_b), ref_b.decode(), tuple(alt.split(",")))
            if chrom != last[0]:
                if chrom in seen:
                    return None                             # contig blocks interleaved
                seen.add(chrom)
            elif pos < last[1] or (pos == last[1] and kept != last[2]):
                return None                                 # unsorted, or -T ^ would drop a kept record
            if not kept:
                if pos < 1:
                    return None
                skip.append((chrom, pos))
            elif "<" in alt:
                symbolic = True
            last = (chrom, pos, kept)
    return check, skip, symbolic


def declare(bcf: Path, contigs: list[tuple[str, int]], end: bool, out: Path) -> None:
    """``bcf`` with the reference contigs it lacks and, if ``end``, INFO/END added to its header
    (``bcftools reheader``; the lines go after the existing ones, so no record changes)."""
    with pysam.VariantFile(str(bcf)) as source:
        lines = str(source.header).splitlines()
    added = [f"##contig=<ID={name},length={length}>" for name, length in contigs]
    if end:
        added.append('##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the record '
                     '(1-based, inclusive)">')
    header = out.with_name(out.name + ".header.txt")
    header.write_text("\n".join(lines[:-1] + added + lines[-1:]) + "\n", encoding="utf-8")
    bcftools.run("reheader", "-h", str(header), "-o", str(out), str(bcf))


def sort_records(vcf_in: Path, tmp: Path) -> Path:
    """``vcf_in`` sorted by contig (header order) and position (``bcftools sort``, spills to ``tmp``)."""
    out = tmp / "sorted.bcf"
    bcftools.run("sort", "-m", "768M", "-T", str(tmp / "sort."), "-Ob", "-o", str(out), str(vcf_in))
    return out


def rename_contigs(vcf_in: Path, renames: dict[str, str], out: Path) -> Path:
    """The VCF with contigs renamed (``bcftools annotate --rename-chrs``), e.g. chr1 -> 1."""
    table = out.with_suffix(".rename.tsv")
    table.write_text("".join(f"{old}\t{new}\n" for old, new in renames.items()))
    bcftools.run("annotate", "--no-version", "--rename-chrs", str(table), "-Ob", "-o", str(out), str(vcf_in))
    return out


def normalize(vcf_in: Path, fasta: Path, vcf_out: Path, counts_json: Path, excluded_tsv: Path,
              max_mismatch_fraction: float, renames: dict[str, str] | None = None,
              needs_sort: bool = False) -> StepCounts:
    """Run both steps and write the BCF, its index, the counts and the excluded records.

    ``renames`` maps the VCF's contig names to the reference's (from the preflight alias table);
    ``needs_sort`` (preflight found records out of order) sorts the kept records first. Step 1
    first tries :func:`quick_check`; if that declines, or bcftools norm then fails or htslib
    warns about the original records, the case is normalized again with the full check, which
    parses and rewrites every record and names the problem (same counts and outcome either way)."""
    try:
        return _normalize(vcf_in, fasta, vcf_out, counts_json, excluded_tsv, max_mismatch_fraction, renames,
                          needs_sort, quick=not needs_sort)
    except _FullCheckNeeded:
        return _normalize(vcf_in, fasta, vcf_out, counts_json, excluded_tsv, max_mismatch_fraction, renames,
                          needs_sort, quick=False)


class _FullCheckNeeded(Exception):
    """bcftools norm did not take the quickly checked input cleanly."""


def _normalize(vcf_in: Path, fasta: Path, vcf_out: Path, counts_json: Path, excluded_tsv: Path,
               max_mismatch_fraction: float, renames: dict[str, str] | None, needs_sort: bool,
               quick: bool) -> StepCounts:
    counts = StepCounts("normalize")
    vcf_out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=vcf_out.parent) as tmp:
        if renames:
            vcf_in = rename_contigs(vcf_in, renames, Path(tmp) / "renamed.bcf")
            counts.notes["contigs renamed through the alias table"] = len(renames)
        vcf_in, depth_args = allele_depths_kept(vcf_in, Path(tmp), counts)
        excluded_partial = Path(tmp) / "excluded.tsv"
        partial = Path(tmp) / "normalized.bcf"
        # bcftools norm starts on the input while the quick check reads it (both cores busy): its
        # output is used when the check keeps every record, else it is rerun leaving the excluded out
        early = Path(tmp) / "early.bcf"
        speculative = bcftools.Running.start(*_norm_command(fasta, vcf_in, early, depth_args)) if quick else None
        try:
            checked = quick_check(vcf_in, fasta, excluded_partial, counts) if quick else None
            if speculative is not None and (checked is None or checked.skip):
                speculative.cancel()                  # it read records that are to be left out
                speculative = None
            norm_options = depth_args
            if checked is not None:
                kept, mismatches, checkable = vcf_in, checked.mismatches, checked.checkable
                norm_options = depth_args + _skip_arguments(checked.skip, Path(tmp) / "skip.tsv")
            else:
                kept = Path(tmp) / "kept.bcf"
                mismatches, checkable = check_references(vcf_in, fasta, kept, excluded_partial, counts)
            fraction = mismatches / checkable if checkable else 0.0
            if fraction > max_mismatch_fraction:
                raise GenomeBuildError(
                    f"{mismatches} of {checkable} checkable records ({fraction:.1%}) have a REF that differs from "
                    f"{fasta}, above the limit of {max_mismatch_fraction:.1%}: wrong genome build or reference",
                    path=str(vcf_in), fix="check the 'build' column and the configured reference FASTA")
            kept_n = counts.records_in - sum(counts.excluded.values())
            if needs_sort:
                kept = sort_records(kept, Path(tmp))
                counts.warnings.append("records were not sorted: sorted by bcftools sort before normalization")
            if checked is None:
                messages = bcftools.run(*_norm_command(fasta, kept, partial, norm_options))
            else:
                running = speculative or bcftools.Running.start(*_norm_command(fasta, kept, early, norm_options))
                speculative = None
                messages = _norm_quickly_checked(running, checked, early, counts)
                early.replace(partial)
        finally:
            if speculative is not None:
                speculative.cancel()
        summary = _norm_summary(messages)
        if counts.notes.get(MIXED_NOTE):
            split_off = drop_unassessed_alleles(partial, Path(tmp) / "assessed.bcf")
            counts.exclude(SPLIT_OFF, split_off)
        bcftools.index(partial)
        duplicates = summary.get("dup_removed", 0)
        if duplicates:
            counts.exclude(DUPLICATE, duplicates)
        counts.notes["realigned (left-aligned) by bcftools norm"] = summary.get("realigned", 0)
        counts.notes["multi-allelic records split"] = summary.get("split", 0)
        counts.records_out = bcftools.count_records(partial)
        counts.records_added = counts.records_out + counts.excluded.get(SPLIT_OFF, 0) - (kept_n - duplicates)
        publish_indexed(partial, vcf_out)
        excluded_partial.replace(excluded_tsv)
    if counts.excluded.get(GVCF_BLOCK):
        counts.warnings.append(
            f"the input is a gVCF: {counts.excluded[GVCF_BLOCK]} reference block(s) were counted and left out, and "
            f"the called sites were assessed as given, without joint genotyping; for a call set, genotype it first "
            f"(gatk GenotypeGVCFs -R reference.fa -V case.g.vcf.gz -O case.vcf.gz) and give that VCF")
    counts.notes["REF mismatches among checkable records"] = mismatches
    counts.notes["records with a checkable REF"] = checkable
    counts.write(counts_json)
    return counts


#: the Number of a FORMAT/AD declaration that says '.', wherever it sits among the line's keys
AD_NUMBER_DOT = re.compile(r"(?<=[<,])Number=\.(?=[,>])")
#: counts note of an input whose FORMAT/AD was re-declared one depth per allele
AD_REDECLARED_NOTE = "FORMAT/AD declared Number=. read as one depth per allele (Number=R)"


def allele_depths_kept(vcf_in: Path, tmp: Path, counts: StepCounts) -> tuple[Path, list[str]]:
    """The input bcftools norm is to split, and the options that make the split keep each
    sample's read total in FORMAT/AD (see the module docstring): ``--keep-sum AD`` where the
    header declares an integer AD with Number R, or Number '.' (then a copy whose header says R,
    written by bcftools reheader under ``tmp``, and a counts note); the input and no options when
    AD is not declared or is something else."""
    quiet = pysam.set_verbosity(0)      # a renamed BCF has no index yet: htslib would say so
    try:
        vcf = open_vcf(vcf_in)
    finally:
        pysam.set_verbosity(quiet)
    with vcf:
        declared = vcf.header.formats.get("AD")
        if declared is None or declared.type != "Integer" or declared.number not in ("R", "."):
            return vcf_in, []
        if declared.number == "R":
            return vcf_in, ["--keep-sum", "AD"]
        lines = str(vcf.header).splitlines(keepends=True)
    header = tmp / "header.ad.txt"
    header.write_text("".join(AD_NUMBER_DOT.sub("Number=R", line, count=1) if line.startswith("##FORMAT=<ID=AD,")
                              else line for line in lines), encoding="utf-8")
    out = tmp / f"redeclared.{vcf_in.name}"
    bcftools.run("reheader", "-h", str(header), "-o", str(out), str(vcf_in))
    counts.notes[AD_REDECLARED_NOTE] = 1
    return out, ["--keep-sum", "AD"]


def _skip_arguments(skip: list[tuple[str, int]], path: Path) -> list[str]:
    """bcftools options leaving out the records at these (CHROM, 1-based POS); none if empty."""
    if not skip:
        return []
    path.write_text("".join(f"{chrom}\t{pos}\n" for chrom, pos in skip), encoding="utf-8")
    return ["-T", f"^{path}"]


def _norm_command(fasta: Path, source: Path, out: Path, options: list[str]) -> tuple[str, ...]:
    """Step 2's bcftools norm: split, left-align against ``fasta``, drop exact duplicates, with
    further ``options`` (keep AD sums, leave records out)."""
    return ("norm", "--no-version", "-m", "-any", "-f", str(fasta), "-c", "w", "-d", "exact", *options,
            "-Ob", "-o", str(out), str(source))


def _norm_quickly_checked(norm: bcftools.Running, checked: QuickCheck, written: Path, counts: StepCounts) -> str:
    """Wait for bcftools norm on an input step 1 read quickly (writing ``written``), then declare
    what its header lacks; raises _FullCheckNeeded if norm failed or htslib had anything to say
    about the records."""
    try:
        messages, htslib_said = norm.finish()
    except ToolError:
        raise _FullCheckNeeded from None
    if htslib_said:
        raise _FullCheckNeeded
    if checked.contigs or checked.declare_end:
        declared = written.with_name("declared.bcf")
        declare(written, checked.contigs, checked.declare_end, declared)
        declared.replace(written)
        if checked.contigs:
            counts.notes["reference contigs added to the VCF header"] = len(checked.contigs)
    return messages


def drop_unassessed_alleles(bcf: Path, tmp: Path) -> int:
    """Drop from ``bcf`` (split by bcftools norm, one ALT per record) the records whose ALT cannot be
    assessed (the symbolic or '*' alleles split off records that also carry a real ALT), rewriting
    it in place; returns how many were dropped."""
    dropped = 0
    with pysam.VariantFile(str(bcf)) as source, pysam.VariantFile(str(tmp), "wb", header=source.header) as out:
        for record in source:
            if any(is_not_assessed(a) for a in (record.alts or (".",))):
                dropped += 1
            else:
                out.write(record)
    tmp.replace(bcf)
    return dropped


def _norm_summary(messages: str) -> dict[str, int]:
    """Parse bcftools norm's 'Lines total/split/...:' summary line."""
    for line in messages.splitlines():
        if line.startswith("Lines"):
            keys, _, values = line.partition(":")
            names = keys.split()[-1].split("/")
            return dict(zip(names, (int(v) for v in values.strip().split("/"))))
    return {}
