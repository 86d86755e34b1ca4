"""Bad VCFs (tests/data/bad/, written by hand to hit FAULTS.md): each is refused with a clear
message or handled with the right count, and no run prints a Python traceback."""

import json

import pytest

from conftest import DATA, run_snakemake, write_workflow_dir

BAD = DATA / "bad"
NOT_ASSESSED = "normalize: ALT not assessed (symbolic, '*', breakend or missing): kept out of annotation"

# fixture: ("refused", message fragment) or ("handled", records in, {reason: count} that must appear)
CASES = {
    "crlf.vcf": ("handled", 3, {}),
    "no_final_newline.vcf": ("handled", 3, {}),
    "header_only.vcf": ("handled", 0, {}),
    "missing_genotypes.vcf": ("handled", 3, {"prioritize: proband genotype missing": 2}),
    "haploid_x.vcf": ("handled", 4, {}),
    "star_and_symbolic_alleles.vcf": ("handled", 3, {NOT_ASSESSED: 2}),
    "ref_mismatch.vcf": ("handled", 26, {"normalize: REF differs from the reference FASTA": 1}),
    "position_past_contig_end.vcf": ("handled", 4, {"normalize: position past the contig end": 1}),
    "contig_not_in_reference.vcf": ("handled", 4, {"normalize: contig not in the reference FASTA": 1}),
    "duplicate_records.vcf": ("handled", 4, {"normalize: exact duplicate record": 1}),
    "multiallelic.vcf": ("handled", 3, {}),
    "chr_prefix.vcf": ("handled", 3, {}),
    "unsorted.vcf": ("handled", 3, {}),
    "format_fewer_values.vcf": ("handled", 3, {}),
    "undeclared_info_tag.vcf": ("handled", 3, {}),
    "non_utf8_bytes.vcf": ("handled", 4, {}),
    "gt_allele_index_too_large.vcf": ("handled", 3, {"prioritize: proband GT allele index beyond the ALT alleles": 1}),
    "grch38_contig_lengths.vcf": ("refused", "contig lengths match GRCh38"),
    "plain_gzip.vcf.gz": ("refused", "not with bgzip"),
    "truncated_bgzip.vcf.gz": ("refused", "may be truncated"),
    # found by tests/benchmarks/fuzz_parsers.py: a non-UTF-8 sample name crashed with UnicodeDecodeError
    "non_utf8_sample_name.vcf": ("refused", "not valid UTF-8"),
}


def test_every_fixture_has_an_expectation():
    assert {p.name for p in BAD.iterdir()} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_vcf(tmp_path, name):
    workdir = write_workflow_dir(tmp_path, [{"case_id": "bad", "vcf": str(BAD / name), "proband": "S1",
                                             "build": "GRCh37", "hpo_terms": "HP:0001250", "sex": "male"}])
    result = run_snakemake(workdir)
    logs = "".join(p.read_text() for p in (workdir / "results" / "bad" / "logs").glob("*.log")) \
        if (workdir / "results" / "bad" / "logs").exists() else ""
    assert "Traceback" not in result.stdout + result.stderr + logs
    expected = CASES[name]
    if expected[0] == "refused":
        assert result.returncode != 0 and expected[1] in result.stderr and "Fix:" in result.stderr
        return
    assert result.returncode == 0, result.stderr[-2000:]
    accounting = json.loads((workdir / "results" / "bad" / "accounting.json").read_text())
    assert accounting["balanced"] and accounting["records_in"] == expected[1]
    for reason, count in expected[2].items():
        assert accounting["excluded"].get(reason) == count, (reason, accounting["excluded"])
    if name == "header_only.vcf":
        assert "0 variants in input" in (workdir / "results" / "bad" / "report.html").read_text()
    if name == "multiallelic.vcf":
        steps = {s["step"]: s for s in accounting["steps"]}
        assert steps["normalize"]["records_added"] == 1, "one 2-ALT record split into two"
    if name == "undeclared_info_tag.vcf":
        steps = {s["step"]: s for s in accounting["steps"]}
        assert any("MYTAG" in w for w in steps["normalize"]["warnings"])
