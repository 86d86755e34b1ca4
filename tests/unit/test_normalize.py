"""Normalize on the demo reference: every record is output or excluded with a counted reason."""

import pysam
import pytest

from traaser.counts import StepCounts
from traaser.errors import GenomeBuildError
from traaser.normalize import CONTIG_MISSING, DUPLICATE, PAST_END, REF_MISMATCH, normalize

from conftest import DEMO

FASTA = DEMO / "GRCh37.demo.fa.gz"
HEADER = """##fileformat=VCFv4.2
##contig=<ID=1,length=249250621>
##contig=<ID=7,length=159138663>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS
"""


@pytest.fixture(scope="module")
def samd11():
    """Real GRCh37 bases at 1:870001-870100 (inside the SAMD11 excerpt), 0-based slice."""
    with pysam.FastaFile(str(FASTA)) as fasta:
        return fasta.fetch("1", 870000, 870100)


def write_vcf(tmp_path, lines):
    path = tmp_path / "in.vcf"
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


def run(tmp_path, lines, limit=0.5):
    vcf = write_vcf(tmp_path, lines)
    out = tmp_path / "out.bcf"
    counts = normalize(vcf, FASTA, out, tmp_path / "counts.json", tmp_path / "excluded.tsv", limit)
    records = [(r.chrom, r.pos, r.ref, r.alts[0], r.samples["S"]["GT"]) for r in pysam.VariantFile(str(out))]
    return counts, records


def test_every_fault_is_counted_and_nothing_is_lost(tmp_path, samd11):
    good = samd11[10]
    wrong = "A" if good != "A" else "C"
    lines = [
        f"1\t870011\t.\t{good}\tG,T\t.\t.\t.\tGT\t1/2",     # multi-allelic: split into two
        f"1\t870021\t.\t{samd11[20]}\tA\t.\t.\t.\tGT\t0/1",
        f"1\t870021\t.\t{samd11[20]}\tA\t.\t.\t.\tGT\t0/1",  # exact duplicate
        f"1\t870031\t.\t{wrong if samd11[30] != wrong else 'G'}\tT\t.\t.\t.\tGT\t0/1",  # REF mismatch
        "1\t1000000\t.\tA\tG\t.\t.\t.\tGT\t0/1",              # reference N: kept, not checkable
        "7\t100\t.\tA\tG\t.\t.\t.\tGT\t0/1",                   # contig absent from the reference
        "1\t249250622\t.\tA\tG\t.\t.\t.\tGT\t0/1",             # past the contig end
    ]
    counts, records = run(tmp_path, lines)
    assert counts.records_in == 7
    assert dict(counts.excluded) == {REF_MISMATCH: 1, CONTIG_MISSING: 1, PAST_END: 1, DUPLICATE: 1}
    assert counts.records_added == 1 and counts.records_out == 4
    assert counts.balanced
    assert counts.notes["REF not checkable (reference is N)"] == 1
    split = [r for r in records if r[1] == 870011]
    assert [(r[3], r[4]) for r in split] == [("G", (1, 0)), ("T", (0, 1))], "each allele keeps its genotype"
    excluded = (tmp_path / "excluded.tsv").read_text().splitlines()
    assert len(excluded) == 1 + 3 and all(line.count("\t") == 4 for line in excluded)
    assert StepCounts.read(tmp_path / "counts.json").excluded == counts.excluded


def test_indel_is_left_aligned(tmp_path, samd11):
    """A deletion inside a homopolymer/repeat moves to its leftmost position (bcftools norm)."""
    for i in range(10, 90):
        if samd11[i] == samd11[i + 1] and samd11[i - 1] != samd11[i]:
            break
    pos = 870000 + i + 1          # 1-based position of samd11[i], the first base of a 2+ base run
    # delete the run's second base, anchored on its first base: bcftools moves the anchor one left
    right = f"1\t{pos}\t.\t{samd11[i:i + 2]}\t{samd11[i]}\t.\t.\t.\tGT\t0/1"
    counts, records = run(tmp_path, [right])
    assert records[0][1:4] == (pos - 1, samd11[i - 1:i + 1], samd11[i - 1])
    assert counts.notes["realigned (left-aligned) by bcftools norm"] == 1


