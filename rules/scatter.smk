# Deal a large case's chromosomes out to shards (one shard for a small case): a contig list each.
rule scatter:
    input:
        bcf=rules.normalize.output.bcf,
        csi=rules.normalize.output.csi,
    output:
        regions="results/{case}/work/shards/{shard}/regions.txt",
        counts="results/{case}/counts/scatter.{shard}.json",
    log:
        "results/{case}/logs/scatter.{shard}.log",
    benchmark:
        "results/{case}/benchmarks/scatter.{shard}.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("scatter", "threads")
    resources:
        mem_mb=job_resource("scatter", "mem_mb"),
        runtime=job_resource("scatter", "runtime"),
    shell:
        "traaser scatter --vcf {input.bcf} --shard {wildcards.shard} --out {output.regions} "
        "--counts {output.counts} 2> {log}"
