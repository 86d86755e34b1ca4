"""traaser.reanalysis on small documents: each change and its cause, and each clause of the alert
rule (quoted from the module's docstring) with a case that meets it and one that does not."""

from __future__ import annotations

import copy

import pytest
import yaml

from traaser import install
from traaser.reanalysis import ReanalysisSettings, compare

SETTINGS = ReanalysisSettings()


def candidate(key, gene, *, rank, gene_rank=None, acmg="Uncertain significance", criteria=(), clnsig=None,
              af=None, posterior=0.01, score=0.3, diseases=(("OMIM:1", "Disease one"),)):
    return {"key": key, "gene": gene, "rank": rank, "gene_rank": gene_rank or rank,
            "acmg": {"class": acmg, "criteria": [{"label": c} for c in criteria]},
            "clinvar": {"CLNSIG": clnsig} if clnsig else {}, "gnomad": {"AF": af} if af is not None else {},
            "posterior": posterior,
            "phenotype": {"score": score, "gene_diseases": [{"id": i, "name": n} for i, n in diseases]}}


def document(candidates, *, clinvar="2023-07-10", gnomad="4.1", hpo="2025-01-16", terms=("HP:0000001",),
             config_hash="aaaa", timestamp="2026-01-01T00:00:00Z"):
    dbs = {"clinvar": {"id": f"clinvar_{clinvar}", "version": clinvar, "sha256": clinvar},
           "gnomad": {"id": f"gnomad_{gnomad}", "version": gnomad, "sha256": gnomad},
           "hpo": {"id": f"hpo_{hpo}", "version": hpo, "sha256": hpo}}
    return {"case": {"case_id": "c1", "hpo_terms": [{"id": t, "name": t} for t in terms], "excluded_terms": []},
            "run": {"timestamp": timestamp, "config_hash": config_hash, "config": {}},
            "databases": dbs, "candidates": candidates}


BASE = [candidate("1:100:A:G", "AAA", rank=1, posterior=0.6), candidate("1:200:C:T", "BBB", rank=2),
        candidate("1:300:G:A", "CCC", rank=3)]


def test_identical_runs_change_nothing():
    changes = compare(document(BASE), document(copy.deepcopy(BASE), timestamp="2026-02-01T00:00:00Z"), SETTINGS)
    assert changes["changed"] is False
    assert changes["variants"] == changes["genes"] == changes["alerts"] == changes["databases"] == []


def test_a_first_run_has_nothing_to_compare():
    changes = compare(None, document(BASE), SETTINGS)
    assert changes["previous"] is None and changes["changed"] is False


def test_a_database_change_is_named_old_to_new():
    changes = compare(document(BASE), document(BASE, clinvar="2025-01-06"), SETTINGS)
    assert [d["text"] for d in changes["databases"]] == [
        "clinvar: clinvar_2023-07-10 (2023-07-10) → clinvar_2025-01-06 (2025-01-06)"]


def test_hpo_terms_added_and_removed():
    changes = compare(document(BASE, terms=("HP:1", "HP:2")), document(BASE, terms=("HP:2", "HP:3")), SETTINGS)
    assert [t["id"] for t in changes["hpo_terms"]["observed_added"]] == ["HP:3"]
    assert [t["id"] for t in changes["hpo_terms"]["observed_removed"]] == ["HP:1"]


# (rule clause, previous candidate of 1:200:C:T, current one, alert expected)
ALERT_CASES = [
    ("1. acmg_class_rose: now Likely pathogenic, was lower",
     {"acmg": "Uncertain significance"}, {"acmg": "Likely pathogenic", "criteria": ("PS1",)}, "acmg_class_rose"),
    ("1. acmg_class_rose: Pathogenic to Likely pathogenic is no rise",
     {"acmg": "Pathogenic"}, {"acmg": "Likely pathogenic"}, None),
    ("1. acmg_class_rose: a rise to a class not in alert_classes",
     {"acmg": "Benign"}, {"acmg": "Uncertain significance"}, None),
    ("2. clinvar_now_pathogenic: VUS to Pathogenic",
     {"clnsig": "Uncertain_significance"}, {"clnsig": "Pathogenic"}, "clinvar_now_pathogenic"),
    ("2. clinvar_now_pathogenic: no assertion to Likely pathogenic",
     {}, {"clnsig": "Likely_pathogenic"}, "clinvar_now_pathogenic"),
    ("2. clinvar_now_pathogenic: Pathogenic to Likely pathogenic is not new",
     {"clnsig": "Pathogenic"}, {"clnsig": "Likely_pathogenic"}, None),
    ("2. clinvar_now_pathogenic: conflicting (pathogenic and benign terms) does not read pathogenic",
     {}, {"clnsig": "Pathogenic|Benign"}, None),
]


