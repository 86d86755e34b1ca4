# TRaaSer: from a patient's VCF and HPO terms to a ranked, explained report.
# Thin by design: config, validation (in rules/common.smk), one rules file per stage, target.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "rules/common.smk"
include: "rules/resources.smk"
include: "rules/preflight.smk"
include: "rules/normalize.smk"
include: "rules/scatter.smk"
include: "rules/consequences.smk"
include: "rules/annotate.smk"
include: "rules/prioritize.smk"
include: "rules/report.smk"


rule all:
    default_target: True
    input:
        expand("results/{case}/report.html", case=CASES),
        "results/index.html",
