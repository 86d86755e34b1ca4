# Fetch (verified, resumable) and prepare every downloaded database a case needs. Bundled
# databases need no job. The stamp lists the prepared outputs and their checksums.
rule prepare_database:
    output:
        stamp=paths.resource_pattern(paths.PREPARED_STAMP, RESOURCES_DIR),
    log:
        f"{RESOURCES_DIR}/logs/{{database}}.log",
    benchmark:
        f"{RESOURCES_DIR}/benchmarks/{{database}}.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("prepare_database", "threads")
    resources:
        mem_mb=job_resource("prepare_database", "mem_mb"),
        runtime=job_resource("prepare_database", "runtime"),
    params:
        manifest=MANIFEST,
        dest=resources_dir_of,
        options=PREPARE_ARGS,
    shell:
        "traaser resources prepare --only {wildcards.database} --manifest {params.manifest} "
        "--dest {params.dest} {params.options} 2> {log}"


# The protein-level ClinVar index (same bcftools csq step as the cases) for PS1/PM5/PM1/PP2/BP1,
# derived once per reference + annotation + ClinVar release.
rule clinvar_index:
    input:
        unpack(clinvar_index_inputs),
    output:
        index=paths.resource_pattern(paths.CLINVAR_INDEX, RESOURCES_DIR),
    log:
        f"{RESOURCES_DIR}/logs/clinvar_index.{{reference}}.{{annotation}}.{{clinvar}}.log",
    benchmark:
        f"{RESOURCES_DIR}/benchmarks/clinvar_index.{{reference}}.{{annotation}}.{{clinvar}}.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("clinvar_index", "threads")
    resources:
        mem_mb=job_resource("clinvar_index", "mem_mb"),
        runtime=job_resource("clinvar_index", "runtime"),
    shell:
        "traaser clinvar-index --reference {input.reference} --annotation {input.annotation} "
        "--clinvar {input.clinvar} --out {output.index} 2> {log}"
