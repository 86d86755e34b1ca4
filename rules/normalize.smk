rule normalize:
    input:
        record="results/{case}/case.json",
    output:
        bcf="results/{case}/work/normalized.bcf",
        csi="results/{case}/work/normalized.bcf.csi",
        counts="results/{case}/counts/normalize.json",
        excluded="results/{case}/excluded/normalize.tsv",
    log:
        "results/{case}/logs/normalize.log",
    benchmark:
        "results/{case}/benchmarks/normalize.tsv",
    threads: job_resource("normalize", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("normalize", "mem_mb"),
        runtime=job_resource("normalize", "runtime"),
    shell:
        "traaser normalize --case-record {input.record} --out {output.bcf} "
        "--counts {output.counts} --excluded {output.excluded} 2> {log}"
