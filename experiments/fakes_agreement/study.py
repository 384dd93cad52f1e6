"""Does departing from the other outlets' consensus predict FA-KES's credibility label?

    python experiments/fakes_agreement/study.py [--out runs/fakes_agreement]

1. Runs the pipeline on FA-KES with experiments/fakes_agreement/config.yaml.
2. For each article in an incident that another outlet also reports, takes the article's
   killed figure (its first top-level killed claim, preferring civilians, then people, then
   unspecified, the order FA-KES annotators counted) and the median of the other outlets'
   figures for the same incident and subject; departure = |log(article / others)|.
3. Scores how well departure ranks non-credible (label 0) above credible articles: ROC AUC
   with a percentile bootstrap interval over articles (seeded).
Writes OUT/study.json and prints the figures quoted in this folder's README.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

import toolkit
from toolkit.io import write_json

HERE = Path(__file__).resolve().parent
SUBJECT_ORDER = ("civilians", "people", "unspecified")


def article_figures(run: toolkit.runs.Run) -> pd.DataFrame:
    """Each article's killed figure and subject (its first top-level killed claim in SUBJECT_ORDER)."""
    claims = run.claims[(run.claims["category"] == "killed") & run.claims["part_of"].isna()
                        & run.claims["subject"].isin(SUBJECT_ORDER)].copy()
    claims["point"] = claims["value"].fillna((claims["lower"] + claims["upper"]) / 2)
    claims["rank"] = claims["subject"].map({s: i for i, s in enumerate(SUBJECT_ORDER)})
    claims["position"] = claims["claim_id"].str.rsplit("-c", n=1).str[-1].astype(int)
    first = claims.dropna(subset=["point"]).sort_values(["report_id", "rank", "position"]).drop_duplicates("report_id")
    return first[["report_id", "subject", "point"]]


def departures(run: toolkit.runs.Run) -> pd.DataFrame:
    figures = (article_figures(run).merge(run.incidents, on="report_id")
               .merge(run.reports[["report_id", "source", "label"]], on="report_id"))
    # Incident-level figures only (slot place ""): a count for another place is not a rival total.
    counts = run.source_counts[(run.source_counts["category"] == "killed") & (run.source_counts["location"] == "")]
    rows = []
    for row in figures.to_dict("records"):
        others = counts[(counts["incident_id"] == row["incident_id"]) & (counts["subject"] == row["subject"])
                        & (counts["source"] != row["source"])]["value"]
        if others.empty:
            continue
        consensus = float(np.median(others))
        if row["point"] <= 0 or consensus <= 0:
            continue
        rows.append({**row, "others": consensus, "n_others": len(others),
                     "departure": abs(math.log(row["point"] / consensus))})
    return pd.DataFrame(rows)


def auc_with_interval(labels: np.ndarray, scores: np.ndarray, draws: int, seed: int) -> dict:
    """AUC of ``scores`` for predicting label 0 (not credible), with a 95% bootstrap interval."""
    positive = (labels == 0).astype(int)
    estimate = roc_auc_score(positive, scores)
    rng = np.random.default_rng([seed, 505])
    results = []
    for _ in range(draws):
        sample = rng.integers(0, len(labels), len(labels))
        if positive[sample].min() != positive[sample].max():
            results.append(roc_auc_score(positive[sample], scores[sample]))
    low, high = np.percentile(results, [2.5, 97.5])
    return {"estimate": float(estimate), "low": float(low), "high": float(high), "draws": len(results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/fakes_agreement")
    args = parser.parse_args()
    path = toolkit.run(HERE / "config.yaml", out_dir=args.out)
    run = toolkit.load_run(path)
    table = departures(run)
    labels, scores = table["label"].astype(int).to_numpy(), table["departure"].to_numpy()
    summary = run.agreement_summary
    result = {
        "n_articles": int(len(run.reports)),
        "n_incidents": int(run.incidents["incident_id"].nunique()),
        "n_multi_outlet_incidents": int((run.incident_summary["n_sources"] >= 2).sum()),
        "n_articles_scored": int(len(table)),
        "n_not_credible_scored": int((labels == 0).sum()),
        "mean_departure_credible": float(scores[labels == 1].mean()),
        "mean_departure_not_credible": float(scores[labels == 0].mean()),
        "auc_departure_predicts_not_credible": auc_with_interval(labels, scores, 1000, run.config.seed),
        "alpha": summary["alpha"],
        "within_tolerance": summary["within_tolerance"],
        "n_units_with_two_or_more_sources": summary["n_units_with_two_or_more_sources"],
    }
    write_json(Path(path) / "study.json", result)
    table.to_csv(Path(path) / "study_departures.csv", index=False)
    auc = result["auc_departure_predicts_not_credible"]
    print(f"articles scored: {result['n_articles_scored']} of {result['n_articles']} "
          f"({result['n_not_credible_scored']} not credible)")
    print(f"mean departure: credible {result['mean_departure_credible']:.3f}, "
          f"not credible {result['mean_departure_not_credible']:.3f}")
    print(f"AUC (departure -> not credible): {auc['estimate']:.3f} [{auc['low']:.3f}, {auc['high']:.3f}]")
    print(f"Krippendorff's alpha (ratio): {summary['alpha']}")
    print(f"study written to {Path(path) / 'study.json'}")


if __name__ == "__main__":
    main()
