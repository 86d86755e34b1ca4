"""Consequence prediction and parsing.

Real-data check: bcftools' own csq test bundles (real Ensembl SAMD11 and TLR8 excerpts) are
shifted to genomic coordinates and run through ``predict`` against the demo reference; the
predicted BCSQ must equal each record's expected consequence (INFO/EXP).
"""

from pathlib import Path

import pysam
import pytest

from traaser.annotate.consequence import csq_format, parse_bcsq, parse_snpeff, parse_vep, predict, severity
from traaser.counts import StepCounts

from conftest import DATA, DEMO

DEMO_CONTIGS = {"1": 249_250_621, "2": 243_199_373, "10": 135_534_747, "X": 155_270_560}
BUNDLES = {"ENST00000341065": ("1", 860_260), "ENST00000218032": ("X", 12_924_719)}
CASES = sorted((b, p.name) for b in BUNDLES for p in (DATA / "bcftools-csq" / b).glob("*.vcf"))


def shifted_vcf(bundle: str, name: str, out: Path) -> Path:
    """The bundle VCF with POS moved from excerpt-local to genomic (1-based) coordinates."""
    contig, start = BUNDLES[bundle]
    lines = []
    for line in (DATA / "bcftools-csq" / bundle / name).read_text().splitlines():
        if line.startswith("##contig"):
            continue
        if line.startswith("#CHROM"):
            lines += [f"##contig=<ID={name},length={length}>" for name, length in DEMO_CONTIGS.items()]
            lines.append(line)
        elif line.startswith("#"):
            lines.append(line)
        elif line:
            fields = line.split("\t")
            fields[0], fields[1] = contig, str(int(fields[1]) + start - 1)
            lines.append("\t".join(fields))
    out.write_text("\n".join(lines) + "\n")
    pysam.tabix_compress(str(out), str(out) + ".gz", force=True)
    return Path(str(out) + ".gz")


def comparable(entries: list[str]) -> set[tuple[str, ...]]:
    """Entries without the DNA change (field 7 holds excerpt-local positions in EXP)."""
    return {tuple(e.split("|")[:6]) for e in entries if e and e != "." and not e.startswith("@")}


@pytest.mark.parametrize("bundle, name", CASES)
def test_bcftools_csq_reproduces_expected_consequence(tmp_path, bundle, name):
    vcf = shifted_vcf(bundle, name, tmp_path / name)
    out = tmp_path / "csq.bcf"
    counts = predict(vcf, DEMO / "GRCh37.demo.fa.gz", DEMO / "GRCh37.demo.gff3.gz", out, tmp_path / "c.json")
    assert counts.records_in == counts.records_out > 0
    with pysam.VariantFile(str(out)) as handle:
        for record in handle:
            raw = record.info["EXP"]
            expected = [e for item in (raw if isinstance(raw, tuple) else (raw,)) for e in item.split(",")]
            got = list(record.info.get("BCSQ", ()))
            assert comparable(got) == comparable(expected), f"{record.pos} {record.ref}>{record.alts}"


def test_existing_bcsq_is_reused_not_recomputed(tmp_path):
    trio = DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz"
    counts = predict(trio, DEMO / "GRCh37.demo.fa.gz", DEMO / "GRCh37.demo.gff3.gz", tmp_path / "o.bcf",
                     tmp_path / "c.json")
    assert any("reused" in w for w in counts.warnings)
    assert StepCounts.read(tmp_path / "c.json").records_out == 9940


def test_parse_bcsq_maps_to_sequence_ontology():
    [c] = parse_bcsq(["stop_gained|BICC1|ENST00000373886|protein_coding|+|87Q>87*|60461855C>T"])
    assert (c.gene, c.worst, c.impact, c.protein_change) == ("BICC1", "stop_gained", "HIGH", "87Q>87*")
    assert parse_bcsq(["@123"]) == []


def test_parse_vep_csq_selects_the_allele():
    fields = csq_format("Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|"
                        "Gene|Feature_type|Feature|BIOTYPE|HGVSc|HGVSp")
    values = ["A|missense_variant|MODERATE|GENE1|ENSG1|Transcript|ENST1|protein_coding|c.1G>A|p.Val1Ile",
              "T|stop_gained|HIGH|GENE1|ENSG1|Transcript|ENST1|protein_coding|c.1G>T|p.Val1Ter"]
    [c], malformed = parse_vep(values, fields, "A")
    assert malformed == 0
    assert (c.gene, c.worst, c.protein_change) == ("GENE1", "missense_variant", "p.Val1Ile")


def test_parse_snpeff_ann():
    value = "G|splice_region_variant&intron_variant|LOW|GENE2|ENSG2|transcript|ENST2|protein_coding|3/9|c.100+4A>G|"
    [c] = parse_snpeff([value], "G")
    assert (c.gene, c.worst, c.impact) == ("GENE2", "splice_region_variant", "LOW")


@pytest.mark.parametrize("worse, better", [("stop_gained", "missense_variant"), ("missense_variant", "synonymous_variant"),
                                           ("synonymous_variant", "intron_variant"), ("intron_variant", "no_such_term")])
def test_severity_order_comes_from_the_table(worse, better):
    assert severity(worse).rank < severity(better).rank


def test_mane_select_transcript_wins_a_severity_tie(tmp_path):
    """Equally severe consequences: the MANE Select transcript (tagged in the GFF3) is reported."""
    import gzip

    from traaser.annotate.transcripts import mane_select_ids
    from traaser.collect import worst_gene_consequence
    gff = tmp_path / "t.gff3.gz"
    with gzip.open(gff, "wt") as handle:
        handle.write("##gff-version 3\n"
                     "1\tensembl\tmRNA\t1\t100\t.\t+\t.\tID=transcript:ENST2;Parent=gene:G;tag=basic,MANE_Select\n"
                     "1\tensembl\tmRNA\t1\t100\t.\t+\t.\tID=transcript:ENST1;Parent=gene:G;tag=basic\n")
    mane = mane_select_ids(gff)
    assert mane == {"ENST2"}
    entries = ["missense|G|ENST1|protein_coding|+|10A>10V|5C>T", "missense|G|ENST2|protein_coding|+|12A>12V|5C>T",
               "intron|G|ENST3|protein_coding"]
    assert worst_gene_consequence(parse_bcsq(entries), mane).transcript == "ENST2"
    assert worst_gene_consequence(parse_bcsq(entries)).transcript == "ENST1"
    stop = parse_bcsq(["stop_gained|G|ENST1|protein_coding|+|10A>10*|5C>T"] + entries[1:2])
    assert worst_gene_consequence(stop, mane).transcript == "ENST1", "severity comes first"


def test_parse_vep_skips_and_counts_entries_with_the_wrong_number_of_fields():
    """FAULTS.md: malformed INFO values of a field the pipeline uses are never read silently."""
    fields = csq_format("Format: Allele|Consequence|IMPACT|SYMBOL")
    result, malformed = parse_vep(["A|missense_variant|MODERATE", "A|stop_gained|HIGH|GENE1"], fields, "A")
    assert malformed == 1 and [c.gene for c in result] == ["GENE1"]
