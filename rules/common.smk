# Load-time validation of the config, the manifest and every case, and the helpers rules use.
# A bad sample sheet, an unknown HPO id or a VCF/PED mismatch stops here, before any job runs,
# with one message naming the file, the value and the fix. Jobs never load the plan again:
# each rule declares the files its job reads and passes it the settings it needs.
import json
import re
import shlex
import sys

from traaser import paths
from traaser.errors import TraaserError
from traaser.plan import ensure_cli_on_path, load_plan

try:
    PLAN = load_plan(config, "config/config.yaml (with command-line overrides)")
except TraaserError as error:
    sys.exit(f"traaser: error: {error}")

CASES = sorted(PLAN.cases)
ensure_cli_on_path()
RESOURCES_DIR = str(PLAN.resources_dir)
MANIFEST = str(PLAN.manifest.path)
PREPARE_ARGS = PLAN.prepare_options()


wildcard_constraints:
    case="|".join(re.escape(case) for case in CASES) or "no-case",
    shard=r"\d+-of-\d+",


def case_vcf(wildcards):
    """The case's VCF as given in the sample sheet."""
    return str(PLAN.cases[wildcards.case].vcf)


def case_ped(wildcards):
    """The case's PED file, or nothing for a single sample."""
    ped = PLAN.cases[wildcards.case].ped
    return [str(ped)] if ped else []


def database_of(role):
    """An input function: the file a job reads for the case's database of ``role`` (a bundled
    file, or a downloaded database's prepare stamp), or nothing when the role is not configured.
    """
    return lambda wildcards: PLAN.database_input(PLAN.database(wildcards.case, role))


def hpo_release(wildcards):
    """The HPO release (bundled main file or prepare stamp) every case uses."""
    return PLAN.database_input(PLAN.hpo())


def resources_dir_of(wildcards, output):
    """The resources directory of a prepare job, read back from its stamp's path."""
    return str(paths.resources_dir_of_stamp(output.stamp))


def database_stamps(wildcards):
    """The prepare stamps of every downloaded database of the case (prioritize records their
    provenance)."""
    return {
        f"db_{db.id}": PLAN.database_input(db)[0]
        for db in PLAN.downloaded_of(wildcards.case)
    }


def case_json(wildcards):
    """The case as validated at load time, without its HPO terms (shell-quoted JSON)."""
    return shlex.quote(PLAN.case_json(wildcards.case))


def case_databases_json(wildcards):
    """role -> manifest id of the case's databases (shell-quoted JSON)."""
    return shlex.quote(PLAN.roles_json(wildcards.case))


def case_reference_json(wildcards):
    """The case's reference as role -> manifest id (shell-quoted JSON): the one database preflight
    reads, so a new ClinVar or gnomAD release does not rerun preflight and what follows it.
    """
    return shlex.quote(PLAN.roles_json(wildcards.case, ("reference",)))


def phenotype_json(wildcards):
    """The case's resolved HPO terms (shell-quoted JSON): a change reruns prioritize and report only."""
    return shlex.quote(PLAN.phenotype_json(wildcards.case))


def gnomad_fields_json(wildcards):
    """The gnomAD manifest entry's field names (shell-quoted JSON)."""
    gnomad = PLAN.database(wildcards.case, "gnomad")
    return shlex.quote(json.dumps(gnomad.fields if gnomad else {}, sort_keys=True))


def clinvar_index_of(wildcards):
    """The case build's ClinVar protein index, or nothing when no ClinVar is configured."""
    index = PLAN.clinvar_index(wildcards.case)
    return [str(index)] if index else []


def clinvar_index_inputs(wildcards):
    """The reference, annotation and ClinVar the index is made from (files or prepare stamps)."""
    return {
        role: PLAN.database_input(PLAN.manifest.get(getattr(wildcards, role)))
        for role in ("reference", "annotation", "clinvar")
    }


SETTINGS_JSON = shlex.quote(PLAN.results_config_json())
COLLECT_SETTINGS_JSON = shlex.quote(PLAN.results_config_json(("prioritize", "acmg")))
MAX_REF_MISMATCH = PLAN.config["normalize"]["max_ref_mismatch_fraction"]
HISTORY_KEEP = PLAN.config["history_keep"]


def job_resource(rule_name, key):
    """threads, mem_mb or runtime (minutes) of a rule, from config job_resources."""
    return PLAN.config["job_resources"][rule_name][key]


def annotate_threads(wildcards):
    """An unscattered case's annotate job may use the cores a scattered case's shards would
    (scatter.shards): its windowed join then runs in that many parts side by side."""
    threads = job_resource("annotate", "threads")
    if len(PLAN.shards(wildcards.case)) == 1:
        return max(threads, PLAN.config["scatter"]["shards"])
    return threads


def shard_files(pattern):
    """An input function: ``pattern`` filled in for each shard of the case (see traaser.scatter)."""
    return lambda wildcards: [
        pattern.format(case=wildcards.case, shard=shard)
        for shard in PLAN.shards(wildcards.case)
    ]


def step_counts(wildcards):
    """Counts files of the steps before prioritize, in order, every shard of a scattered step."""
    shards = PLAN.shards(wildcards.case)
    scattered = (rules.scatter, rules.consequences, rules.annotate)
    return [rules.normalize.output.counts.format(case=wildcards.case)] + [
        step.output.counts.format(case=wildcards.case, shard=shard)
        for step in scattered
        for shard in shards
    ]
