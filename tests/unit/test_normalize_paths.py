"""Normalize's two ways of doing step 1 give the same result (issue 19: the REF check moved out
of per-record Python parsing must keep every count and reason the accounting shows).

For each real fixture VCF, normalize (which tries the quick check: bcftools query prints five
columns, bcftools norm skips the excluded positions) and the full check (every record parsed and
rewritten by pysam) must write the same records, the same excluded.tsv and the same counts, or
refuse the input with the same error."""

import json
import re
from pathlib import Path

import pysam
import pytest

from traaser.counts import StepCounts
from traaser.errors import TraaserError
from traaser.normalize import _normalize, normalize, quick_check

from conftest import DEMO

FASTA = DEMO / "GRCh37.demo.fa.gz"
BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
FIXTURES = sorted([p for p in BAD.iterdir() if p.name.endswith((".vcf", ".vcf.gz"))
                   and not p.name.startswith(("truncated", "plain_gzip", "non_utf8"))]
                  + [DEMO / "case" / "demo-trio.GRCh37.vcf.gz"], key=lambda p: p.name)
#: inputs the quick check must take (the common case: a clean, sorted VCF with a full header)
QUICK = {"demo-trio.GRCh37.vcf.gz", "ref_mismatch.vcf", "position_past_contig_end.vcf", "duplicate_records.vcf",
         "multiallelic.vcf", "contig_not_in_reference.vcf"}


def outcome(tmp_path: Path, vcf: Path, quick: bool, limit: float = 0.05):
    out = tmp_path / ("quick" if quick else "full")
    out.mkdir()
    args = (vcf, FASTA, out / "n.bcf", out / "counts.json", out / "excluded.tsv", limit)
    try:
        if quick:
            normalize(*args)
        else:
            _normalize(*args, None, False, quick=False)
    except TraaserError as exc:
        return ("refused", type(exc).__name__, re.sub(r"\S*/tmp\w+/", "", str(exc)))   # temp folders differ
    with pysam.VariantFile(str(out / "n.bcf")) as bcf:
        records = [(r.chrom, r.pos, r.ref, r.alts, r.stop, dict(r.info),
                    [tuple(s.get("GT") or ()) for s in r.samples.values()]) for r in bcf]
        contigs = {name: contig.length for name, contig in bcf.header.contigs.items()}
    return ("normalized", records, contigs, (out / "excluded.tsv").read_text(),
            json.loads((out / "counts.json").read_text()))


@pytest.mark.parametrize("vcf", FIXTURES, ids=lambda p: p.name)
def test_quick_and_full_check_agree(tmp_path, vcf):
    assert outcome(tmp_path, vcf, quick=True) == outcome(tmp_path, vcf, quick=False)


@pytest.mark.parametrize("name", sorted(QUICK))
def test_clean_sorted_inputs_take_the_quick_check(tmp_path, name):
    vcf = next(p for p in FIXTURES if p.name == name)
    counts = StepCounts("normalize")
    checked = quick_check(vcf, FASTA, tmp_path / "excluded.tsv", counts)
    assert checked is not None, f"{name} fell back to the full check"
    assert counts.records_in > 0


def test_a_kept_record_at_an_excluded_position_needs_the_full_check(tmp_path):
    """-T ^CHROM:POS would drop both records, so the quick check declines (and the full check
    keeps the good one)."""
    with pysam.FastaFile(str(FASTA)) as fasta:
        base = fasta.fetch("1", 870010, 870011).upper()
    wrong = next(b for b in "ACGT" if b != base)
    vcf = tmp_path / "same_pos.vcf"
    vcf.write_text("##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n"
                   "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                   f"1\t870011\t.\t{base}\t{wrong}\t.\t.\t.\n1\t870011\t.\t{wrong}\tT\t.\t.\t.\n")
    assert quick_check(vcf, FASTA, tmp_path / "x.tsv", StepCounts("normalize")) is None
    result = outcome(tmp_path, vcf, quick=True, limit=0.9)
    assert result == outcome(tmp_path, vcf, quick=False, limit=0.9)
    assert [r[:3] for r in result[1]] == [("1", 870011, base)]
    assert result[4]["excluded"] == {"REF differs from the reference FASTA": 1}
