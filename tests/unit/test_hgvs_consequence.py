"""The consequence a case's HGVS implies without a reference sequence (the benchmark's stand-in
for bcftools csq on a background without a FASTA)."""

import pytest

from traaser.hgvs_consequence import GENETIC_CODE, consequence_from_hgvs, snv_outcomes


@pytest.mark.parametrize("hgvs_c, hgvs_p, term, protein", [
    ("NM_058172.6:c.1127_1128del", "NP_477520.2:p.(Val376GlyfsTer14)", "frameshift_variant", ""),
    ("NM_001286574.2:c.635T>C", "NP_001273503.1:p.(Leu212Pro)", "missense_variant", "212L>212P"),
    ("NM_1.1:c.1609C>T", "NP_1.1:p.(Arg537Ter)", "stop_gained", "537R>537*"),
    ("NM_1.1:c.1A>G", "NP_1.1:p.(Met1?)", "start_lost", ""),
    ("NM_1.1:c.30_32del", "NP_1.1:p.(Lys10del)", "inframe_deletion", ""),
    ("NM_1.1:c.30_31insGCA", "NP_1.1:p.(Lys10_Leu11insAla)", "inframe_insertion", ""),
    ("NM_1.1:c.100+1G>A", "", "splice_donor_variant", ""),
    ("NM_1.1:c.101-2A>G", "", "splice_acceptor_variant", ""),
    ("NM_1.1:c.101-5C>T", "", "splice_region_variant", ""),
    ("NM_1.1:c.1200*", "NP_1.1:p.(Ter400GlnextTer12)", "stop_lost", ""),
    ("NM_1.1:c.60C>T", "NP_1.1:p.(Gly20=)", "synonymous_variant", ""),
])
def test_a_protein_change_names_the_consequence(hgvs_c, hgvs_p, term, protein):
    assert consequence_from_hgvs({"hgvs_c": hgvs_c, "hgvs_p": hgvs_p}) == (term, protein)


@pytest.mark.parametrize("hgvs_c, ref, alt, term, rule", [
    ("NM_004500.4:c.825dup", "A", "AT", "frameshift_variant",
     "a coding indel whose length change is not a multiple of 3 shifts the frame"),
    ("NM_004500.4:c.850_876del", "C" + "A" * 27, "C", "inframe_deletion",
     "a coding deletion of a multiple of 3 bases keeps the frame"),
    ("NM_1.1:c.30_31insGCAGCA", "G", "GGCAGCA", "inframe_insertion",
     "a coding insertion of a multiple of 3 bases keeps the frame"),
    ("NM_1.1:c.30_31delinsTT", "GC", "TT", "coding_sequence_variant",
     "a same-length delins may keep every codon's amino acid: left unknown"),
    ("NM_015274.3:c.112G>A", "G", "A", "missense_variant",
     "G>A at a codon's first base changes the amino acid and never makes a stop"),
    ("NM_015274.3:c.926T>A", "T", "A", "protein_altering_variant",
     "a codon's second base always changes the amino acid; T>A there can make TAA/TAG"),
    ("NM_015274.3:c.384G>T", "C", "A", "coding_sequence_variant",
     "a third-base change may be synonymous: not called missense"),
    ("NM_1.1:c.2T>C", "T", "C", "start_lost", "a change of the ATG's T loses the start codon"),
    ("NM_1.1:c.100+1G>A", "G", "A", "splice_donor_variant", "intronic +1/+2 is the donor site"),
    ("NM_1.1:c.-12del", "AC", "A", "5_prime_UTR_variant", "c.-N is 5' UTR, whatever its length"),
    ("NM_1.1:c.*40dup", "A", "AT", "3_prime_UTR_variant", "c.*N is 3' UTR, whatever its length"),
    ("NR_003051.4:n.71A>G", "A", "G", "non_coding_transcript_exon_variant",
     "n. is a non-coding transcript (e.g. RMRP): an exonic position there codes no protein"),
    ("NR_1.1:n.100+2T>C", "T", "C", "splice_donor_variant", "n. offsets name splice sites as c. ones do"),
])
def test_a_coding_change_without_a_protein_change(hgvs_c, ref, alt, term, rule):
    assert consequence_from_hgvs({"hgvs_c": hgvs_c, "hgvs_p": "", "ref_grch37": ref, "alt_grch37": alt}) \
        == (term, ""), rule


def test_an_indel_without_vcf_alleles_stays_unknown():
    assert consequence_from_hgvs({"hgvs_c": "NM_1.1:c.825dup"}) == ("coding_sequence_variant", "")


@pytest.mark.parametrize("codon_index, ref, alt, outcomes, rule", [
    (1, "T", "C", {"missense"}, "every second-base change alters the amino acid"),
    (0, "C", "T", {"synonymous", "missense", "stop_gained"}, "CTA>TTA keeps Leu; CAA>TAA is a stop"),
    (2, "T", "C", {"synonymous"}, "T<->C at the third base is always synonymous (wobble)"),
    (0, "G", "A", {"missense"}, "first-base G>A: Gly>Ser/Arg, Ala>Thr, Val>Ile/Met, Asp>Asn, Glu>Lys"),
])
def test_snv_outcomes_follow_the_standard_genetic_code(codon_index, ref, alt, outcomes, rule):
    assert snv_outcomes(codon_index, ref, alt) == outcomes, rule


def test_the_genetic_code_table():
    assert len(GENETIC_CODE) == 64 and sum(a == "*" for a in GENETIC_CODE.values()) == 3
    assert (GENETIC_CODE["ATG"], GENETIC_CODE["TGG"], GENETIC_CODE["TGA"], GENETIC_CODE["AGG"]) == ("M", "W", "*", "R")
