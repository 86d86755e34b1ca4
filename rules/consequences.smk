rule consequences:
    input:
        record="results/{case}/case.json",
        bcf="results/{case}/work/shards/{shard}/normalized.bcf",
    output:
        bcf="results/{case}/work/shards/{shard}/consequences.bcf",
        csi="results/{case}/work/shards/{shard}/consequences.bcf.csi",
        counts="results/{case}/counts/consequences.{shard}.json",
    log:
        "results/{case}/logs/consequences.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/consequences.{shard}.tsv",
    threads: job_resource("consequences", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("consequences", "mem_mb"),
        runtime=job_resource("consequences", "runtime"),
    shell:
        "traaser consequences --case-record {input.record} --vcf {input.bcf} "
        "--out {output.bcf} --counts {output.counts} 2> {log}"
