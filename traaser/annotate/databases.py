"""Streaming joins of the case VCF with ClinVar and gnomAD through ``bcftools annotate``.

Source tags are copied under a fixed prefix (CV_ for ClinVar, GNOMAD_ for gnomAD) so they
never collide with tags the input already had. Records are matched on CHROM, POS, REF and
ALT exactly (``--pair-logic exact``); never one tabix query per variant.
"""

from __future__ import annotations

import sys
from pathlib import Path

from traaser import bcftools
from traaser.annotate.fields import CLINVAR_TAGS, GNOMAD_MANIFEST_KEYS, GNOMAD_TAGS
from traaser.annotate.join_windows import Window, join_windows, split_windows, worth_windows, write_windows
from traaser.atomic import publish_indexed
from traaser.counts import StepCounts
from traaser.errors import ResourceError
from traaser.fault_injection import pause_point
from traaser.vcf.header import open_vcf


def _columns(source: Path, mapping: dict[str, str]) -> str:
    """bcftools ``-c`` list 'INFO/DST:=INFO/SRC,...' for the source tags present in the header."""
    with open_vcf(source) as handle:
        present = set(handle.header.info)
    columns = [f"INFO/{dst}:=INFO/{src}" for dst, src in mapping.items() if src in present]
    if not columns:
        raise ResourceError(f"none of the INFO tags {sorted(mapping.values())} are in the header", path=str(source),
                            fix="check the database and the 'fields' of its manifest entry")
    return ",".join(columns)


def clinvar_mapping() -> dict[str, str]:
    """CV_<FIELD> → ClinVar's own tag (traaser/annotate/fields.py)."""
    return {tag: field for field, tag in CLINVAR_TAGS.items()}


def gnomad_mapping(fields: dict[str, str]) -> dict[str, str]:
    """GNOMAD_<KEY> → source tag, from the manifest's 'fields' (default: the key itself)."""
    return {tag: fields.get(GNOMAD_MANIFEST_KEYS[key], GNOMAD_MANIFEST_KEYS[key]) for key, tag in GNOMAD_TAGS.items()}


def _sources(clinvar: Path | None, gnomad: Path | None, gnomad_fields: dict[str, str],
             counts: StepCounts) -> list[tuple[Path, dict[str, str]]]:
    """(source, tag mapping) of each configured database, ClinVar first; a missing one is a warning."""
    sources = []
    configured = [("ClinVar", clinvar, clinvar_mapping()), ("gnomAD", gnomad, gnomad_mapping(gnomad_fields))]
    for name, source, mapping in configured:
        if source is None:
            counts.warnings.append(f"no {name} database configured for this build")
        else:
            sources.append((source, mapping))
    return sources


def _join(source: Path, columns: str, current: Path, target: Path, windows: list[Window] | None,
          parts: int, compression: str) -> None:
    """One bcftools annotate of ``current`` with ``source`` into ``target``: over whole contigs,
    or in windows when that reads less of the source; windows are split into up to ``parts``
    runs side by side (consecutive windows each, so their outputs concatenate in order)."""
    command = ["--no-version", "-a", str(source), "-c", columns, "--pair-logic", "exact"]
    if windows is None or not worth_windows(windows, source):
        bcftools.run("annotate", *command, compression, "-o", str(target), str(current))
        return
    chunks = split_windows(windows, parts)
    pieces = [target.with_name(f"{target.name}.part{k}.bcf") if len(chunks) > 1 else target for k in range(len(chunks))]
    region_files = [write_windows(chunk, target.with_name(f"{target.name}.windows{k}.tsv"))
                    for k, chunk in enumerate(chunks)]
    try:
        bcftools.run_all([("annotate", *command, "-R", str(regions), "--regions-overlap", "pos", compression,
                           "-o", str(piece), str(current)) for regions, piece in zip(region_files, pieces)])
        if len(pieces) > 1:
            bcftools.run("concat", "--no-version", "--naive", "-Ob", "-o", str(target), *map(str, pieces))
    finally:
        for path in region_files + (pieces if len(pieces) > 1 else []):
            path.unlink(missing_ok=True)


def annotate(vcf_in: Path, vcf_out: Path, counts_json: Path, *, clinvar: Path | None,
             gnomad: Path | None, gnomad_fields: dict[str, str], window_merge_bp: int | None = None,
             parts: int = 1) -> StepCounts:
    """Add ClinVar and gnomAD tags; writes BCF + CSI and the step's counts. One bcftools annotate
    per configured source; the first writes fast-compressed (level 1), indexed BCF, which the
    second reads through its index (bcftools needs it), and the last writes the output under a
    partial name, published once indexed. With ``window_merge_bp``, the sparse contigs of the
    indexed input are joined in windows around its records where that reads less of a source,
    in up to ``parts`` runs side by side (traaser/annotate/join_windows.py); the records written
    are the same."""
    counts = StepCounts("annotate")
    counts.records_in = bcftools.count_records(vcf_in)
    vcf_out.parent.mkdir(parents=True, exist_ok=True)
    sources = _sources(clinvar, gnomad, gnomad_fields, counts)
    windows = join_windows(vcf_in, window_merge_bp) if window_merge_bp and counts.records_in else None
    if windows is not None:
        print(f"{len(windows)} join windows around {counts.records_in} records", file=sys.stderr)
    final_partial = vcf_out.with_name(vcf_out.name + ".partial.bcf")
    partials: list[Path] = []
    current = vcf_in
    for number, (source, mapping) in enumerate(sources):
        last = number == len(sources) - 1
        if last:
            pause_point("annotate")            # the kill test stops here, with partial files on disk
        target = final_partial if last else vcf_out.with_name(f"{vcf_out.name}.step{number}.bcf")
        _join(source, _columns(source, mapping), current, target, windows, parts, "-Ob" if last else "-Ob1")
        if not last:
            bcftools.index(target)
            partials.append(target)
            current = target
    if not sources:
        bcftools.run("view", "--no-version", "-Ob", "-o", str(final_partial), str(vcf_in))
    bcftools.index(final_partial)
    counts.records_out = bcftools.count_records(final_partial)
    publish_indexed(final_partial, vcf_out)
    for partial in partials:
        partial.unlink()
        Path(str(partial) + ".csi").unlink()
    counts.write(counts_json)
    return counts
