"""Per-step record accounting: records in = records out + records excluded (- records added by splitting).

Every step writes one :class:`StepCounts` as JSON; the report shows them all, so nothing
disappears silently.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traaser.atomic import write_text_atomic
from traaser.errors import AccountingError


@dataclass
class StepCounts:
    """Records entering and leaving one step, with every exclusion counted by reason."""

    step: str
    records_in: int = 0
    records_out: int = 0
    records_added: int = 0
    excluded: Counter[str] = field(default_factory=Counter)
    notes: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def exclude(self, reason: str, n: int = 1) -> None:
        self.excluded[reason] += n

    @property
    def balanced(self) -> bool:
        return self.records_in + self.records_added == self.records_out + sum(self.excluded.values())

    def check(self) -> None:
        """Raise :class:`AccountingError` if a record went unaccounted (a bug, never a user error),
        as the run's chained check does."""
        if not self.balanced:
            raise AccountingError(
                f"{self.step}: {self.records_in} in + {self.records_added} added != "
                f"{self.records_out} out + {sum(self.excluded.values())} excluded {dict(self.excluded)}")

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "records_in": self.records_in, "records_out": self.records_out,
                "records_added": self.records_added, "excluded": dict(sorted(self.excluded.items())),
                "notes": self.notes, "warnings": self.warnings}

    def write(self, path: Path) -> None:
        self.check()
        write_text_atomic(path, json.dumps(self.to_json(), indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> StepCounts:
        data = json.loads(path.read_text())
        return cls(data["step"], data["records_in"], data["records_out"], data.get("records_added", 0),
                   Counter(data["excluded"]), data.get("notes", {}), data.get("warnings", []))


#: Note keys one step writes and another reads (the report, the accounting, the tests): each
#: named once. Plain strings, as the counts JSON stores them.
NOTE_QC = "qc"
NOTE_SCREENED_OUT = "records screened out in bcftools (no consequence, common or not PASS)"
NOTE_PARENTAGE_INFORMATIVE = "parentage: informative trio sites"
NOTE_PARENTAGE_OPPOSING = "parentage: opposing homozygotes"
NOTE_CONSEQUENCE_SOURCE = "consequence source"
#: The code the consequence step's note stores (notes are numbers) for the INFO tag it reused, 0
#: when it ran bcftools csq itself; and what each code means, for a reader.
CONSEQUENCE_SOURCE_CODES = {"BCSQ": 1, "CSQ": 2, "ANN": 3}
CONSEQUENCE_SOURCES = {0: "bcftools csq (Ensembl GFF3 + FASTA)", 1: "the input's own BCSQ (bcftools csq)",
                       2: "the input's own CSQ (VEP)", 3: "the input's own ANN (SnpEff)"}

#: Notes that describe a step rather than count records: kept, not summed, when shards merge.
NON_ADDITIVE_NOTES = {NOTE_CONSEQUENCE_SOURCE}


def merge_shards(steps: list[StepCounts]) -> list[StepCounts]:
    """One StepCounts per step name (first-seen order), summing the shards of a scattered step:
    records, exclusions by reason and numeric notes; warnings are kept once each."""
    merged: dict[str, StepCounts] = {}
    for step in steps:
        total = merged.get(step.step)
        if total is None:
            merged[step.step] = StepCounts(step.step, step.records_in, step.records_out, step.records_added,
                                           Counter(step.excluded), dict(step.notes), list(step.warnings))
            continue
        total.records_in += step.records_in
        total.records_out += step.records_out
        total.records_added += step.records_added
        total.excluded.update(step.excluded)
        for key, value in step.notes.items():
            if key in total.notes and key not in NON_ADDITIVE_NOTES and isinstance(value, (int, float)) \
                    and isinstance(total.notes[key], (int, float)):
                total.notes[key] += value
            else:
                total.notes.setdefault(key, value)
        total.warnings.extend(w for w in step.warnings if w not in total.warnings)
    return list(merged.values())


def check_chain(steps: list[StepCounts]) -> dict[str, Any]:
    """The run's record accounting: each step balanced, and each step's output is the next
    step's input. Raises AccountingError naming the steps and numbers when a record is lost."""
    for step in steps:
        if not step.balanced:
            raise AccountingError(f"step {step.step} does not balance: {step.records_in} in + {step.records_added} "
                                  f"added != {step.records_out} out + {sum(step.excluded.values())} excluded",
                                  fix="this is a TRaaSer bug: report it with results/<case>/counts/")
    for before, after in zip(steps, steps[1:]):
        if before.records_out != after.records_in:
            raise AccountingError(f"{before.records_out} records left {before.step} but {after.records_in} entered "
                                  f"{after.step}", fix="this is a TRaaSer bug: report it with results/<case>/counts/")
    return {"balanced": True, "steps": [s.to_json() for s in steps],
            "records_in": steps[0].records_in if steps else 0,
            "records_out": steps[-1].records_out if steps else 0,
            "excluded": {f"{s.step}: {reason}": n for s in steps for reason, n in sorted(s.excluded.items())}}
