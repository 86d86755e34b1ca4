"""A run folder, separate from the installation: ``config/`` (what to run) and ``results/`` (what
came out), with the installed workflow run against it.

``traaser init DIR`` writes the folder; ``traaser run --directory DIR`` and ``traaser demo`` build
the Snakemake command line here. Nothing is written under the installation.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from traaser import install
from traaser.errors import ConfigError

#: The demo case's files (in the shipped resources/demo/case/), copied into a new run folder so
#: its sample sheet runs as written.
DEMO_CASE = "demo/case"
DEMO_CASE_FOLDER = "demo-case"
#: Columns of the sample sheet that hold paths (relative to the sheet's folder).
PATH_COLUMNS = ("vcf", "phenopacket", "ped")

SAMPLES_PREAMBLE = """\
# One row per case, tab-separated; the columns are described in config/README.md. Paths are
# relative to this file's folder. The row below is TRaaSer's demo case (copied into
# demo-case/): replace it with your cases.
"""


def init_run_folder(directory: Path, *, force: bool = False) -> list[Path]:
    """Write ``config/`` (the shipped default config, its README and the local and SLURM
    profiles), a sample sheet holding the demo case and the demo case's files into
    ``directory``; returns the files written. An existing config is kept unless ``force``."""
    config_dir = directory / "config"
    existing = [p for p in (config_dir / "config.yaml", config_dir / "samples.tsv") if p.exists()]
    if existing and not force:
        raise ConfigError("the run folder already has a config", path=str(existing[0]),
                          fix="edit it, choose another folder, or pass --force to overwrite it")
    written: list[Path] = []
    config_dir.mkdir(parents=True, exist_ok=True)
    for name in ("config.yaml", "README.md"):
        written.append(Path(shutil.copyfile(install.config_file(name), config_dir / name)))
    profiles = config_dir / "profiles"
    shutil.copytree(install.config_file("profiles"), profiles, dirs_exist_ok=True)
    written += sorted(p for p in profiles.rglob("*") if p.is_file())
    demo = directory / DEMO_CASE_FOLDER
    demo.mkdir(exist_ok=True)
    for source in sorted(install.resource_file(DEMO_CASE).iterdir()):
        written.append(Path(shutil.copyfile(source, demo / source.name)))
    sheet = config_dir / "samples.tsv"
    sheet.write_text(SAMPLES_PREAMBLE + relocated_demo_sheet(), encoding="utf-8")
    written.append(sheet)
    return written


def relocated_demo_sheet() -> str:
    """The shipped demo sample sheet with its paths pointing at ``../demo-case/``."""
    lines = install.config_file("samples.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split("\t")
        for column in PATH_COLUMNS:
            i = header.index(column)
            if cells[i]:
                cells[i] = f"../{DEMO_CASE_FOLDER}/{Path(cells[i]).name}"
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def profile_path(name: str, directory: Path) -> str:
    """A profile given by path, or by name: the run folder's ``config/profiles/NAME``, else the
    shipped one; any other name goes to Snakemake as written (its own profile search)."""
    for candidate in (Path(name), directory / "config" / "profiles" / name, install.config_file(f"profiles/{name}")):
        if (candidate / "config.yaml").is_file():
            return str(candidate.resolve())
    return name


def snakemake_command(directory: Path, *, cores: str | None, profile: str | None = None,
                      extra: Sequence[str] = ()) -> list[str]:
    """The command that runs the installed workflow with ``directory`` as its working directory
    (``config/config.yaml`` read from there, outputs written to ``directory/results``)."""
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(install.snakefile()),
               "--directory", str(directory)]
    if profile:
        command += ["--profile", profile_path(profile, directory)]
    if cores or not profile:
        command += ["--cores", cores or "all"]
    return command + list(extra)


def demo_command(directory: Path, cores: str, extra: Sequence[str] = ()) -> list[str]:
    """Run the shipped demo config and sample sheet (read in place, never copied or written)
    with outputs in ``directory/results``; a config already in ``directory`` is not read."""
    return snakemake_command(directory, cores=cores, extra=[
        "--configfile", str(install.config_file("config.yaml")), "--replace-workflow-config",
        "--config", f"samples={install.config_file('samples.tsv')}", *extra])
