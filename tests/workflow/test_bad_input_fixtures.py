"""Every bad-input fixture in tests/data/bad/ (written by hand to hit each bullet of FAULTS.md) runs
through the real workflow and ends one of two ways (FAULTS.md: "Either it is refused with a clear
error ... Or it is handled and counted"): refused with a message fragment, "Fix:" and a non-zero
exit, or handled with records in = out + excluded and the named exclusion counts. No run may print
a Python traceback.

A fixture's kind says where it goes: ``vcf`` is the case VCF (proband S1); ``ped``, ``phenopacket``
and ``sheet`` replace the demo case's PED, phenopacket or the whole sample sheet (the demo trio VCF).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, DEMO_ROW, run_snakemake, write_workflow_dir

BAD = DATA / "bad"
NOT_ASSESSED = "normalize: ALT not assessed (symbolic, '*', breakend or missing)"
REF_MISMATCH = "normalize: REF differs from the reference FASTA"
GVCF_BLOCK = "normalize: gVCF reference block (ALT only <NON_REF> or <*>): no allele called"
SPLIT_OFF = "normalize: symbolic or '*' ALT split off a record with a real ALT: kept out of annotation"
NO_CONTIG = "normalize: contig not in the reference FASTA"
GT_MISSING = "prioritize: proband genotype missing"
INDEX_FILES = {"stale_index.vcf.gz.tbi"}   # read together with their VCF

# fixture: (kind, "refused", message fragment) or (kind, "handled", records in, {reason: count})
CASES: dict[str, tuple] = {
    # VCF content: naming and build
    "chr_prefix.vcf": ("vcf", "handled", 3, {}),
    "chrM_vs_MT.vcf": ("vcf", "handled", 3, {NO_CONTIG: 1}),
    "refseq_accessions.vcf": ("vcf", "handled", 3, {}),
    "contig_not_in_reference.vcf": ("vcf", "handled", 4, {NO_CONTIG: 1}),
    "grch38_contig_lengths.vcf": ("vcf", "refused", "contig lengths match GRCh38"),
    "ref_mismatch.vcf": ("vcf", "handled", 26, {REF_MISMATCH: 1}),
    # no ##contig lengths: the build is judged by the REF mismatch rate, both numbers in the message
    "ref_mismatch_rate_wrong_build.vcf": ("vcf", "refused", "12 of 12 checkable records (100.0%) have a REF"),
    # alleles
    "multiallelic.vcf": ("vcf", "handled", 3, {}),
    "star_and_symbolic_alleles.vcf": ("vcf", "handled", 3, {NOT_ASSESSED: 2}),
    "alt_missing_and_breakend.vcf": ("vcf", "handled", 3, {NOT_ASSESSED: 2}),
    # a gVCF given by mistake: blocks counted, each real allele beside <NON_REF> kept (split off and counted)
    "gvcf_with_reference_blocks.g.vcf": ("vcf", "handled", 4, {GVCF_BLOCK: 2, SPLIT_OFF: 2}),
    "thousands_of_alts.vcf.gz": ("vcf", "handled", 2, {}),
    # genotypes
    "missing_genotypes.vcf": ("vcf", "handled", 3, {GT_MISSING: 2}),
    # FAULTS.md: "partially missing GT ... treat as missing, never as reference" ('./1' and '0/.')
    "partially_missing_gt.vcf": ("vcf", "handled", 3, {GT_MISSING: 2}),
    "format_fewer_values.vcf": ("vcf", "handled", 3, {}),
    "haploid_x.vcf": ("vcf", "handled", 4, {}),
    "gt_allele_index_too_large.vcf": ("vcf", "handled", 3,
                                      {"prioritize: proband GT allele index beyond the ALT alleles": 1}),
    # positions and order
    "pos_zero.vcf": ("vcf", "handled", 3, {"normalize: POS 0 (not a valid 1-based position)": 1}),
    "position_past_contig_end.vcf": ("vcf", "handled", 4, {"normalize: position past the contig end": 1}),
    "unsorted.vcf": ("vcf", "handled", 3, {}),
    "interleaved_chromosomes.vcf": ("vcf", "handled", 3, {}),
    "duplicate_records.vcf": ("vcf", "handled", 4, {"normalize: exact duplicate record": 1}),
    # header fields
    "undeclared_info_tag.vcf": ("vcf", "handled", 3, {}),
    # FAULTS.md: undeclared tags, malformed values, Number mismatches "fail for fields the pipeline uses"
    "undeclared_format_tag.vcf": ("vcf", "refused", "use AD without declaring it"),
    "malformed_format_value.vcf": ("vcf", "refused", "Invalid character 'a' in 'GQ'"),
    "number_mismatch_ad.vcf": ("vcf", "refused", "FORMAT/AD at 1:871160 has 3 values"),
    "vep_csq_without_format.vcf": ("vcf", "refused", "has no 'Format: Allele|Consequence"),
    # ... and an unused field's bad value is left to htslib (INFO/DP is never read)
    "malformed_info_value.vcf": ("vcf", "handled", 2, {}),
    "vep_csq_malformed_value.vcf": ("vcf", "handled", 3, {
        "prioritize: consequence annotation malformed (not as many fields as the header's Format)": 1}),
    "header_only.vcf": ("vcf", "handled", 0, {}),
    "sites_only.vcf": ("vcf", "refused", "is not a sample of"),
    # files and bytes
    "plain_gzip.vcf.gz": ("vcf", "refused", "not with bgzip"),
    "truncated_bgzip.vcf.gz": ("vcf", "refused", "may be truncated"),
    "missing_index.vcf.gz": ("vcf", "handled", 3, {}),
    "stale_index.vcf.gz": ("vcf", "handled", 6, {}),
    "crlf.vcf": ("vcf", "handled", 3, {}),
    "no_final_newline.vcf": ("vcf", "handled", 3, {}),
    "non_utf8_bytes.vcf": ("vcf", "handled", 4, {}),
    "huge_info.vcf.gz": ("vcf", "handled", 2, {}),
    # found by tests/benchmarks/fuzz_parsers.py: a record with too few columns crashed with ValueError
    "wrong_column_count.vcf": ("vcf", "refused", "record 2 cannot be parsed"),
    # found by tests/benchmarks/fuzz_parsers.py: a non-UTF-8 sample name crashed with UnicodeDecodeError
    "non_utf8_sample_name.vcf": ("vcf", "refused", "not valid UTF-8"),
    # samples
    "duplicate_sample_names.vcf": ("vcf", "refused", "duplicate sample names"),
    "html_sample_name.vcf": ("vcf", "handled", 2, {}),
    # PED
    "ped_space_separated.ped": ("ped", "handled", None, {}),
    "ped_blank_lines.ped": ("ped", "handled", None, {}),
    "ped_wrong_sex_code.ped": ("ped", "refused", "sex code 'M'"),
    "ped_parent_absent.ped": ("ped", "handled", None, {}),
    "ped_sample_not_in_vcf.ped": ("ped", "refused", "HG005"),
    "ped_vcf_samples_not_in_ped.ped": ("ped", "handled", None, {}),
    "ped_duplicate_individual.ped": ("ped", "refused", "listed twice"),
    # phenotype
    "phenopacket_obsolete_term.json": ("phenopacket", "handled", None, {}),
    "phenopacket_unknown_term.json": ("phenopacket", "refused", "HP:9999999"),
    "phenopacket_malformed_id.json": ("phenopacket", "refused", "HP:12"),
    "phenopacket_html_label.json": ("phenopacket", "handled", None, {}),
    "phenopacket_only_excluded.json": ("phenopacket", "refused", "no HPO terms"),
    "phenopacket_not_json.json": ("phenopacket", "refused", "not valid JSON"),
    # sample sheet
    "sheet_duplicate_case_id.tsv": ("sheet", "refused", "used twice"),
    "sheet_missing_column.tsv": ("sheet", "refused", "proband"),
    "sheet_space_separated.tsv": ("sheet", "refused", "tab"),
    "sheet_wrong_sex.tsv": ("sheet", "refused", "unknown-sex"),
    "sheet_case_id_with_path.tsv": ("sheet", "refused", "bad/../case"),
}


def test_every_fixture_has_an_expectation():
    assert {p.name for p in BAD.iterdir()} - INDEX_FILES == set(CASES)


def test_there_are_at_least_40_fixtures():
    assert len(CASES) >= 40


def _workdir(tmp_path: Path, name: str) -> tuple[Path, str]:
    kind, fixture = CASES[name][0], str(BAD / name)
    if kind == "vcf":
        proband = "<script>alert(1)</script>" if name == "html_sample_name.vcf" else "S1"
        row = {"case_id": "bad", "vcf": fixture, "proband": proband, "build": "GRCh37",
               "hpo_terms": "HP:0001250", "sex": "male"}
        return write_workflow_dir(tmp_path, [row]), "bad"
    if kind == "sheet":
        return write_workflow_dir(tmp_path, [DEMO_ROW], {"samples": fixture}), "case1"
    return write_workflow_dir(tmp_path, [DEMO_ROW | {kind: fixture}]), DEMO_ROW["case_id"]


def _check_handled(name: str, case_dir: Path, records_in: int | None, counts: dict[str, int]) -> None:
    accounting = json.loads((case_dir / "accounting.json").read_text())
    assert accounting["balanced"]
    if records_in is not None:
        assert accounting["records_in"] == records_in
    for reason, count in counts.items():
        assert accounting["excluded"].get(reason) == count, (reason, accounting["excluded"])
    steps = {s["step"]: s for s in accounting["steps"]}
    html = (case_dir / "report.html").read_text()
    extra = EXTRA_CHECKS.get(name)
    if extra:
        extra(steps, html, case_dir)


def _warned(steps: dict, fragment: str) -> bool:
    return any(fragment in w for s in steps.values() for w in s.get("warnings", []))


EXTRA_CHECKS = {
    "header_only.vcf": lambda steps, html, _: ("0 variants in input" in html) or pytest.fail("no '0 variants in input'"),
    "multiallelic.vcf": lambda steps, *_: steps["normalize"]["records_added"] == 1 or pytest.fail("one 2-ALT record -> 2"),
    "thousands_of_alts.vcf.gz": lambda steps, *_: steps["normalize"]["records_added"] == 2999
    or pytest.fail(str(steps["normalize"])),
    "undeclared_info_tag.vcf": lambda steps, *_: _warned(steps, "MYTAG") or pytest.fail("no warning on MYTAG"),
    "undeclared_format_tag.vcf": lambda steps, *_: _warned(steps, "AD") or pytest.fail("no warning on AD"),
    "stale_index.vcf.gz": lambda steps, html, _: "index not used: stale_index.vcf.gz.tbi lists other contigs" in html
    or pytest.fail("no warning on the stale index"),
    "interleaved_chromosomes.vcf": lambda steps, html, _: ("records are not sorted (first at 1:870021 after 2:100000"
                                                           in html) or pytest.fail("disorder not reported"),
    "unsorted.vcf": lambda steps, html, _: "records are not sorted (first at 1:870011 after 1:870031)" in html
    or pytest.fail("disorder not reported"),
    "ped_parent_absent.ped": lambda steps, html, _: "mother &#39;GRANDMA&#39; of &#39;HG002&#39; has no row" in html
    or pytest.fail("absent parent not reported"),
    "html_sample_name.vcf": lambda steps, html, _: ("<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html)
    or pytest.fail("sample name not escaped"),
    "phenopacket_html_label.json": lambda steps, html, _: ("<img src=x" not in html and "<script>alert(2)" not in html)
    or pytest.fail("label not escaped"),
    "phenopacket_obsolete_term.json": lambda steps, html, _: all(t in html for t in (
        "HP:0000487", "HP:0000486", "HP:0001505", "HP:0001166")) or pytest.fail("obsolete/alt ids not both shown"),
    "gvcf_with_reference_blocks.g.vcf": lambda steps, html, _: ("the input is a gVCF: 2 reference block(s)" in html
                                                                and steps["prioritize"]["records_in"] == 2)
    or pytest.fail("gVCF not named in the report, or its called sites lost"),
    "ped_vcf_samples_not_in_ped.ped": lambda steps, html, _: "VCF sample(s) HG003, HG004 are not in the PED" in html
    or pytest.fail("VCF samples outside the PED not reported"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(tmp_path, name):
    workdir, case_id = _workdir(tmp_path, name)
    result = run_snakemake(workdir)
    case_dir = workdir / "results" / case_id
    logs = "".join(p.read_text() for p in (case_dir / "logs").glob("*.log")) if (case_dir / "logs").exists() else ""
    assert "Traceback" not in result.stdout + result.stderr + logs
    expected = CASES[name]
    if expected[1] == "refused":
        assert result.returncode != 0, "accepted a fixture that must be refused"
        said = result.stderr + logs              # a job's own message is in its log, which Snakemake names
        assert expected[2] in said and "Fix:" in said, said[-3000:]
        return
    assert result.returncode == 0, result.stderr[-3000:]
    _check_handled(name, case_dir, expected[2], expected[3])
