rule report:
    input:
        json="results/{case}/candidates.json",
    output:
        html="results/{case}/report.html",
    log:
        "results/{case}/logs/report.log",
    threads: 1
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    shell:
        "traaser report --candidates {input.json} --out {output.html} 2> {log}"


rule cohort_index:
    input:
        json=expand("results/{case}/candidates.json", case=CASES),
    output:
        html="results/index.html",
    log:
        "results/logs/index.log",
    threads: 1
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    shell:
        "traaser index --candidates {input.json} --out {output.html} 2> {log}"
