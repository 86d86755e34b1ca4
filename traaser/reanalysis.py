"""Reanalysis: what changed for a case between two runs, why, and which changes are alerts.

Both runs are candidates.json documents (the previous one from ``results/<case>/history/``).
Every change carries its cause: the database whose version changed (old → new), the patient's
HPO terms, or the settings (config hash). Variants are matched by key ('chrom:pos:ref:alt',
1-based VCF POS); genes by symbol, each through its best-ranked candidate.

Alert rule (thresholds in config ``reanalysis``; one alert per change that meets a clause):

1. ``acmg_class_rose``: a candidate's ACMG class is now one of ``alert_classes`` (default
   Likely pathogenic, Pathogenic) and was lower before, or the variant was no candidate before;
2. ``clinvar_now_pathogenic``: a candidate's ClinVar assertion now reads pathogenic or likely
   pathogenic and did not before;
3. ``new_top_gene``: a gene is among the top ``top_n`` genes now, was not before, and its
   posterior is at least ``alert_posterior_min``;
4. ``new_disease_match``: a gene gained a disease association and its phenotype match is now at
   least ``alert_phenotype_min`` (0-1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.acmg.classify import BENIGN, LIKELY_BENIGN, LIKELY_PATHOGENIC, PATHOGENIC, VUS
from traaser.annotate.fields import clinvar_significance
from traaser.atomic import write_text_atomic
from traaser.candidates_file import best_per_gene, database_brief, read_document
from traaser.history import HISTORY, previous_run

CHANGES_SCHEMA_VERSION = 1
CLASS_ORDER = {BENIGN: 0, LIKELY_BENIGN: 1, VUS: 2, LIKELY_PATHOGENIC: 3, PATHOGENIC: 4}
#: The database role each ACMG criterion reads (the cause of a criterion change when that
#: database's version changed); criteria not listed read the genotypes, pedigree or phenotype.
CRITERION_SOURCE = {
    "PS1": "clinvar", "PM5": "clinvar", "PM1": "clinvar", "PP2": "clinvar", "BP1": "clinvar",
    "BA1": "gnomad", "BS1": "gnomad", "BS2": "gnomad", "PM2": "gnomad",
    "PVS1": "constraint", "PP3": "scores", "BP4": "scores", "BP7": "scores",
}


@dataclass(frozen=True)
class ReanalysisSettings:
    """The alert thresholds and how much of the ranking is compared (config ``reanalysis``)."""

    top_n: int = 5
    compare_top: int = 50
    alert_classes: tuple[str, ...] = (LIKELY_PATHOGENIC, PATHOGENIC)
    alert_posterior_min: float = 0.25
    alert_phenotype_min: float = 0.5
    phenotype_move_min: float = 0.05

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> ReanalysisSettings:
        return cls(int(section["top_n"]), int(section["compare_top"]), tuple(section["alert_classes"]),
                   float(section["alert_posterior_min"]), float(section["alert_phenotype_min"]),
                   float(section["phenotype_move_min"]))


def _db_label(db: Mapping[str, Any] | None) -> str:
    return f"{db['id']} ({db['version']})" if db else "none"


def database_changes(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every database role whose entry, version or checksum differs, old → new."""
    old, new = previous["databases"], current["databases"]
    changes = []
    for role in sorted(set(old) | set(new)):
        a, b = old.get(role), new.get(role)
        if a is None or b is None or database_brief(a) != database_brief(b):
            changes.append({"role": role, "old": database_brief(a), "new": database_brief(b),
                            "text": f"{role}: {_db_label(a)} → {_db_label(b)}"})
    return changes


def _terms(document: Mapping[str, Any], key: str) -> dict[str, str]:
    return {t["id"]: t.get("name", "") for t in document["case"].get(key) or []}


