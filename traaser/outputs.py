"""Machine outputs of the prioritize stage: candidates.json, candidates.tsv and candidates.vcf.gz.

The TSV and VCF hold no timestamp, so reruns on identical inputs give identical bytes; the
run time appears only in report.html and in candidates.json under ``run.timestamp``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cyvcf2 import VCF, Writer

from traaser import OUTPUT_SCHEMA_VERSION
from traaser.acmg.criteria import Status
from traaser.annotate.fields import population_af, population_af_key
from traaser.atomic import atomic_path, write_text_atomic
from traaser.candidate import Evaluated
from traaser.counts import StepCounts
from traaser.inheritance import HET, HOM_ALT, HOM_REF, Call
from traaser.posterior import default_model, reading_text
from traaser.rank import posterior_consequence
from traaser.report.svg import transcript_svg

TSV_COLUMNS = ("rank", "gene_rank", "gene", "chrom", "pos", "ref", "alt", "consequence", "transcript",
               "protein_change", "hgvs_c", "hgvs_p", "proband_genotype", "inheritance", "inheritance_fit",
               "acmg_class", "acmg_points", "acmg_criteria", "acmg_reasons", "richards_class", "phenotype_score",
               "best_disease", "gnomad_af", "gnomad_faf",
               "clinvar_significance", "clinvar_stars", "gene_posterior", "known_disease", "score", "explanation")


def significant(value: float) -> float:
    """``value`` to 4 significant digits: how every output stores a probability or likelihood
    ratio, so that a posterior of 6.1e-10 keeps its size (rounding to decimal places made it 0.0,
    and sorting by it could not order such genes)."""
    return float(f"{value:.4g}")


def genotype_text(call: Call) -> str:
    if call.haploid:
        return {HOM_REF: "0", HOM_ALT: "1"}.get(call.gt, ".")
    return {HOM_REF: "0/0", HET: "0/1", HOM_ALT: "1/1"}.get(call.gt, "./.")


def explanation(c: Evaluated) -> list[str]:
    """One line per kind of evidence, in the order a clinician reads them."""
    lines = []
    if c.consequence:
        lines.append(f"consequence: {c.consequence.worst} in {c.gene} {c.consequence.transcript} "
                     f"{c.consequence.protein_change}".rstrip())
        read_as = posterior_consequence(c)
        if read_as != c.consequence.worst:
            lines.append(f"splicing: SpliceAI predicts a splice change, so the variant stays a candidate and "
                         f"the posterior reads it as a {read_as}")
    af = population_af(c.gnomad)
    lines.append("population: " + (f"gnomAD {population_af_key(c.gnomad)} {af:.3g}" if af is not None
                                   else "absent from gnomAD"))
    cls = c.classification
    lines.append(f"ACMG: {cls.points_class} ({cls.points} points: "
                 f"{', '.join(e.label for e in c.evidence) or 'no criteria met'})"
                 + ("" if cls.agree else f"; Richards 2015 rules give {cls.richards_class}"))
    pvs1 = next((o for o in c.outcomes if o.code == "PVS1"), None)
    if pvs1 is not None and pvs1.status != Status.MET and c.consequence and c.consequence.impact == "HIGH":
        lines.append(f"PVS1 {pvs1.status}: {pvs1.reason}")
    missing = sorted(o.code for o in c.outcomes if o.status == Status.NOT_EVALUATED)
    if missing:
        lines.append(f"not evaluated (data missing): {', '.join(missing)}")
    if c.phenotype:
        lines.append(f"phenotype: {c.phenotype.explanation}")
    if c.gene_evidence is not None:
        terms = ", ".join(f"{t.name} LR {t.lr:.3g}" for t in c.gene_evidence.terms)
        flag = "" if c.gene_evidence.known_disease else "; candidate gene, no known disease"
        read = reading_text(c.gene_evidence.hypothesis, c.gene_evidence.partner_key)
        lines.append(f"posterior: {c.gene} explains the case with probability {c.posterior:.3g} "
                     f"(evidence of {c.gene_evidence.best_key}{read}; {terms}){flag}")
    lines.append(f"inheritance: {', '.join(sorted(c.segregation.patterns)) or 'no pattern'}; {c.inheritance_reason}")
    if c.call_flags:
        lines.append(f"check the call: {'; '.join(c.call_flags)} (shown, not scored)")
    if c.clinvar:
        lines.append(f"ClinVar (shown, not counted as evidence): {c.clinvar.get('CLNSIG', '')} "
                     f"({c.clinvar_stars} star{'s' if c.clinvar_stars != 1 else ''})")
    return lines


def candidate_json(c: Evaluated, classifier: str = "points") -> dict[str, Any]:
    cq = c.consequence
    return {
        "rank": c.rank, "gene_rank": c.gene_rank, "key": c.key, "chrom": c.chrom, "pos": c.pos,
        "ref": c.ref, "alt": c.alt, "gene": c.gene,
        "consequence": {"term": cq.worst, "impact": cq.impact, "transcript": cq.transcript,
                        "protein_change": cq.protein_change, "dna_change": cq.dna_change,
                        "hgvs_c": c.transcript.hgvs_c, "hgvs_p": c.transcript.hgvs_p} if cq else None,
        "transcript_svg": (transcript_svg(c.transcript.model, c.pos, c.transcript.clinvar_nearby)
                           if c.transcript.model else ""),
        "genotypes": {s: {"gt": genotype_text(call), "gq": call.gq, "dp": call.dp,
                          "ad": [call.ref_reads, call.alt_reads]} for s, call in c.calls.items()},
        "call_flags": c.call_flags,
        "gnomad": c.gnomad,
        "clinvar": c.clinvar | ({"stars": c.clinvar_stars} if c.clinvar else {}),
        "acmg": {"class": c.classification.primary(classifier), "classifier": classifier,
                 "points_class": c.classification.points_class, "points": c.classification.points,
                 "richards_class": c.classification.richards_class,
                 "classifiers_agree": c.classification.agree,
                 "posterior_probability": round(c.classification.posterior, 4),
                 "criteria": [e.to_json() for e in c.evidence],
                 "outcomes": [o.to_json() for o in c.outcomes]},
        "phenotype": {"score": round(c.phenotype.score, 4), "disease_id": c.phenotype.disease_id,
                      "disease_name": c.phenotype.disease_name, "gene_modes": sorted(c.phenotype.modes),
                      "matches": [m.__dict__ | {"ic": round(m.ic, 3), "weight": round(m.weight, 3)}
                                  for m in c.phenotype.matches],
                      "excluded_but_in_disease": [{"id": t, "name": n} for t, n in c.phenotype.conflicts],
                      "ruled_out_in_disease": [{"patient_term": {"id": t, "name": n}, "feature": {"id": f, "name": fn},
                                                "frequency": round(freq, 3)}
                                               for t, n, f, fn, freq in c.phenotype.ruled_out],
                      "gene_diseases": [{"id": i, "name": n} for i, n in c.phenotype.diseases]}
        if c.phenotype else None,
        "inheritance": {"patterns": sorted(c.segregation.patterns), "reasons": c.segregation.reasons,
                        "de_novo": c.segregation.de_novo, "inherited_from": c.segregation.inherited_from,
                        "fits_gene_modes": c.inheritance_fit, "fit_reason": c.inheritance_reason,
                        "compound_heterozygous_with": c.comphet_partners},
        "posterior": significant(c.posterior), "gene_evidence": gene_evidence_json(c),
        "score": round(c.score, 4), "score_parts": c.score_parts, "explanation": explanation(c),
    }


def gene_evidence_json(c: Evaluated) -> dict[str, Any] | None:
    """The gene's posterior and its terms (each with its LR and the features behind it)."""
    evidence = c.gene_evidence
    if evidence is None:
        return None
    return {"posterior": significant(evidence.posterior), "log_lr": round(evidence.log_lr, 4),
            "known_disease": evidence.known_disease, "evidence_from": evidence.best_key,
            "hypothesis": evidence.hypothesis, "compound_heterozygous_partner": evidence.partner_key or None,
            "terms": [{"name": t.name, "lr": significant(t.lr), "log_lr": round(t.log_lr, 4),
                       "features": {k: round(v, 4) for k, v in t.features.items()}} for t in evidence.terms]}


