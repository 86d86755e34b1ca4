"""The preflight's text-level record scan: sort order, contigs, chrX genotypes for the sex check
(positions 1-based; GRCh37 PAR1 is X:60,001-2,699,520)."""

import pytest

from traaser.vcf.scan import scan_records

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n"


def write(tmp_path, rows):
    path = tmp_path / "in.vcf"
    path.write_text(HEADER + "".join(f"{c}\t{p}\t.\tA\tG\t50\tPASS\t.\tGT:DP\t{a}:10\t{b}:10\n" for c, p, a, b in rows))
    return path


@pytest.mark.parametrize("rows, is_sorted, disorder", [
    ([("1", 5, "0/1", "0/0"), ("1", 5, "0/1", "0/0"), ("2", 1, "0/1", "0/0")], True, ""),
    ([("1", 9, "0/1", "0/0"), ("1", 5, "0/1", "0/0")], False, "1:5 after 1:9"),
    ([("1", 5, "0/1", "0/0"), ("2", 1, "0/1", "0/0"), ("1", 9, "0/1", "0/0")], False, "1:9 after 2:1 (contig 1 seen before)"),
])
def test_sort_order(tmp_path, rows, is_sorted, disorder):
    scan = scan_records(write(tmp_path, rows))
    assert (scan.sorted, scan.first_disorder, scan.records) == (is_sorted, disorder, len(rows))
    assert scan.contigs == list(dict.fromkeys(r[0] for r in rows))


def test_chrx_genotypes_of_the_chosen_sample_outside_the_pars(tmp_path):
    rows = [("X", 100_000, "0/1", "1/1"),          # PAR1: not counted
            ("X", 3_000_000, "0/1", "1"),          # het for A; haploid ALT for B
            ("X", 3_000_100, "1|1", "0/1"),
            ("X", 3_000_200, "./1", "./."),       # partially missing: one ALT allele seen -> hom-ALT call
            ("X", 3_000_300, "0/0", "0")]          # reference: not counted
    path = write(tmp_path, rows)
    a = scan_records(path, 0, "GRCh37")
    b = scan_records(path, 1, "GRCh37")
    assert (a.x_het, a.x_hom_alt) == (1, 2)
    assert (b.x_het, b.x_hom_alt) == (1, 1)
