"""Preflight: check one case against its reference before any data step runs.

Checks the genome build from ``##contig`` lengths, that the VCF's contig names exist in the
reference (directly or through the alias table), the records' sort order, the proband's sex
against chrX heterozygosity and whether an index beside the VCF is stale, and records the
resolved case and the database provenance in ``case.json`` (traaser/case_record.py) for every
later step. The case itself was validated when the workflow loaded (traaser/plan.py); a job checks
one case.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pysam

from traaser import provenance
from traaser.case import Case
from traaser.case_record import CaseRecord
from traaser.errors import GenomeBuildError
from traaser.phenotype.annotations import release_folder
from traaser.qc import sex_check_warning
from traaser.resources.manifest import Database
from traaser.resources.status import resolve
from traaser.vcf.contigs import build_evidence, length_disagreements, naming_style, rename_map
from traaser.vcf.header import vcf_contig_lengths
from traaser.vcf.scan import index_problem, scan_records


def reference_contigs(fasta: Path) -> dict[str, int]:
    with pysam.FastaFile(str(fasta)) as handle:
        return dict(zip(handle.references, handle.lengths))


def database_records(databases: Mapping[str, Database], resources_dir: Path) -> dict[str, dict[str, Any]]:
    """Per role: the database's provenance (checksum from the manifest or the resource state) and path."""
    records: dict[str, dict[str, Any]] = {}
    for kind, database in databases.items():
        path, sha256 = resolve(database, resources_dir)
        if kind == "hpo":
            path = release_folder(path)
        records[kind] = database.provenance(sha256) | {"path": str(path)}
    return records


def check_case(case: Case, databases: Mapping[str, Database], resources_dir: Path) -> CaseRecord:
    """Run the checks of one case (validated at load time) against its reference; returns the case
    record, raising :class:`GenomeBuildError` on a wrong build. ``databases`` maps each role
    (reference, annotation, ..., hpo) to the manifest entry the case's build uses."""
    reference_path, _ = resolve(databases["reference"], resources_dir)
    warnings: list[str] = []
    declared = vcf_contig_lengths(case.vcf)
    if not any(build_evidence(declared).matches.values()):
        warnings.append("no ##contig lengths of primary chromosomes in the header: build checked only by REF matching")
    if case.pedigree is not None:
        warnings.extend(case.pedigree.warnings(case.samples))
    ref_contigs = reference_contigs(reference_path)
    scan = scan_records(case.vcf, case.samples.index(case.proband), case.build)
    sex_warning = sex_check_warning(case.sex, scan.x_het, scan.x_hom_alt)
    if sex_warning:
        warnings.append(sex_warning)
    contigs = scan.contigs
    if not scan.sorted:
        warnings.append(f"records are not sorted (first at {scan.first_disorder}): normalize sorts them")
    stale = index_problem(case.vcf, contigs)
    if stale:
        warnings.append(f"index not used: {stale}; TRaaSer reads the VCF from start to end and indexes its own files")
    disagreements = length_disagreements(declared, ref_contigs)
    with_records = [d for d in disagreements if d.contig in contigs]
    if with_records:
        raise GenomeBuildError(
            f"{len(with_records)} contig(s) with records declare another length than the reference: "
            + "; ".join(d.describe() for d in with_records[:5]) + (" ..." if len(with_records) > 5 else ""),
            path=str(case.vcf), fix=f"give the {case.build} VCF (the sample sheet says {case.build}), or set 'build' "
                                    "to the VCF's build and configure that build's databases")
    if disagreements:
        shown = "; ".join(d.describe() for d in disagreements[:3]) + (" ..." if len(disagreements) > 3 else "")
        warnings.append(f"{len(disagreements)} ##contig line(s) without records declare another length than the "
                        f"reference (the header may come from another build): {shown}")
    mapping = rename_map(contigs, list(ref_contigs))
    renamed = {c: t for c, t in mapping.items() if c != t}
    unknown = [c for c in contigs if c not in mapping]
    if renamed:
        warnings.append(f"contigs renamed to the reference's {naming_style(list(ref_contigs))} style through the "
                        f"alias table: " + ", ".join(f"{a} -> {b}" for a, b in list(renamed.items())[:5])
                        + (" ..." if len(renamed) > 5 else ""))
    if unknown:
        warnings.append(f"{len(unknown)} contig(s) with records are not in the reference and their records "
                        f"will be excluded by normalize: {', '.join(unknown[:10])}")
    return CaseRecord(case=case, databases=database_records(databases, resources_dir), record_scan=scan.to_json(),
                      contigs_with_records=contigs, contig_renames=renamed, contigs_not_in_reference=unknown,
                      warnings=warnings, software=provenance.software_versions())