def term_changes(previous: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """HPO terms of the patient added and removed, observed and excluded."""
    result = {}
    for key, label in (("hpo_terms", "observed"), ("excluded_terms", "excluded")):
        old, new = _terms(previous, key), _terms(current, key)
        result[f"{label}_added"] = [{"id": t, "name": new[t]} for t in sorted(set(new) - set(old))]
        result[f"{label}_removed"] = [{"id": t, "name": old[t]} for t in sorted(set(old) - set(new))]
    return result


class Causes:
    """Names the cause of a change from what differs between the two runs."""

    def __init__(self, databases: list[dict[str, Any]], terms: Mapping[str, list[Any]], config_changed: bool) -> None:
        self.by_role = {d["role"]: d["text"] for d in databases}
        self.terms_changed = any(terms.values())
        self.config_changed = config_changed

    def of(self, roles: Iterable[str], phenotype: bool = False) -> str:
        """The cause of a change that depends on the databases of ``roles`` (and on the patient's
        HPO terms when ``phenotype``)."""
        parts = [self.by_role[r] for r in roles if r in self.by_role]
        if phenotype and self.terms_changed:
            parts.append("the patient's HPO terms changed")
        if not parts:
            parts.append("settings changed (config hash)" if self.config_changed else "software or ranking of others")
        return "; ".join(parts)


def _class_of(candidate: Mapping[str, Any]) -> str:
    return str(candidate["acmg"]["class"])


def _criteria(candidate: Mapping[str, Any]) -> set[str]:
    return {e["label"] for e in candidate["acmg"]["criteria"]}


def _code(label: str) -> str:
    return label.split("_")[0]


def _clinvar(candidate: Mapping[str, Any] | None) -> str:
    return str((candidate or {}).get("clinvar", {}).get("CLNSIG") or "")


def _af(candidate: Mapping[str, Any] | None) -> Any:
    gnomad = (candidate or {}).get("gnomad") or {}
    return gnomad.get("FAF", gnomad.get("AF"))


def variant_changes(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]],
                    causes: Causes) -> list[dict[str, Any]]:
    """Per variant in either run: class, criteria, ClinVar assertion and population frequency
    changes, and entering or leaving the candidates, each with its cause."""
    changes = []
    for key in sorted(set(old) | set(new), key=_key_order):
        a, b = old.get(key), new.get(key)
        item: dict[str, Any] = {"key": key, "gene": (b or a or {}).get("gene", "")}
        if a is None or b is None:
            item["candidate"] = "entered" if a is None else "left"
            item["candidate_cause"] = causes.of(("gnomad", "annotation", "clinvar"))
        if _clinvar(a) != _clinvar(b):
            item["clinvar"] = {"old": _clinvar(a) or None, "new": _clinvar(b) or None,
                               "cause": causes.of(("clinvar",))}
        if a is not None and b is not None:
            if _af(a) != _af(b):
                item["population_af"] = {"old": _af(a), "new": _af(b), "cause": causes.of(("gnomad",))}
            if _class_of(a) != _class_of(b) or _criteria(a) != _criteria(b):
                added, removed = sorted(_criteria(b) - _criteria(a)), sorted(_criteria(a) - _criteria(b))
                roles = {CRITERION_SOURCE[_code(c)] for c in added + removed if _code(c) in CRITERION_SOURCE}
                item["acmg"] = {"old": _class_of(a), "new": _class_of(b), "criteria_added": added,
                                "criteria_removed": removed,
                                "cause": causes.of(sorted(roles), phenotype=any(_code(c) == "PP4"
                                                                               for c in added + removed))}
        elif b is not None:
            item["acmg"] = {"old": None, "new": _class_of(b), "criteria_added": sorted(_criteria(b)),
                            "criteria_removed": [], "cause": item["candidate_cause"]}
        if len(item) > 2:
            changes.append(item)
    return changes


def _key_order(key: str) -> tuple[str, int, str]:
    chrom, pos, rest = (key.split(":", 2) + ["", ""])[:3]
    return chrom, int(pos) if pos.isdigit() else 0, rest


