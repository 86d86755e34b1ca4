"""ACMG criteria, strengths and thresholds loaded from criteria.yaml (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import yaml

from traaser import install

CRITERIA_FILE = install.package_file("acmg", "criteria.yaml")


class Status(StrEnum):
    """The outcome of one criterion for one variant."""

    MET = "met"
    NOT_MET = "not met"
    NOT_EVALUATED = "not evaluated"     # the data it needs are missing


class Strength(StrEnum):
    """The strength a criterion is applied at (ClinGen SVI names), weakest first."""

    SUPPORTING = "Supporting"
    MODERATE = "Moderate"
    STRONG = "Strong"
    VERY_STRONG = "VeryStrong"
    STAND_ALONE = "StandAlone"          # BA1 only


class Direction(StrEnum):
    PATHOGENIC = "pathogenic"
    BENIGN = "benign"


#: The strengths that carry points, weakest first (stand-alone BA1 is a class of its own).
GRADED_STRENGTHS = (Strength.SUPPORTING, Strength.MODERATE, Strength.STRONG, Strength.VERY_STRONG)


@dataclass(frozen=True)
class Criterion:
    code: str
    direction: str
    strength: str
    text: str


@dataclass(frozen=True)
class Evidence:
    """One applied criterion at its applied strength, with a one-line reason quoting the numbers."""

    code: str
    strength: str
    reason: str

    @property
    def direction(self) -> str:
        return criteria()[self.code].direction

    @property
    def label(self) -> str:
        """'PM2_Supporting' when applied at other than the default strength, else 'PM2'."""
        default = criteria()[self.code].strength
        if self.strength in (default, "StandAlone") and self.code != "PM2":
            return self.code
        return f"{self.code}_{self.strength}"

    @property
    def points(self) -> int:
        if self.strength == "StandAlone":
            return -8 if self.direction == "benign" else 8
        value = int(knowledge()["points"][self.strength])
        return -value if self.direction == "benign" else value

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "strength": self.strength,
                "direction": self.direction, "points": self.points, "reason": self.reason}


@lru_cache(maxsize=1)
def knowledge() -> dict[str, Any]:
    with open(CRITERIA_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def criteria() -> dict[str, Criterion]:
    return {code: Criterion(code, c["direction"], c["strength"], c["text"])
            for code, c in knowledge()["criteria"].items()}


@lru_cache(maxsize=2)
def ba1_exceptions(build: str) -> dict[str, dict[str, Any]]:
    """The ClinGen SVI BA1 exception variants of ``build`` ('GRCh37' or 'GRCh38'), keyed by
    'chrom:pos:ref:alt' without a 'chr' prefix (1-based VCF POS); each value is the list entry."""
    return {entry[build]: entry for entry in knowledge()["ba1_exceptions"]}


def posterior_constant(name: str) -> float:
    return float(knowledge()["posterior"][name])
