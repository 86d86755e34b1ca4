"""Benchmark harness pieces: spiked genotypes, ranks and summaries."""

import pytest

from traaser.bench import (
    Result,
    histogram_svg,
    own_disease_linked,
    pessimistic_rank,
    spiked_genotypes,
    summarise,
)
from traaser.bench_cases import BenchCase


def case(*variants, moi=("Autosomal dominant inheritance",)):
    return BenchCase("c", "GENE", ["HP:0001250"], moi=list(moi), variants=list(variants))


@pytest.mark.parametrize("bench_case, index, sex, expected, rule", [
    (case({"zygosity": "heterozygous", "chrom_grch37": "1"}), 0, "male", ("0/1", "0/0", "0/0"), "single het: de novo"),
    (case({"zygosity": "homozygous", "chrom_grch37": "1"}), 0, "male", ("1/1", "0/1", "0/1"), "hom: carrier parents"),
    (case({"zygosity": "heterozygous"}, {"zygosity": "heterozygous"}), 0, "male", ("0/1", "0/1", "0/0"),
     "compound het: first allele from the father"),
    (case({"zygosity": "heterozygous"}, {"zygosity": "heterozygous"}), 1, "male", ("0/1", "0/0", "0/1"),
     "compound het: second allele from the mother"),
    (case({"zygosity": "hemizygous", "chrom_grch37": "X"}), 0, "male", ("1/1", "0/0", "0/1"), "hemizygous: carrier mother"),
    (case({"zygosity": "heterozygous", "chrom_grch37": "X"}), 0, "male", ("1/1", "0/0", "0/1"),
     "an X variant in a male background is hemizygous"),
])
def test_spiked_genotypes(bench_case, index, sex, expected, rule):
    assert spiked_genotypes(bench_case, index, sex) == expected, rule


def test_pessimistic_rank_counts_ties_against_the_target():
    scores = {"A": 0.9, "B": 0.5, "C": 0.5, "D": 0.1}
    assert pessimistic_rank(scores, "B") == 3 and pessimistic_rank(scores, "A") == 1
    assert pessimistic_rank(scores, "Z") is None


def test_summary_over_all_annotated_and_unannotated_cases():
    """Cases whose gene the HPO release does not annotate get their own row (issue 14)."""
    results = [Result("a", "G", True, 3, 0, 1), Result("b", "G", True, 3, 0, 4), Result("c", "G", False, 3, 0, None),
               Result("d", "H", False, 3, 0, 2)]
    rows = {r["subset"]: r for r in summarise(results)}
    assert rows["all"]["cases"] == 4 and rows["all"]["top1"] == 25.0 and rows["all"]["top5"] == 75.0
    assert rows["annotated"]["top1"] == 50.0 and rows["annotated"]["mrr"] == pytest.approx(0.625)
    assert rows["unannotated"]["cases"] == 2 and rows["unannotated"]["top1"] == 0.0
    assert rows["unannotated"]["top3"] == 50.0 and rows["unannotated"]["mrr"] == pytest.approx(0.25)
    svg = histogram_svg(results, "t")
    assert svg.startswith("<svg") and "none" in svg


def test_summary_splits_annotated_cases_by_whether_their_own_disease_is_known():
    """A gene the release knows only for another disease (CST3: amyloidosis, not the patients'
    2025 leukodystrophy) is a knowledge gap, reported apart from ranking errors (issue 14)."""
    results = [Result("a", "G", True, 3, 0, 1, own_disease=True), Result("b", "G", True, 3, 0, 7, own_disease=False),
               Result("c", "H", True, 3, 0, 2, own_disease=None), Result("d", "J", False, 3, 0, 9)]
    rows = {r["subset"]: r for r in summarise(results)}
    assert (rows["own_disease"]["cases"], rows["own_disease"]["top1"]) == (1, 100.0)
    assert (rows["other_disease"]["cases"], rows["other_disease"]["top5"]) == (1, 0.0)
    assert rows["annotated"]["cases"] == 3, "a case without a disease id stays in 'annotated'"
    without_ids = [Result("a", "G", True, 3, 0, 1), Result("d", "J", False, 3, 0, 9)]
    assert [r["subset"] for r in summarise(without_ids)] == ["all", "annotated", "unannotated"]


class _Release:
    """The two maps of traaser.phenotype.annotations.Annotations that own_disease_linked reads."""

    def __init__(self, gene_diseases, disease_source=None):
        self.gene_diseases = gene_diseases
        self.disease_source = disease_source or {}


