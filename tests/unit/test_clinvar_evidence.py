"""PS1, PM5 and the star-based strengths on real ClinVar records.

Uses the real ClinVar chr22 table (macarthur-lab layout, with protein changes) and the
demo's ClinVar 2023 chr1 subset run through the real bcftools csq index step. The queried
variants are hypothetical other nucleotide changes at the codons of real ClinVar records.
"""

import pytest

from traaser.acmg import assign as a
from traaser.acmg.assign import MET, NOT_MET, VariantFacts
from traaser.annotate.clinvar_index import ClinVarIndex, build_index, build_index_from_macarthur
from traaser.config import check_config
from traaser.settings import AcmgSettings

from conftest import DATA, DEMO

S = AcmgSettings.from_config(check_config({}, "test")["acmg"])


@pytest.fixture(scope="module")
def chr22(tmp_path_factory):
    out = tmp_path_factory.mktemp("cv") / "chr22.index.tsv.gz"
    assert build_index_from_macarthur(DATA / "clinvar" / "clinvar-tsv_macarthur-format_GRCh37_chr22.tsv.gz", out) == 7738
    return ClinVarIndex(out)


def missense_hits(index, significance, stars):
    return [h for hits in index.by_codon.values() for h in hits if h.significance == significance and h.stars == stars]


def query(hit, alt_aa, **kw):
    return VariantFacts(key="22:1:A:C", build="GRCh37", gene="X", consequence="missense_variant", chrom="22", pos=1,
                        transcript=hit.transcript, protein_pos=hit.protein_pos, ref_aa=hit.ref_aa, alt_aa=alt_aa,
                        gnomad_source=None, **kw)


@pytest.mark.parametrize("stars, strength", [(2, "Strong"), (1, "Moderate")])
def test_ps1_on_real_pathogenic_missense(chr22, stars, strength):
    """PS1: same amino-acid change as a ClinVar P variant; Strong at >= 2 stars, Moderate below."""
    hit = next(h for h in missense_hits(chr22, "P", stars)
               if not any(o.significance in ("P", "LP") and o.stars > stars
                          for o in chr22.same_codon(h.transcript, h.protein_pos, "")))
    outcome = a.ps1(query(hit, hit.alt_aa, clinvar_index=chr22), S)
    assert (outcome.status, outcome.strength) == (MET, strength)
    assert f"p.{hit.ref_aa}{hit.protein_pos}{hit.alt_aa}" in outcome.reason and hit.key in outcome.reason


def test_pm5_on_real_pathogenic_missense(chr22):
    """PM5: a different missense at a codon where ClinVar has a P/LP missense."""
    hit = missense_hits(chr22, "P", 2)[0]
    other = next(aa for aa in "ACDEFGHIKLMNPQRSTVWY" if aa not in (hit.alt_aa, hit.ref_aa))
    outcome = a.pm5(query(hit, other, clinvar_index=chr22), S)
    assert (outcome.status, outcome.strength) == (MET, "Moderate")
    assert a.ps1(query(hit, other, clinvar_index=chr22), S).status == NOT_MET


def test_benign_missense_gives_neither(chr22):
    hit = next(h for h in missense_hits(chr22, "B", 2)
               if not any(o.significance in ("P", "LP") for o in chr22.same_codon(h.transcript, h.protein_pos, "")))
    assert a.ps1(query(hit, hit.alt_aa, clinvar_index=chr22), S).status == NOT_MET
    assert a.pm5(query(hit, "W" if hit.alt_aa != "W" else "A", clinvar_index=chr22), S).status == NOT_MET


def test_csq_index_of_the_real_chr1_subset(tmp_path):
    """The same consequence step (bcftools csq, demo FASTA + GFF3) indexes ClinVar 2023 chr1."""
    out = tmp_path / "chr1.index.tsv.gz"
    rows = build_index(DEMO / "clinvar_20230710_GRCh37_chr1_first2000.vcf.gz", DEMO / "GRCh37.demo.fa.gz",
                       DEMO / "GRCh37.demo.gff3.gz", out)
    index = ClinVarIndex(out)
    assert rows > 100
    stop = index.gene_variants["SAMD11"]["1:879375:C:T"]
    assert stop == ("stop_gained", "P"), "the ClinVar Pathogenic SAMD11 nonsense, 1 star"
    stats = index.gene_stats("SAMD11", exclude="1:879375:C:T")
    assert stats.pathogenic_truncating == 0, "a variant's own record is left out"
    assert index.gene_stats("SAMD11", exclude="").pathogenic_truncating == 1
