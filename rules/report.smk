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
