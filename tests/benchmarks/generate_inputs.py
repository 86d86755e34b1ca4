#!/usr/bin/env python3
"""Generate realistic synthetic inputs for the scaling benchmark (tests/benchmarks/pipeline_scaling.py).

    python tests/benchmarks/generate_inputs.py --out /tmp/traaser-bench [--scale 1.0] [--seed 11]

Writes into --out (about 6 GB at --scale 1; reused when present):
- reference/synthetic.fa (+ .fai): random sequence on contigs 1-22 and X at their GRCh37 lengths
  times --scale, so REF checks and contig-sized memory behave as on a real genome;
- annotation/synthetic.gff3.gz: --genes protein-coding genes in the Ensembl GFF3 layout bcftools
  csq reads (gene / transcript (MANE_Select tag) / exon / CDS, both strands, 8 coding exons of
  150 bp), named after real HPO-annotated genes so phenotype matching has work to do;
- cases/{exome_50k,genome_1M,genome_5M}.{single,trio}.vcf.gz: SNVs (85%), deletions and
  insertions of 1-5 bp, with GT:AD:DP:GQ; trio genotypes are Mendelian (child alleles drawn from
  the parents'); the exome's variants lie in and around coding exons, the genomes' anywhere; the
  1M genome is a subset of the 5M one;
- sources/gnomad_like.vcf.gz: --gnomad-records sorted records (default 20M) with AC/AN/AF/
  nhomalt/faf95/AF_popmax, holding 95% of the cases' alleles (90% of them common, as a person's
  variants are) plus random rare others;
  sources/clinvar_like.vcf.gz: 200k records with the ClinVar INFO tags TRaaSer reads;
- manifest.yaml: bundled-style entries for all of these (sha256 of each file), plus the repo's
  HPO release and constraint table, ready for a config's databases.GRCh37.

Positions are 1-based (VCF); the generator holds one contig's sequence at a time.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pysam

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser.resources.manifest import sha256_file  # noqa: E402

BASES = np.frombuffer(b"ACGT", dtype=np.uint8)
SIZES = {"exome_50k": 50_000, "genome_1M": 1_000_000, "genome_5M": 5_000_000}
SAMPLES = ("PROBAND", "FATHER", "MOTHER")
EXON, EXONS, INTRON = 150, 8, 1_000
TRANSITION = {"A": "G", "G": "A", "C": "T", "T": "C"}   # 2/3 of SNVs are transitions: Ti/Tv about 2


def grch37_lengths(scale: float) -> dict[str, int]:
    lengths = {}
    for line in (REPO / "traaser" / "data" / "contigs.tsv").read_text().splitlines():
        fields = line.split("\t")
        if fields[0] == "GRCh37" and fields[1] not in ("Y", "MT"):
            lengths[fields[1]] = int(int(fields[4]) * scale)
    return lengths


def hpo_gene_names() -> list[str]:
    with gzip.open(REPO / "resources" / "demo" / "hpo" / "genes_to_phenotype.txt.gz", "rt") as handle:
        next(handle)
        return sorted({line.split("\t")[1] for line in handle})


class Writers:
    """bgzip writers for the case VCFs and the sources, opened once."""

    def __init__(self, out: Path, lengths: dict[str, int]) -> None:
        contigs = "".join(f"##contig=<ID={c},length={n}>\n" for c, n in lengths.items())
        fmt = ('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
               '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
               '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">\n'
               '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n')
        head = f"##fileformat=VCFv4.2\n##source=traaser-benchmark-generator\n{contigs}"
        columns = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
        self.cases = {}
        for name in SIZES:
            for kind, samples in (("single", SAMPLES[:1]), ("trio", SAMPLES)):
                handle = pysam.BGZFile(str(out / "cases" / f"{name}.{kind}.vcf.gz"), "wb")
                handle.write((head + fmt + columns + "\tFORMAT\t" + "\t".join(samples) + "\n").encode())
                self.cases[name, kind] = handle
        info = "".join(f'##INFO=<ID={t},Number={n},Type={ty},Description="{t}">\n' for t, n, ty in (
            ("AC", "A", "Integer"), ("AN", "1", "Integer"), ("AF", "A", "Float"), ("nhomalt", "A", "Integer"),
            ("faf95", "A", "Float"), ("AF_popmax", "A", "Float")))
        self.gnomad = pysam.BGZFile(str(out / "sources" / "gnomad_like.vcf.gz"), "wb")
        self.gnomad.write((head + info + columns + "\n").encode())
        cinfo = "".join(f'##INFO=<ID={t},Number=.,Type=String,Description="{t}">\n' for t in (
            "CLNSIG", "CLNREVSTAT", "CLNSIGCONF", "GENEINFO", "CLNDN")) + \
            '##INFO=<ID=ALLELEID,Number=1,Type=Integer,Description="ALLELEID">\n'
        self.clinvar = pysam.BGZFile(str(out / "sources" / "clinvar_like.vcf.gz"), "wb")
        self.clinvar.write((head + cinfo + columns + "\n").encode())

    def close(self) -> None:
        for handle in [*self.cases.values(), self.gnomad, self.clinvar]:
            handle.close()


def alleles(seq: np.ndarray, positions: np.ndarray, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """REF/ALT per 1-based position: SNV 85%, deletion 8%, insertion 7% (1-5 bp)."""
    kind = rng.random(len(positions))
    size = rng.integers(1, 6, len(positions))
    refs, alts = [], []
    text = seq.tobytes()
    for pos, k, n in zip(positions.tolist(), kind.tolist(), size.tolist()):
        base = text[pos - 1:pos].decode()
        if k < 0.85:
            refs.append(base)
            transition = TRANSITION[base]
            alts.append(transition if k < 0.57 else ("ACGT".replace(base, "").replace(transition, ""))[int(k * 100) % 2])
        elif k < 0.93:
            refs.append(text[pos - 1:pos + n].decode())
            alts.append(base)
        else:
            refs.append(base)
            alts.append(base + "".join("ACGT"[int(x)] for x in rng.integers(0, 4, n)))
    return refs, alts


def genotypes(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(child, father, mother) ALT-allele counts 0-2 of a joint-called trio; the child's alleles come
    from the parents' (so some records are 0/0 in the child, as in real multi-sample VCFs)."""
    parent_weights = [0.2, 0.55, 0.25]
    father = rng.choice(3, n, p=parent_weights)
    mother = rng.choice(3, n, p=parent_weights)
    from_father = (rng.random(n) < father / 2).astype(int)
    from_mother = (rng.random(n) < mother / 2).astype(int)
    return from_father + from_mother, father, mother


