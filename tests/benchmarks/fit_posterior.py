"""Fit the gene posterior's weights (traaser/posterior.py) on benchmark feature dumps, with
cross-validation grouped by causal gene, and write the versioned parameter file.

Input: one or more folders written by ``traaser bench --mode spike --features`` (each holds
facts.tsv.gz and per_case.tsv); the features are computed from the facts by traaser.posterior,
so a feature change needs no new bench run. The model is a conditional logit: for a case, gene g's score
is the highest w·x over its candidates and P(g causal) = exp(s_g) / sum_h exp(s_h). It is fitted
by Newton's method with an L2 penalty (the best candidate per gene is chosen with the current
weights, then the weights are refitted, until the choice is stable). Cross-validation: the causal
genes are split into K folds, so no gene is in both the training and the test cases; every
background's cases are pooled. The parameter file's "signs" hold a feature at 0 rather than let
it count the wrong way, and its "fixed" weights are not fitted (the ACMG points: the benchmark's
backgrounds carry no ClinVar, so the fit cannot see PS1/PM5). Usage:

    python tests/benchmarks/fit_posterior.py /tmp/b/trio /tmp/b/pfeiffer /tmp/b/hu [--folds 5]
        [--l2 1.0] [--write traaser/data/posterior_model.json]

Prints per background the cross-validated top-1/5/10 over the subsets traaser.bench reports
(all, annotated and unannotated genes, and the annotated cases split by whether the HPO release
knows their own disease), the
mean reciprocal rank and log loss (mean -ln posterior of the causal gene, a proper score: the
measure to compare two models by), 95% intervals of the top-1/5 by a bootstrap over causal genes,
and the reliability of the cross-validated posteriors; no weight names a gene or a disease.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from traaser.bench import BenchOptions, summary_subsets  # noqa: E402
from traaser.gene_knowledge import GeneKnowledge  # noqa: E402
from traaser.posterior import (  # noqa: E402
    CandidateFacts,
    PosteriorModel,
    candidate_hypotheses,
    fitting_readings,
    typical_counts,
)

MODEL_FILE = REPO / "traaser" / "data" / "posterior_model.json"


@dataclass
class CaseData:
    """One benchmark case on one background: its candidates' features, their gene codes and the
    code of the causal gene."""

    background: str
    case_id: str
    gene: str
    annotated: bool
    own_disease: bool | None  # the HPO release links the gene to the case's own disease (traaser.bench)
    x: np.ndarray            # candidates × features
    genes: np.ndarray        # gene code per candidate
    causal: int              # gene code of the causal gene


def facts_records(folder: Path) -> Iterator[dict[str, str]]:
    """The rows of a bench folder's facts table (traaser bench --features), by column name, streamed."""
    with gzip.open(folder / "facts.tsv.gz", "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            yield dict(zip(header, line.rstrip("\n").split("\t"), strict=True))


def read_folder(folder: Path, model: PosteriorModel, knowledge: GeneKnowledge) -> list[CaseData]:
    """The cases of one bench folder, with features computed by traaser.posterior from the facts
    (each candidate's hypotheses, :func:`traaser.posterior.candidate_hypotheses`)."""
    annotated = {}
    with open(folder / "per_case.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            annotated[row["case_id"]] = (row["gene"], row["annotated"] == "yes",
                                         {"yes": True, "no": False}.get(row.get("own_disease", "")))
    rows: dict[str, list[CandidateFacts]] = {}
    for record in facts_records(folder):
        rows.setdefault(record["case_id"], []).append(CandidateFacts.from_record(record))
    cases = []
    for case_id, facts in rows.items():
        # one row per hypothesis of each candidate (a possible compound heterozygote is read as
        # dominant and as biallelic, keeping those that fit the gene's modes when any does); a gene
        # scores as its best row, as in gene_posteriors
        readings = [fitting_readings(h) for h in candidate_hypotheses(facts, knowledge, model)]
        vectors = [h.features for hypotheses in readings for h in hypotheses]
        owners = [f.gene for f, hypotheses in zip(facts, readings, strict=True) for _ in hypotheses]
        codes = {g: i for i, g in enumerate(dict.fromkeys(owners))}
        gene, is_annotated, own_disease = annotated[case_id]
        x = np.array([[v[name] for name in model.features] for v in vectors])
        cases.append(CaseData(folder.name, case_id, gene, is_annotated, own_disease, x,
                              np.array([codes[g] for g in owners]),
                              codes.get(gene, -1)))
    return cases


def background_candidates(folder: Path) -> list[CandidateFacts]:
    """The background's own candidates: the first case's, without its spiked causal variants
    (reads only that case's rows of the facts table)."""
    out: list[CandidateFacts] = []
    first = None
    for record in facts_records(folder):
        first = first or record["case_id"]
        if record["case_id"] != first:
            break
        if record["causal"] != "1":
            out.append(CandidateFacts.from_record(record))
    return out


def gene_scores(case: CaseData, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score per gene code, index of the best candidate per gene code)."""
    s = case.x @ w
    n = int(case.genes.max()) + 1
    best = np.full(n, -np.inf)
    np.maximum.at(best, case.genes, s)
    index = np.full(n, -1)
    hit = s == best[case.genes]
    index[case.genes[hit]] = np.nonzero(hit)[0]
    return best, index


def _loss_grad_hess(chosen: list[tuple[np.ndarray, np.ndarray, int]], w: np.ndarray, l2: float,
                    with_hessian: bool = True) -> tuple[float, np.ndarray, np.ndarray]:
    """Penalised negative conditional log-likelihood, its gradient and Hessian at ``w`` (each
    row: the free features, the fixed features' offset, the causal gene's row)."""
    k = len(w)
    loss = 0.5 * l2 * float(w @ w)
    grad = l2 * w.copy()
    hess = l2 * np.eye(k)
    for x, offset, causal in chosen:
        if causal < 0:
            continue
        s = x @ w + offset
        top = s.max()
        p = np.exp(s - top)
        total = p.sum()
        loss += float(top + np.log(total) - s[causal])
        p /= total
        mean = p @ x
        grad += mean - x[causal]
        if with_hessian:
            hess += (x * p[:, None]).T @ x - np.outer(mean, mean)
    return loss, grad, hess


def newton(chosen: list[tuple[np.ndarray, int]], w: np.ndarray, free: np.ndarray, l2: float) -> np.ndarray:
    """Conditional-logit weights for the free features (the others keep their values in ``w``):
    Newton's method with a backtracking line search on the penalised loss."""
    w = w.copy()
    rows = [(x[:, free], x[:, ~free] @ w[~free], causal) for x, causal in chosen]
    v = w[free]
    loss, grad, hess = _loss_grad_hess(rows, v, l2)
    for _ in range(50):
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while True:
            trial = v - t * step
            trial_loss, _, _ = _loss_grad_hess(rows, trial, l2, with_hessian=False)
            if trial_loss <= loss - 1e-4 * t * float(grad @ step) or t < 1e-6:
                break
            t /= 2
        converged = abs(loss - trial_loss) < 1e-9 * max(1.0, abs(loss))
        v = trial
        loss, grad, hess = _loss_grad_hess(rows, v, l2)
        if converged or np.abs(t * step).max() < 1e-7:
            break
    w[free] = v
    return w


def fit(cases: list[CaseData], w0: np.ndarray, l2: float, signs: np.ndarray, fixed: dict[int, float],
        rounds: int = 6) -> np.ndarray:
    """Conditional-logit weights (fixed best candidate per gene, re-chosen each round). A feature
    with a declared sign (+1/-1 in the parameter file) whose weight would take the other sign is
    held at 0 (no evidence of that kind ever counts the wrong way), one at a time; a feature with
    a fixed weight keeps it."""
    w = w0.copy()
    for i, value in fixed.items():
        w[i] = value
    for _ in range(rounds):
        chosen = []
        for case in cases:
            _, index = gene_scores(case, w)
            chosen.append((case.x[index], case.causal))
        free = np.ones(len(w), dtype=bool)
        free[list(fixed)] = False
        while True:
            w = newton(chosen, w, free, l2)
            wrong = np.where(free & (signs != 0) & (np.sign(w) == -signs), np.abs(w), 0.0)
            if not wrong.any():
                break
            worst = int(np.argmax(wrong))
            free[worst] = False
            w[worst] = 0.0
    return w


def evaluate(cases: list[CaseData], w: np.ndarray) -> list[tuple[CaseData, int, np.ndarray]]:
    """(case, pessimistic gene rank of the causal gene, posterior per gene) for each case."""
    out = []
    for case in cases:
        s, _ = gene_scores(case, w)
        p = np.exp(s - s.max())
        p /= p.sum()
        rank = int((s >= s[case.causal]).sum()) if case.causal >= 0 else 10 ** 6
        out.append((case, rank, p))
    return out


def fold_of(gene: str, folds: int) -> int:
    return int(hashlib.sha256(gene.encode()).hexdigest(), 16) % folds


def summary(results: list[tuple[CaseData, int, np.ndarray]]) -> list[dict[str, object]]:
    rows = []
    for background in sorted({c.background for c, _, _ in results}):
        mine = {id(c): (c, r, p) for c, r, p in results if c.background == background}
        for subset, cases in summary_subsets([c for c, _, _ in mine.values()]):
            chosen = [mine[id(c)] for c in cases]
            ranks = sorted(r for _, r, _ in chosen)
            found = [float(p[c.causal]) for c, _, p in chosen if c.causal >= 0]
            n = len(ranks)
            if not n:
                continue
            rows.append({"background": background, "subset": subset, "cases": n,
                         **{f"top{k}": round(100 * sum(1 for x in ranks if x <= k) / n, 1) for k in (1, 5, 10)},
                         "median_rank": ranks[n // 2] if n % 2 else (ranks[n // 2 - 1] + ranks[n // 2]) / 2,
                         "mrr": round(sum(1 / x for x in ranks) / n, 3),
                         # mean -ln posterior of the causal gene (nats; a proper score, lower is better)
                         "log_loss": round(-sum(math.log(max(q, 1e-12)) for q in found) / len(found), 3)
                         if found else ""})
    return rows


def gene_bootstrap_rows(results: list[tuple[CaseData, int, np.ndarray]], resamples: int = 2000,
                        seed: int = 14) -> list[dict[str, object]]:
    """95% intervals of the top-1 and top-5 percentages per background and subset, by resampling
    the causal genes with replacement (a gene's cases stay together: they share its phenotype
    annotation and variant classes, so they are not independent). Shows how many cases a
    difference must span before it is more than noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for background in sorted({c.background for c, _, _ in results}):
        mine = [(c, r) for c, r, _ in results if c.background == background]
        for subset, chosen in (("all", mine), ("annotated", [(c, r) for c, r in mine if c.annotated])):
            by_gene: dict[str, list[int]] = {}
            for case, rank in chosen:
                by_gene.setdefault(case.gene, []).append(rank)
            groups = [np.array(ranks) for ranks in by_gene.values()]
            row: dict[str, object] = {"background": background, "subset": subset, "cases": len(chosen),
                                      "genes": len(groups)}
            sizes = np.array([len(g) for g in groups])
            for k in (1, 5):
                hits = np.array([int((g <= k).sum()) for g in groups])
                picks = rng.integers(0, len(groups), size=(resamples, len(groups)))
                shares = 100 * hits[picks].sum(axis=1) / sizes[picks].sum(axis=1)
                low, high = np.percentile(shares, [2.5, 97.5])
                row[f"top{k}_95pct"] = f"{low:.1f}-{high:.1f}"
            rows.append(row)
    return rows


def reliability_rows(results: list[tuple[CaseData, int, np.ndarray]]) -> list[dict[str, object]]:
    edges = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 + 1e-9]
    rows = []
    for low, high in zip(edges, edges[1:], strict=False):
        n = hits = 0
        total = 0.0
        for case, _, p in results:
            chosen = (p >= low) & (p < high)
            n += int(chosen.sum())
            total += float(p[chosen].sum())
            hits += int(chosen[case.causal]) if case.causal >= 0 else 0
        rows.append({"bin": f"{low:.1f}-{min(high, 1.0):.1f}", "genes": n,
                     "mean_posterior": round(total / n, 3) if n else "", "fraction_causal": round(hits / n, 3) if n else ""})
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    print("\t".join(rows[0]))
    for row in rows:
        print("\t".join(str(v) for v in row.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=0.1, help="L2 penalty (0.1: best cross-validated top-1 of 0.03-3)")
    parser.add_argument("--model", type=Path, default=MODEL_FILE, help="the parameter file to start from")
    parser.add_argument("--constraint", type=Path, default=BenchOptions.constraint)
    parser.add_argument("--clingen-dosage", type=Path, default=BenchOptions.clingen_dosage)
    parser.add_argument("--g2p", type=Path, default=BenchOptions.g2p)
    parser.add_argument("--write", type=Path, help="write the weights fitted on all cases to this parameter file")
    args = parser.parse_args()
    base = json.loads(args.model.read_text())
    base["typical_counts"] = typical_counts([background_candidates(folder) for folder in args.folders])
    model = PosteriorModel.from_json(base)
    features = model.features
    knowledge = GeneKnowledge.load(constraint=args.constraint, clingen_dosage=args.clingen_dosage, g2p=args.g2p)
    cases = [c for folder in args.folders for c in read_folder(folder, model, knowledge)]
    w0 = np.array([model.weights[f] for f in features])
    signs = np.array([{"+": 1, "-": -1}.get(base.get("signs", {}).get(f, ""), 0) for f in features])
    fixed = {features.index(f): float(v) for f, v in base.get("fixed", {}).items()}
    results = []
    for k in range(args.folds):
        train = [c for c in cases if fold_of(c.gene, args.folds) != k]
        test = [c for c in cases if fold_of(c.gene, args.folds) == k]
        results += evaluate(test, fit(train, w0, args.l2, signs, fixed))
    print(f"# cross-validated ({args.folds} folds grouped by causal gene, {len(cases)} case runs)")
    cv = summary(results)
    print_table(cv)
    print("# 95% intervals of the cross-validated figures (bootstrap over causal genes)")
    print_table(gene_bootstrap_rows(results))
    print("# reliability of the cross-validated posteriors (every candidate gene of every case run)")
    table = reliability_rows(results)
    print_table(table)
    w = fit(cases, w0, args.l2, signs, fixed)
    print("# weights fitted on all case runs")
    for name, value in zip(features, w, strict=True):
        print(f"{name}\t{value:+.3f}")
    print("# in-sample")
    print_table(summary(evaluate(cases, w)))
    if args.write:
        base["weights"] = {name: round(float(value), 4) for name, value in zip(features, w, strict=True)}
        base["version"] = f"{date.today().isoformat()}.{hashlib.sha256(json.dumps(base['weights']).encode()).hexdigest()[:8]}"
        base["fitted"] = {"on": [f.name for f in args.folders], "case_runs": len(cases), "l2": args.l2,
                          "folds": args.folds, "method": "conditional logit, Newton, folds grouped by causal gene",
                          "cross_validated": cv, "reliability": table}
        args.write.write_text(json.dumps(base, indent=1) + "\n")
        print(f"# wrote {args.write} (version {base['version']})")


if __name__ == "__main__":
    main()
