"""Where an installation keeps what it ships, and where it may write.

TRaaSer runs from two layouts:

* an installed wheel: the workflow (Snakefile, ``rules/``, ``config/`` and the bundled part of
  ``resources/``) is packaged under ``traaser/workflow/`` (pyproject.toml maps the repository's
  top-level folders there at build time) and found with :mod:`importlib.resources`;
* a source checkout (an editable install, or ``python -m traaser`` in the repository): the same
  files are the repository's own top-level folders, beside the ``traaser`` package.

Nothing under the installation is ever written. Downloaded databases go to :func:`data_dir`
(``TRAASER_DATA`` or the per-user data directory), caches to :func:`cache_dir` (``TRAASER_CACHE``
or the per-user cache directory), run outputs to the run folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import platformdirs

from traaser.errors import ConfigError

APP = "traaser"


@lru_cache(maxsize=1)
def workflow_root() -> Path:
    """The folder holding ``Snakefile``, ``rules/``, ``config/`` and ``resources/``."""
    packaged = resources.files("traaser").joinpath("workflow")
    if packaged.is_dir() and packaged.joinpath("Snakefile").is_file():
        return Path(str(packaged))
    checkout = Path(str(resources.files("traaser"))).parent
    if (checkout / "Snakefile").is_file() and (checkout / "rules").is_dir():
        return checkout
    raise ConfigError("the TRaaSer installation has no workflow files (Snakefile, rules/, config/, resources/)",
                      path=str(packaged), fix="reinstall TRaaSer from its wheel or a full source checkout")


def package_file(*parts: str) -> Path:
    """A data file of the ``traaser`` package itself (tables, templates, the posterior model)."""
    return Path(str(resources.files("traaser").joinpath(*parts)))


def snakefile() -> Path:
    return workflow_root() / "Snakefile"


def config_file(name: str) -> Path:
    """A file of the shipped ``config/`` folder (schemas, the default config, profiles)."""
    return workflow_root() / "config" / name


def resource_file(name: str) -> Path:
    """A file of the shipped ``resources/`` folder (manifest, demo case, bundled databases)."""
    return workflow_root() / "resources" / name


def data_dir() -> Path:
    """Where downloaded databases go by default: ``TRAASER_DATA``, else the per-user data
    directory (``~/.local/share/traaser`` on Linux)."""
    return Path(os.environ.get("TRAASER_DATA") or platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    """Where derived, case-independent data are cached: ``TRAASER_CACHE``, else the per-user
    cache directory (``~/.cache/traaser`` on Linux)."""
    return Path(os.environ.get("TRAASER_CACHE") or platformdirs.user_cache_dir(APP))
