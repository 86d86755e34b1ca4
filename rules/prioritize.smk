# ACMG evidence, phenotype match and inheritance fit; rank; write TSV/JSON/VCF and the record
# accounting. The HPO terms are a parameter of this rule alone: a phenotype change reruns only
# this step and the report. It records the provenance of every database the case uses.
rule prioritize:
    input:
        unpack(database_stamps),
        record=rules.preflight.output.record,
        bcf=shard_files(rules.annotate.output.bcf),
        counts=step_counts,
        hpo=hpo_release,
        annotation=database_of("annotation"),
        reference=database_of("reference"),
        constraint=database_of("constraint"),
        clingen_dosage=database_of("clingen_dosage"),
        g2p=database_of("g2p"),
        clinvar_index=clinvar_index_of,
    output:
        tsv="results/{case}/candidates.tsv",
        json="results/{case}/candidates.json",
        vcf="results/{case}/candidates.vcf.gz",
        counts="results/{case}/counts/prioritize.json",
        accounting="results/{case}/accounting.json",
    log:
        "results/{case}/logs/prioritize.log",
    benchmark:
        "results/{case}/benchmarks/prioritize.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("prioritize", "threads")
    resources:
        mem_mb=job_resource("prioritize", "mem_mb"),
        runtime=job_resource("prioritize", "runtime"),
    params:
        phenotype=phenotype_json,
        databases=case_databases_json,
        manifest=MANIFEST,
        resources_dir=RESOURCES_DIR,
        settings=SETTINGS_JSON,
        workdir="results/{case}/work",
    shell:
        "traaser prioritize --case-record {input.record} --phenotype {params.phenotype} "
        "--settings {params.settings} --vcf {input.bcf} --counts {input.counts} "
        "--hpo {input.hpo} --annotation={input.annotation} --reference={input.reference} "
        "--constraint={input.constraint} --clingen-dosage={input.clingen_dosage} "
        "--g2p={input.g2p} --databases {params.databases} --manifest {params.manifest} "
        "--resources-dir {params.resources_dir} "
        "--clinvar-index={input.clinvar_index} --tsv {output.tsv} --json {output.json} "
        "--out-vcf {output.vcf} --step-counts {output.counts} --accounting {output.accounting} "
        "--workdir {params.workdir} 2> {log}"
