"""ACMG classifiers, each case quoting the rule it checks (Richards 2015; Tavtigian 2018/2020)."""

import pytest

from traaser.acmg.classify import (
    BENIGN,
    LIKELY_BENIGN,
    LIKELY_PATHOGENIC,
    PATHOGENIC,
    VUS,
    classify,
    posterior_probability,
    richards_class,
)
from traaser.acmg.criteria import Evidence


def ev(*labels: str) -> list[Evidence]:
    """'PVS1', 'PM2_Supporting', 'PS2' ... → Evidence at the named (or default) strength."""
    defaults = {"PVS1": "VeryStrong", "PS2": "Strong", "PM4": "Moderate", "PM6": "Moderate", "PM2": "Supporting",
                "PP3": "Supporting", "BA1": "StandAlone", "BS1": "Strong", "BS2": "Strong", "BP4": "Supporting"}
    result = []
    for label in labels:
        code, _, strength = label.partition("_")
        result.append(Evidence(code, strength or defaults[code], "test"))
    return result


@pytest.mark.parametrize("labels, points, expected, rule", [
    (("PVS1", "PS2"), 12, PATHOGENIC, "P >= 10 points"),
    (("PVS1", "PM2_Supporting"), 9, LIKELY_PATHOGENIC, "LP 6-9 points"),
    (("PS2", "PM4"), 6, LIKELY_PATHOGENIC, "LP 6-9 points (lower bound)"),
    (("PS2", "PM2_Supporting"), 5, VUS, "VUS 0-5 points (upper bound)"),
    ((), 0, VUS, "VUS 0-5 points (no evidence)"),
    (("BP4",), -1, LIKELY_BENIGN, "LB -1 to -6 points"),
    (("BS1", "BP4_Moderate"), -6, LIKELY_BENIGN, "LB -1 to -6 points (lower bound)"),
    (("BS1", "BS2"), -8, BENIGN, "B <= -7 points"),
    (("PVS1", "PM4"), 10, PATHOGENIC, "P >= 10 points (at the bound)"),
    (("PVS1", "PP3"), 9, LIKELY_PATHOGENIC, "9 points is LP (just below P)"),
    (("PS2", "PP3"), 5, VUS, "5 points is VUS (just below LP)"),
    (("BS1", "BP4_Moderate", "BP4"), -7, BENIGN, "-7 points is Benign (bound)"),
    (("BS1", "BP4", "BP4"), -6, LIKELY_BENIGN, "-6 points is LB (just above B)"),
    (("PP3", "BP4"), 0, VUS, "0 points is VUS (lower bound)"),
    (("BA1", "PVS1"), -8, BENIGN, "BA1 is stand-alone benign"),
])
def test_points_classifier(labels, points, expected, rule):
    result = classify(ev(*labels))
    assert (result.points, result.points_class) == (points, expected), rule


@pytest.mark.parametrize("labels, expected, rule", [
    (("PVS1", "PS2"), PATHOGENIC, "Pathogenic: PVS1 + >=1 PS"),
    (("PVS1", "PM4", "PM6"), PATHOGENIC, "Pathogenic: PVS1 + >=2 PM"),
    (("PVS1", "PM4", "PP3"), PATHOGENIC, "Pathogenic: PVS1 + PM + PP"),
    (("PVS1", "PP3", "PM2_Supporting"), PATHOGENIC, "Pathogenic: PVS1 + >=2 PP (PM2_Supporting counts as PP)"),
    (("PS2", "PS2"), PATHOGENIC, "Pathogenic: >=2 PS"),
    (("PS2", "PM4", "PM6", "PM4"), PATHOGENIC, "Pathogenic: PS + >=3 PM"),
    (("PS2", "PM4", "PM6", "PP3", "PM2_Supporting"), PATHOGENIC, "Pathogenic: PS + 2 PM + >=2 PP"),
    (("PS2", "PM4", "PP3", "PM2_Supporting", "PP3", "PP3"), PATHOGENIC, "Pathogenic: PS + 1 PM + >=4 PP"),
    (("PVS1", "PM4"), LIKELY_PATHOGENIC, "Likely pathogenic: PVS1 + PM"),
    (("PS2", "PM4"), LIKELY_PATHOGENIC, "Likely pathogenic: PS + 1-2 PM"),
    (("PS2", "PP3", "PM2_Supporting"), LIKELY_PATHOGENIC, "Likely pathogenic: PS + >=2 PP"),
    (("PM4", "PM6", "PM4"), LIKELY_PATHOGENIC, "Likely pathogenic: >=3 PM"),
    (("PS2", "PM4", "PM6"), LIKELY_PATHOGENIC, "Likely pathogenic: PS + 2 PM"),
    (("PM4", "PM6", "PP3", "PM2_Supporting"), LIKELY_PATHOGENIC, "Likely pathogenic: 2 PM + >=2 PP"),
    (("PM4", "PP3", "PM2_Supporting", "PP3", "PP3"), LIKELY_PATHOGENIC, "Likely pathogenic: 1 PM + >=4 PP"),
    (("PM4", "PP3", "PM2_Supporting", "PP3"), VUS, "1 PM + 3 PP is not enough"),
    (("PM4", "PM6", "PP3"), VUS, "2 PM + 1 PP is not enough"),
    (("PVS1",), VUS, "PVS1 alone is not enough"),
    (("PS2", "PM2_Supporting"), VUS, "PS + 1 PP is not enough"),
    (("BA1",), BENIGN, "Benign: BA1"),
    (("BS1", "BS2"), BENIGN, "Benign: >=2 BS"),
    (("BS1", "BP4"), LIKELY_BENIGN, "Likely benign: BS + BP"),
    (("BP4", "BP4"), LIKELY_BENIGN, "Likely benign: >=2 BP"),
    (("PVS1", "PS2", "BS1", "BS2"), VUS, "conflicting benign and pathogenic evidence: VUS"),
])
def test_richards_rules(labels, expected, rule):
    assert richards_class(ev(*labels)) == expected, rule


@pytest.mark.parametrize("points, expected", [(0, 0.10), (8, 0.975), (10, 0.994), (-8, 0.0003)])
def test_posterior_probability_from_points(points, expected):
    """P = O*0.1 / ((O-1)*0.1 + 1) with O = 350^(points/8) (Tavtigian 2018)."""
    assert posterior_probability(points) == pytest.approx(expected, abs=5e-4)


def test_disagreement_is_reported():
    """Show a disagreement between the two classifiers instead of hiding it."""
    result = classify(ev("PVS1", "PM2_Supporting"))
    assert result.points_class == LIKELY_PATHOGENIC
    assert result.richards_class == VUS
    assert not result.agree


def test_the_config_names_exactly_the_registered_classifiers():
    """config acmg.classifier picks one of CLASSIFIERS; every classification holds each one's class."""
    import yaml

    from traaser.acmg.classify import CLASSIFIERS
    from traaser.config import CONFIG_SCHEMA
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text())
    assert set(schema["properties"]["acmg"]["properties"]["classifier"]["enum"]) == set(CLASSIFIERS)
    result = classify(ev("PVS1", "PM2_Supporting"))
    assert set(result.classes) == set(CLASSIFIERS) and result.primary("richards") == result.richards_class
