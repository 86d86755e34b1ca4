# The clinician's HTML report of each case, from candidates.json alone, with what changed since
# the case's previous run (changes.json, from results/<case>/history/); and the cohort index
# with its alert list. Before any job runs, each case's current outputs are kept in its history
# (traaser.history), so a rerun never loses the report it replaces.


onstart:
    shell(
        f"traaser history --results results --keep {HISTORY_KEEP} {' '.join(CASES)}"
    )


rule report:
    input:
        json=rules.prioritize.output.json,
    output:
        html="results/{case}/report.html",
        changes="results/{case}/changes.json",
    log:
        "results/{case}/logs/report.log",
    benchmark:
        "results/{case}/benchmarks/report.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("report", "threads")
    resources:
        mem_mb=job_resource("report", "mem_mb"),
        runtime=job_resource("report", "runtime"),
    shell:
        "traaser report --candidates {input.json} --changes {output.changes} "
        "--out {output.html} 2> {log}"


rule cohort_index:
    input:
        json=expand(rules.prioritize.output.json, case=CASES),
        changes=expand(rules.report.output.changes, case=CASES),
    output:
        html="results/index.html",
        alerts="results/alerts.tsv",
    log:
        "results/logs/index.log",
    benchmark:
        "results/benchmarks/index.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("cohort_index", "threads")
    resources:
        mem_mb=job_resource("cohort_index", "mem_mb"),
        runtime=job_resource("cohort_index", "runtime"),
    shell:
        "traaser index --candidates {input.json} --alerts {output.alerts} "
        "--out {output.html} 2> {log}"


# `traaser run --reanalyse` (or `snakemake reanalysis`): every case re-ranked against the
# databases now configured, with its changes and the cohort's alert list.
rule reanalysis:
    input:
        expand(rules.report.output.html, case=CASES),
        rules.cohort_index.output.alerts,
