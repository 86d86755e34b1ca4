"""The case record (``results/<case>/case.json``): what preflight found about one case, read by
the later steps. It holds what is really per case: the samples, pedigree and sex (not the HPO
terms, so a phenotype change reruns only prioritize and report), the preflight checks, the
warnings and the provenance of the databases and software. Each job's settings come from its
rule, not from here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from traaser.atomic import write_text_atomic
from traaser.case import Case


@dataclass
class CaseRecord:
    """One case after preflight. ``databases`` maps each role (reference, annotation, clinvar,
    gnomad, constraint, clingen_dosage, hpo) to its provenance (id, version, build, sha256, ...)."""

    case: Case
    databases: dict[str, dict[str, Any]]
    record_scan: dict[str, Any]
    contigs_with_records: list[str] = field(default_factory=list)
    contig_renames: dict[str, str] = field(default_factory=dict)
    contigs_not_in_reference: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    software: dict[str, str] = field(default_factory=dict)

    @property
    def needs_sort(self) -> bool:
        """Whether preflight found the records out of order (normalize then sorts them)."""
        return not self.record_scan.get("sorted", True)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["case"] = self.case.to_json(with_terms=False)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseRecord:
        return cls(case=Case.from_json(data["case"]), databases=data["databases"], record_scan=data["record_scan"],
                   contigs_with_records=list(data["contigs_with_records"]), contig_renames=dict(data["contig_renames"]),
                   contigs_not_in_reference=list(data["contigs_not_in_reference"]), warnings=list(data["warnings"]),
                   software=dict(data["software"]))

    def write(self, path: Path) -> None:
        write_text_atomic(path, json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, path: Path) -> CaseRecord:
        return cls.from_json(json.loads(path.read_text()))
