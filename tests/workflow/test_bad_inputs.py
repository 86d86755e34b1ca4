"""Bad case descriptions fail before any job runs: one message naming file, value and fix, no traceback."""

import pytest

from conftest import DATA, DEMO_ROW, run_snakemake, write_workflow_dir

TRIO = str(DATA / "giab-trio" / "ashk-trio.GRCh37.vcf.gz")


def bad_ped(tmp_path):
    path = tmp_path / "wrong.ped"
    path.write_text("ash HG002 HG003 NA12878 1 2\nash HG003 0 0 1 1\nash NA12878 0 0 2 1\n")
    return str(path)


CASES = {
    "unknown HPO id": (lambda tmp: [DEMO_ROW | {"phenopacket": "", "hpo_terms": "HP:0000800;HP:9999999"}],
                       ["samples.tsv:2", "HP:9999999", "Fix:"]),
    "malformed HPO id": (lambda tmp: [DEMO_ROW | {"phenopacket": "", "hpo_terms": "hp_0001250"}],
                         ["samples.tsv:2", "hp_0001250", "Fix:"]),
    "bad build": (lambda tmp: [DEMO_ROW | {"build": "hg19"}], ["samples.tsv:2", "hg19", "Fix:"]),
    "proband not in VCF": (lambda tmp: [DEMO_ROW | {"proband": "NA12878"}], ["samples.tsv:2", "NA12878", "Fix:"]),
    "VCF/PED sample mismatch": (lambda tmp: [DEMO_ROW | {"vcf": TRIO, "ped": bad_ped(tmp)}],
                                ["wrong.ped", "NA12878", "Fix:"]),
    "missing VCF": (lambda tmp: [DEMO_ROW | {"vcf": str(tmp / "absent.vcf.gz")}], ["absent.vcf.gz", "Fix:"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_case_fails_before_any_job(tmp_path, name):
    make_rows, fragments = CASES[name]
    workdir = write_workflow_dir(tmp_path / "run", make_rows(tmp_path))
    result = run_snakemake(workdir)
    assert result.returncode != 0
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert not (workdir / "results").exists(), "no job may run"


def test_bad_config_value_fails_before_any_job(tmp_path):
    workdir = write_workflow_dir(tmp_path / "run", [DEMO_ROW], {"prioritize": {"min_impact": "SEVERE"}})
    result = run_snakemake(workdir)
    assert result.returncode != 0 and "prioritize/min_impact" in result.stderr and "SEVERE" in result.stderr
    assert "Traceback" not in result.stderr
