# Predict consequences with bcftools csq (reference + GFF3), or reuse BCSQ/CSQ/ANN in the VCF.
rule consequences:
    input:
        bcf=rules.normalize.output.bcf,
        csi=rules.normalize.output.csi,
        regions=rules.scatter.output.regions,
        reference=database_of("reference"),
        annotation=database_of("annotation"),
    output:
        bcf="results/{case}/work/shards/{shard}/consequences.bcf",
        csi="results/{case}/work/shards/{shard}/consequences.bcf.csi",
        counts="results/{case}/counts/consequences.{shard}.json",
    log:
        "results/{case}/logs/consequences.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/consequences.{shard}.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("consequences", "threads")
    resources:
        mem_mb=job_resource("consequences", "mem_mb"),
        runtime=job_resource("consequences", "runtime"),
    shell:
        "traaser consequences --vcf {input.bcf} --regions {input.regions} --reference {input.reference} "
        "--annotation {input.annotation} --out {output.bcf} --counts {output.counts} 2> {log}"
