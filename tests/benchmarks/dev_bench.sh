#!/usr/bin/env bash
# The development benchmark on its four backgrounds, with the posterior's facts tables, then the
# cross-validated refit (figures only; pass --write PATH through FIT_ARGS to update the model).
#   tests/benchmarks/dev_bench.sh ../shared/bench OUT        (about 7 min on 2 cores, then ~100 s)
# Writes OUT/{trio,giab1,pfeiffer,hu}/ (summary.tsv, per_case.tsv, reliability.tsv, facts.tsv.gz)
# and OUT/fit.txt. Two runs go side by side; each prints its summary to OUT/<name>.log.
set -euo pipefail
bench=${1:?usage: dev_bench.sh BENCH_DIR OUT}
out=${2:?usage: dev_bench.sh BENCH_DIR OUT}
cd "$(dirname "$0")/../.."
py=${PYTHON:-.venv/bin/python}
mkdir -p "$out"
cases="$bench/dev_cases.jsonl"
giab=(--background tests/data/giab-trio/ashk-trio.GRCh37.vcf.gz --ped tests/data/giab-trio/ashk-trio.ped --proband HG002)
run() {   # name, then the bench arguments
    local name=$1; shift
    "$py" -m traaser bench --cases "$cases" --mode spike --features "$@" --out "$out/$name" > "$out/$name.log" 2>&1
}
run trio "${giab[@]}" & first=$!
run giab1 "${giab[@]}" --proband-only
wait "$first"
run pfeiffer --background "$bench/background/Pfeiffer_manuel.GRCh37.composite.vcf.gz" --proband manuel & first=$!
run hu --background "$bench/background/hu82436A.GRCh37.composite.vcf.gz" --proband LH7161
wait "$first"
grep -h "rank=gene_rank" "$out"/{trio,giab1,pfeiffer,hu}.log | cut -f 2,5-
# shellcheck disable=SC2086
"$py" tests/benchmarks/fit_posterior.py "$out"/{trio,giab1,pfeiffer,hu} ${FIT_ARGS:-} | tee "$out/fit.txt"
