#!/usr/bin/env python3
"""Rebuild the bundled demo data in resources/demo/ from a copy of the team's shared/data.

Usage: python resources/demo/build_demo.py ../shared

Run once by a developer; the workflow never reads ../shared. Every output is derived from
real public files listed in PROVENANCE.md; the only invented content is the demo case's two
spiked records and its phenopacket, which PROVENANCE.md describes.

Coordinates: VCF POS is 1-based; GFF3 start/end are 1-based inclusive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pysam
import pysam.bcftools as bcftools

from traaser.resources.manifest import sha256_file

HERE = Path(__file__).resolve().parent

#: GRCh37 contig lengths (Ensembl/1000G names) of the contigs the demo reference holds.
CONTIGS = {"1": 249_250_621, "2": 243_199_373, "10": 135_534_747, "X": 155_270_560}

#: Real Ensembl excerpts from bcftools test/csq: (bundle, contig, 1-based genomic start).
EXCERPTS = [
    ("ENST00000341065", "1", 860_260),      # SAMD11
    ("ENST00000263103-INS", "10", 60_272_880),  # BICC1
    ("ENST00000218032", "X", 12_924_719),    # TLR8
]

#: Spiked demo records (1-based POS): the causal de novo BICC1 stop-gain (p.Gln87*, ENST00000373886) and a ClinVar
#: pathogenic SAMD11 nonsense variant inherited from the unaffected mother (a decoy).
SPIKES = [
    # contig, pos, ref, alt, GT HG002, GT HG003 (father), GT HG004 (mother)
    ("10", 60_461_855, "C", "T", "0/1", "0/0", "0/0"),
    ("1", 879_375, "C", "T", "0/1", "0/0", "0/1"),
]
SPIKE_FORMAT = {"0/0": "0/0:31,0:31:90", "0/1": "0/1:17,15:32:99", "1/1": "1/1:0,30:30:90"}


def read_excerpt(fasta: Path) -> str:
    lines = fasta.read_text().splitlines()
    return "".join(line.strip() for line in lines[1:])


def build_reference(shared: Path, out: Path) -> None:
    """Full-length contigs, N everywhere except the real excerpts at their true coordinates."""
    excerpts = {contig: (start, read_excerpt(shared / "data/bcftools-csq" / b / f"{b}.fa"))
                for b, contig, start in EXCERPTS}
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "ref.fa"
        with open(plain, "w") as handle:
            for contig, length in CONTIGS.items():
                handle.write(f">{contig}\n")
                start, seq = excerpts.get(contig, (1, ""))
                body = "N" * (start - 1) + seq
                body += "N" * (length - len(body))
                assert len(body) == length
                for i in range(0, length, 60):
                    handle.write(body[i:i + 60] + "\n")
                del body
        pysam.tabix_compress(str(plain), str(out), force=True)
    pysam.faidx(str(out))


def build_gff(shared: Path, out: Path) -> None:
    """Concatenate the excerpts' GFF3, shifting start/end by (region start - 1)."""
    lines = ["##gff-version 3"]
    for bundle, contig, start in EXCERPTS:
        for line in (shared / "data/bcftools-csq" / bundle / f"{bundle}.gff").read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            fields[0] = contig
            fields[3] = str(int(fields[3]) + start - 1)
            fields[4] = str(int(fields[4]) + start - 1)
            lines.append("\t".join(fields))
    # mtime=0 keeps the gzip header, and so the file's checksum, the same on every rebuild
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode())


def build_case_vcf(shared: Path, out: Path) -> None:
    """GIAB trio without its BCSQ (so the workflow runs bcftools csq), plus the spiked records."""
    trio = shared / "data/giab-trio/ashk-trio.GRCh37.vcf.gz"
    with tempfile.TemporaryDirectory() as tmp:
        stripped = Path(tmp) / "stripped.vcf"
        bcftools.annotate("--no-version", "-x", "INFO/BCSQ", "-Ov", "-o", str(stripped), str(trio), catch_stdout=False)
        text = stripped.read_text().splitlines()
        header = [ln for ln in text if ln.startswith("#")]
        records = [ln for ln in text if not ln.startswith("#")]
        if not any(ln.startswith("##contig=<ID=10,") for ln in header):
            raise SystemExit("trio header lacks contig 10")
        for contig, pos, ref, alt, *gts in SPIKES:
            fmt = "GT:AD:DP:GQ"
            samples = [SPIKE_FORMAT[g] for g in gts]
            records.append("\t".join([contig, str(pos), ".", ref, alt, "500", "PASS",
                                      "SPIKED=demo", fmt, *samples]))
        header.insert(-1, '##INFO=<ID=SPIKED,Number=1,Type=String,Description="Record added to the real GIAB '
                          'trio for the TRaaSer demo (see resources/demo/PROVENANCE.md)">')
        unsorted = Path(tmp) / "unsorted.vcf"
        unsorted.write_text("\n".join(header + records) + "\n")
        bcftools.sort("-Oz", "-o", str(out), str(unsorted), catch_stdout=False)
    pysam.tabix_index(str(out), preset="vcf", force=True)


