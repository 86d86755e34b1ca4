rule annotate:
    input:
        record="results/{case}/case.json",
        bcf="results/{case}/work/shards/{shard}/consequences.bcf",
    output:
        bcf="results/{case}/work/shards/{shard}/annotated.bcf",
        csi="results/{case}/work/shards/{shard}/annotated.bcf.csi",
        counts="results/{case}/counts/annotate.{shard}.json",
    log:
        "results/{case}/logs/annotate.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/annotate.{shard}.tsv",
    threads: job_resource("annotate", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("annotate", "mem_mb"),
        runtime=job_resource("annotate", "runtime"),
    shell:
        "traaser annotate --case-record {input.record} --vcf {input.bcf} "
        "--out {output.bcf} --counts {output.counts} 2> {log}"


rule clinvar_index:
    input:
        unpack(clinvar_index_inputs),
    output:
        index=f"{RESOURCES_DIR}/derived/{{reference}}/{{annotation}}/{{clinvar}}.clinvar_index.tsv.gz",
    params:
        manifest=MANIFEST,
        dest=derived_resources_dir,
    log:
        f"{RESOURCES_DIR}/logs/clinvar_index.{{reference}}.{{annotation}}.{{clinvar}}.log",
    benchmark:
        f"{RESOURCES_DIR}/benchmarks/clinvar_index.{{reference}}.{{annotation}}.{{clinvar}}.tsv",
    threads: job_resource("clinvar_index", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("clinvar_index", "mem_mb"),
        runtime=job_resource("clinvar_index", "runtime"),
    shell:
        "traaser clinvar-index --manifest {params.manifest} --dest {params.dest} "
        "--reference {wildcards.reference} --annotation {wildcards.annotation} "
        "--clinvar {wildcards.clinvar} --out {output.index} 2> {log}"
