rule preflight:
    input:
        unpack(case_inputs),
    output:
        record="results/{case}/case.json",
    params:
        config=CONFIG_JSON,
    log:
        "results/{case}/logs/preflight.log",
    benchmark:
        "results/{case}/benchmarks/preflight.tsv",
    threads: job_resource("preflight", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("preflight", "mem_mb"),
        runtime=job_resource("preflight", "runtime"),
    shell:
        "traaser preflight --config-json {params.config} --case {wildcards.case} "
        "--out {output.record} 2> {log}"
