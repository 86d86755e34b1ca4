"""The annotate step's contract (traaser/annotate/fields.py): tag names, what ClinVar's
significance means, which population frequency each decision reads; and the chromosome
predicates on the alias table (traaser/vcf/contigs.py)."""

from pathlib import Path

import pytest

from traaser.annotate.databases import clinvar_mapping, gnomad_mapping
from traaser.annotate.fields import (
    CLINVAR_TAGS,
    GNOMAD_TAGS,
    FrequencyPolicy,
    Significance,
    clinvar_significance,
    population_af,
    population_af_key,
)
from traaser.settings import AcmgSettings, PrioritizeSettings
from traaser.vcf.contigs import NON_AUTOSOMAL_NAMES, X_NAMES, is_x

P, LP, B, OTHER = Significance.PATHOGENIC, Significance.LIKELY_PATHOGENIC, Significance.BENIGN, Significance.OTHER


@pytest.mark.parametrize("clnsig, expected, rule", [
    ("Pathogenic", P, "pathogenic"),
    ("Likely_pathogenic", LP, "likely pathogenic when every term is"),
    ("Pathogenic/Likely_pathogenic", P, "the combined term counts as pathogenic"),
    ("Likely_pathogenic|risk_factor", P, "a pathogenic term beside a non-benign one is pathogenic"),
    ("Pathogenic|Benign", OTHER, "both directions: neither (regression: P/LP in the filter, 'other' in the index)"),
    ("Likely_benign", B, "benign or likely benign"),
    ("Benign/Likely_benign|drug_response", B, "benign beside a non-pathogenic term"),
    ("Uncertain_significance", OTHER, "VUS"),
    ("Conflicting_classifications_of_pathogenicity", OTHER, "conflicting is its own term"),
    ("", OTHER, "no ClinVar record"),
    (None, OTHER, "no ClinVar record"),
])
def test_clinvar_significance_has_one_reading(clnsig, expected, rule):
    assert clinvar_significance(clnsig) is expected, rule
    assert clinvar_significance(clnsig).is_pathogenic == (expected in (P, LP)), rule


@pytest.mark.parametrize("gnomad, policy, expected, key, rule", [
    ({"AF": 0.02, "FAF": 0.01, "AF_GRPMAX": 0.03}, FrequencyPolicy.FILTER, 0.01, "FAF", "filters read the FAF first"),
    ({"AF": 0.02}, FrequencyPolicy.FILTER, 0.02, "AF", "the AF stands in where the source has no FAF"),
    ({"AF": 0.02, "FAF": 0.01, "AF_GRPMAX": 0.03}, FrequencyPolicy.CEILING, 0.03, "AF_GRPMAX",
     "inheritance ceilings read the highest group's AF first"),
    ({"AF": 0.02, "FAF": 0.01}, FrequencyPolicy.CEILING, 0.01, "FAF", "then the FAF"),
    ({}, FrequencyPolicy.FILTER, None, None, "absent from gnomAD"),
    ({"FAF": 0.0}, FrequencyPolicy.FILTER, 0.0, "FAF", "a zero FAF is a value, not absence"),
])
def test_population_af_policies(gnomad, policy, expected, key, rule):
    assert population_af(gnomad, policy) == expected, rule
    assert population_af_key(gnomad, policy) == key, rule


def test_the_annotate_step_writes_the_tags_readers_read():
    """The annotate step's bcftools mapping and every reader's tag come from one table."""
    assert set(clinvar_mapping()) == set(CLINVAR_TAGS.values())
    assert set(gnomad_mapping({})) == set(GNOMAD_TAGS.values())
    assert gnomad_mapping({"nhomalt": "nhomalt_XX", "FAF": "faf95"})["GNOMAD_NHOMALT"] == "nhomalt_XX"
    assert gnomad_mapping({"FAF": "faf95"})["GNOMAD_FAF"] == "faf95"


@pytest.mark.parametrize("name, x, autosomal", [
    ("X", True, False), ("chrX", True, False), ("NC_000023.10", True, False), ("NC_000023.11", True, False),
    ("Y", False, False), ("chrY", False, False), ("NC_000024.9", False, False),
    ("MT", False, False), ("chrM", False, False), ("NC_012920.1", False, False),
    ("1", False, True), ("chr22", False, True), ("NC_000001.10", False, True),
])
def test_chromosome_predicates_know_every_alias(name, x, autosomal):
    assert is_x(name) is x and (name in X_NAMES) is x
    assert (name not in NON_AUTOSOMAL_NAMES) is autosomal


def test_regression_refseq_named_chrx_is_not_counted_in_the_parentage_check(tmp_path: Path):
    """Regression: the parentage check left out X/chrX/Y/chrY/MT/chrM only, so a RefSeq-named chrX
    (NC_000023.10) counted as autosomal, and a son's hemizygous calls opposed his mother's."""
    from traaser import collect
    from traaser.case import Case
    from traaser.config import check_config
    from traaser.counts import StepCounts
    from traaser.ped import Individual, Pedigree
    from traaser.phenotype.ontology import ResolvedTerm
    header = ("##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n##contig=<ID=NC_000023.10,length=155270560>\n"
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
              '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\tDAD\tMUM\n")
    # the son is hemizygous ALT on X where his mother is HOM_REF: opposing only if X counted as an autosome
    body = "".join(f"NC_000023.10\t{3_000_000 + i}\t.\tA\tG\t50\tPASS\t.\tGT:GQ\t1/1:99\t0/0:99\t0/0:99\n"
                   for i in range(5))
    body += "".join(f"1\t{1_000_000 + i}\t.\tA\tG\t50\tPASS\t.\tGT:GQ\t0/1:99\t0/1:99\t0/0:99\n" for i in range(3))
    vcf = tmp_path / "trio.vcf"
    vcf.write_text(header + body)
    pedigree = Pedigree([Individual("F", "KID", "DAD", "MUM", "male", "affected"),
                         Individual("F", "DAD", None, None, "male", "unaffected"),
                         Individual("F", "MUM", None, None, "female", "unaffected")])
    case = Case("c", vcf, "KID", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], sex="male",
                samples=["KID", "DAD", "MUM"], pedigree=pedigree)
    config = check_config({}, "test")
    for screen in (True, False):
        _, _, parentage = collect.collect_candidates(vcf, case, PrioritizeSettings.from_config(config["prioritize"]),
                                                         AcmgSettings.from_config(config["acmg"]),
                                                     StepCounts("prioritize"), workdir=tmp_path, screen=screen)
        assert (parentage.informative, parentage.opposing) == (3, 0), f"screen={screen}"
