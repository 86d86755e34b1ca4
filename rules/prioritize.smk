rule prioritize:
    input:
        record="results/{case}/case.json",
        bcf=shard_files("results/{case}/work/shards/{shard}/annotated.bcf"),
        clinvar_index=clinvar_index_of,
        counts=step_counts,
    output:
        tsv="results/{case}/candidates.tsv",
        json="results/{case}/candidates.json",
        vcf="results/{case}/candidates.vcf.gz",
        counts="results/{case}/counts/prioritize.json",
        accounting="results/{case}/accounting.json",
    log:
        "results/{case}/logs/prioritize.log",
    benchmark:
        "results/{case}/benchmarks/prioritize.tsv",
    threads: job_resource("prioritize", "threads")
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=job_resource("prioritize", "mem_mb"),
        runtime=job_resource("prioritize", "runtime"),
    shell:
        "traaser prioritize --case-record {input.record} --vcf {input.bcf} "
        "--counts {input.counts} --outdir results/{wildcards.case} 2> {log}"
