rule annotate:
    input:
        record="results/{case}/case.json",
        bcf="results/{case}/work/consequences.bcf",
    output:
        bcf="results/{case}/work/annotated.bcf",
        csi="results/{case}/work/annotated.bcf.csi",
        counts="results/{case}/counts/annotate.json",
    log:
        "results/{case}/logs/annotate.log",
    threads: 1
    conda:
        "envs/traaser.yaml"
    resources:
        mem_mb=4000,
        runtime=120,
    shell:
        "traaser annotate --case-record {input.record} --vcf {input.bcf} "
        "--out {output.bcf} --counts {output.counts} 2> {log}"
