"""Prepare downloaded databases into what the workflow reads.

ClinVar and gnomAD are split into one ALT per record (``bcftools norm -m -any``); their
publishers already left-align, so no FASTA is needed here and the two can be prepared before
the reference.

Every prepared output uses the build's contig naming (manifest ``naming``), is indexed where
it is a VCF/BCF or FASTA, and is listed with its SHA-256 in ``<dest>/<id>/prepared/prepared.json``
together with the checksums of the inputs it came from.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pysam

from traaser import bcftools
from traaser.constraint import GENE_COLUMNS, LOEUF_COLUMNS, MIS_Z_COLUMNS, PLI_COLUMNS
from traaser.errors import ResourceError, ToolError
from traaser.gene_knowledge import clingen_dosage_rows
from traaser.resources.fetch import database_dir, locked, read_state
from traaser.resources.manifest import Database, Manifest, sha256_file
from traaser.textfile import open_text
from traaser.vcf.contigs import chromosomes

CLINVAR_KEEP = ("CLNSIG", "CLNREVSTAT", "CLNSIGCONF", "GENEINFO", "CLNDN", "ALLELEID", "MC", "CLNHGVS")
GNOMAD_SEX_FIELDS = ("AC_XY", "AN_XY", "AF_XY", "nhomalt_XY")
STAMP = "prepared.json"


def prepared_dir(dest: Path, database: Database) -> Path:
    return database_dir(dest, database) / "prepared"


def alias_map(build: str, style: str) -> dict[str, str]:
    """Every alias (Ensembl, UCSC, RefSeq) of the build's primary chromosomes → the target style."""
    mapping: dict[str, str] = {}
    for chrom in chromosomes():
        if chrom.build == build:
            target = getattr(chrom, style)
            for alias in (chrom.ensembl, chrom.ucsc, chrom.refseq):
                mapping[alias] = target
    return mapping


def _rename_map_file(directory: Path, build: str, style: str) -> Path:
    path = directory / "rename-chrs.tsv"
    path.write_text("".join(f"{old}\t{new}\n" for old, new in alias_map(build, style).items() if old != new))
    return path


def _indexed_copy(source: Path, work: Path) -> Path:
    """The source as an indexed bgzip file in ``work`` (a link where possible). Some releases
    (ClinVar) declare no ##contig lines; htslib then takes the contigs from the index."""
    link = work / source.name
    link.symlink_to(source.resolve())
    try:
        bcftools.index(link)
        return link
    except ToolError:
        recompressed = work / (source.name + ".recompressed.vcf.gz")
        bcftools.run("view", "--no-version", "-Oz", "-o", str(recompressed), str(source))
        bcftools.index(recompressed)
        return recompressed


def _vcf_reduce(source: Path, out: Path, keep_info: list[str], build: str, style: str, work: Path) -> dict[str, Any]:
    """Keep only ``keep_info`` INFO tags (no FORMAT), harmonise contig names, split multi-allelics, BCF + CSI."""
    source = _indexed_copy(source, work)
    with pysam.VariantFile(str(source)) as handle:
        present = [tag for tag in keep_info if tag in handle.header.info]
    if not present:
        raise ResourceError(f"none of the INFO tags {keep_info} are in the header", path=str(source),
                            fix="check the manifest entry's 'fields' against this release")
    reduced = work / "reduced.bcf"
    bcftools.run("annotate", "--no-version", "-x", "^" + ",".join(f"INFO/{t}" for t in present) + ",FORMAT",
                 "--rename-chrs", str(_rename_map_file(work, build, style)), "-Ou", "-o", str(reduced), str(source))
    messages = bcftools.run("norm", "--no-version", "-m", "-any", "-Ob", "-o", str(out), str(reduced))
    bcftools.index(out)
    return {"kept_info": present, "records": bcftools.count_records(out), "norm": messages.strip().splitlines()[-1:]}


