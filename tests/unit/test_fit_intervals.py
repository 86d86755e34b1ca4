"""The fitting script's bootstrap intervals (tests/benchmarks/fit_posterior.py,
gene_bootstrap_rows): resampling is over causal genes, so a gene's cases move together."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "fit_posterior.py"


@pytest.fixture(scope="module")
def fit():
    spec = importlib.util.spec_from_file_location("fit_posterior", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_posterior"] = module      # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("fit_posterior", None)


def results(fit, ranks_by_gene):
    """(case, rank, posterior) triples, one case per rank, on one background."""
    out = []
    for gene, ranks in ranks_by_gene.items():
        for i, rank in enumerate(ranks):
            case = fit.CaseData("bg", f"{gene}-{i}", gene, True, None, np.zeros((1, 1)), np.zeros(1, dtype=int), 0)
            out.append((case, rank, np.ones(1)))
    return out


def bounds(text):
    low, high = text.split("-")
    return float(low), float(high)


def test_every_case_first_gives_a_point_interval(fit):
    row = fit.gene_bootstrap_rows(results(fit, {"A": [1, 1], "B": [1]}))[0]
    assert row["top1_95pct"] == "100.0-100.0" and row["genes"] == 2 and row["cases"] == 3


def test_the_interval_holds_the_estimate_and_widens_when_cases_share_a_gene(fit):
    """20 genes, half found: the 50% estimate lies inside; the same 40 cases as 2 per gene give
    a wider interval than as 40 genes, as cases of one gene are not independent."""
    paired = {f"G{i}": [1, 1] if i < 10 else [9, 9] for i in range(20)}
    single = {f"G{i}": [1] if i < 20 else [9] for i in range(40)}
    low_p, high_p = bounds(fit.gene_bootstrap_rows(results(fit, paired))[0]["top1_95pct"])
    low_s, high_s = bounds(fit.gene_bootstrap_rows(results(fit, single))[0]["top1_95pct"])
    assert low_p < 50 < high_p and low_s < 50 < high_s
    assert high_p - low_p > high_s - low_s


def test_the_summary_log_loss_is_the_mean_negative_log_posterior_of_the_causal_gene(fit):
    """log_loss = mean over cases of -ln P(causal gene) (nats): posteriors 0.5 and 0.25 of the
    causal gene give (ln 2 + ln 4) / 2."""
    cases = []
    for i, p in enumerate((0.5, 0.25)):
        case = fit.CaseData("bg", f"c{i}", f"G{i}", True, None, np.zeros((2, 1)), np.zeros(2, dtype=int), 0)
        cases.append((case, 1, np.array([p, 1 - p])))
    row = fit.summary(cases)[0]
    assert row["log_loss"] == pytest.approx(round((np.log(2) + np.log(4)) / 2, 3))
