# The clinician's HTML report of each case, from candidates.json alone; and the cohort index.
rule report:
    input:
        json=rules.prioritize.output.json,
    output:
        html="results/{case}/report.html",
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
        "traaser report --candidates {input.json} --out {output.html} 2> {log}"


rule cohort_index:
    input:
        json=expand(rules.prioritize.output.json, case=CASES),
    output:
        html="results/index.html",
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
        "traaser index --candidates {input.json} --out {output.html} 2> {log}"