def prepare_clinvar(db: Database, files: list[Path], out: Path, build: str, style: str,
                    work: Path) -> dict[str, Any]:
    main = out / "clinvar.bcf"
    return {"main": main.name, **_vcf_reduce(files[0], main, list(CLINVAR_KEEP), build, style, work)}


GNOMAD_MAIN = "gnomad.bcf"


def reduce_gnomad(db: Database, vcf: Path, out: Path, build: str, style: str, work: Path) -> dict[str, Any]:
    """One gnomAD VCF (a release or one chromosome of it) reduced to the manifest's fields and the
    XY counts, harmonised and split into one ALT per record: an indexed BCF."""
    keep = list(dict.fromkeys(list(db.fields.values()) + list(GNOMAD_SEX_FIELDS)))
    return _vcf_reduce(vcf, out, keep, build, style, work)


def concatenate_gnomad(parts: list[Path], out: Path, bytes_before: int) -> dict[str, Any]:
    """The reduced parts (in manifest order) as one indexed BCF in ``out``, with the size report."""
    main = out / GNOMAD_MAIN
    if len(parts) == 1:
        shutil.copyfile(parts[0], main)
    else:
        bcftools.run("concat", "--no-version", "-Ob", "-o", str(main), *map(str, parts))
    bcftools.index(main)
    after = main.stat().st_size + Path(str(main) + ".csi").stat().st_size
    reduction = f"{bytes_before:,} -> {after:,} bytes ({after / bytes_before:.1%})" if bytes_before else ""
    return {"main": main.name, "records": bcftools.count_records(main), "bytes_before": bytes_before,
            "bytes_after": after, "size_reduction": reduction}


def _fasta_lines(path: Path, mapping: dict[str, str], renamed: list[str]) -> Iterator[str]:
    with open_text(path) as handle:
        for line in handle:
            if line.startswith(">"):
                name = line[1:].split()[0]
                new = mapping.get(name, name)
                if new != name:
                    renamed.append(name)
                yield f">{new}\n"
            else:
                yield line


def prepare_reference(db: Database, files: list[Path], out: Path, build: str, style: str,
                      work: Path) -> dict[str, Any]:
    """bgzip-compress with harmonised names (descriptions dropped), then faidx (.fai + .gzi)."""
    main = out / "reference.fa.gz"
    renamed: list[str] = []
    plain = work / "reference.fa"
    with open(plain, "w", encoding="utf-8") as handle:
        handle.writelines(_fasta_lines(files[0], alias_map(build, style), renamed))
    pysam.tabix_compress(str(plain), str(main), force=True)
    pysam.faidx(str(main))
    with pysam.FastaFile(str(main)) as fasta:
        contigs = len(fasta.references)
    return {"main": main.name, "contigs": contigs, "renamed": len(renamed)}


