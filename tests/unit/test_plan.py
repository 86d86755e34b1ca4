"""The load-time plan (traaser/plan.py) and the paths it builds (traaser/paths.py): what each rule
declares for a job, built once from the validated config and sample sheet."""

import json
from pathlib import Path

import pytest

from traaser import paths
from traaser.case_record import CaseRecord
from traaser.config import load_config
from traaser.plan import load_plan
from traaser.preflight import check_case

from conftest import DEMO_ROW, write_workflow_dir


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    workdir = write_workflow_dir(tmp_path_factory.mktemp("plan"), [DEMO_ROW])
    return load_plan(load_config(workdir / "config" / "config.yaml"))


def test_a_bundled_database_is_declared_as_its_file(plan):
    reference = plan.database("demo-trio", "reference")
    assert plan.database_input(reference) == [str(reference.path)] and Path(reference.path).is_file()


def test_a_downloaded_database_is_declared_as_its_prepare_stamp(plan):
    """The job reads the stamp's main file; the stamp is what the prepare rule writes last."""
    clinvar = plan.manifest.get("clinvar_20250106_grch38")
    [stamp] = plan.database_input(clinvar)
    assert stamp == str(plan.resources_dir / "clinvar_20250106_grch38" / "prepared" / "prepared.json")
    assert paths.resources_dir_of_stamp(stamp) == plan.resources_dir


def test_an_unconfigured_role_declares_nothing(tmp_path):
    config = load_config(write_workflow_dir(tmp_path, [DEMO_ROW]) / "config" / "config.yaml")
    del config["databases"]["GRCh37"]["clingen_dosage"]
    plan = load_plan(config)
    assert plan.database("demo-trio", "clingen_dosage") is None
    assert plan.database_input(None) == []


def test_the_phenotype_is_given_to_prioritize_alone(plan):
    """HPO terms travel in the prioritize rule's parameter, never in what preflight is given."""
    phenotype = json.loads(plan.phenotype_json("demo-trio"))
    assert [t["id"] for t in phenotype["hpo_terms"]] and phenotype["phenopacket"].endswith(".phenopacket.json")
    case = json.loads(plan.case_json("demo-trio"))
    assert "hpo_terms" not in case and "phenopacket" not in case and case["proband"] == "HG002"


def test_the_settings_a_job_is_given_leave_out_execution_only_keys(plan):
    settings = json.loads(plan.results_config_json())
    assert {"samples", "scatter", "job_resources"}.isdisjoint(settings) and "acmg" in settings


def test_clinvar_index_path_is_built_in_one_place(plan):
    index = plan.clinvar_index("demo-trio")
    ids = [plan.database("demo-trio", role).id for role in ("reference", "annotation", "clinvar")]
    assert index == paths.clinvar_index(plan.resources_dir, *ids)
    assert str(index).endswith(f"derived/{ids[0]}/{ids[1]}/{ids[2]}.clinvar_index.tsv.gz")


def test_case_record_round_trips(plan, tmp_path):
    record = check_case(plan.cases["demo-trio"], plan.roles_of("demo-trio"), plan.resources_dir)
    record.write(tmp_path / "case.json")
    again = CaseRecord.read(tmp_path / "case.json")
    assert again.to_json() == record.to_json() and again.case.samples == ["HG002", "HG003", "HG004"]
    assert again.case.hpo_terms == [] and not again.needs_sort


@pytest.mark.parametrize("mirror, discard, options", [
    ("", False, ""),
    ("/srv/mirror dir", False, "--mirror '/srv/mirror dir'"),
    ("", True, "--discard-raw"),
    ("https://mirror.example/x", True, "--mirror https://mirror.example/x --discard-raw"),
])
def test_prepare_jobs_get_the_mirror_and_discard_options(tmp_path, mirror, discard, options):
    workdir = write_workflow_dir(tmp_path, [DEMO_ROW], {"resources_mirror": mirror, "resources_discard_raw": discard})
    assert load_plan(load_config(workdir / "config" / "config.yaml")).prepare_options() == options
