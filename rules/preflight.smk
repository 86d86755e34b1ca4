rule preflight:
    input:
        unpack(case_inputs),
    output:
        record="results/{case}/case.json",
    params:
        config=CONFIG_JSON,
    log:
        "results/{case}/logs/preflight.log",
    threads: 1
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    shell:
        "traaser preflight --config-json {params.config} --case {wildcards.case} "
        "--out {output.record} 2> {log}"
