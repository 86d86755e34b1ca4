"""The workflow config (traaser/config.py): schema defaults filled, bad values refused with the fix."""

import pytest

from traaser.config import check_config, load_config
from traaser.errors import ConfigError

from conftest import REPO


def test_config_defaults_are_filled():
    config = check_config({"databases": {}}, "test")
    assert config["prioritize"]["max_population_af"] == 0.05
    assert config["prioritize"]["variant_weights"] == {"severity": 0.4, "acmg": 0.4, "rarity": 0.2}
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