def _diseases(candidate: Mapping[str, Any] | None) -> dict[str, str]:
    phenotype = (candidate or {}).get("phenotype") or {}
    return {d["id"]: d["name"] for d in phenotype.get("gene_diseases") or []}


def _phenotype_score(candidate: Mapping[str, Any] | None) -> float | None:
    phenotype = (candidate or {}).get("phenotype")
    return float(phenotype["score"]) if phenotype else None


def gene_changes(previous: Mapping[str, Any], current: Mapping[str, Any], causes: Causes,
                 settings: ReanalysisSettings) -> list[dict[str, Any]]:
    """Per gene within the top ``compare_top`` of either run: disease associations gained or lost,
    phenotype match moved by at least ``phenotype_move_min``, rank and posterior moves, and
    entering or leaving the top ``top_n``."""
    old, new = best_per_gene(previous["candidates"]), best_per_gene(current["candidates"])
    watched = {g for genes in (old, new) for g, c in genes.items() if c["gene_rank"] <= settings.compare_top}
    watched |= {g for g in set(old) | set(new) if set(_diseases(old.get(g))) != set(_diseases(new.get(g)))}
    changes = []
    for gene in sorted(watched):
        a, b = old.get(gene), new.get(gene)
        item: dict[str, Any] = {"gene": gene, "old_rank": a["gene_rank"] if a else None,
                                "new_rank": b["gene_rank"] if b else None,
                                "old_posterior": a.get("posterior") if a else None,
                                "new_posterior": b.get("posterior") if b else None}
        moved = False
        gained = {k: v for k, v in _diseases(b).items() if k not in _diseases(a)}
        lost = {k: v for k, v in _diseases(a).items() if k not in _diseases(b)}
        if a is not None and b is not None and (gained or lost):
            item["diseases_gained"] = [{"id": k, "name": v} for k, v in sorted(gained.items())]
            item["diseases_lost"] = [{"id": k, "name": v} for k, v in sorted(lost.items())]
            item["diseases_cause"] = causes.of(("hpo", "g2p"))
            moved = True
        s_old, s_new = _phenotype_score(a), _phenotype_score(b)
        if s_old is not None and s_new is not None and abs(s_new - s_old) >= settings.phenotype_move_min:
            item["phenotype"] = {"old": s_old, "new": s_new, "cause": causes.of(("hpo", "g2p"), phenotype=True)}
            moved = True
        if item["old_rank"] != item["new_rank"]:
            moved = True
        in_old = a is not None and a["gene_rank"] <= settings.top_n
        in_new = b is not None and b["gene_rank"] <= settings.top_n
        if in_old != in_new:
            item["top"] = "entered" if in_new else "left"
        if moved:
            changes.append(item)
    return sorted(changes, key=lambda c: (c["new_rank"] or 10**9, c["gene"]))


