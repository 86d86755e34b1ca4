"""The bcftools screen (traaser/collect/screen.py) changes how fast prioritize is, never what it finds:
each record gets the same reason, and the sample QC and parentage check the same figures, as
when Python reads every record."""

from pathlib import Path

import pytest

from traaser import collect
from traaser.case import Case
from traaser.collect.screen import ScreenPlan, parse_sample_field, screen_plan
from traaser.config import check_config
from traaser.counts import NOTE_QC, NOTE_SCREENED_OUT, StepCounts
from traaser.ped import Individual, Pedigree
from traaser.phenotype.ontology import ResolvedTerm
from traaser.settings import AcmgSettings, PrioritizeSettings

HEADER = """##fileformat=VCFv4.2
##contig=<ID=1,length=249250621>
##contig=<ID=X,length=155270560>
##contig=<ID=MT,length=16569>
##FILTER=<ID=LowQual,Description="low quality">
##FILTER=<ID=q10,Description="quality below 10">
##INFO=<ID=BCSQ,Number=.,Type=String,Description="Consequence. Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">
##INFO=<ID=GNOMAD_AF,Number=A,Type=Float,Description="gnomAD AF">
##INFO=<ID=GNOMAD_FAF,Number=A,Type=Float,Description="gnomAD filtering AF">
##INFO=<ID=CV_CLNSIG,Number=.,Type=String,Description="ClinVar significance">
##INFO=<ID=CV_GENEINFO,Number=1,Type=String,Description="ClinVar gene">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tMUM\tKID\tDAD
"""
GENIC = "BCSQ=missense|GENE1|ENST1|protein_coding|+|10A>10V|100C>T"
INTRON = "BCSQ=intron|GENE1||protein_coding"
# Samples are MUM, KID, DAD: the proband is not the first sample, so the screen's lines must
# follow the family's order, not the header's.
HET_KID, HOM_KID, REF_KID = "0/0:20,0:20:99\t0/1:10,10:20:99\t0/1:10,10:20:99", \
    "0/1:10,10:20:99\t1/1:0,20:20:99\t0/1:10,10:20:99", "0/1:10,10:20:99\t0/0:20,0:20:99\t1/1:0,20:20:99"
# (CHROM, POS, REF, ALT, FILTER, INFO, genotypes, reason, what the row checks)
ROWS = [
    ("1", 100, "C", "T", "PASS", GENIC, HET_KID, None, "rare missense: a candidate"),
    ("1", 200, "C", "T", "PASS", ".", HET_KID, collect.NO_GENE, "no consequence: screened out"),
    ("1", 210, "C", "T", "PASS", ".", HOM_KID, collect.NO_GENE, "no consequence, homozygous: QC counts it"),
    ("1", 220, "CA", "C", "PASS", ".", REF_KID, collect.NOT_CARRIED, "screened out, but not carried comes first"),
    ("1", 230, "C", "T", "LowQual", ".", HET_KID, collect.FILTERED, "screened out, but FILTER comes first"),
    ("1", 240, "C", "<DEL>", "PASS", ".", HET_KID, collect.NOT_ASSESSED, "screened out, but not assessed comes first"),
    ("1", 250, "C", "T,G", "PASS", ".", HET_KID, collect.NOT_ASSESSED, "multi-allelic left in: not assessed"),
    ("1", 260, "C", "T", "PASS", ".", "0/1:.:.:.\t./.:.:.:.\t0/1:.:.:.", collect.NO_CALL, "proband not called"),
    ("1", 270, "C", "T", "PASS", ".", "0/0:9:9:99\t0/2:5,5:10:99\t0/0:9:9:99", collect.BAD_ALLELE,
     "GT index beyond the ALTs"),
    ("1", 280, "C", "T", "LowQual", GENIC, HET_KID, collect.FILTERED, "rare missense failing FILTER: screened"),
    ("1", 281, "C", "T", "LowQual;q10", f"{GENIC};GNOMAD_AF=0.2", HET_KID, collect.FILTERED,
     "two filters, also common: FILTER comes first"),
    ("1", 282, "C", "T", ".", GENIC, HET_KID, None, "FILTER '.' (not applied) counts as PASS"),
    ("1", 300, "C", "T", "PASS", f"{GENIC};GNOMAD_FAF=0.2;GNOMAD_AF=0.2", HET_KID, collect.COMMON, "FAF above 0.05"),
    ("1", 310, "C", "T", "PASS", f"{GENIC};GNOMAD_AF=0.2", HET_KID, collect.COMMON, "no FAF: AF above 0.05"),
    ("1", 320, "C", "T", "PASS", f"{GENIC};GNOMAD_FAF=0.01;GNOMAD_AF=0.2", HET_KID, None,
     "FAF wins over AF: rare, a candidate"),
    ("1", 330, "C", "T", "PASS", f"{GENIC};GNOMAD_FAF=-1;GNOMAD_AF=0.2", HET_KID, collect.COMMON,
     "negative FAF is no value: AF decides (in Python)"),
    ("1", 340, "C", "T", "PASS", f"{INTRON};GNOMAD_AF=0.2", HET_KID, collect.COMMON, "common and intronic: common first"),
    ("1", 350, "C", "T", "PASS", f"{INTRON};GNOMAD_AF=0.01", HET_KID, collect.LOW_IMPACT, "rare intronic"),
    ("1", 360, "C", "T", "PASS", f"{GENIC};GNOMAD_AF=0.05", HET_KID, None, "AF equal to the maximum is kept"),
    ("1", 400, "C", "T", "PASS", f"{INTRON};GNOMAD_AF=0.2;CV_CLNSIG=Pathogenic;CV_GENEINFO=GENE1:1", HOM_KID, None,
     "ClinVar P/LP is never excluded as common or low impact"),
    ("1", 410, "C", "T", "PASS", "GNOMAD_AF=0.2;CV_CLNSIG=Benign;CV_GENEINFO=GENE1:1", HET_KID, collect.NO_GENE,
     "ClinVar benign, no consequence: Python reads it (ClinVar records are never screened)"),
    ("X", 100_000, "C", "T", "PASS", ".", HET_KID, collect.NO_GENE, "chrX PAR1: screened like an autosome"),
    ("X", 5_000_000, "C", "T", "PASS", ".", HET_KID, collect.NO_GENE, "chrX non-PAR: Python reads it (sex check)"),
    ("X", 5_000_100, "C", "T", "PASS", ".", HOM_KID, collect.NO_GENE, "chrX non-PAR homozygous"),
    ("MT", 100, "C", "T", "PASS", ".", HOM_KID, collect.NO_GENE, "MT: not in the parentage check"),
]


