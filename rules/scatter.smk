rule scatter:
    input:
        bcf="results/{case}/work/normalized.bcf",
        csi="results/{case}/work/normalized.bcf.csi",
    output:
        bcf="results/{case}/work/shards/{shard}/normalized.bcf",
        csi="results/{case}/work/shards/{shard}/normalized.bcf.csi",
        counts="results/{case}/counts/scatter.{shard}.json",
    log:
        "results/{case}/logs/scatter.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/scatter.{shard}.tsv",
    threads: job_resource("scatter", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("scatter", "mem_mb"),
        runtime=job_resource("scatter", "runtime"),
    shell:
        "traaser scatter --vcf {input.bcf} --shard {wildcards.shard} --out {output.bcf} "
        "--counts {output.counts} 2> {log}"