def alerts(variants: list[dict[str, Any]], genes: list[dict[str, Any]], current: Mapping[str, Any],
           settings: ReanalysisSettings) -> list[dict[str, Any]]:
    """The changes the alert rule (module docstring) selects, in the order the rule lists them."""
    found = []
    for v in variants:
        acmg = v.get("acmg")
        if acmg and acmg["new"] in settings.alert_classes and (
                acmg["old"] is None or CLASS_ORDER.get(acmg["old"], 0) < CLASS_ORDER[acmg["new"]]):
            found.append({"rule": "acmg_class_rose", "gene": v["gene"], "key": v["key"],
                          "text": f"{v['gene']} {v['key']}: ACMG {acmg['old'] or 'not a candidate'} → {acmg['new']} "
                                  f"({acmg['cause']})"})
    for v in variants:
        clinvar = v.get("clinvar")
        if clinvar and clinvar["new"] is not None and v.get("candidate") != "left" \
                and clinvar_significance(clinvar["new"]).is_pathogenic \
                and not clinvar_significance(clinvar["old"]).is_pathogenic:
            found.append({"rule": "clinvar_now_pathogenic", "gene": v["gene"], "key": v["key"],
                          "text": f"{v['gene']} {v['key']}: ClinVar {clinvar['old'] or 'no assertion'} → "
                                  f"{clinvar['new']} ({clinvar['cause']})"})
    for g in genes:
        posterior = g["new_posterior"]
        if g.get("top") == "entered" and posterior is not None and posterior >= settings.alert_posterior_min:
            found.append({"rule": "new_top_gene", "gene": g["gene"],
                          "text": f"{g['gene']} now ranks {g['new_rank']} (was {g['old_rank'] or 'not ranked'}), "
                                  f"posterior {posterior:.2f}"})
    best = best_per_gene(current["candidates"])
    for g in genes:
        score = _phenotype_score(best.get(g["gene"]))
        if g.get("diseases_gained") and score is not None and score >= settings.alert_phenotype_min:
            names = ", ".join(f"{d['id']} {d['name']}" for d in g["diseases_gained"])
            found.append({"rule": "new_disease_match", "gene": g["gene"],
                          "text": f"{g['gene']} gained {names}; phenotype match {score:.2f} ({g['diseases_cause']})"})
    return found


def _run_brief(document: Mapping[str, Any]) -> dict[str, Any]:
    return {"timestamp": document["run"]["timestamp"], "config_hash": document["run"]["config_hash"],
            "candidates": len(document["candidates"])}


def compare(previous: Mapping[str, Any] | None, current: Mapping[str, Any],
            settings: ReanalysisSettings) -> dict[str, Any]:
    """changes.json: what changed from ``previous`` to ``current`` (None: the case's first run)."""
    document: dict[str, Any] = {"schema_version": CHANGES_SCHEMA_VERSION, "case": current["case"]["case_id"],
                                "current": _run_brief(current), "previous": None, "settings": settings.__dict__,
                                "databases": [], "hpo_terms": {}, "variants": [], "genes": [], "alerts": [],
                                "changed": False}
    if previous is None:
        return document
    databases = database_changes(previous, current)
    terms = term_changes(previous, current)
    config_changed = previous["run"]["config_hash"] != current["run"]["config_hash"]
    causes = Causes(databases, terms, config_changed)
    old = {c["key"]: c for c in previous["candidates"]}
    new = {c["key"]: c for c in current["candidates"]}
    variants = variant_changes(old, new, causes)
    genes = gene_changes(previous, current, causes, settings)
    document.update(previous=_run_brief(previous), databases=databases, hpo_terms=terms, variants=variants,
                    genes=genes, alerts=alerts(variants, genes, current, settings), config_changed=config_changed)
    document["changed"] = bool(databases or any(terms.values()) or variants or genes or config_changed)
    return document


def settings_of(document: Mapping[str, Any]) -> ReanalysisSettings:
    """The reanalysis settings a run recorded (the defaults for a run from before they existed)."""
    section = document["run"]["config"].get("reanalysis")
    return ReanalysisSettings.from_config(section) if section else ReanalysisSettings()


def changes_since_previous(current_json: Path, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """changes.json of a case's current run (``current``: its document, read from
    ``current_json`` unless given) against the run before it in the case's history
    (``results/<case>/history/``, see traaser.history)."""
    current = current if current is not None else read_document(current_json)
    previous_entry = previous_run(current_json.parent, current_json, current["run"]["timestamp"])
    previous = read_document(previous_entry.candidates) if previous_entry else None
    document = compare(previous, current, settings_of(current))
    if previous_entry is not None:
        document["previous"]["history"] = f"{HISTORY}/{previous_entry.path.name}"
    return document


def write_changes(document: Mapping[str, Any], path: Path) -> None:
    write_text_atomic(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
