"""Screening in bcftools: the records Python never has to read one by one.

Most records of a genome cannot become candidates: they have no consequence annotation (outside
every annotated gene) or are common in the population. Before the prioritize pass, bcftools
splits an annotated shard in C, three ways, side by side:

- ``kept``: every record that might be a candidate (uncompressed BCF, read by cyvcf2);
- the records screened out as "no consequence": the consequence tag (BCSQ/CSQ/ANN) is absent;
- the records screened out as "common": the tag is present and the gnomAD filtering AF (or the
  AF where the record has no filtering AF) is above the configured maximum, or (when PASS is
  required) the FILTER is set and not PASS.

Screening never removes a record ClinVar annotates (any significance) or a record on chrX
outside the pseudo-autosomal regions (the sex check needs those genotypes), so Python decides
those itself. Each screened-out record comes back as one compact text line (CHROM, REF, ALT,
FILTER and the family's GT:GQ); identical lines are counted in C, by Counter, a chunk at a
time. Python then gives each distinct line the same earlier checks as a kept record (ALT assessed, FILTER, called,
carried), and feeds its genotypes to the sample QC and the parentage check, so the counts and
figures are those of a record-by-record pass. Positions are VCF POS (1-based).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from traaser import bcftools
from traaser.annotate.fields import CLINVAR_SIGNIFICANCE_TAG, GNOMAD_TAGS
from traaser.inheritance import PAR
from traaser.vcf.contigs import X_NAMES
from traaser.vcf.values import as_vcf_float

#: gnomAD's filtering AF and AF as the annotate step writes them, read in the order of
#: FrequencyPolicy.FILTER.
FAF_TAG = GNOMAD_TAGS["FAF"]
AF_TAG = GNOMAD_TAGS["AF"]


@dataclass(frozen=True)
class ScreenPlan:
    """bcftools filter expressions selecting the records screened out, by reason (None: none)."""

    no_consequence: str | None
    common: str | None

    @property
    def excluded(self) -> str | None:
        parts = [f"({e})" for e in (self.no_consequence, self.common) if e]
        return " || ".join(parts) if parts else None


def _not_hemizygous_x(build: str) -> str:
    """True off chrX, or on chrX inside a pseudo-autosomal region."""
    off_x = " && ".join(f'CHROM!="{name}"' for name in sorted(X_NAMES))
    inside = [f"(POS>={start} && POS<={end})" for start, end in PAR.get(build, ())]
    return "(" + " || ".join([f"({off_x})", *inside]) + ")"


def screen_plan(declared_info: set[str], consequence_tag: str | None, max_af: float, build: str,
                require_pass: bool = True) -> ScreenPlan:
    """The expressions for a shard whose header declares ``declared_info`` (INFO ids).

    ``no_consequence`` selects the records without the consequence tag; ``common`` those with
    it that are common or, with ``require_pass``, whose FILTER is set and not PASS (the line
    checks give those FILTERED before the screen's own reason). bcftools has no reliable
    negation for a missing multi-valued string, so the expressions only use "absent" tests
    ('="."') and comparisons; a record they do not select is kept.
    """
    guard = [_not_hemizygous_x(build)]
    if CLINVAR_SIGNIFICANCE_TAG in declared_info:
        guard.append(f'INFO/{CLINVAR_SIGNIFICANCE_TAG}="."')
    if consequence_tag is None:
        return ScreenPlan(" && ".join(guard), None)
    no_consequence = " && ".join([*guard, f'INFO/{consequence_tag}="."'])
    max_af = as_vcf_float(max_af)        # compared as the Float INFO values are stored
    reasons = ['(FILTER!="PASS" && FILTER!=".")'] if require_pass else []
    if FAF_TAG in declared_info and AF_TAG in declared_info:
        reasons.append(f'INFO/{FAF_TAG}>{max_af!r} || (INFO/{FAF_TAG}="." && INFO/{AF_TAG}>{max_af!r})')
    elif FAF_TAG in declared_info or AF_TAG in declared_info:
        reasons.append(f"INFO/{FAF_TAG if FAF_TAG in declared_info else AF_TAG}>{max_af!r}")
    if not reasons:
        return ScreenPlan(no_consequence, None)
    either = " || ".join(reasons)
    return ScreenPlan(no_consequence, " && ".join([*guard, f'INFO/{consequence_tag}!="."', f"({either})"]))


@dataclass
class ScreenedShard:
    """A shard split by bcftools: the kept records' BCF and, by reason, the text file of the
    screened-out lines (both removed with the temporary folder)."""

    kept: Path
    outputs: dict[str, Path]            # reason ("no_consequence", "common") -> one line per record

    def line_counts(self, reason: str, chunk_lines: int = 500_000) -> Iterator[Counter[bytes]]:
        """The screened-out lines of ``reason``, counted per distinct line in C, one chunk of
        ``chunk_lines`` lines at a time (so memory does not grow with the shard)."""
        path = self.outputs.get(reason)
        if path is None:
            return
        with path.open("rb") as handle:
            while chunk := Counter(islice(handle, chunk_lines)):
                yield chunk


def query_format(has_gq: bool) -> str:
    """One line per record: CHROM, REF, ALT, FILTER, then GT[:GQ] of each selected sample."""
    return "%CHROM\t%REF\t%ALT\t%FILTER[\t%GT" + (":%GQ" if has_gq else "") + "]\n"


def screen_shard(path: Path, plan: ScreenPlan, samples: list[str], has_gq: bool,
                 workdir: Path) -> ScreenedShard:
    """Run the split of ``path`` (samples in the given order in each line) into ``workdir``."""
    kept = workdir / "kept.bcf"
    sample_file = workdir / "samples.txt"
    sample_file.write_text("".join(f"{s}\n" for s in samples), encoding="utf-8")
    calls: list[tuple[str, ...]] = []
    if plan.excluded is None:
        calls.append(("view", "-Ou", "-o", str(kept), str(path)))
    else:
        calls.append(("view", "-Ou", "-e", plan.excluded, "-o", str(kept), str(path)))
    outputs = {}
    for reason, expression in (("no_consequence", plan.no_consequence), ("common", plan.common)):
        if expression:
            outputs[reason] = workdir / f"{reason}.txt"
            calls.append(("query", "-i", expression, "-S", str(sample_file), "-f", query_format(has_gq),
                          "-o", str(outputs[reason]), str(path)))
    bcftools.run_all(calls)
    return ScreenedShard(kept, outputs)


def screened_shards(paths: list[Path], plans: list[ScreenPlan], samples: list[list[str]], has_gq: list[bool],
                    workdir: Path | None) -> Iterator[ScreenedShard]:
    """Screen each shard in turn in a private temporary folder (removed afterwards)."""
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".screen-", dir=workdir) as folder:
        for path, plan, names, gq in zip(paths, plans, samples, has_gq):
            yield screen_shard(path, plan, names, gq, Path(folder))


@dataclass(frozen=True)
class SampleField:
    """One sample's 'GT[:GQ]' text of a screened-out line, parsed."""

    alleles: tuple[int, ...]            # GT allele indexes, -1 for a missing allele
    quality: float                      # GQ, -1 when missing


def parse_sample_field(text: str) -> SampleField:
    gt, _, gq = text.partition(":")
    alleles = tuple(-1 if a in (".", "") else int(a) for a in gt.replace("|", "/").split("/"))
    try:
        quality = float(gq) if gq not in ("", ".") else -1.0
    except ValueError:
        quality = -1.0
    return SampleField(alleles, quality)