def singleton_genotypes(n: int, rng: np.random.Generator) -> np.ndarray:
    """ALT-allele counts of a single-sample VCF: every record carries the ALT (het 60%, hom 40%)."""
    return np.where(rng.random(n) < 0.6, 1, 2)


def sample_fields(gt: np.ndarray, rng: np.random.Generator) -> list[str]:
    depth = rng.integers(20, 45, len(gt))
    alt_reads = np.where(gt == 0, 0, np.where(gt == 2, depth, (depth * rng.uniform(0.35, 0.65, len(gt))).astype(int)))
    gq = np.where(rng.random(len(gt)) < 0.9, 99, rng.integers(10, 99, len(gt)))
    text = np.array(["0/0", "0/1", "1/1"])[gt]
    return [f"{g}:{d - a},{a}:{d}:{q}" for g, d, a, q in zip(text.tolist(), depth.tolist(), alt_reads.tolist(),
                                                             gq.tolist())]


def make_genes(contig: str, length: int, n: int, names: list[str], counter: list[int],
               rng: np.random.Generator) -> tuple[list[str], list[tuple[int, int]]]:
    """GFF3 lines of ``n`` genes on one contig and the 1-based inclusive exon intervals."""
    span = EXONS * EXON + (EXONS - 1) * INTRON + 200
    starts = np.sort(rng.choice(max(1, (length - span - 2000) // span), size=min(n, max(1, (length - 2000) // span)),
                                replace=False)) * span + 1000
    lines, exons = [], []
    for start in starts.tolist():
        counter[0] += 1
        number = counter[0]
        name = names[number % len(names)]
        strand = "+" if rng.random() < 0.5 else "-"
        gene, tx = f"gene:ENSGSYN{number:08d}", f"transcript:ENSTSYN{number:08d}"
        end = start + span - 1
        lines.append(f"{contig}\tsynthetic\tgene\t{start}\t{end}\t.\t{strand}\t.\tID={gene};Name={name};"
                     f"biotype=protein_coding;gene_id=ENSGSYN{number:08d}")
        lines.append(f"{contig}\tsynthetic\tmRNA\t{start}\t{end}\t.\t{strand}\t.\tID={tx};Parent={gene};"
                     f"Name={name}-201;biotype=protein_coding;tag=Ensembl_canonical,MANE_Select;"
                     f"transcript_id=ENSTSYN{number:08d}")
        blocks = [(start + 100 + i * (EXON + INTRON), start + 100 + i * (EXON + INTRON) + EXON - 1) for i in range(EXONS)]
        coding = 0
        for a, b in (blocks if strand == "+" else blocks[::-1]):
            phase = (3 - coding % 3) % 3
            lines.append(f"{contig}\tsynthetic\texon\t{a}\t{b}\t.\t{strand}\t.\tParent={tx}")
            lines.append(f"{contig}\tsynthetic\tCDS\t{a}\t{b}\t.\t{strand}\t{phase}\tParent={tx}")
            coding += b - a + 1
            exons.append((a, b))
        lines.append("###")
    return lines, exons


def write_rows(handle, contig: str, positions: np.ndarray, refs: list[str], alts: list[str],
               samples: list[list[str]] | None, info: list[str] | None = None) -> None:
    chunk = []
    for i, pos in enumerate(positions.tolist()):
        row = f"{contig}\t{pos}\t.\t{refs[i]}\t{alts[i]}\t50\tPASS\t{info[i] if info else '.'}"
        if samples is not None:
            row += "\tGT:AD:DP:GQ\t" + "\t".join(column[i] for column in samples)
        chunk.append(row)
    if chunk:
        handle.write(("\n".join(chunk) + "\n").encode())


def generate(out: Path, scale: float, n_genes: int, gnomad_records: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for folder in ("reference", "annotation", "cases", "sources"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    lengths = grch37_lengths(scale)
    total = sum(lengths.values())
    names = hpo_gene_names()
    writers = Writers(out, lengths)
    gff = gzip.open(out / "annotation" / "synthetic.gff3.gz", "wt", compresslevel=4)
    gff.write("##gff-version 3\n")
    fasta = open(out / "reference" / "synthetic.fa", "wb")
    counter = [0]
    clinvar_total = 200_000
    for contig, length in lengths.items():
        started = time.perf_counter()
        share = length / total
        seq = BASES[rng.integers(0, 4, length, dtype=np.uint8)]
        fasta.write(f">{contig}\n".encode())
        width = 60
        full = length // width * width
        fasta.write(np.hstack([seq[:full].reshape(-1, width), np.full((full // width, 1), 10, np.uint8)]).tobytes())
        if full < length:
            fasta.write(seq[full:].tobytes() + b"\n")
        lines, exons = make_genes(contig, length, max(1, round(n_genes * share)), names, counter, rng)
        gff.write("\n".join(lines) + "\n")
        # genome variants: 5M set, 1M subset; exome: around coding exons
        n5 = round(SIZES["genome_5M"] * share)
        genome = np.unique(rng.integers(100, length - 100, n5))
        in_1m = rng.random(len(genome)) < SIZES["genome_1M"] / SIZES["genome_5M"]
        exon_array = np.array(exons)
        pick = rng.integers(0, len(exon_array), round(SIZES["exome_50k"] * share))
        exome = np.unique(exon_array[pick, 0] - 30 + (rng.random(len(pick)) * (EXON + 60)).astype(int))
        sets = {"genome_5M": genome, "genome_1M": genome[in_1m], "exome_50k": exome}
        g_refs, g_alts = alleles(seq, genome, rng)
        e_refs, e_alts = alleles(seq, exome, rng)
        for name, positions in sets.items():
            if name == "exome_50k":
                refs, alts = e_refs, e_alts
            else:
                keep = np.ones(len(genome), bool) if name == "genome_5M" else in_1m
                refs = [r for r, k in zip(g_refs, keep.tolist()) if k]
                alts = [a for a, k in zip(g_alts, keep.tolist()) if k]
            child, father, mother = genotypes(len(positions), rng)
            columns = [sample_fields(g, rng) for g in (child, father, mother)]
            single = [sample_fields(singleton_genotypes(len(positions), rng), rng)]
            write_rows(writers.cases[name, "single"], contig, positions, refs, alts, single)
            write_rows(writers.cases[name, "trio"], contig, positions, refs, alts, columns)
        # gnomAD-like: 95% of the cases' alleles (mostly common, as a person's variants are) plus
        # random rare others, sorted, one record per position
        n_extra = max(0, round(gnomad_records * share) - int(0.95 * (len(genome) + len(exome))))
        shared_g = rng.random(len(genome)) < 0.95
        shared_e = rng.random(len(exome)) < 0.95
        extra = np.unique(rng.integers(100, length - 100, n_extra))
        extra = extra[~np.isin(extra, genome) & ~np.isin(extra, exome)]
        e_ref, e_alt = alleles(seq, extra, rng)
        pos_all = np.concatenate([genome[shared_g], exome[shared_e], extra])
        ref_all = [r for r, k in zip(g_refs, shared_g.tolist()) if k] + \
            [r for r, k in zip(e_refs, shared_e.tolist()) if k] + e_ref
        alt_all = [a for a, k in zip(g_alts, shared_g.tolist()) if k] + \
            [a for a, k in zip(e_alts, shared_e.tolist()) if k] + e_alt
        order = np.argsort(pos_all, kind="stable")
        pos_sorted = pos_all[order]
        first = np.concatenate([[True], pos_sorted[1:] != pos_sorted[:-1]])  # one record per position
        order, pos_sorted = order[first], pos_sorted[first]
        n_case = int(shared_g.sum() + shared_e.sum())
        common = np.concatenate([rng.random(n_case) < 0.9, np.zeros(len(pos_all) - n_case, bool)])[order]
        af = np.where(common, rng.uniform(0.02, 0.95, len(order)), np.clip(rng.beta(0.3, 30, len(order)), 1e-6, 0.99))
        an = rng.integers(100_000, 250_000, len(order))
        ac = np.maximum(1, (af * an).astype(int))
        info = [f"AC={c};AN={n};AF={f:.4g};nhomalt={int(c * f / 2)};faf95={f * 0.8:.4g};AF_popmax={min(0.99, f * 1.5):.4g}"
                for c, n, f in zip(ac.tolist(), an.tolist(), af.tolist())]
        write_rows(writers.gnomad, contig, pos_sorted, [ref_all[i] for i in order.tolist()],
                   [alt_all[i] for i in order.tolist()], None, info)
        # ClinVar-like: records at exon positions (1% of the exome alleles among them)
        n_cv = round(clinvar_total * share)
        cv_pos = np.unique(exon_array[rng.integers(0, len(exon_array), n_cv), 0] + rng.integers(0, EXON, n_cv))
        cv_ref, cv_alt = alleles(seq, cv_pos, rng)
        sig = rng.choice(["Pathogenic", "Likely_pathogenic", "Uncertain_significance", "Likely_benign", "Benign"],
                         len(cv_pos), p=[0.1, 0.05, 0.5, 0.2, 0.15])
        cv_info = [f"ALLELEID={100000 + i};CLNSIG={s};CLNREVSTAT=criteria_provided,_single_submitter;"
                   f"GENEINFO=SYN:1;CLNDN=not_provided" for i, s in enumerate(sig.tolist())]
        write_rows(writers.clinvar, contig, cv_pos, cv_ref, cv_alt, None, cv_info)
        print(f"  contig {contig}: {length:,} bp, {len(genome):,} genome / {len(exome):,} exome variants, "
              f"{len(order):,} gnomAD-like records ({time.perf_counter() - started:.1f} s)", flush=True)
    fasta.close()
    gff.close()
    writers.close()
    pysam.faidx(str(out / "reference" / "synthetic.fa"))
    for path in [*(out / "cases").glob("*.vcf.gz"), *(out / "sources").glob("*.vcf.gz")]:
        pysam.tabix_index(str(path), preset="vcf", force=True)
    write_manifest(out)


def write_manifest(out: Path) -> None:
    """Bundled-style manifest entries for the generated files, the HPO release and constraint table."""
    hpo = out / "hpo"
    if not hpo.exists():
        shutil.copytree(REPO / "resources" / "demo" / "hpo", hpo)
    shutil.copyfile(REPO / "resources" / "demo" / "gnomad_constraints_v4.0_subset.tsv", out / "constraint.tsv")
    entries = [
        ("synthetic_reference", "reference", ["reference/synthetic.fa", "reference/synthetic.fa.fai"], {}),
        ("synthetic_annotation", "annotation", ["annotation/synthetic.gff3.gz"], {}),
        ("synthetic_clinvar", "clinvar", ["sources/clinvar_like.vcf.gz", "sources/clinvar_like.vcf.gz.tbi"], {}),
        ("synthetic_gnomad", "gnomad", ["sources/gnomad_like.vcf.gz", "sources/gnomad_like.vcf.gz.tbi"],
         {"fields": "{AF: AF, AC: AC, AN: AN, nhomalt: nhomalt, FAF: faf95, AF_GRPMAX: AF_popmax}"}),
        ("synthetic_constraint", "constraint", ["constraint.tsv"], {}),
        ("hpo_2025_01_16", "hpo", ["hpo/hp.obo.gz", "hpo/phenotype.hpoa.gz", "hpo/genes_to_phenotype.txt.gz"], {}),
    ]
    lines = ["# Generated by tests/benchmarks/generate_inputs.py: synthetic benchmark inputs, not real data.",
             "manifest_version: 3", "databases:"]
    for ident, kind, files, extra in entries:
        lines += [f"  - id: {ident}", f"    name: synthetic {kind} for the scaling benchmark", f"    kind: {kind}",
                  f"    build: {'any' if kind in ('hpo', 'constraint') else 'GRCh37'}", "    version: synthetic",
                  "    url: https://example.org/synthetic", "    licence: generated test data"]
        lines += [f"    {key}: {value}" for key, value in extra.items()]
        lines.append("    files:")
        lines += [f"      - {{path: {f}, sha256: {sha256_file(out / f)}}}" for f in files]
    (out / "manifest.yaml").write_text("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="contig lengths as a fraction of GRCh37's")
    parser.add_argument("--genes", type=int, default=20_000)
    parser.add_argument("--gnomad-records", type=int, default=20_000_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if (args.out / "manifest.yaml").exists():
        print(f"{args.out} already holds generated inputs (delete it to regenerate)")
        return 0
    started = time.perf_counter()
    generate(args.out, args.scale, args.genes, args.gnomad_records, args.seed)
    print(f"generated in {time.perf_counter() - started:.0f} s: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
