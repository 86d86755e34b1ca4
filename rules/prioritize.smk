# Collect the candidates of the annotated shards (every other record excluded for a counted
# reason); then ACMG evidence, phenotype match and inheritance fit; rank; write TSV/JSON/VCF and
# the record accounting. Collecting reads every record and does not depend on the HPO terms,
# which are a parameter of prioritize alone: a phenotype change reruns only prioritize and the
# report, from the collected candidates (which also hold their transcript models and ClinVar
# index entries). Prioritize records every database's provenance.
rule collect:
    input:
        record=rules.preflight.output.record,
        bcf=shard_files(rules.annotate.output.bcf),
        annotation=database_of("annotation"),
        clinvar_index=clinvar_index_of,
    output:
        collected="results/{case}/work/collected.pickle",
    log:
        "results/{case}/logs/collect.log",
    benchmark:
        "results/{case}/benchmarks/collect.tsv"
    conda:
        "envs/traaser.yaml"
    threads: job_resource("collect", "threads")
    resources:
        mem_mb=job_resource("collect", "mem_mb"),
        runtime=job_resource("collect", "runtime"),
    params:
        settings=COLLECT_SETTINGS_JSON,
        workdir="results/{case}/work",
    shell:
        "traaser collect --case-record {input.record} --settings {params.settings} "
        "--vcf {input.bcf} --annotation={input.annotation} "
        "--clinvar-index={input.clinvar_index} --out {output.collected} "
        "--workdir {params.workdir} 2> {log}"


rule prioritize:
    input:
        unpack(database_stamps),
        record=rules.preflight.output.record,
        collected=rules.collect.output.collected,
        bcf=shard_files(rules.annotate.output.bcf),
        counts=step_counts,
        hpo=hpo_release,
        reference=database_of("reference"),
        constraint=database_of("constraint"),
        clingen_dosage=database_of("clingen_dosage"),
        g2p=database_of("g2p"),
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
        settings=SETTINGS_JSON,
        databases=case_databases_json,
        manifest=MANIFEST,
        resources_dir=RESOURCES_DIR,
    shell:
        "traaser prioritize --case-record {input.record} --collected {input.collected} "
        "--phenotype {params.phenotype} "
        "--settings {params.settings} --vcf {input.bcf} --counts {input.counts} "
        "--hpo {input.hpo} --reference={input.reference} "
        "--constraint={input.constraint} --clingen-dosage={input.clingen_dosage} "
        "--g2p={input.g2p} --databases {params.databases} --manifest {params.manifest} "
        "--resources-dir {params.resources_dir} "
        "--tsv {output.tsv} --json {output.json} "
        "--out-vcf {output.vcf} --step-counts {output.counts} --accounting {output.accounting} "
        "2> {log}"