@pytest.mark.parametrize("clause, before, after, rule", ALERT_CASES, ids=[c[0] for c in ALERT_CASES])
def test_variant_alert_clauses(clause, before, after, rule):
    old = [BASE[0], candidate("1:200:C:T", "BBB", rank=2, **before), BASE[2]]
    new = [BASE[0], candidate("1:200:C:T", "BBB", rank=2, **after), BASE[2]]
    changes = compare(document(old), document(new, clinvar="2025-01-06"), SETTINGS)
    assert [a["rule"] for a in changes["alerts"]] == ([rule] if rule else [])
    assert any(v["key"] == "1:200:C:T" for v in changes["variants"])


def test_a_criterion_change_names_the_database_that_feeds_it():
    old = [candidate("1:200:C:T", "BBB", rank=1, criteria=("PM2_Supporting",))]
    new = [candidate("1:200:C:T", "BBB", rank=1, criteria=("BS1",), af=0.01)]
    changes = compare(document(old), document(new, gnomad="4.1.1"), SETTINGS)
    acmg = changes["variants"][0]["acmg"]
    assert acmg["criteria_added"] == ["BS1"] and acmg["criteria_removed"] == ["PM2_Supporting"]
    assert acmg["cause"] == "gnomad: gnomad_4.1 (4.1) → gnomad_4.1.1 (4.1.1)"
    assert changes["variants"][0]["population_af"] == {"old": None, "new": 0.01,
                                                       "cause": "gnomad: gnomad_4.1 (4.1) → gnomad_4.1.1 (4.1.1)"}


def test_new_top_gene_clause_needs_the_posterior_threshold():
    """3. new_top_gene: among the top top_n genes now, not before, posterior >= alert_posterior_min."""
    settings = ReanalysisSettings(top_n=1)
    old = [candidate("1:100:A:G", "AAA", rank=1, posterior=0.6), candidate("1:200:C:T", "BBB", rank=2)]
    for posterior, alerted in ((0.6, True), (0.2, False)):
        new = [candidate("1:200:C:T", "BBB", rank=1, posterior=posterior),
               candidate("1:100:A:G", "AAA", rank=2, posterior=0.1)]
        changes = compare(document(old, terms=("HP:1",)), document(new, terms=("HP:2",)), settings)
        assert [a["rule"] for a in changes["alerts"]] == (["new_top_gene"] if alerted else [])
        entered = next(g for g in changes["genes"] if g["gene"] == "BBB")
        assert entered["top"] == "entered" and (entered["old_rank"], entered["new_rank"]) == (2, 1)


def test_new_disease_match_clause_needs_the_phenotype_threshold():
    """4. new_disease_match: a gene gained a disease and its phenotype match is >= alert_phenotype_min."""
    old = [candidate("1:300:G:A", "CCC", rank=1, diseases=())]
    for score, alerted in ((0.7, True), (0.3, False)):
        new = [candidate("1:300:G:A", "CCC", rank=1, score=score, diseases=(("OMIM:9", "New disease"),))]
        changes = compare(document(old), document(new, hpo="2025-05-06"), SETTINGS)
        gene = changes["genes"][0]
        assert gene["diseases_gained"] == [{"id": "OMIM:9", "name": "New disease"}]
        assert gene["diseases_cause"] == "hpo: hpo_2025-01-16 (2025-01-16) → hpo_2025-05-06 (2025-05-06)"
        assert [a["rule"] for a in changes["alerts"]] == (["new_disease_match"] if alerted else [])


def test_a_variant_that_left_the_candidates_is_listed_with_the_likely_cause():
    changes = compare(document(BASE), document(BASE[:2], gnomad="4.1.1"), SETTINGS)
    left = next(v for v in changes["variants"] if v["key"] == "1:300:G:A")
    assert left["candidate"] == "left" and "gnomad" in left["candidate_cause"]
    assert not changes["alerts"]


def test_the_settings_defaults_are_the_schemas():
    schema = yaml.safe_load(install.config_file("config.schema.yaml").read_text())
    properties = schema["properties"]["reanalysis"]["properties"]
    defaults = {name: spec["default"] for name, spec in properties.items()}
    defaults["alert_classes"] = tuple(defaults["alert_classes"])
    assert ReanalysisSettings(**defaults) == ReanalysisSettings()
