"""The run folder (traaser init / run / demo) and where an installation reads and writes
(traaser.install): the shipped files are found without the source tree's help, writable
places come from TRAASER_DATA / TRAASER_CACHE or the per-user directories."""

import sys
from pathlib import Path

import pytest

from traaser import install
from traaser.case import load_cases
from traaser.cli import main, version_text
from traaser.config import check_config, manifest_path, resources_dir
from traaser.errors import ConfigError
from traaser.phenotype.ontology import load_ontology
from traaser.run_folder import demo_command, init_run_folder, profile_path, snakemake_command


def test_the_shipped_workflow_files_are_found():
    root = install.workflow_root()
    for name in ("Snakefile", "rules/common.smk", "config/config.schema.yaml", "config/samples.schema.yaml",
                 "config/profiles/slurm/config.yaml", "resources/manifest.yaml", "resources/manifest.schema.yaml",
                 "resources/demo/hpo/hp.obo.gz", "resources/gene-knowledge/PROVENANCE.md"):
        assert (root / name).is_file(), name


@pytest.mark.parametrize("key, value, expected", [
    # config.schema.yaml: "" (the default) is the shipped manifest / the data directory
    ("manifest", "", lambda: install.resource_file("manifest.yaml")),
    ("manifest", "site/manifest.yaml", lambda: Path("site/manifest.yaml")),
    ("resources_dir", "", lambda: install.data_dir()),
    ("resources_dir", "/shared/traaser", lambda: Path("/shared/traaser")),
])
def test_config_locations(key, value, expected):
    config = check_config({key: value}, "test")
    assert (manifest_path if key == "manifest" else resources_dir)(config) == expected()


def test_data_and_cache_directories_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRAASER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("TRAASER_CACHE", str(tmp_path / "cache"))
    assert install.data_dir() == tmp_path / "data" and install.cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("TRAASER_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert install.data_dir() == tmp_path / "xdg" / "traaser", "per-user data directory (platformdirs)"
    assert not str(install.data_dir()).startswith(str(install.workflow_root())), "never inside the installation"


def test_init_writes_a_run_folder_whose_sheet_loads(tmp_path):
    ontology = load_ontology(str(install.resource_file("demo/hpo/hp.obo.gz")))
    written = init_run_folder(tmp_path)
    for name in ("config/config.yaml", "config/samples.tsv", "config/README.md", "config/profiles/slurm/config.yaml",
                 "demo-case/demo-trio.GRCh37.vcf.gz", "demo-case/demo-trio.ped"):
        assert tmp_path / name in written and (tmp_path / name).is_file(), name
    cases = load_cases(tmp_path / "config" / "samples.tsv", ontology)
    assert [c.case_id for c in cases] == ["demo-trio"]
    assert cases[0].vcf == (tmp_path / "demo-case" / "demo-trio.GRCh37.vcf.gz").resolve()


def test_init_keeps_an_existing_config_unless_forced(tmp_path):
    init_run_folder(tmp_path)
    (tmp_path / "config" / "config.yaml").write_text("# mine\n")
    with pytest.raises(ConfigError, match="already has a config"):
        init_run_folder(tmp_path)
    assert (tmp_path / "config" / "config.yaml").read_text() == "# mine\n"
    init_run_folder(tmp_path, force=True)
    assert (tmp_path / "config" / "config.yaml").read_text() != "# mine\n"


def test_profile_by_name_prefers_the_run_folder_then_the_shipped_one(tmp_path):
    assert profile_path("slurm", tmp_path) == str(install.config_file("profiles/slurm").resolve())
    own = tmp_path / "config" / "profiles" / "slurm"
    own.mkdir(parents=True)
    (own / "config.yaml").write_text("executor: slurm\n")
    assert profile_path("slurm", tmp_path) == str(own.resolve())
    assert profile_path("site-profile", tmp_path) == "site-profile", "left to Snakemake's own profile search"


def test_run_command_uses_the_installed_snakefile_and_the_run_folder(tmp_path):
    command = snakemake_command(tmp_path, cores=None, extra=["--dry-run"])
    assert command[:3] == [sys.executable, "-m", "snakemake"]
    assert command[command.index("--snakefile") + 1] == str(install.snakefile())
    assert command[command.index("--directory") + 1] == str(tmp_path)
    assert command[command.index("--cores") + 1] == "all" and command[-1] == "--dry-run"
    assert "--cores" not in snakemake_command(tmp_path, cores=None, profile="slurm"), "the profile decides"


def test_demo_reads_the_shipped_config_in_place(tmp_path):
    command = demo_command(tmp_path, "2")
    assert command[command.index("--configfile") + 1] == str(install.config_file("config.yaml"))
    assert f"samples={install.config_file('samples.tsv')}" in command
    assert "--replace-workflow-config" in command, "a config already in the folder is not mixed in"


def test_run_without_a_config_says_how_to_make_one(tmp_path, capsys):
    assert main(["run", "--directory", str(tmp_path)]) == 2
    assert "traaser init" in capsys.readouterr().err


def test_version_names_the_output_schema_manifest_and_model(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out.strip()
    assert out == version_text()
    assert out.startswith("traaser 0.1.0 (output schema 1; manifest version 3, sha256 ")
    assert "posterior model 2026-" in out