def _vcf(tmp_path: Path) -> Path:
    path = tmp_path / "trio.vcf"
    body = "".join(f"{c}\t{pos}\t.\t{ref}\t{alt}\t50\t{flt}\t{info}\tGT:AD:DP:GQ\t{gts}\n"
                   for c, pos, ref, alt, flt, info, gts, _, _ in ROWS)
    path.write_text(HEADER + body)
    return path


def _run(vcf: Path, tmp_path: Path, screen: bool):
    config = check_config({}, "test")
    pedigree = Pedigree([Individual("F", "KID", "DAD", "MUM", "female", "affected"),
                         Individual("F", "DAD", None, None, "male", "unaffected"),
                         Individual("F", "MUM", None, None, "female", "unaffected")])
    case = Case("c", vcf, "KID", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], sex="female",
                samples=["MUM", "KID", "DAD"], pedigree=pedigree)
    counts = StepCounts("prioritize")
    config["acmg"]["denovo_min_gq"] = 20      # below the demo GQs, so the parentage check counts the trio calls
    candidates, family, parentage = collect.collect_candidates(vcf, case, PrioritizeSettings.from_config(config["prioritize"]),
                                                         AcmgSettings.from_config(config["acmg"]), counts,
                                                         workdir=tmp_path / "work", screen=screen)
    return candidates, family, parentage, counts


def test_the_screen_changes_no_reason_count_or_figure(tmp_path):
    """Same exclusions by reason, candidates, QC and parentage with and without the screen; and
    the screen did take records out of Python's hands."""
    vcf = _vcf(tmp_path)
    screened = _run(vcf, tmp_path, screen=True)
    reference = _run(vcf, tmp_path, screen=False)
    assert [c.key for c in screened[0]] == [c.key for c in reference[0]]
    assert dict(screened[3].excluded) == dict(reference[3].excluded)
    assert screened[3].records_in == reference[3].records_in == len(ROWS)
    assert screened[3].notes[NOTE_QC] == reference[3].notes[NOTE_QC]
    assert (screened[2].informative, screened[2].opposing) == (reference[2].informative, reference[2].opposing)
    assert screened[2].informative > 0
    assert screened[3].notes[NOTE_SCREENED_OUT] >= 10
    assert reference[3].notes[NOTE_SCREENED_OUT] == 0
    assert screened[3].balanced
    assert not list((tmp_path / "work").iterdir()), "the screen's temporary files are removed"