def test_many_ref_mismatches_mean_a_wrong_build(tmp_path, samd11):
    lines = [f"1\t{870001 + i}\t.\t{'A' if samd11[i] != 'A' else 'C'}\tG\t.\t.\t.\tGT\t0/1" for i in range(0, 20)]
    with pytest.raises(GenomeBuildError, match=r"20 of 20 checkable records") as info:
        run(tmp_path, lines, limit=0.05)
    assert "build" in str(info.value)


def test_header_only_vcf(tmp_path):
    counts, records = run(tmp_path, [])
    assert (counts.records_in, counts.records_out, records) == (0, 0, [])


def test_reference_windows_give_the_fasta_bases_dense_sparse_and_out_of_order(tmp_path):
    """Normalize holds one window of the reference (flat memory, at most MAX bases); every
    access, dense (genome-like), sparse (exome-like), spanning windows, longer than a window or
    going back before the held one, equals a direct FASTA fetch; sparse records read only a few
    kb each, not a whole Mb window."""
    import random

    import pysam

    from traaser.normalize import ReferenceWindows
    rng = random.Random(3)
    fasta = tmp_path / "ref.fa"
    size = 3 * ReferenceWindows.MAX + 500
    sequence = "".join(rng.choice("acgtN") for _ in range(size))
    fasta.write_text(">c1\n" + "\n".join(sequence[i:i + 60] for i in range(0, len(sequence), 60)) + "\n")
    pysam.faidx(str(fasta))
    dense = [(p, p + rng.randint(1, 30)) for p in range(10, ReferenceWindows.MAX, 600)]
    sparse = [(p, p + 5) for p in range(ReferenceWindows.MAX, 2 * ReferenceWindows.MAX, 100_000)]
    odd = [(20, 25), (2 * ReferenceWindows.MAX - 3, 2 * ReferenceWindows.MAX + 4), (5, 2 * ReferenceWindows.MAX),
           (size - 100, size)]
    with pysam.FastaFile(str(fasta)) as handle:
        windows = ReferenceWindows(handle)
        for start, stop in dense + sparse + odd:
            assert windows.bases("c1", start, stop) == sequence[start:stop].upper(), (start, stop)
            assert len(windows.block) <= ReferenceWindows.MAX
        with pysam.FastaFile(str(fasta)) as again:
            exome_like = ReferenceWindows(again)
            for start, stop in sparse:
                exome_like.bases("c1", start, stop)
            assert exome_like.fetched <= len(sparse) * ReferenceWindows.MIN


@pytest.mark.parametrize("alts, gt, kept_alt, rule", [
    ("A,<NON_REF>", "0/1", "A", "GATK gVCF site: the real allele beside <NON_REF> is kept"),
    ("A,<*>", "0/1", "A", "bcftools/DeepVariant gVCF site: the real allele beside <*> is kept"),
    ("A,*", "1/2", "A", "a real allele beside a spanning deletion '*' is kept"),
])
def test_regression_real_allele_beside_a_symbolic_one_is_kept(tmp_path, samd11, alts, gt, kept_alt, rule):
    """Regression: a record whose ALT listed a real allele beside a symbolic one was excluded whole
    as 'ALT not assessed', real allele included. It is split; only the symbolic part is left out."""
    from traaser.normalize import SPLIT_OFF
    counts, records = run(tmp_path, [f"1\t870011\t.\t{samd11[10]}\t{alts}\t.\t.\t.\tGT\t{gt}"])
    assert [r[3] for r in records] == [kept_alt], rule
    assert dict(counts.excluded) == {SPLIT_OFF: 1} and counts.records_added == 1 and counts.balanced, rule


