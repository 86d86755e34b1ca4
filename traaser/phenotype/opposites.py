"""Disease features a patient's own terms rule out: opposite ends of one measurement.

A patient with microcephaly cannot have macrocephaly, nor one with short stature tall stature.
The term-matching score only rewards what a disease shares with the patient, so a disease whose
hallmark is the opposite of a patient's feature (Sotos syndrome, macrocephaly in most patients,
for a microcephalic patient) loses nothing by it. The pairs are listed, with the reason each is
exclusive, in traaser/data/opposite_phenotypes.tsv; HPO itself has no "opposite of" relation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from traaser import install
from traaser.errors import PhenotypeError
from traaser.phenotype.ontology import Ontology

OPPOSITES_TABLE = install.package_file("data", "opposite_phenotypes.tsv")
COLUMNS = ("patient_term", "patient_name", "rules_out", "rules_out_name", "except", "rationale")


@dataclass(frozen=True)
class Opposite:
    """A patient with ``patient_term`` (or a descendant not at or under ``exceptions``) lacks the
    disease feature ``rules_out`` and all its descendants."""

    patient_term: str
    rules_out: str
    exceptions: frozenset[str]
    rationale: str


@lru_cache(maxsize=2)
def read_opposites(path: Path = OPPOSITES_TABLE) -> tuple[Opposite, ...]:
    """The table's rows (comment lines start with '#')."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    except OSError as error:
        raise PhenotypeError(f"cannot read the opposite-phenotype table: {error}", path=str(path),
                             fix="reinstall TRaaSer (the table ships with it)") from error
    reader = csv.DictReader(lines, delimiter="\t")
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise PhenotypeError(f"the opposite-phenotype table's columns are not {', '.join(COLUMNS)}", path=str(path),
                             fix="restore traaser/data/opposite_phenotypes.tsv")
    return tuple(Opposite(row["patient_term"], row["rules_out"],
                          frozenset(t for t in (row["except"] or "").split(",") if t), row["rationale"])
                 for row in reader)


@dataclass(frozen=True)
class RuledOut:
    """A disease feature ruled out by ``patient_term``, which sits at or under ``end``, the
    table's term for the patient's end of the measurement."""

    patient_term: str
    end: str


def ruled_out_features(ontology: Ontology, patient_terms: list[str],
                       table: tuple[Opposite, ...] | None = None) -> dict[str, RuledOut]:
    """Disease feature → what rules it out, for every row of ``table`` (default: the bundled one)
    that one of ``patient_terms`` (ids in ``ontology``) triggers. A row does not apply when the
    patient also has the feature it rules out (both ends recorded, e.g. at different ages), nor
    to a disease that has the patient's end as well (variable head size): that is for the scorer
    to check with :attr:`RuledOut.end`. Only the listed feature is returned; a disease holds it
    when its propagated annotation does. Rows naming a term the release lacks are skipped."""
    rows = read_opposites() if table is None else table
    lineages = [ontology.ancestors(term) for term in patient_terms]
    held = frozenset().union(*lineages)
    ruled_out: dict[str, RuledOut] = {}
    for term, lineage in zip(patient_terms, lineages, strict=True):
        for row in rows:
            if (row.rules_out in ruled_out or row.rules_out not in ontology.terms or row.rules_out in held
                    or row.patient_term not in lineage or row.exceptions & lineage):
                continue
            ruled_out[row.rules_out] = RuledOut(term, row.patient_term)
    return ruled_out
