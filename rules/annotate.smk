# Join ClinVar and gnomAD fields into each shard (bcftools annotate, exact allele match).
# ClinVar or gnomAD not configured for the build: the option is passed empty and counted.
rule annotate:
    input:
        bcf=rules.consequences.output.bcf,
        clinvar=database_of("clinvar"),
        gnomad=database_of("gnomad"),
    output:
        bcf="results/{case}/work/shards/{shard}/annotated.bcf",
        csi="results/{case}/work/shards/{shard}/annotated.bcf.csi",
        counts="results/{case}/counts/annotate.{shard}.json",
    log:
        "results/{case}/logs/annotate.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/annotate.{shard}.tsv"
    conda:
        "envs/traaser.yaml"
    threads: annotate_threads
    resources:
        mem_mb=job_resource("annotate", "mem_mb"),
        runtime=job_resource("annotate", "runtime"),
    params:
        gnomad_fields=gnomad_fields_json,
        merge_bp=PLAN.config["scatter"]["join_window_merge_bp"],
    shell:
        "traaser annotate --vcf {input.bcf} --clinvar={input.clinvar} --gnomad={input.gnomad} "
        "--gnomad-fields {params.gnomad_fields} --window-merge-bp {params.merge_bp} --threads {threads} "
        "--out {output.bcf} --counts {output.counts} 2> {log}"
