"""The benchmark's cases: published patients with HPO terms, a causal gene and causal variants.

Read from a JSONL file in the layout of ``dev_cases.jsonl`` (variants with GRCh37 and GRCh38
records, POS 1-based) or from a folder of GA4GH phenopackets (terms, gene and diagnosed disease). A record
that cannot be read becomes a case with a ``problem``: the benchmark lists and counts it, and
the other cases still run. The causal gene is read under its approved HGNC symbol, as the
workflow reads every annotation's (traaser.gene_symbols).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traaser.case import is_excluded_feature
from traaser.errors import PhenotypeError
from traaser.gene_symbols import current_symbol


@dataclass
class BenchCase:
    """One published case: its HPO terms, causal gene and causal variants (GRCh37 and GRCh38)."""

    case_id: str
    gene: str
    hpo_present: list[str]
    hpo_excluded: list[str] = field(default_factory=list)
    moi: list[str] = field(default_factory=list)
    sex: str = "UNKNOWN_SEX"
    variants: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""                       # why the case cannot be scored ('' when it can)
    #: the diagnosed disease's ids as the case gives them (OMIM:..., ORPHA:..., MONDO:...)
    diseases: list[str] = field(default_factory=list)


def _ids(*values: Any) -> list[str]:
    """The non-empty string ids among ``values`` (strings or lists of strings), in order, once each."""
    found: list[str] = []
    for value in values:
        found.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v)
    return list(dict.fromkeys(found))


def read_cases(path: Path) -> list[BenchCase]:
    """Cases from a dev_cases.jsonl-style file or a folder of phenopackets (*.json)."""
    if path.is_dir():
        return [_packet_case(p) for p in sorted(path.glob("*.json"))]
    cases = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                cases.append(_jsonl_case(line, f"{path.name} line {number}"))
    return cases


def _jsonl_case(line: str, where: str) -> BenchCase:
    """The case of one dev_cases.jsonl line; a line that is not a JSON object, or lacks case_id,
    genes or hpo_present, becomes a case with a ``problem`` (listed and counted, not scored)."""
    try:
        row = json.loads(line)
    except ValueError as error:
        return BenchCase(where, "", [], problem=f"{where} is not JSON ({error})")
    if not isinstance(row, dict):
        return BenchCase(where, "", [], problem=f"{where} is not a JSON object")
    try:
        return BenchCase(row["case_id"], current_symbol(row["genes"][0]), [t["id"] for t in row["hpo_present"]],
                         [t["id"] for t in row.get("hpo_excluded", [])],
                         [t["label"] for t in row.get("moi", [])], row.get("subject_sex", ""),
                         row.get("variants", []), diseases=_ids(row.get("disease_id"), row.get("disease_ids")))
    except (KeyError, IndexError, TypeError) as error:
        return BenchCase(str(row.get("case_id") or where), "", [],
                         problem=f"{where} lacks a field a case needs ({type(error).__name__}: {error})")


def _packet_case(path: Path) -> BenchCase:
    """The case of one phenopacket file; one that is not JSON or names no causal gene becomes a
    case with a ``problem`` (listed and counted, not scored) so one bad file cannot stop a run."""
    try:
        packet = json.loads(path.read_text(encoding="utf-8"))
        return _from_phenopacket(packet)
    except (ValueError, AttributeError, KeyError, TypeError) as error:
        return BenchCase(path.stem, "", [], problem=f"{path.name} is not a readable phenopacket ({error})")
    except PhenotypeError as error:
        return BenchCase(packet.get("id") or path.stem, "", [], problem=error.message)


def _from_phenopacket(packet: dict[str, Any]) -> BenchCase:
    features = packet.get("phenotypicFeatures", [])
    present = [f["type"]["id"] for f in features if not is_excluded_feature(f)]
    excluded = [f["type"]["id"] for f in features if is_excluded_feature(f)]
    genes = [d["variationDescriptor"].get("geneContext", {}).get("symbol", "")
             for i in packet.get("interpretations", [])
             for d in i.get("diagnosis", {}).get("genomicInterpretations", [{}]) if "variantInterpretation" in d
             for d in [d["variantInterpretation"]]]
    if not genes:
        raise PhenotypeError(f"phenopacket {packet.get('id')} names no causal gene",
                             fix="give cases with interpretations.diagnosis.genomicInterpretations")
    diagnosed = [i.get("diagnosis", {}).get("disease", {}).get("id") for i in packet.get("interpretations", [])]
    listed = [d.get("term", {}).get("id") for d in packet.get("diseases", []) if not d.get("excluded")]
    return BenchCase(packet.get("id", ""), current_symbol(genes[0]), present, excluded,
                     sex=packet.get("subject", {}).get("sex", ""), diseases=_ids(diagnosed, listed))


SPIKE_FIELDS = ("chrom_grch37", "pos_grch37", "ref_grch37", "alt_grch37")


def spike_problem(case: BenchCase) -> str:
    """Why ``case`` cannot be spiked into a GRCh37 background ('' when it can): no causal
    variant, a variant without its GRCh37 record, a POS that is not a positive integer, or an
    allele that is not plain A/C/G/T."""
    if case.problem:
        return case.problem
    if not case.variants:
        return "no causal variant listed"
    for number, variant in enumerate(case.variants, start=1):
        missing = [name for name in SPIKE_FIELDS if variant.get(name) in (None, "")]
        if missing:
            return f"variant {number} lacks {', '.join(missing)}"
        if not str(variant["pos_grch37"]).isdigit() or int(variant["pos_grch37"]) < 1:
            return f"variant {number} has POS {variant['pos_grch37']!r}, not a positive integer"
        for name in ("ref_grch37", "alt_grch37"):
            if not set(str(variant[name])) <= set("ACGT"):
                return f"variant {number} has {name} {variant[name]!r}, not plain A/C/G/T"
    return ""