@pytest.mark.parametrize("row", ROWS, ids=[r[8] for r in ROWS])
def test_each_row_gets_its_reason(tmp_path, row):
    """One record at a time through the screened pass: its reason, or a candidate."""
    chrom, pos, ref, alt, flt, info, gts, reason, _ = row
    path = tmp_path / "one.vcf"
    path.write_text(HEADER + f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t50\t{flt}\t{info}\tGT:AD:DP:GQ\t{gts}\n")
    candidates, _, _, counts = _run(path, tmp_path, screen=True)
    if reason is None:
        assert [c.pos for c in candidates] == [pos]
    else:
        assert candidates == [] and dict(counts.excluded) == {reason: 1}


def test_qc_counts_screened_out_calls_of_the_proband_not_the_first_sample(tmp_path):
    """QC reads the proband (KID, the second sample): its homozygous calls at 210, 400, 5,000,100 and MT."""
    _, _, _, counts = _run(_vcf(tmp_path), tmp_path, screen=True)
    qc = counts.notes[NOTE_QC]
    assert qc["homozygous_alt_calls"] == 4
    assert (qc["chrx_nonpar_het"], qc["chrx_nonpar_hom_alt"]) == (1, 1)


@pytest.mark.parametrize("declared, tag, require_pass, screens", [
    ({"GNOMAD_AF", "GNOMAD_FAF", "CV_CLNSIG"}, "BCSQ", True, ("no_consequence", "common")),
    ({"GNOMAD_AF"}, "CSQ", False, ("no_consequence", "common")),
    (set(), "BCSQ", True, ("no_consequence", "common")),     # no gnomAD: only non-PASS records besides
    (set(), "BCSQ", False, ("no_consequence",)),            # no gnomAD, FILTER ignored: nothing but no consequence
    ({"GNOMAD_AF"}, None, True, ("no_consequence",)),       # no consequence tag: every record lacks one
])
def test_screen_plan_uses_only_declared_tags(declared, tag, require_pass, screens):
    """bcftools refuses an expression naming an undeclared tag, so the plan names only declared ones."""
    plan = screen_plan(declared, tag, 0.05, "GRCh37", require_pass)
    present = tuple(name for name in ("no_consequence", "common") if getattr(plan, name))
    assert present == screens
    text = plan.excluded or ""
    assert ("CV_CLNSIG" in text) == ("CV_CLNSIG" in declared)
    assert ("GNOMAD_FAF" in text) == ("GNOMAD_FAF" in declared)
    assert 'POS>=60001 && POS<=2699520' in text, "chrX PAR1 (GRCh37) is screened like an autosome"
    assert ScreenPlan(None, None).excluded is None


@pytest.mark.parametrize("text, alleles, quality", [
    ("0/1:99", (0, 1), 99.0), ("1|1:.", (1, 1), -1.0), ("./.:7", (-1, -1), 7.0), ("1", (1,), -1.0),
    (".", (-1,), -1.0), ("./1:30", (-1, 1), 30.0), ("0/2:12.5", (0, 2), 12.5),
])
def test_sample_fields_parse_like_cyvcf2_reads_them(text, alleles, quality):
    field = parse_sample_field(text)
    assert (field.alleles, field.quality) == (alleles, quality)


def test_shards_screened_one_after_another_add_up_to_the_whole(tmp_path):
    """Two shards (chr1; chrX and MT), screened one after the other, give the
    counts, candidates, QC and parentage of the unsplit file."""
    whole = _run(_vcf(tmp_path), tmp_path, screen=True)
    shards = []
    for name, chroms in (("a", {"1"}), ("b", {"X", "MT"})):
        path = tmp_path / f"{name}.vcf"
        path.write_text(HEADER + "".join(
            f"{c}\t{pos}\t.\t{ref}\t{alt}\t50\t{flt}\t{info}\tGT:AD:DP:GQ\t{gts}\n"
            for c, pos, ref, alt, flt, info, gts, _, _ in ROWS if c in chroms))
        shards.append(path)
    split = _run(shards, tmp_path, screen=True)
    assert [c.key for c in split[0]] == [c.key for c in whole[0]]
    assert dict(split[3].excluded) == dict(whole[3].excluded) and split[3].records_in == len(ROWS)
    assert split[3].notes == whole[3].notes
    assert not list((tmp_path / "work").iterdir())
