# Check one case against its reference (build, contig names and lengths, sort order, sex) and
# write its case record. The case comes validated from load time; the job checks it alone.
rule preflight:
    input:
        vcf=case_vcf,
        ped=case_ped,
        reference=database_of("reference"),
    output:
        record="results/{case}/case.json",
    log:
        "results/{case}/logs/preflight.log",
    benchmark:
        "results/{case}/benchmarks/preflight.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("preflight", "threads")
    resources:
        mem_mb=job_resource("preflight", "mem_mb"),
        runtime=job_resource("preflight", "runtime"),
    params:
        case=case_json,
        databases=case_reference_json,
        manifest=MANIFEST,
        resources_dir=RESOURCES_DIR,
    shell:
        "traaser preflight --case {params.case} --databases {params.databases} "
        "--manifest {params.manifest} --resources-dir {params.resources_dir} "
        "--out {output.record} 2> {log}"
