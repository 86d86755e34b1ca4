"""PED (pedigree) files: family, individual, father, mother, sex, phenotype.

Columns are whitespace-separated (tab is standard; spaces are accepted, as in PLINK).
Sex: 1 male, 2 female, 0 or other unknown codes are refused. Phenotype: 1 unaffected,
2 affected, 0 or -9 unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from traaser.errors import PedigreeError

SEX_CODES = {"1": "male", "2": "female", "0": "unknown"}
PHENOTYPE_CODES = {"1": "unaffected", "2": "affected", "0": "unknown", "-9": "unknown"}


@dataclass(frozen=True)
class Individual:
    """One PED row. ``father``/``mother`` are None when given as 0."""

    family: str
    id: str
    father: str | None
    mother: str | None
    sex: str
    phenotype: str

    @property
    def affected(self) -> bool:
        return self.phenotype == "affected"


class Pedigree:
    """The individuals of one PED file, keyed by id."""

    def __init__(self, individuals: list[Individual], path: str = "") -> None:
        self.individuals = {ind.id: ind for ind in individuals}
        self.path = path

    def __contains__(self, sample: str) -> bool:
        return sample in self.individuals

    def get(self, sample: str) -> Individual | None:
        return self.individuals.get(sample)

    def parents(self, sample: str) -> tuple[str | None, str | None]:
        """(father, mother) of ``sample`` if they are listed as individuals, else None each."""
        ind = self.individuals.get(sample)
        if ind is None:
            return None, None
        father = ind.father if ind.father in self.individuals else None
        mother = ind.mother if ind.mother in self.individuals else None
        return father, mother

    @property
    def samples(self) -> list[str]:
        return list(self.individuals)

    def warnings(self, vcf_samples: list[str]) -> list[str]:
        """What the run will not use: parents named but without a row (not sequenced), and VCF
        samples the PED does not list (not used for inheritance)."""
        notes = []
        for ind in self.individuals.values():
            for role, parent in (("father", ind.father), ("mother", ind.mother)):
                if parent and parent not in self.individuals:
                    notes.append(f"PED: {role} '{parent}' of '{ind.id}' has no row and is not a VCF sample: "
                                 "treated as not sequenced")
        outside = [s for s in vcf_samples if s not in self.individuals]
        if outside:
            notes.append(f"PED: VCF sample(s) {', '.join(outside)} are not in the PED and are not used for inheritance")
        return notes

    def to_json(self) -> list[dict[str, str | None]]:
        return [ind.__dict__ for ind in self.individuals.values()]

    @classmethod
    def from_json(cls, rows: list[dict[str, str | None]]) -> Pedigree:
        return cls([Individual(**row) for row in rows])  # type: ignore[arg-type]


def read_ped(path: Path) -> Pedigree:
    """Parse a PED file, refusing malformed rows with the line number and the fix."""
    individuals: list[Individual] = []
    seen: set[str] = set()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PedigreeError("PED file not found", path=str(path), fix="check the 'ped' column") from None
    except UnicodeDecodeError:
        raise PedigreeError("PED file is not UTF-8 text", path=str(path), fix="save it as UTF-8 text") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        where = f"{path}:{number}"
        if len(fields) < 6:
            raise PedigreeError(f"expected 6 columns, found {len(fields)} in '{line}'", path=where,
                                fix="write family, individual, father, mother, sex, phenotype separated by tabs")
        family, ind, father, mother, sex, phenotype = fields[:6]
        if sex not in SEX_CODES:
            raise PedigreeError(f"sex code '{sex}' of '{ind}' is not 1, 2 or 0", path=where,
                                fix="use 1 for male, 2 for female, 0 for unknown")
        if phenotype not in PHENOTYPE_CODES:
            raise PedigreeError(f"phenotype code '{phenotype}' of '{ind}' is not 1, 2, 0 or -9", path=where,
                                fix="use 2 for affected, 1 for unaffected, 0 for unknown")
        if ind in seen:
            raise PedigreeError(f"individual '{ind}' is listed twice", path=where,
                                fix="keep one row per individual")
        if ind in (father, mother):
            raise PedigreeError(f"individual '{ind}' is listed as its own parent", path=where,
                                fix="correct the father/mother columns")
        seen.add(ind)
        individuals.append(Individual(family, ind, None if father == "0" else father,
                                      None if mother == "0" else mother,
                                      SEX_CODES[sex], PHENOTYPE_CODES[phenotype]))
    if not individuals:
        raise PedigreeError("PED file has no individuals", path=str(path),
                            fix="add one row per sample, or leave the 'ped' column empty")
    return Pedigree(individuals, str(path))
