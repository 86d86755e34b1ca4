# Fetch (verified, resumable) and prepare every downloaded database a case needs. Bundled
# databases need no job. The stamp lists the prepared outputs and their checksums.
rule prepare_database:
    output:
        stamp=f"{RESOURCES_DIR}/{{database}}/prepared/prepared.json",
    params:
        manifest=MANIFEST,
        dest=resources_dir_of,
        mirror=MIRROR_ARGS,
    log:
        f"{RESOURCES_DIR}/logs/{{database}}.log",
    benchmark:
        f"{RESOURCES_DIR}/benchmarks/{{database}}.tsv",
    threads: job_resource("prepare_database", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("prepare_database", "mem_mb"),
        runtime=job_resource("prepare_database", "runtime"),
    shell:
        "traaser resources prepare --only {wildcards.database} --manifest {params.manifest} "
        "--dest {params.dest} {params.mirror} 2> {log}"
