"""ACMG classifiers: the Tavtigian points system (default) and the Richards 2015 rules.

Each classifier takes a list of :class:`Evidence` and returns a class name; none looks at
annotations. :data:`CLASSIFIERS` names them (config ``acmg.classifier`` picks the primary one);
every classification holds the class of each, so a disagreement can be shown. Another
classifier (ACGS 2020, say) is one more entry there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from traaser.acmg.criteria import Evidence, knowledge, posterior_constant

PATHOGENIC, LIKELY_PATHOGENIC, VUS = "Pathogenic", "Likely pathogenic", "Uncertain significance"
LIKELY_BENIGN, BENIGN = "Likely benign", "Benign"


@dataclass(frozen=True)
class Classification:
    """The Tavtigian points (with the posterior probability of pathogenicity they imply) and the
    class every classifier of :data:`CLASSIFIERS` gives, by its name."""

    points: int
    classes: dict[str, str]
    posterior: float

    @property
    def points_class(self) -> str:
        return self.classes["points"]

    @property
    def richards_class(self) -> str:
        return self.classes["richards"]

    @property
    def agree(self) -> bool:
        """Whether every classifier gives the same class."""
        return len(set(self.classes.values())) == 1

    def primary(self, classifier: str) -> str:
        """The class of the configured classifier (a name of :data:`CLASSIFIERS`)."""
        return self.classes[classifier]


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
    return Classification(points, {name: classifier(evidence) for name, classifier in CLASSIFIERS.items()},
                          posterior_probability(points))


#: The classifiers by the name config ``acmg.classifier`` uses: evidence -> class.
CLASSIFIERS: dict[str, Callable[[list[Evidence]], str]] = {"points": points_class, "richards": richards_class}
