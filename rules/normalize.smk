# Check REF against the reference, sort if needed, split multi-allelics, left-align, dedup.
rule normalize:
    input:
        record=rules.preflight.output.record,
        vcf=case_vcf,
        reference=database_of("reference"),
    output:
        bcf="results/{case}/work/normalized.bcf",
        csi="results/{case}/work/normalized.bcf.csi",
        counts="results/{case}/counts/normalize.json",
        excluded="results/{case}/excluded/normalize.tsv",
    log:
        "results/{case}/logs/normalize.log",
    benchmark:
        "results/{case}/benchmarks/normalize.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("normalize", "threads")
    resources:
        mem_mb=job_resource("normalize", "mem_mb"),
        runtime=job_resource("normalize", "runtime"),
    params:
        max_ref_mismatch=MAX_REF_MISMATCH,
    shell:
        "traaser normalize --case-record {input.record} --vcf {input.vcf} "
        "--reference {input.reference} --max-ref-mismatch-fraction {params.max_ref_mismatch} "
        "--out {output.bcf} --counts {output.counts} --excluded {output.excluded} 2> {log}"
