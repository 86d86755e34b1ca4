"""What the Snakefile needs at load time: the validated config, the cases and their databases,
and what each rule declares from them (the files a job reads, the settings it is given).

Everything here is cheap (headers, YAML, the HPO ontology) so that a bad sample sheet, an
unknown HPO id or a VCF/PED mismatch is refused before any job runs. Jobs never load the plan
again: each gets its case, files and settings from its rule.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traaser import paths
from traaser.case import Case, load_cases
from traaser.config import check_config, manifest_path, results_settings
from traaser.config import resources_dir as configured_resources_dir
from traaser.errors import ConfigError, ResourceError
from traaser.phenotype.ontology import load_ontology
from traaser.resources.manifest import Database, Manifest
from traaser.resources.status import resolve
from traaser.scatter import shard_labels
from traaser.vcf.build import check_declared_build

REQUIRED_KINDS = ("reference", "annotation")
OPTIONAL_KINDS = ("clinvar", "gnomad", "constraint", "clingen_dosage", "g2p")


@dataclass
class Plan:
    """The validated run: config, manifest and the resolved cases."""

    config: dict[str, Any]
    manifest: Manifest
    cases: dict[str, Case]

    @property
    def resources_dir(self) -> Path:
        return configured_resources_dir(self.config)

    def roles_of(self, case_id: str) -> dict[str, Database]:
        """Each database role of the case's build that the config fills (kinds, then 'hpo')."""
        roles = {kind: db for kind in REQUIRED_KINDS + OPTIONAL_KINDS
                 if (db := self.database(case_id, kind)) is not None}
        return roles | {"hpo": self.hpo()}

    def databases_of(self, case_id: str) -> list[Database]:
        """Every database the case's build uses (configured kinds plus the HPO release)."""
        return list(self.roles_of(case_id).values())

    def downloaded_of(self, case_id: str) -> list[Database]:
        """The databases of a case that come from downloads (prepared by rules/resources.smk)."""
        return [db for db in self.databases_of(case_id) if not db.bundled]

    def database(self, case_id: str, kind: str) -> Database | None:
        """The database of ``kind`` configured for the case's build (None if not configured)."""
        build = self.cases[case_id].build
        database_id = self.config["databases"].get(build, {}).get(kind)
        if database_id is None:
            return None
        return self.manifest.get(database_id, kind=kind, build=build)

    def database_input(self, database: Database | None) -> list[str]:
        """What a rule declares for a database a job reads: a bundled database's main file, a
        downloaded one's prepare stamp (which the job resolves, traaser.resources.status.database_file),
        nothing when the role is not configured."""
        if database is None:
            return []
        if database.bundled:
            return [str(database.path)]
        return [str(paths.prepared_stamp(self.resources_dir, database.id))]

    def case_json(self, case_id: str) -> str:
        """The resolved case without its HPO terms, as the preflight job is given it."""
        return json.dumps(self.cases[case_id].to_json(with_terms=False), sort_keys=True)

    def phenotype_json(self, case_id: str) -> str:
        """The case's resolved HPO terms (and phenopacket path), as the prioritize job is given them."""
        case = self.cases[case_id].to_json()
        return json.dumps({key: case[key] for key in ("hpo_terms", "excluded_terms", "phenopacket")}, sort_keys=True)

    def roles_json(self, case_id: str, only: tuple[str, ...] | None = None) -> str:
        """role -> manifest id of the case's databases (of the roles ``only`` when given), as the
        preflight job (its reference) and the prioritize job (all, for provenance) are given them."""
        return json.dumps({role: db.id for role, db in self.roles_of(case_id).items() if only is None or role in only},
                          sort_keys=True)

    def shards(self, case_id: str) -> list[str]:
        """Shard labels of a case: config scatter.shards for a VCF of at least scatter.min_vcf_mb
        megabytes (on disk), else one shard."""
        settings = self.config["scatter"]
        size_mb = self.cases[case_id].vcf.stat().st_size / 1e6
        return shard_labels(settings["shards"] if size_mb >= settings["min_vcf_mb"] else 1)

    def clinvar_index(self, case_id: str) -> Path | None:
        """Where the protein-level ClinVar index of the case's build lives (None without ClinVar)."""
        clinvar = self.database(case_id, "clinvar")
        reference, annotation = self.database(case_id, "reference"), self.database(case_id, "annotation")
        if clinvar is None or reference is None or annotation is None:
            return None
        return paths.clinvar_index(self.resources_dir, reference.id, annotation.id, clinvar.id)

    def prepare_options(self) -> str:
        """The options of every `traaser resources prepare` job (mirror, --discard-raw), shell-quoted."""
        options = []
        if self.config["resources_mirror"]:
            options.append(f"--mirror {shlex.quote(self.config['resources_mirror'])}")
        if self.config["resources_discard_raw"]:
            options.append("--discard-raw")
        return " ".join(options)

    def hpo(self) -> Database:
        return self.manifest.get(self.config["hpo"], kind="hpo")

    def results_config(self) -> dict[str, Any]:
        """The settings that shape results (the config less its execution-only keys)."""
        return results_settings(self.config)

    def results_config_json(self, sections: tuple[str, ...] | None = None) -> str:
        """The results-shaping settings as the prioritize job is given them (and records), or
        only the ``sections`` a job reads (collect: prioritize and acmg)."""
        settings = self.results_config()
        if sections is not None:
            settings = {key: settings[key] for key in sections}
        return json.dumps(settings, sort_keys=True)