@pytest.mark.parametrize("diseases, release, expected, rule", [
    (["OMIM:105150"], _Release({"GENE": {"OMIM:105150", "ORPHA:100008"}}), True, "the release links the case's disease"),
    (["OMIM:621214"], _Release({"GENE": {"OMIM:105150"}}), False, "the release knows the gene for another disease only"),
    (["MONDO:1", "ORPHA:100008"], _Release({"GENE": {"ORPHA:100008"}}), True, "any of the case's ids"),
    ([], _Release({"GENE": {"OMIM:105150"}}), None, "the case names no disease: cannot tell"),
    (["OMIM:621214"], _Release({}), None, "an unannotated gene is its own row"),
    (["OMIM:621214"], _Release({"GENE": {"G2P:GENE:1"}}, {"G2P:GENE:1": "DDG2P"}), None,
     "DDG2P diseases carry no OMIM id to compare"),
])
def test_own_disease_linked(diseases, release, expected, rule):
    assert own_disease_linked(BenchCase("c", "GENE", [], diseases=diseases), release) is expected, rule


def test_gnomad_present_without_an_af_gets_the_lower_bound(tmp_path):
    """COMPOSITE.md: GNOMAD_PRESENT marks alleles gnomAD holds at MAF >= 2e-4 without giving an
    AF; the bench treats them as AF 2e-4 (a lower bound), not as absent, and keeps a given AF."""
    import pysam

    from traaser.bench import GNOMAD_PRESENT_MIN_AF, with_present_lower_bound
    from traaser.candidate import Candidate
    path = tmp_path / "bg.vcf"
    path.write_text("##fileformat=VCFv4.2\n##contig=<ID=1,length=1000>\n"
                    '##INFO=<ID=GNOMAD_PRESENT,Number=0,Type=Flag,Description="x">\n'
                    '##INFO=<ID=GNOMAD_AF,Number=A,Type=Float,Description="x">\n'
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                    "1\t10\t.\tA\tG\t.\tPASS\tGNOMAD_PRESENT\n1\t20\t.\tC\tT\t.\tPASS\tGNOMAD_PRESENT;GNOMAD_AF=0.01\n"
                    "1\t30\t.\tG\tA\t.\tPASS\t.\n")
    pysam.tabix_index(str(path), preset="vcf", force=True)
    made = [Candidate("1", 10, "A", "G", "G1", None, {}), Candidate("1", 20, "C", "T", "G2", None, {}, gnomad={"AF": 0.01}),
            Candidate("1", 30, "G", "A", "G3", None, {})]
    bounded, changed = with_present_lower_bound(made, tmp_path / "bg.vcf.gz")
    assert changed == 1
    assert [c.gnomad.get("AF") for c in bounded] == [GNOMAD_PRESENT_MIN_AF, 0.01, None]
    assert bounded[0].info["GNOMAD_AF"] == GNOMAD_PRESENT_MIN_AF and made[0].gnomad == {}, "a new candidate"


def test_a_spiked_variant_replaces_the_background_record_at_its_position():
    """Recipe (../shared/bench/README.md, step 2): 'if a background record already sits at that
    position, replace it'."""
    from types import SimpleNamespace as Record

    from traaser.bench import without_spiked_positions
    background = [Record(chrom="1", pos=100), Record(chrom="chr1", pos=200), Record(chrom="2", pos=200)]
    kept, replaced = without_spiked_positions(background, [Record(chrom="1", pos=200)])
    assert [(c.chrom, c.pos) for c in kept] == [("1", 100), ("2", 200)] and replaced == 1
    assert without_spiked_positions(background, [Record(chrom="3", pos=1)]) == (background, 0)


@pytest.mark.parametrize("term, min_impact, dropped, rule", [
    ("intron_variant", "LOW", True, "MODIFIER is below LOW: the workflow's screen drops it"),
    ("3_prime_UTR_variant", "LOW", True, "a UTR variant is MODIFIER"),
    ("splice_region_variant", "LOW", False, "splice region is LOW: kept"),
    ("synonymous_variant", "MODERATE", True, "LOW is below MODERATE"),
    ("missense_variant", "HIGH", True, "MODERATE is below HIGH"),
    ("coding_sequence_variant", "LOW", False,
     "the bench's unknown coding change: a real run's csq would name it, so it is never screened"),
    ("intron_variant", "MODIFIER", False, "min_impact MODIFIER keeps everything"),
])
def test_a_spike_the_candidate_screen_drops_is_not_ranked(term, min_impact, dropped, rule):
    from traaser.bench import below_screen
    assert below_screen(term, min_impact) is dropped, rule
