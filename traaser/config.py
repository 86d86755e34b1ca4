"""Load and validate the workflow config and other YAML documents against JSON schemas.

Defaults declared in a schema are filled in, so downstream code never guesses a value.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from traaser import install
from traaser.errors import ConfigError, TraaserError

CONFIG_SCHEMA = install.config_file("config.schema.yaml")
SAMPLES_SCHEMA = install.config_file("samples.schema.yaml")


def read_yaml(path: Path, error: type[TraaserError] = ConfigError) -> Any:
    """Parse a YAML file, turning I/O and syntax problems into ``error``."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise error("file not found", path=str(path), fix="check the path") from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML ({exc})", path=str(path), fix="correct the YAML syntax") from None


def _fill_defaults(instance: Any, schema: dict[str, Any], root: dict[str, Any]) -> None:
    """Recursively insert schema defaults for absent object properties (in place)."""
    if "$ref" in schema:
        ref = schema["$ref"].removeprefix("#/$defs/")
        schema = root["$defs"][ref]
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for item in instance:
            _fill_defaults(item, schema["items"], root)
        return
    if not isinstance(instance, dict):
        return
    for name, sub in schema.get("properties", {}).items():
        if name not in instance and "default" in sub:
            instance[name] = copy.deepcopy(sub["default"])
        if name in instance:
            _fill_defaults(instance[name], sub, root)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        for name, value in instance.items():
            if name not in schema.get("properties", {}):
                _fill_defaults(value, extra, root)


def validate(instance: Any, schema_path: Path, *, where: str,
             error: type[TraaserError] = ConfigError) -> Any:
    """Validate ``instance`` against the schema at ``schema_path`` and return it with defaults.

    ``where`` names the file (and line) the instance came from, for the message.
    """
    schema = read_yaml(schema_path)
    result = copy.deepcopy(instance) if instance is not None else {}
    _fill_defaults(result, schema, schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
    if problems:
        first = problems[0]
        key = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        description = _describe(first.schema, first.validator, first.validator_value)
        raise error(
            f"invalid value at '{key}': {first.message}",
            path=where,
            fix=description,
        )
    return result


def _describe(schema: Any, kind: str, expected: Any) -> str:
    """Build the 'Fix:' text for a schema violation from the schema's own words."""
    text = schema.get("description", "") if isinstance(schema, dict) else ""
    if kind == "additionalProperties":
        return "remove or rename the unknown key; allowed keys are listed in the schema."
    if kind == "required":
        return f"add the missing key(s) {expected}."
    if kind == "enum":
        return f"use one of {expected}. {text}".strip()
    return text or "see the schema for the allowed values."


def load_config(path: Path) -> dict[str, Any]:
    """Read and validate config.yaml; returns the config with defaults filled in."""
    return validate(read_yaml(path), CONFIG_SCHEMA, where=str(path))


def check_config(config: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate an already-parsed config (as Snakemake holds it) and fill defaults."""
    return validate(config, CONFIG_SCHEMA, where=where)


def manifest_path(config: dict[str, Any]) -> Path:
    """The config's manifest: its path (relative to the working directory), or the shipped one for ""."""
    return Path(config["manifest"]) if config.get("manifest") else install.resource_file("manifest.yaml")


def resources_dir(config: dict[str, Any]) -> Path:
    """The config's resources directory, or for "" the data directory (:func:`install.data_dir`)."""
    return Path(config["resources_dir"]) if config.get("resources_dir") else install.data_dir()


#: Config keys about running, not about results: left out of the config hash and of the
#: settings a job is given, so changing them reruns nothing.
EXECUTION_ONLY = ("samples", "scatter", "job_resources", "resources_dir", "resources_mirror", "resources_discard_raw",
                  "history_keep")


def results_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The settings that shape results: the validated config less :data:`EXECUTION_ONLY`."""
    return {key: value for key, value in config.items() if key not in EXECUTION_ONLY}


def config_hash(settings: dict[str, Any]) -> str:
    """SHA-256 (first 16 hex digits) of the results-shaping settings, as outputs record it."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
