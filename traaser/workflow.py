"""What the Snakefile needs at load time: the validated config, the cases and their databases.

Everything here is cheap (headers, YAML, the HPO ontology) so that a bad sample sheet, an
unknown HPO id or a VCF/PED mismatch is refused before any job runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser.case import Case, load_cases
from traaser.config import check_config
from traaser.errors import ConfigError
from traaser.phenotype.ontology import load_ontology
from traaser.resources.manifest import Database, Manifest

REQUIRED_KINDS = ("reference", "annotation")
OPTIONAL_KINDS = ("clinvar", "gnomad", "constraint")


@dataclass
class Plan:
    """The validated run: config, manifest and the resolved cases."""

    config: dict[str, Any]
    manifest: Manifest
    cases: dict[str, Case]

    def database(self, case_id: str, kind: str) -> Database | None:
        """The database of ``kind`` configured for the case's build (None if not configured)."""
        build = self.cases[case_id].build
        database_id = self.config["databases"].get(build, {}).get(kind)
        if database_id is None:
            return None
        return self.manifest.get(database_id, kind=kind, build=build)

    def hpo(self) -> Database:
        return self.manifest.get(self.config["hpo"], kind="hpo")

    def config_json(self) -> str:
        return json.dumps(self.config, sort_keys=True)

    def config_hash(self) -> str:
        return hashlib.sha256(self.config_json().encode()).hexdigest()[:16]


def load_plan(config: dict[str, Any], where: str = "config/config.yaml") -> Plan:
    """Validate the config, the manifest and every case; raises a :class:`TraaserError` on the first problem."""
    config = check_config(config, where)
    manifest = Manifest(Path(config["manifest"]))
    hpo = manifest.get(config["hpo"], kind="hpo")
    hpo.check_present()
    ontology = load_ontology(str(hpo.path))
    cases = {case.case_id: case for case in load_cases(Path(config["samples"]), ontology)}
    plan = Plan(config, manifest, cases)
    for case in cases.values():
        if case.build not in config["databases"]:
            raise ConfigError(f"case '{case.case_id}' is {case.build} but no {case.build} databases are configured",
                              path=where, fix=f"add 'databases: {case.build}: ...' (see config/README.md)")
        for kind in REQUIRED_KINDS + OPTIONAL_KINDS:
            database = plan.database(case.case_id, kind)
            if database is not None:
                database.check_present()
    return plan


def ensure_cli_on_path() -> None:
    """Put the bin folder of the running Python first on PATH, so jobs that call ``traaser``
    use the same installation as Snakemake even when the environment was not activated."""
    bin_dir = os.path.dirname(sys.executable)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[0] != bin_dir:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])