def prepare_annotation(db: Database, files: list[Path], out: Path, build: str, style: str,
                       work: Path) -> dict[str, Any]:
    """GFF3 with harmonised seqids; counts transcripts and MANE Select tags."""
    main = out / "annotation.gff3.gz"
    mapping = alias_map(build, style)
    transcripts = mane = 0
    with open_text(files[0]) as source, open(main, "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as target:
        for line in source:
            if line.startswith("##sequence-region"):
                parts = line.split()
                parts[1] = mapping.get(parts[1], parts[1])
                line = " ".join(parts) + "\n"
            elif line and not line.startswith("#"):
                fields = line.split("\t")
                fields[0] = mapping.get(fields[0], fields[0])
                if len(fields) > 8 and fields[2] in ("mRNA", "transcript"):
                    transcripts += 1
                    mane += "MANE_Select" in fields[8]
                line = "\t".join(fields)
            target.write(line.encode())
    return {"main": main.name, "transcripts": transcripts, "mane_select_transcripts": mane}


def prepare_constraint(db: Database, files: list[Path], out: Path, build: str, style: str,
                       work: Path) -> dict[str, Any]:
    """gene_symbol, LOEUF, pLI and missense z from a gnomAD v2.1.1 or v4.x constraint table
    (MANE Select / canonical rows; the column names are those traaser/constraint.py reads)."""
    main = out / "constraint.tsv"
    rows: dict[str, tuple[str, str, str]] = {}
    with open_text(files[0]) as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        columns = reader.fieldnames or []
        gene = next((c for c in GENE_COLUMNS if c in columns), None)
        loeuf = next((c for c in LOEUF_COLUMNS if c in columns), None)
        pli = next((c for c in PLI_COLUMNS if c in columns), None)
        mis_z = next((c for c in MIS_Z_COLUMNS if c in columns), None)
        if gene is None or loeuf is None:
            raise ResourceError("no gene or LOEUF column in the constraint table", path=str(files[0]),
                                fix="check the manifest entry: a gnomAD constraint TSV is expected")
        selector = next((c for c in ("mane_select", "canonical") if c in columns), None)
        for row in reader:
            if selector and row[selector].lower() != "true":
                continue
            if row[loeuf] in ("", "NA"):
                continue
            rows.setdefault(row[gene], (row[loeuf], row.get(pli, "") if pli else "",
                                        row.get(mis_z, "") if mis_z else ""))
    with open(main, "w", encoding="utf-8") as handle:
        handle.write("gene_symbol\toe_lof_upper\tpLI\tmis_z\n")
        for symbol in sorted(rows):
            handle.write(f"{symbol}\t" + "\t".join(rows[symbol]) + "\n")
    return {"main": main.name, "genes": len(rows)}


def prepare_hpo(db: Database, files: list[Path], out: Path, build: str, style: str,
                work: Path) -> dict[str, Any]:
    """hp.obo, phenotype.hpoa and genes_to_phenotype.txt, gzip-compressed as the phenotype code reads them."""
    wanted = ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt")
    for name in wanted:
        source = next((f for f in files if f.name in (name, name + ".gz")), None)
        if source is None:
            raise ResourceError(f"the HPO release lacks {name}", path=str(files[0].parent),
                                fix="list hp.obo, phenotype.hpoa and genes_to_phenotype.txt in the manifest entry")
        with open_text(source) as handle, open(out / f"{name}.gz", "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as target:
            shutil.copyfileobj(io.BytesIO(handle.read().encode()), target)
    return {"main": ".", "files": [f"{n}.gz" for n in wanted]}


def prepare_clingen_validity(db: Database, files: list[Path], out: Path, build: str, style: str,
                             work: Path) -> dict[str, Any]:
    """The ClinGen gene-disease validity CSV (banner, '+++' rules) as a plain TSV."""
    main = out / "clingen_validity.tsv"
    with open_text(files[0]) as handle:
        lines = [line for line in handle.read().splitlines() if line and not line.startswith("+++")]
    start = next((i for i, line in enumerate(lines) if line.startswith(('"GENE SYMBOL"', "GENE SYMBOL"))), None)
    if start is None:
        raise ResourceError("no 'GENE SYMBOL' header in the ClinGen file", path=str(files[0]),
                            fix="use the gene-disease validity CSV download from ClinGen")
    reader = csv.DictReader(lines[start:])
    n = 0
    with open(main, "w", encoding="utf-8") as handle:
        handle.write("gene_symbol\thgnc_id\tdisease_label\tmondo_id\tmoi\tclassification\n")
        for row in reader:
            columns = ("GENE SYMBOL", "GENE ID (HGNC)", "DISEASE LABEL", "DISEASE ID (MONDO)", "MOI", "CLASSIFICATION")
            handle.write("\t".join(row.get(k, "").replace("\t", " ") for k in columns) + "\n")
            n += 1
    return {"main": main.name, "curations": n}


def prepare_clingen_dosage(db: Database, files: list[Path], out: Path, build: str, style: str,
                           work: Path) -> dict[str, Any]:
    """ClinGen dosage sensitivity (haploinsufficiency / triplosensitivity scores) as a plain TSV."""
    main = out / "clingen_dosage.tsv"
    with open_text(files[0]) as handle:
        rows = list(clingen_dosage_rows(handle.read(), str(files[0])))
    with open(main, "w", encoding="utf-8") as handle:
        handle.write("gene_symbol\thaploinsufficiency_score\ttriplosensitivity_score\n")
        for row in rows:
            handle.write(f"{row['gene_symbol']}\t{row['haploinsufficiency_score']}\t{row['triplosensitivity_score']}\n")
    return {"main": main.name, "genes": len(rows)}


def prepare_none(db: Database, files: list[Path], out: Path, build: str, style: str,
                 work: Path) -> dict[str, Any]:
    """No preparation: the workflow reads the downloaded main file as it is."""
    return {"main": str(Path("..") / files[0].name)}


PREPARERS: dict[str, Callable[..., dict[str, Any]]] = {
    "reference": prepare_reference, "annotation": prepare_annotation, "clinvar": prepare_clinvar,
    "constraint": prepare_constraint, "hpo": prepare_hpo,
    "clingen_validity": prepare_clingen_validity, "clingen_dosage": prepare_clingen_dosage, "none": prepare_none,
}


def read_stamp(dest: Path, database: Database) -> dict[str, Any] | None:
    path = prepared_dir(dest, database) / STAMP
    return json.loads(path.read_text()) if path.is_file() else None


def naming_of(database: Database, manifest: Manifest) -> tuple[str, str]:
    """(build, contig naming style) a database is prepared in; build-independent ones as GRCh38."""
    build = database.build if database.build != "any" else "GRCh38"
    return build, manifest.naming.get(build, "ensembl")


def new_staging(database: Database, dest: Path) -> Path:
    """An empty ``prepared.partial`` folder beside the prepared one (a leftover is removed)."""
    staging = database_dir(dest, database) / "prepared.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def publish_prepared(database: Database, manifest: Manifest, dest: Path, staging: Path, report: dict[str, Any],
                     inputs: dict[str, str]) -> dict[str, Any]:
    """Write the stamp (inputs' and outputs' SHA-256) into ``staging`` and rename it into place;
    returns the stamp. The caller holds the prepare lock."""
    _, style = naming_of(database, manifest)
    outputs = {p.name: sha256_file(p) for p in sorted(staging.iterdir()) if p.is_file()}
    stamp = {
        "database": database.id, "version": database.version, "prepare": database.prepare,
        "naming": style if database.build != "any" else None, "main": report.pop("main"),
        "inputs": inputs, "outputs": outputs, "report": report,
        "prepared": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    (staging / STAMP).write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n")
    out = prepared_dir(dest, database)
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return stamp


def prepare_database(database: Database, manifest: Manifest, dest: Path) -> dict[str, Any]:
    """Run the database's prepare step on its verified downloads; returns the written stamp.
    gnomAD is prepared one file at a time instead (traaser.resources.streaming)."""
    state = read_state(dest, database)
    files = []
    for spec in database.files:
        record = state["files"].get(spec.name)
        path = database_dir(dest, database) / spec.name
        if not (record and record.get("verified") and path.is_file()):
            raise ResourceError(f"'{spec.name}' of '{database.id}' is not fetched and verified", path=str(path),
                                fix=f"run: traaser resources fetch --only {database.id}")
        files.append(path)
    build, style = naming_of(database, manifest)
    with locked(database_dir(dest, database) / ".prepare.lock"):
        staging = new_staging(database, dest)
        with tempfile.TemporaryDirectory(dir=database_dir(dest, database)) as work:
            report = PREPARERS[database.prepare](database, files, staging, build, style, Path(work))
        inputs = {name: state["files"][name]["sha256"] for name in (f.name for f in files)}
        return publish_prepared(database, manifest, dest, staging, report, inputs)
