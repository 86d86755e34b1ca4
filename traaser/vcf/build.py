"""Refuse a VCF whose ##contig lengths say another genome build than the sample sheet."""

from __future__ import annotations

from pathlib import Path

from traaser.errors import GenomeBuildError
from traaser.vcf.contigs import BuildEvidence, build_evidence
from traaser.vcf.header import vcf_contig_lengths


def check_declared_build(vcf: Path, build: str) -> BuildEvidence:
    """Build evidence from the header; raises :class:`GenomeBuildError` naming both builds when it conflicts."""
    evidence = build_evidence(vcf_contig_lengths(vcf))
    if evidence.conflicts_with(build):
        other = max(evidence.matches, key=lambda b: evidence.matches[b])
        raise GenomeBuildError(
            f"the sample sheet says {build} but the VCF header's contig lengths match {other} "
            f"({evidence.matches[other]} contigs, e.g. {evidence.examples[other]}; "
            f"{evidence.matches[build]} match {build})",
            path=str(vcf), fix=f"set 'build' to {other} in the sample sheet, or give the {build} VCF")
    return evidence
