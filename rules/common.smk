# Load-time validation of the config, the manifest and every case, and the helpers rules use.
# A bad sample sheet, an unknown HPO id or a VCF/PED mismatch stops here, before any job runs,
# with one message naming the file, the value and the fix.
import re
from pathlib import Path
import shlex
import sys

from traaser.errors import TraaserError
from traaser.workflow import ensure_cli_on_path, load_plan

try:
    PLAN = load_plan(config, "config/config.yaml (with command-line overrides)")
except TraaserError as error:
    sys.exit(f"traaser: error: {error}")

CASES = sorted(PLAN.cases)
ensure_cli_on_path()
CONFIG_JSON = shlex.quote(PLAN.config_json())
RESOURCES_DIR = str(PLAN.resources_dir)
MANIFEST = str(PLAN.manifest.path)
MIRROR_ARGS = f"--mirror {shlex.quote(PLAN.config['resources_mirror'])}" if PLAN.config["resources_mirror"] else ""


wildcard_constraints:
    case="|".join(re.escape(case) for case in CASES) or "no-case",
    shard=r"\d+-of-\d+",


def case_inputs(wildcards):
    """The case's own files (VCF, PED, phenopacket) and the stamps of its downloaded databases."""
    case = PLAN.cases[wildcards.case]
    files = {"vcf": str(case.vcf)}
    for database in PLAN.downloaded_of(wildcards.case):
        files[f"db_{database.id}"] = f"{RESOURCES_DIR}/{database.id}/prepared/prepared.json"
    if case.ped:
        files["ped"] = str(case.ped)
    if case.phenopacket:
        files["phenopacket"] = str(case.phenopacket)
    return files


def resources_dir_of(wildcards, output):
    """The resources directory, read back from the stamp path <dir>/<id>/prepared/prepared.json."""
    return str(Path(output.stamp).parents[2])


def clinvar_index_of(wildcards):
    """The case build's ClinVar protein index, or nothing when no ClinVar is configured."""
    index = PLAN.clinvar_index(wildcards.case)
    return [str(index)] if index else []


def clinvar_index_inputs(wildcards):
    """Stamps of the downloaded databases the index is made from (bundled ones need none)."""
    return {db: f"{RESOURCES_DIR}/{db}/prepared/prepared.json"
            for db in (wildcards.reference, wildcards.annotation, wildcards.clinvar)
            if not PLAN.manifest.get(db).bundled}


def derived_resources_dir(wildcards, output):
    """The resources directory, read back from <dir>/derived/<ref>/<annotation>/<file>."""
    return str(Path(output.index).parents[3])


def job_resource(rule_name, key):
    """threads, mem_mb or runtime (minutes) of a rule, from config job_resources."""
    return PLAN.config["job_resources"][rule_name][key]


def shard_files(pattern):
    """An input function: ``pattern`` filled in for each shard of the case (see traaser.scatter)."""
    return lambda wildcards: [pattern.format(case=wildcards.case, shard=shard) for shard in PLAN.shards(wildcards.case)]


def step_counts(wildcards):
    """Counts files of the steps before prioritize, in order, every shard of a scattered step."""
    shards = PLAN.shards(wildcards.case)
    return [f"results/{wildcards.case}/counts/normalize.json"] + [
        f"results/{wildcards.case}/counts/{step}.{shard}.json"
        for step in ("scatter", "consequences", "annotate") for shard in shards]
