"""The workflow config (traaser/config.py): schema defaults filled, bad values refused with the fix."""

import pytest

from traaser.config import check_config, load_config
from traaser.errors import ConfigError

from conftest import REPO


def test_config_defaults_are_filled():
    config = check_config({"databases": {}}, "test")
    assert config["prioritize"]["max_population_af"] == 0.05
    assert config["prioritize"]["phenotype_patient_weight"] == 0.85
    assert config["report"]["max_genes"] == 20


def test_bundled_config_is_valid():
    config = load_config(REPO / "config" / "config.yaml")
    assert config["databases"]["GRCh37"]["reference"] == "demo_grch37_reference"


@pytest.mark.parametrize("config, fragment", [
    ({"prioritize": {"max_population_af": 2}}, "prioritize/max_population_af"),
    ({"prioritize": {"min_impact": "SEVERE"}}, "prioritize/min_impact"),
    ({"no_such_key": 1}, "unknown key"),
])
def test_bad_config_is_refused(config, fragment):
    with pytest.raises(ConfigError) as info:
        check_config(config, "config.yaml")
    assert fragment in str(info.value) and "config.yaml" in str(info.value)


@pytest.mark.parametrize("section, settings_type", [("prioritize", "PrioritizeSettings"), ("acmg", "AcmgSettings")])
def test_settings_types_hold_exactly_the_schema_keys(section, settings_type):
    """The typed settings restate no default: their fields are the schema's keys, their values the
    validated config's (config/config.schema.yaml is the one place each number is written)."""
    import dataclasses

    import yaml

    from traaser import settings
    from traaser.config import CONFIG_SCHEMA
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text())["properties"][section]["properties"]
    kind = getattr(settings, settings_type)
    assert [f.name for f in dataclasses.fields(kind)] == list(schema)
    built = kind.from_config(check_config({}, "test")[section])
    assert all(getattr(built, key) == spec.get("default", getattr(built, key)) for key, spec in schema.items())
