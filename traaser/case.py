"""Cases: the sample sheet (one row per case), phenopackets, and their cross-checks.

Everything here is cheap (headers only) so the workflow can refuse a bad case before any
job runs: malformed sheet, unknown HPO ids, missing files, VCF/PED sample disagreement.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traaser.config import SAMPLES_SCHEMA, validate
from traaser.errors import PedigreeError, PhenotypeError, SampleSheetError
from traaser.ped import Pedigree, read_ped
from traaser.phenotype.ontology import Ontology, ResolvedTerm
from traaser.vcf.header import vcf_samples

REQUIRED_COLUMNS = ("case_id", "vcf", "proband", "build")
PHENOPACKET_SEX = {"MALE": "male", "FEMALE": "female"}


@dataclass
class Case:
    """One case, resolved and checked. Paths are absolute."""

    case_id: str
    vcf: Path
    proband: str
    build: str
    hpo_terms: list[ResolvedTerm]
    excluded_terms: list[ResolvedTerm] = field(default_factory=list)
    ped: Path | None = None
    pedigree: Pedigree | None = None
    phenopacket: Path | None = None
    sex: str = "unknown"
    samples: list[str] = field(default_factory=list)

    def to_json(self, with_terms: bool = True) -> dict[str, Any]:
        """The case as JSON; ``with_terms=False`` leaves out the HPO terms (the case record, which
        the data steps depend on, must not change when only the phenotype does)."""
        data: dict[str, Any] = {
            "case_id": self.case_id,
            "vcf": str(self.vcf),
            "proband": self.proband,
            "build": self.build,
            "sex": self.sex,
            "samples": self.samples,
            "hpo_terms": [t.__dict__ for t in self.hpo_terms],
            "excluded_terms": [t.__dict__ for t in self.excluded_terms],
            "ped": str(self.ped) if self.ped else None,
            "pedigree": self.pedigree.to_json() if self.pedigree else None,
            "phenopacket": str(self.phenopacket) if self.phenopacket else None,
        }
        if not with_terms:
            for key in ("hpo_terms", "excluded_terms", "phenopacket"):
                del data[key]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        return cls(
            case_id=data["case_id"], vcf=Path(data["vcf"]), proband=data["proband"],
            build=data["build"], sex=data["sex"], samples=list(data["samples"]),
            hpo_terms=[ResolvedTerm(**t) for t in data.get("hpo_terms", [])],
            excluded_terms=[ResolvedTerm(**t) for t in data.get("excluded_terms", [])],
            ped=Path(data["ped"]) if data["ped"] else None,
            pedigree=Pedigree.from_json(data["pedigree"]) if data["pedigree"] else None,
            phenopacket=Path(data["phenopacket"]) if data.get("phenopacket") else None,
        )


def read_sample_sheet(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated sample sheet with their 1-based line numbers, schema-validated."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SampleSheetError("sample sheet not found", path=str(path),
                               fix="set 'samples' in config/config.yaml to an existing TSV file") from None
    except UnicodeDecodeError:
        raise SampleSheetError("sample sheet is not UTF-8 text", path=str(path), fix="save it as UTF-8") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise SampleSheetError("sample sheet is empty", path=str(path),
                               fix=f"add a header line with the columns {', '.join(REQUIRED_COLUMNS)} "
                                   "and one row per case")
    header_number, header_line = lines[0]
    header = [h.strip() for h in header_line.split("\t")]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        hint = " (the header has no tab: is the sheet space- or comma-separated?)" if "\t" not in header_line else ""
        raise SampleSheetError(f"missing column(s) {', '.join(missing)}{hint}", path=f"{path}:{header_number}",
                               fix=f"separate columns with tabs and name them {', '.join(REQUIRED_COLUMNS)} "
                                   "(see config/README.md)")
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, line in lines[1:]:
        values = next(csv.reader([line], delimiter="\t"))
        if len(values) > len(header):
            raise SampleSheetError(f"{len(values)} values but {len(header)} columns", path=f"{path}:{number}",
                                   fix="separate values with single tabs; leave optional cells empty")
        row = {key: value.strip() for key, value in zip(header, values)
               if value.strip() != "" or key in REQUIRED_COLUMNS}
        row = validate(row, SAMPLES_SCHEMA, where=f"{path}:{number}", error=SampleSheetError)
        if row["case_id"] in seen:
            raise SampleSheetError(f"case_id '{row['case_id']}' is used twice (also line {seen[row['case_id']]})",
                                   path=f"{path}:{number}", fix="give every case a unique case_id")
        seen[row["case_id"]] = number
        rows.append((number, row))
    return rows


def is_excluded_feature(feature: dict[str, Any]) -> bool:
    """A phenotypic feature the patient does not have: 'excluded' (Phenopacket v2) or 'negated' (v1)."""
    return bool(feature.get("excluded") or feature.get("negated"))


def read_phenopacket(path: Path) -> tuple[list[str], list[str], str, str]:
    """(observed HPO ids, excluded HPO ids, subject id, sex) from a Phenopacket v2 or v1 JSON."""
    try:
        packet = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PhenotypeError("phenopacket not found", path=str(path), fix="check the 'phenopacket' column") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PhenotypeError(f"not valid JSON ({exc})", path=str(path),
                             fix="give a GA4GH Phenopacket JSON file") from None
    features = packet.get("phenotypicFeatures") if isinstance(packet, dict) else None
    if not isinstance(features, list):
        raise PhenotypeError("no 'phenotypicFeatures' list", path=str(path),
                             fix="give a GA4GH Phenopacket (v1 or v2) with phenotypicFeatures")
    observed: list[str] = []
    excluded: list[str] = []
    for number, feature in enumerate(features, start=1):
        term = feature.get("type") if isinstance(feature, dict) else None
        term_id = term.get("id") if isinstance(term, dict) else None
        if not isinstance(term_id, str):
            raise PhenotypeError(f"phenotypicFeatures[{number}] has no type.id", path=str(path),
                                 fix="give each feature a 'type' with an HPO 'id'")
        (excluded if is_excluded_feature(feature) else observed).append(term_id)
    subject = packet.get("subject")
    subject = subject if isinstance(subject, dict) else {}
    sex = subject.get("sex")
    return observed, excluded, str(subject.get("id", "")), PHENOPACKET_SEX.get(sex if isinstance(sex, str) else "",
                                                                               "unknown")


def _resolve_terms(ontology: Ontology, ids: list[str], where: str,
                   problems: list[PhenotypeError]) -> list[ResolvedTerm]:
    """The distinct current terms of ``ids``; each id that cannot be used is added to ``problems``."""
    resolved: dict[str, ResolvedTerm] = {}
    for given in ids:
        try:
            term = ontology.resolve(given, where=where)
        except PhenotypeError as problem:
            problems.append(problem)
            continue
        resolved.setdefault(term.id, term)
    return list(resolved.values())


def terms_error(problems: list[PhenotypeError]) -> PhenotypeError:
    """One error that lists every HPO id that cannot be used, with where it was given and each fix."""
    if len(problems) == 1:
        return problems[0]
    lines = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems)
    fixes = list(dict.fromkeys(p.fix for p in problems if p.fix))
    return PhenotypeError(f"{len(problems)} HPO ids cannot be used: {lines}", fix=" ".join(fixes) or None)


def _split_terms(value: str) -> list[str]:
    return [t.strip() for t in value.replace(",", ";").split(";") if t.strip()]


def build_case(row: dict[str, str], sheet: Path, line: int, ontology: Ontology,
               term_problems: list[PhenotypeError] | None = None) -> Case:
    """Resolve one validated sheet row into a :class:`Case`, checking files, HPO ids and samples.
    HPO ids that cannot be used are added to ``term_problems`` when given (so a caller can list
    every one of a sheet in one message), else raised together."""
    base = sheet.parent
    where = f"{sheet}:{line}"
    vcf = (base / row["vcf"]).resolve()
    samples = vcf_samples(vcf)
    if row["proband"] not in samples:
        raise SampleSheetError(f"proband '{row['proband']}' is not a sample of {vcf} "
                               f"(samples: {', '.join(samples) or 'none'})",
                               path=where, fix="set 'proband' to the sample id as written in the VCF header")
    if len(set(samples)) != len(samples):
        dupes = sorted({s for s in samples if samples.count(s) > 1})
        raise SampleSheetError(f"VCF {vcf} has duplicate sample names {dupes}", path=where,
                               fix="rename the samples so each is unique (bcftools reheader -s)")
    observed = _split_terms(row.get("hpo_terms", ""))
    excluded = _split_terms(row.get("excluded_hpo_terms", ""))
    sex = row.get("sex") or "unknown"
    phenopacket = None
    if row.get("phenopacket"):
        phenopacket = (base / row["phenopacket"]).resolve()
        packet_observed, packet_excluded, _, packet_sex = read_phenopacket(phenopacket)
        observed += packet_observed
        excluded += packet_excluded
        sex = row.get("sex") or packet_sex
    if not observed:
        raise SampleSheetError(f"case '{row['case_id']}' has no HPO terms", path=where,
                               fix="fill 'hpo_terms' (';'-separated HPO ids) or 'phenopacket'")
    problems: list[PhenotypeError] = []
    hpo_terms = _resolve_terms(ontology, observed, where, problems)
    excluded_terms = _resolve_terms(ontology, excluded, where, problems)
    if term_problems is not None:
        term_problems.extend(problems)
    elif problems:
        raise terms_error(problems)
    ped_path = pedigree = None
    if row.get("ped"):
        ped_path = (base / row["ped"]).resolve()
        pedigree = read_ped(ped_path)
        missing = [s for s in pedigree.samples if s not in samples]
        if missing:
            raise PedigreeError(f"PED individual(s) {', '.join(missing)} are not samples of {vcf} "
                                f"(VCF samples: {', '.join(samples)})", path=str(ped_path),
                                fix="make PED individual ids equal to the VCF sample ids, or remove those rows")
        proband = pedigree.get(row["proband"])
        if proband is None:
            raise PedigreeError(f"proband '{row['proband']}' is not in the PED file", path=str(ped_path),
                                fix="add a row for the proband, or correct 'proband' in the sample sheet")
        if proband.sex != "unknown":
            if row.get("sex") and row["sex"] != "unknown" and row["sex"] != proband.sex:
                raise SampleSheetError(f"sex '{row['sex']}' disagrees with the PED ({proband.sex})", path=where,
                                       fix="correct the 'sex' column or the PED")
            sex = proband.sex
    return Case(row["case_id"], vcf, row["proband"], row["build"], hpo_terms, excluded_terms,
                ped_path, pedigree, phenopacket, sex, samples)


def load_cases(sheet: Path, ontology: Ontology) -> list[Case]:
    """Read, validate and resolve every case of a sample sheet. The first problem raises, except
    that every HPO id that cannot be used (in any case) is listed in one message."""
    sheet = sheet.resolve()
    rows = read_sample_sheet(sheet)
    if not rows:
        raise SampleSheetError("sample sheet has a header but no case rows", path=str(sheet),
                               fix="add one row per case below the header")
    problems: list[PhenotypeError] = []
    cases = [build_case(row, sheet, line, ontology, problems) for line, row in rows]
    if problems:
        raise terms_error(problems)
    return cases

