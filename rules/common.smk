# Load-time validation of the config, the manifest and every case, and the helpers rules use.
# A bad sample sheet, an unknown HPO id or a VCF/PED mismatch stops here, before any job runs,
# with one message naming the file, the value and the fix.
import re
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


wildcard_constraints:
    case="|".join(re.escape(case) for case in CASES) or "no-case",


def case_inputs(wildcards):
    """The case's own files (VCF, PED, phenopacket), so a changed input reruns its case."""
    case = PLAN.cases[wildcards.case]
    files = {"vcf": str(case.vcf)}
    if case.ped:
        files["ped"] = str(case.ped)
    if case.phenopacket:
        files["phenopacket"] = str(case.phenopacket)
    return files