def write_phenopacket(out: Path) -> None:
    """A GA4GH Phenopacket v2 for the synthetic demo proband HG002."""
    features = [
        ("HP:0000800", "Cystic renal dysplasia"),
        ("HP:0004719", "Hyperechogenic kidneys"),
        ("HP:0000083", "Renal insufficiency"),
        ("HP:0000076", "Vesicoureteral reflux"),
        ("HP:0001263", "Global developmental delay"),
    ]
    packet = {
        "id": "demo-trio-HG002",
        "subject": {"id": "HG002", "sex": "MALE"},
        "phenotypicFeatures": [{"type": {"id": i, "label": label}} for i, label in features],
        "metaData": {
            "created": "2026-11-26T00:00:00Z",
            "createdBy": "TRaaSer demo builder (synthetic case)",
            "phenopacketSchemaVersion": "2.0",
            "resources": [{"id": "hp", "name": "human phenotype ontology", "namespacePrefix": "HP",
                           "url": "http://purl.obolibrary.org/obo/hp.owl", "version": "2025-01-16",
                           "iriPrefix": "http://purl.obolibrary.org/obo/HP_"}],
        },
    }
    out.write_text(json.dumps(packet, indent=2) + "\n")


def copy(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared", type=Path, help="path of the shared/ folder")
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    (HERE / "hpo").mkdir(exist_ok=True)
    (HERE / "case").mkdir(exist_ok=True)
    build_reference(shared, HERE / "GRCh37.demo.fa.gz")
    build_gff(shared, HERE / "GRCh37.demo.gff3.gz")
    build_case_vcf(shared, HERE / "case" / "demo-trio.GRCh37.vcf.gz")
    copy(shared / "data/giab-trio/ashk-trio.ped", HERE / "case" / "demo-trio.ped")
    write_phenopacket(HERE / "case" / "demo-trio.phenopacket.json")
    for name in ("clinvar_20230710_GRCh37_chr1_first2000.vcf.gz", "clinvar_20191007_GRCh37_subset72.vcf.gz"):
        copy(shared / "data/clinvar" / name, HERE / name)
        copy(shared / "data/clinvar" / (name + ".tbi"), HERE / (name + ".tbi"))
    gnomad = "gnomad.exomes.r2.1.GRCh37.chr1-PCSK9-subset.vcf.bgz"
    copy(shared / "data/gnomad" / gnomad, HERE / gnomad)
    copy(shared / "data/gnomad" / (gnomad + ".tbi"), HERE / (gnomad + ".tbi"))
    copy(shared / "data/gene-tables/annonars-subsets/gnomad_constraints_v4.0_subset.tsv",
         HERE / "gnomad_constraints_v4.0_subset.tsv")
    for name in ("hp.obo.gz", "phenotype.hpoa.gz", "genes_to_phenotype.txt.gz"):
        copy(shared / "data/hpo" / name, HERE / "hpo" / name)
    checksums = {f"demo/{path.relative_to(HERE)}": sha256_file(path) for path in sorted(HERE.rglob("*"))
                 if path.is_file() and path.suffix not in {".py", ".md"}}
    for name, digest in checksums.items():
        print(f"{digest}  {name}")
    update_manifest(HERE.parent / "manifest.yaml", checksums)
    return 0


def update_manifest(manifest: Path, checksums: dict[str, str]) -> None:
    """Rewrite the sha256 of every demo file the manifest lists (other entries are untouched)."""
    text = manifest.read_text()
    for name, digest in checksums.items():
        text = re.sub(rf"(\{{path: {re.escape(name)}, sha256: )[0-9a-f]{{64}}\}}", rf"\g<1>{digest}}}", text)
    manifest.write_text(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