def provenance_lines(record: dict[str, Any]) -> list[str]:
    """'key=value' lines describing software, databases and config (no timestamp)."""
    lines = [f"traaser_config_sha256_16={record['config_hash']}"]
    lines += [f"software_{name}={version}" for name, version in sorted(record["software"].items())]
    for kind, db in sorted(record["databases"].items()):
        lines.append(f"database_{kind}=id:{db['id']};version:{db['version']};build:{db['build']};"
                     f"sha256:{db['sha256']};licence:{db['licence']};url:{db['url']}")
    return lines


def _phenotype_cells(c: Evaluated) -> tuple[str, str]:
    """The TSV's phenotype_score and best_disease cells (empty where no phenotype was scored)."""
    if c.phenotype is None:
        return "", ""
    return f"{c.phenotype.score:.4f}", f"{c.phenotype.disease_id or ''} {c.phenotype.disease_name}".strip()


def write_tsv(candidates: list[Evaluated], proband: str, record: dict[str, Any], path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        for line in provenance_lines(record):
            out.write(f"## {line}\n")
        out.write("\t".join(TSV_COLUMNS) + "\n")
        for c in candidates:
            cq = c.consequence
            values = [c.rank, c.gene_rank, c.gene, c.chrom, c.pos, c.ref, c.alt, cq.worst if cq else "",
                      cq.transcript if cq else "", cq.protein_change if cq else "",
                      c.transcript.hgvs_c, c.transcript.hgvs_p,
                      genotype_text(c.calls[proband]), ";".join(sorted(c.segregation.patterns)),
                      "yes" if c.inheritance_fit else "no",
                      c.classification.primary(record["config"]["acmg"]["classifier"]), c.classification.points,
                      ";".join(e.label for e in c.evidence),
                      " | ".join(f"{e.label}: {e.reason}" for e in c.evidence), c.classification.richards_class,
                      *_phenotype_cells(c),
                      c.gnomad.get("AF", ""), c.gnomad.get("FAF", ""), c.clinvar.get("CLNSIG", ""),
                      "" if c.clinvar_stars is None else c.clinvar_stars, f"{c.posterior:.4g}",
                      "yes" if c.gene_evidence and c.gene_evidence.known_disease else "no", f"{c.score:.4f}",
                      " | ".join(explanation(c))]
            out.write("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in values) + "\n")


def json_document(candidates: list[Evaluated], record: dict[str, Any], counts: list[StepCounts],
                  timestamp: str) -> dict[str, Any]:
    return {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "case": record["case"], "run": {"timestamp": timestamp, "command": os.environ.get("TRAASER_COMMAND", ""),
                                        "config_hash": record["config_hash"],
                                        "software": record["software"], "config": record["config"]},
        "databases": record["databases"], "warnings": record["warnings"],
        "preflight": {key: record.get(key) for key in ("record_scan", "contig_renames", "contigs_not_in_reference")},
        "counts": [c.to_json() for c in counts],
        "posterior_model": posterior_model_json(),
        "candidates": [candidate_json(c, record["config"]["acmg"]["classifier"]) for c in candidates],
    }


def posterior_model_json() -> dict[str, Any]:
    """The parameter file's version, terms and feature descriptions and weights, for the report."""
    model = default_model()
    return {"version": model.version, "terms": {k: list(v) for k, v in model.terms.items()},
            "descriptions": dict(model.descriptions), "weights": dict(model.weights)}


TRAASER_INFO = (
    ("TRAASER_RANK", "1", "Integer", "Variant rank in this case (1 = best)"),
    ("TRAASER_GENE_RANK", "1", "Integer", "Rank of the variant's gene"),
    ("TRAASER_GENE", "1", "String", "Gene the variant was ranked in"),
    ("TRAASER_SCORE", "1", "Float", "Log likelihood ratio of the variant's evidence (natural log)"),
    ("TRAASER_POSTERIOR", "1", "Float", "Posterior probability that the variant's gene explains the case"),
    ("TRAASER_ACMG", "1", "String", "ACMG class (points classifier)"),
    ("TRAASER_ACMG_POINTS", "1", "Integer", "ACMG points"),
    ("TRAASER_CRITERIA", ".", "String", "Applied ACMG criteria"),
    ("TRAASER_PHENO", "1", "Float", "Phenotype score of the gene (0-1)"),
    ("TRAASER_INHERITANCE", ".", "String", "Inheritance patterns the genotypes fit"))


def _reader(path: Path, record: dict[str, Any]) -> VCF:
    vcf = VCF(str(path))
    for tag, number, kind, text in TRAASER_INFO:
        vcf.add_info_to_header({"ID": tag, "Number": number, "Type": kind, "Description": text})
    for line in provenance_lines(record):
        key, _, value = line.partition("=")
        vcf.add_to_header(f"##traaser_{key}={value}")
    return vcf


def _tag(variant: Any, c: Evaluated) -> None:
    variant.INFO["TRAASER_RANK"] = c.rank
    variant.INFO["TRAASER_GENE_RANK"] = c.gene_rank
    variant.INFO["TRAASER_GENE"] = c.gene
    variant.INFO["TRAASER_SCORE"] = round(c.score, 4)
    variant.INFO["TRAASER_POSTERIOR"] = significant(c.posterior)
    variant.INFO["TRAASER_ACMG"] = c.classification.points_class.replace(" ", "_")
    variant.INFO["TRAASER_ACMG_POINTS"] = c.classification.points
    if c.evidence:
        variant.INFO["TRAASER_CRITERIA"] = ",".join(e.label for e in c.evidence)
    if c.phenotype is not None:
        variant.INFO["TRAASER_PHENO"] = round(c.phenotype.score, 4)
    if c.segregation.patterns:
        variant.INFO["TRAASER_INHERITANCE"] = ",".join(sorted(c.segregation.patterns))


def write_vcf(annotated: Path | list[Path], candidates: list[Evaluated], record: dict[str, Any], path: Path) -> None:
    """The candidate records, in genomic order (header contig order, then position), with TRAASER_*
    INFO tags and provenance header lines. Records are fetched through the index of the annotated
    BCF or of the shard holding their contig, so the cost follows the candidates, not the genome."""
    from traaser.bcftools import records_per_contig
    paths = [annotated] if isinstance(annotated, Path) else list(annotated)
    readers = [_reader(p, record) for p in paths]
    owner = {contig: reader for p, reader in zip(paths, readers) for contig in records_per_contig(p)}
    order = {name: i for i, name in enumerate(readers[0].seqnames)}
    tmp = path.with_name(path.name + ".partial.vcf.gz")
    writer = Writer(str(tmp), readers[0], mode="wz")
    for c in sorted(candidates, key=lambda c: (order.get(c.chrom, len(order)), c.chrom, c.pos, c.ref, c.alt)):
        reader = owner.get(c.chrom)
        if reader is None:
            continue
        for variant in reader(f"{c.chrom}:{c.pos}-{c.pos}"):
            if variant.POS == c.pos and variant.REF == c.ref and (variant.ALT[0] if variant.ALT else ".") == c.alt:
                _tag(variant, c)
                writer.write_record(variant)
                break
    writer.close()
    for reader in readers:
        reader.close()
    tmp.replace(path)


def write_json(document: dict[str, Any], path: Path) -> None:
    """candidates.json, compact: json's C encoder only serves indent=None, and a genome's document
    takes ten times longer through the pure-Python one (pretty-print it with `python -m json.tool`)."""
    write_text_atomic(path, json.dumps(document, sort_keys=False, default=str, separators=(",", ":")) + "\n")