def test_gvcf_reference_blocks_are_counted_and_named(tmp_path, samd11):
    """A gVCF given by mistake: reference blocks (ALT only <NON_REF>, with END) are counted as such,
    the called site is assessed, and a warning says it is a gVCF and how to genotype it."""
    from traaser.normalize import GVCF_BLOCK, SPLIT_OFF
    lines = [f"1\t870001\t.\t{samd11[0]}\t<NON_REF>\t.\t.\tEND=870010\tGT\t0/0",
             f"1\t870011\t.\t{samd11[10]}\tA,<NON_REF>\t.\t.\t.\tGT\t0/1",
             f"1\t870012\t.\t{samd11[11]}\t<NON_REF>\t.\t.\tEND=870100\tGT\t0/0"]
    gvcf_header = HEADER.replace("##FORMAT", '##INFO=<ID=END,Number=1,Type=Integer,Description="End">\n'
                                 '##ALT=<ID=NON_REF,Description="Any other allele">\n##FORMAT', 1)
    vcf = tmp_path / "case.g.vcf"
    vcf.write_text(gvcf_header + "".join(line + "\n" for line in lines))
    out = tmp_path / "out.bcf"
    counts = normalize(vcf, FASTA, out, tmp_path / "counts.json", tmp_path / "excluded.tsv", 0.5)
    records = [(r.chrom, r.pos, r.ref, r.alts[0]) for r in pysam.VariantFile(str(out))]
    assert [r[1:4] for r in records] == [(870011, samd11[10], "A")]
    assert dict(counts.excluded) == {GVCF_BLOCK: 2, SPLIT_OFF: 1} and counts.balanced
    assert any("the input is a gVCF: 2 reference block(s)" in w and "GenotypeGVCFs" in w for w in counts.warnings)


AD_HEADER = HEADER.replace("#CHROM", '##FORMAT=<ID=AD,Number={number},Type=Integer,Description="Allelic depths">\n'
                           '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n#CHROM', 1)


@pytest.mark.parametrize("number, gt, ad, expected, rule", [
    ("R", "1/2", "0,148,81", [("G", (81, 148)), ("T", (148, 81))],
     "a 1/2 call split with --keep-sum AD: each record's REF count holds the other ALT's reads"),
    ("R", "0/1", "10,12,3", [("G", (13, 12)), ("T", (22, 3))],
     "a 0/1 call: the second ALT's stray reads count as REF for the first, and the first's for the second"),
    (".", "1/2", "0,148,81", [("G", (81, 148)), ("T", (148, 81))],
     "AD declared Number=. (GATK 3) is read as one depth per allele, else each record keeps all three values"),
    ("R", "0/1", "10,12", [("G", (10, 12))], "a biallelic record is unchanged"),
])
def test_split_keeps_each_samples_read_total_in_ad(tmp_path, samd11, number, gt, ad, expected, rule):
    alts = ",".join(alt for alt, _ in expected) if len(expected) > 1 else expected[0][0]
    vcf = tmp_path / "in.vcf"
    vcf.write_text(AD_HEADER.format(number=number)
                   + f"1\t870011\t.\t{samd11[10]}\t{alts}\t.\t.\t.\tGT:AD:DP\t{gt}:{ad}:229\n")
    out = tmp_path / "out.bcf"
    counts = normalize(vcf, FASTA, out, tmp_path / "counts.json", tmp_path / "excluded.tsv", 0.5)
    with pysam.VariantFile(str(out)) as bcf:
        assert [(r.alts[0], tuple(r.samples["S"]["AD"])) for r in bcf] == expected, rule
        assert bcf.header.formats["AD"].number == "R", rule
    assert ("FORMAT/AD declared Number=. read as one depth per allele (Number=R)" in counts.notes) == (number == "."), rule


def test_ad_number_dot_is_redeclared_wherever_number_sits_in_the_line(tmp_path, samd11):
    """VCF does not fix the order of a ##FORMAT line's keys: Type before Number is re-declared too."""
    vcf = tmp_path / "in.vcf"
    vcf.write_text(AD_HEADER.replace("ID=AD,Number={number},Type=Integer", "ID=AD,Type=Integer,Number=.")
                   + f"1\t870011\t.\t{samd11[10]}\tG,T\t.\t.\t.\tGT:AD:DP\t1/2:0,148,81:229\n")
    out = tmp_path / "out.bcf"
    normalize(vcf, FASTA, out, tmp_path / "counts.json", tmp_path / "excluded.tsv", 0.5)
    with pysam.VariantFile(str(out)) as bcf:
        assert [tuple(r.samples["S"]["AD"]) for r in bcf] == [(81, 148), (148, 81)]


def test_split_without_ad_declared_needs_no_keep_sum(tmp_path, samd11):
    """bcftools norm refuses --keep-sum AD when the header has no AD, so it is only asked for with one."""
    counts, records = run(tmp_path, [f"1\t870011\t.\t{samd11[10]}\tG,T\t.\t.\t.\tGT\t1/2"])
    assert [(r[3], r[4]) for r in records] == [("G", (1, 0)), ("T", (0, 1))] and counts.balanced
