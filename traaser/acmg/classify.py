"""ACMG classifiers: the Tavtigian points system (default) and the Richards 2015 rules.

Both take a list of :class:`Evidence` and return a class name; neither looks at annotations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from traaser.acmg.criteria import Evidence, knowledge, posterior_constant

PATHOGENIC, LIKELY_PATHOGENIC, VUS = "Pathogenic", "Likely pathogenic", "Uncertain significance"
LIKELY_BENIGN, BENIGN = "Likely benign", "Benign"
CLASS_ORDER = (PATHOGENIC, LIKELY_PATHOGENIC, VUS, LIKELY_BENIGN, BENIGN)


@dataclass(frozen=True)
class Classification:
    points: int
    points_class: str
    richards_class: str
    posterior: float

    @property
    def agree(self) -> bool:
        return self.points_class == self.richards_class

    def primary(self, classifier: str) -> str:
        """The class of the configured classifier ('points' or 'richards')."""
        return self.richards_class if classifier == "richards" else self.points_class


def total_points(evidence: list[Evidence]) -> int:
    return sum(e.points for e in evidence if e.strength != "StandAlone")


def points_class(evidence: list[Evidence]) -> str:
    """Tavtigian: P >= 10, LP 6..9, VUS 0..5, LB -1..-6, B <= -7; BA1 is stand-alone benign."""
    if any(e.code == "BA1" for e in evidence):
        return BENIGN
    points = total_points(evidence)
    bounds = knowledge()["classes"]
    if points >= bounds[PATHOGENIC]:
        return PATHOGENIC
    if points >= bounds[LIKELY_PATHOGENIC]:
        return LIKELY_PATHOGENIC
    if points >= bounds[VUS]:
        return VUS
    if points >= bounds[LIKELY_BENIGN]:
        return LIKELY_BENIGN
    return BENIGN


def posterior_probability(points: int) -> float:
    """Posterior probability of pathogenicity: O = 350^(points/8), P = O*prior / ((O-1)*prior + 1)."""
    prior = posterior_constant("prior_probability")
    odds = posterior_constant("odds_path_very_strong") ** (points / 8)
    return odds * prior / ((odds - 1) * prior + 1)


def richards_class(evidence: list[Evidence]) -> str:
    """Richards et al. 2015 combining rules, each criterion counted at its applied strength."""
    n: Counter[tuple[str, str]] = Counter()
    for e in evidence:
        n[(e.direction, e.strength)] += 1
    pvs = n[("pathogenic", "VeryStrong")]
    ps = n[("pathogenic", "Strong")]
    pm = n[("pathogenic", "Moderate")]
    pp = n[("pathogenic", "Supporting")]
    ba = n[("benign", "StandAlone")]
    bs = n[("benign", "Strong")] + n[("benign", "VeryStrong")]
    bp = n[("benign", "Supporting")] + n[("benign", "Moderate")]
    pathogenic = (
        (pvs >= 1 and (ps >= 1 or pm >= 2 or (pm == 1 and pp >= 1) or pp >= 2))
        or ps >= 2
        or (ps == 1 and (pm >= 3 or (pm == 2 and pp >= 2) or (pm == 1 and pp >= 4)))
    )
    likely_pathogenic = (
        (pvs >= 1 and pm == 1)
        or (ps == 1 and 1 <= pm <= 2)
        or (ps == 1 and pp >= 2)
        or pm >= 3
        or (pm == 2 and pp >= 2)
        or (pm == 1 and pp >= 4)
    )
    benign = ba >= 1 or bs >= 2
    likely_benign = (bs == 1 and bp >= 1) or bp >= 2
    if (pathogenic or likely_pathogenic) and (benign or likely_benign):
        return VUS
    if pathogenic:
        return PATHOGENIC
    if likely_pathogenic:
        return LIKELY_PATHOGENIC
    if benign:
        return BENIGN
    if likely_benign:
        return LIKELY_BENIGN
    return VUS


def classify(evidence: list[Evidence]) -> Classification:
    points = total_points(evidence)
    if any(e.code == "BA1" for e in evidence):
        points = min(points, -8)
    return Classification(points, points_class(evidence), richards_class(evidence), posterior_probability(points))
