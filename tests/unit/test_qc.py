"""Sample QC: het/hom, Ti/Tv and the sex check from chrX heterozygosity."""

from traaser.inheritance import HET, HOM_ALT
from traaser.qc import SampleQC, sex_check_warning


def test_ti_tv_and_het_hom():
    qc = SampleQC()
    for ref, alt, gt in (("A", "G", HET), ("C", "T", HOM_ALT), ("A", "C", HET), ("AT", "A", HET)):
        qc.add("1", 1000, ref, alt, gt, "GRCh37")
    data = qc.to_json()
    assert (data["snv_transitions"], data["snv_transversions"], data["ti_tv"]) == (2, 1, 2.0)
    assert (data["heterozygous_calls"], data["homozygous_alt_calls"], data["het_hom_ratio"]) == (3, 1, 3.0)


def male_x_calls(qc, n=30, hets=1):
    for i in range(n):
        qc.add("X", 10_000_000 + i, "A", "G", HET if i < hets else HOM_ALT, "GRCh37")


def test_male_pattern_declared_female_is_a_warning():
    qc = SampleQC()
    male_x_calls(qc)
    assert qc.inferred_sex == "male"
    warning = sex_check_warning("female", qc.x_het, qc.x_hom_alt)
    assert warning and "declared female" in warning and "looks male" in warning


def test_pseudo_autosomal_calls_do_not_count_and_few_calls_say_unknown():
    qc = SampleQC()
    for i in range(40):
        qc.add("X", 100_000 + i, "A", "G", HET, "GRCh37")     # PAR1 on GRCh37
    assert qc.inferred_sex == "unknown"
    assert sex_check_warning("female", qc.x_het, qc.x_hom_alt) is None


def test_female_pattern():
    qc = SampleQC()
    male_x_calls(qc, n=30, hets=15)
    assert qc.inferred_sex == "female"


def test_variant_classes():
    from traaser.qc import variant_class
    assert [variant_class(r, a) for r, a in (("A", "G"), ("AT", "GC"), ("A", "AT"), ("AT", "A"), ("AT", "G"))] == \
        ["SNV", "MNV", "insertion", "deletion", "complex"]
