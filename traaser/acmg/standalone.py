"""``traaser acmg``: classify every variant of an annotated VCF on its own, without phenotypes.

Reads consequences (BCSQ, VEP CSQ or SnpEff ANN), population frequencies (gnomAD tags, by
default the workflow's GNOMAD_*), predictor scores (REVEL, CADD_PHRED, SpliceAI) and, with a
PED and a proband, the family's genotypes. Writes <prefix>.tsv, <prefix>.json and
<prefix>.vcf.gz (INFO ACMG_CLASS, ACMG_POINTS, ACMG_CRITERIA, ACMG_RICHARDS).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyvcf2 import VCF, Writer

from traaser.acmg.criteria import Status, knowledge
from traaser.acmg.facts import ReferenceData
from traaser.annotate.consequence import ConsequenceReader
from traaser.annotate.fields import CLINVAR_SIGNIFICANCE_TAG, GNOMAD_TAGS
from traaser.atomic import atomic_path, write_text_atomic
from traaser.candidate import AcmgResult, Candidate
from traaser.collect import NOT_ASSESSED, declared_number, read_calls, worst_gene_consequence
from traaser.counts import StepCounts
from traaser.errors import ConfigError
from traaser.gene_symbols import current_symbol
from traaser.inheritance import Family, family_of
from traaser.ped import read_ped
from traaser.phenotype.annotations import load_annotations
from traaser.prioritize import assign_evidence, segregate_all
from traaser.qc import ParentageCheck
from traaser.settings import AcmgSettings
from traaser.vcf.alleles import is_not_assessed
from traaser.vcf.values import info_value

MULTIALLELIC = ("multi-allelic record (split it first: bcftools norm -m -any, with --keep-sum AD where FORMAT/AD "
                "is declared)")
#: The annotate step's ClinVar tag, else ClinVar's own (a VCF annotated by other tools).
CLINVAR_SIGNIFICANCE_TAGS = (CLINVAR_SIGNIFICANCE_TAG, "CLNSIG")


@dataclass
class StandaloneInputs:
    """Optional reference data for the standalone classifier (None = criterion not evaluated)."""

    build: str
    gnomad_tags: Mapping[str, str] | None = None
    gnomad_label: str = "gnomAD"
    proband: str | None = None
    ped: Path | None = None
    hpo_dir: Path | None = None
    annotation: Path | None = None
    reference: Path | None = None
    constraint: Path | None = None
    clingen_dosage: Path | None = None
    clinvar_index: Path | None = None


def _family(inputs: StandaloneInputs, samples: list[str]) -> Family | None:
    if not inputs.proband:
        return None
    pedigree = read_ped(inputs.ped) if inputs.ped else None
    individual = pedigree.get(inputs.proband) if pedigree else None
    return family_of(inputs.proband, individual.sex if individual else "unknown", pedigree, samples)


def classify_vcf(vcf_path: Path, prefix: Path, inputs: StandaloneInputs, acmg: AcmgSettings) -> StepCounts:
    """Classify every biallelic record; returns the record accounting."""
    counts = StepCounts("acmg")
    vcf = VCF(str(vcf_path), gts012=False)
    format_dp = declared_number(vcf, "DP") is not None
    samples = list(vcf.samples)
    family = _family(inputs, samples)
    index = {s: i for i, s in enumerate(samples)}
    wanted = [s for s in (family.proband, family.father, family.mother) if s] if family else []
    reader = ConsequenceReader(vcf)
    tags = dict(inputs.gnomad_tags or GNOMAD_TAGS)
    unknown = sorted(set(tags) - set(GNOMAD_TAGS))
    if unknown:
        raise ConfigError(f"unknown gnomAD field key(s) {', '.join(unknown)}",
                          fix=f"use KEY=TAG with KEY among {', '.join(GNOMAD_TAGS)}")
    has_gnomad = any(vcf.contains(tag) for tag in tags.values())
    info_tags = list(tags.values()) + [t["info_tag"] for t in knowledge()["predictors"].values()] \
        + [acmg.spliceai_info_tag]
    parentage = ParentageCheck()
    trio = (index[family.proband], index[family.father], index[family.mother]) if family and family.trio else None
    candidates: list[Candidate] = []
    for variant in vcf:
        counts.records_in += 1
        alts = variant.ALT
        if len(alts) > 1:
            counts.exclude(MULTIALLELIC)
            continue
        alt = alts[0] if alts else "."
        if trio is not None:
            parentage.add_record(variant, trio, float(acmg.denovo_min_gq))
        if is_not_assessed(alt):
            counts.exclude(NOT_ASSESSED)
            continue
        worst = worst_gene_consequence(reader.read(variant))
        significance = next((v for t in CLINVAR_SIGNIFICANCE_TAGS if (v := info_value(variant, t)) is not None), None)
        clinvar = {"CLNSIG": str(significance)} if significance is not None else {}
        info = {t: v for t in info_tags if (v := info_value(variant, t)) is not None}
        # the file's own gnomAD tags are read under the workflow's names (GNOMAD_AF, ...)
        info = {GNOMAD_TAGS[key]: info[tag] for key, tag in tags.items() if tag in info} \
            | {t: info[t] for t in info if t not in tags.values()}
        calls = read_calls(variant, index, wanted, format_dp) if wanted else {}
        candidates.append(Candidate(variant.CHROM, variant.POS, variant.REF, alt,
                                    current_symbol(worst.gene) if worst else "",
                                    worst, calls, clinvar, {}, info))
    vcf.close()
    counts.records_out = len(candidates)
    annotations = load_annotations(str(inputs.hpo_dir)) if inputs.hpo_dir else None
    data = ReferenceData.load(inputs.build, gnomad_source=inputs.gnomad_label if has_gnomad else None,
                              constraint=inputs.constraint, clingen_dosage=inputs.clingen_dosage,
                              annotation=inputs.annotation, clinvar_index=inputs.clinvar_index,
                              reference=inputs.reference, genes={c.gene for c in candidates},
                              transcripts={c.consequence.transcript for c in candidates if c.consequence})
    fit = segregate_all(candidates, family, inputs.build, parentage.confirmed, acmg) if family else None
    results = [(c, assign_evidence(c, data, acmg, family=family, fit=fit,
                                   gene_modes=annotations.gene_modes(c.gene) if annotations else set(),
                                   phenotype=None, has_phenotype=False),
                fit.segregation[c].inherited_from if fit else None) for c in candidates]
    data.close()
    _write(results, vcf_path, prefix, counts, family, parentage)
    counts.check()
    return counts


def _row(c: Candidate, result: AcmgResult, inherited_from: str | None) -> dict[str, Any]:
    cls = result.classification
    return {
        "chrom": c.chrom, "pos": c.pos, "ref": c.ref, "alt": c.alt, "gene": c.gene,
        "consequence": c.consequence.worst if c.consequence else "",
        "protein_change": c.consequence.protein_change if c.consequence else "",
        "class": cls.points_class, "points": cls.points, "richards_class": cls.richards_class,
        "posterior_probability": round(cls.posterior, 4),
        "criteria": [e.label for e in result.evidence],
        "inherited_from": inherited_from,
        "outcomes": [o.to_json() for o in result.outcomes],
    }


def _write(results: list[tuple[Candidate, AcmgResult, str | None]], vcf_path: Path, prefix: Path, counts: StepCounts,
           family: Family | None, parentage: ParentageCheck) -> None:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    rows = [_row(*result) for result in results]
    with atomic_path(Path(f"{prefix}.tsv")) as tmp, open(tmp, "w", encoding="utf-8") as out:
        columns = ["chrom", "pos", "ref", "alt", "gene", "consequence", "protein_change", "class", "points",
                   "richards_class", "criteria", "not_evaluated", "reasons"]
        out.write("\t".join(columns) + "\n")
        for row, (_, result, _) in zip(rows, results):
            reasons = " | ".join(f"{e.label}: {e.reason}" for e in result.evidence)
            not_evaluated = ",".join(o.code for o in result.outcomes if o.status == Status.NOT_EVALUATED)
            values = [row[k] for k in columns[:9]] + [row["richards_class"], ";".join(row["criteria"]),
                                                       not_evaluated, reasons]
            out.write("\t".join(str(v).replace("\t", " ") for v in values) + "\n")
    document = {"counts": counts.to_json(), "family": family.__dict__ if family else None,
                "parentage": {"informative": parentage.informative, "opposing": parentage.opposing,
                              "confirmed": parentage.confirmed}, "variants": rows}
    write_text_atomic(Path(f"{prefix}.json"), json.dumps(document, indent=1, default=str) + "\n")
    by_key = {c.key: result for c, result, _ in results}
    vcf = VCF(str(vcf_path))
    for tag, number, kind, text in (("ACMG_CLASS", "1", "String", "ACMG class (Tavtigian points)"),
                                    ("ACMG_POINTS", "1", "Integer", "ACMG points"),
                                    ("ACMG_CRITERIA", ".", "String", "Applied ACMG criteria"),
                                    ("ACMG_RICHARDS", "1", "String", "ACMG class by the Richards 2015 rules")):
        vcf.add_info_to_header({"ID": tag, "Number": number, "Type": kind, "Description": text})
    with atomic_path(Path(f"{prefix}.vcf.gz")) as tmp:
        _write_vcf(vcf, Writer(str(tmp), vcf, mode="wz"), by_key)


def _write_vcf(vcf: VCF, writer: Writer, by_key: dict[str, AcmgResult]) -> None:
    """Every record of the input, the classified ones with their ACMG_* INFO fields."""
    for variant in vcf:
        found = by_key.get(f"{variant.CHROM}:{variant.POS}:{variant.REF}:{variant.ALT[0] if variant.ALT else '.'}")
        if found is not None:
            variant.INFO["ACMG_CLASS"] = found.classification.points_class.replace(" ", "_")
            variant.INFO["ACMG_POINTS"] = found.classification.points
            variant.INFO["ACMG_RICHARDS"] = found.classification.richards_class.replace(" ", "_")
            if found.evidence:
                variant.INFO["ACMG_CRITERIA"] = ",".join(e.label for e in found.evidence)
        writer.write_record(variant)
    writer.close()
    vcf.close()
