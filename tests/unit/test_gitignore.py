"""Generated files never reach git: .gitignore covers every kind of output a run, a test, a
build or a download writes inside the checkout (the wheel's contents are checked by
tests/workflow/test_installed_wheel.py)."""

import shutil
import subprocess

import pytest

from conftest import REPO

GENERATED = [
    "results/demo-trio/report.html",             # traaser demo / snakemake in the checkout
    ".snakemake/log/2026-01-01T000000.snakemake.log",
    "resources/data/clinvar_20250106_grch38/prepared/prepared.json",  # an old resources_dir
    "traaser/__pycache__/cli.cpython-311.pyc",
    "dist/traaser-0.1.0-py3-none-any.whl", "build/lib/traaser/cli.py", "traaser.egg-info/PKG-INFO",
    ".pytest_cache/v/cache/lastfailed", ".hypothesis/examples/0", "tests/artifacts/report-1400x900.png",
    ".mypy_cache/3.11/traaser", ".ruff_cache/content", ".venv/bin/traaser",
]


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="not a git checkout")
def test_gitignore_covers_every_generated_path():
    result = subprocess.run(["git", "check-ignore", "--no-index", *GENERATED], cwd=REPO, capture_output=True,
                            text=True)
    assert sorted(result.stdout.split()) == sorted(GENERATED)