def load_plan(config: dict[str, Any], where: str = "config/config.yaml") -> Plan:
    """Validate the config, the manifest and every case; raises a :class:`TraaserError` on the first problem."""
    config = check_config(config, where)
    manifest = Manifest(manifest_path(config))
    ontology = load_ontology(str(hpo_obo(manifest.get(config["hpo"], kind="hpo"), configured_resources_dir(config))))
    cases = {case.case_id: case for case in load_cases(Path(config["samples"]), ontology)}
    plan = Plan(config, manifest, cases)
    for case in cases.values():
        check_declared_build(case.vcf, case.build)
        if case.build not in config["databases"]:
            raise ConfigError(f"case '{case.case_id}' is {case.build} but no {case.build} databases are configured",
                              path=where, fix=f"add 'databases: {case.build}: ...' (see config/README.md)")
        for database in plan.databases_of(case.case_id):
            if database.bundled:
                database.check_present()
    return plan


def command_line(argv: list[str]) -> str:
    """The command as a user would type it: ``python -m snakemake`` (argv[0] is then the
    module's __main__.py) is shown as ``snakemake``; arguments are shell-quoted."""
    program = "snakemake" if os.path.basename(os.path.dirname(argv[0])) == "snakemake" else argv[0]
    return shlex.join([program, *argv[1:]])


def ensure_cli_on_path() -> None:
    """Put the bin folder of the running Python first on PATH, so jobs that call ``traaser``
    use the same installation as Snakemake even when the environment was not activated; and
    remember the command line that started the run (TRAASER_COMMAND, inherited by every job)
    for the report's provenance."""
    os.environ.setdefault("TRAASER_COMMAND", command_line(sys.argv))
    bin_dir = os.path.dirname(sys.executable)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[0] != bin_dir:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])


def hpo_obo(hpo: Database, resources_dir: Path) -> Path:
    """hp.obo(.gz) of the HPO release, needed at load time to check the cases' HPO ids."""
    if hpo.bundled:
        hpo.check_present()
        return next(spec.path for spec in hpo.files if spec.path is not None and spec.name.startswith("hp.obo"))
    try:
        folder, _ = resolve(hpo, resources_dir)
    except ResourceError as err:
        raise ResourceError(f"{err} (the HPO release is needed before any job runs, to check the cases' HPO ids)",
                            fix=f"run: traaser resources prepare --only {hpo.id} --dest {resources_dir}") from None
    return folder / "hp.obo.gz"
