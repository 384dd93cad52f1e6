"""Does departing from the other outlets' consensus predict FA-KES's credibility label?

    python experiments/fakes_agreement/study.py [--out runs/fakes_agreement]   # the study at its config
    python experiments/fakes_agreement/study.py --band     # ... and across a band of clusterings (minutes)
    python experiments/fakes_agreement/study.py --render-only   # re-render the docs from results.json

1. Runs the pipeline on FA-KES with experiments/fakes_agreement/config.yaml.
2. For each article in an incident that another outlet also reports, takes the article's
   killed figure (its first top-level killed claim, preferring civilians, then people, then
   unspecified, the order FA-KES annotators counted) and the median of the other outlets'
   figures for the same incident and subject; departure = |log(article / others)|.
3. Scores how well departure ranks non-credible (label 0) above credible articles: ROC AUC
   with a percentile bootstrap interval over articles (seeded).
4. With ``--band``: the same figures over a band of clustering settings (toolkit.sensitivity),
   written with the headline to this folder's results.json, plotted in sensitivity.png and
   rendered into the marked blocks of this folder's README and notebook 02
   (tests/test_fakes_study.py fails when they differ from what the code gives now).
Writes OUT/study.json and prints the figures quoted in this folder's README.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "experiments"))

import toolkit  # noqa: E402
from blocks import write_blocks  # noqa: E402
from toolkit.io import write_json  # noqa: E402
from toolkit.report import format_interval  # noqa: E402
from toolkit.sensitivity import band, conclusion, plot_band  # noqa: E402

CONFIG = HERE / "config.yaml"
RESULTS = HERE / "results.json"
FIGURE = HERE / "sensitivity.png"
DOCS = [HERE / "README.md", ROOT / "notebooks" / "02_fakes_agreement.ipynb"]
SUBJECT_ORDER = ("civilians", "people", "unspecified")
AUC_DRAWS = 1000
# The band: each pair scorer over thresholds on its own scale, crossed with the date window.
# Thresholds 0.7-0.9 of the calibrated (logistic) scorer are the high-confidence core: incidents
# whose reports are on average at least that likely to describe one incident.
BAND = [
    {"cluster.scorer": ["logistic"], "cluster.threshold": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
     "cluster.window_days": [1, 2, 4, 7]},
    {"cluster.scorer": ["weighted"], "cluster.threshold": [0.45, 0.55, 0.65, 0.75],
     "cluster.window_days": [1, 2, 4, 7]},
]
CORE_THRESHOLD = 0.8


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
    if positive.min() == positive.max():
        return {"estimate": None, "low": None, "high": None, "draws": 0}
    estimate = roc_auc_score(positive, scores)
    rng = np.random.default_rng([seed, 505])
    results = []
    for _ in range(draws):
        sample = rng.integers(0, len(labels), len(labels))
        if positive[sample].min() != positive[sample].max():
            results.append(roc_auc_score(positive[sample], scores[sample]))
    low, high = np.percentile(results, [2.5, 97.5])
    return {"estimate": float(estimate), "low": float(low), "high": float(high), "draws": len(results)}


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def credibility_test(run: toolkit.runs.Run) -> dict[str, Any]:
    """The departure table's figures: articles scored, mean departures and the AUC."""
    table = departures(run)
    if table.empty:
        return {"n_articles_scored": 0, "n_not_credible_scored": 0, "mean_departure_credible": None,
                "mean_departure_not_credible": None, "share_at_zero_credible": None, "share_at_zero_not_credible": None,
                "auc_departure_predicts_not_credible": {"estimate": None, "low": None, "high": None, "draws": 0}}
    labels, scores = table["label"].astype(int).to_numpy(), table["departure"].to_numpy()
    return {
        "n_articles_scored": int(len(table)),
        "n_not_credible_scored": int((labels == 0).sum()),
        "mean_departure_credible": _mean(scores[labels == 1]),
        "mean_departure_not_credible": _mean(scores[labels == 0]),
        "share_at_zero_credible": _mean(scores[labels == 1] == 0),
        "share_at_zero_not_credible": _mean(scores[labels == 0] == 0),
        "auc_departure_predicts_not_credible": auc_with_interval(labels, scores, AUC_DRAWS, run.config.seed),
    }


def band_metrics(run: toolkit.runs.Run) -> dict[str, Any]:
    """The study's own figures for one point of the band (beside the sweep's agreement figures)."""
    test = credibility_test(run)
    auc = test["auc_departure_predicts_not_credible"]
    return {"n_multi_outlet_incidents": int((run.incident_summary["n_sources"] >= 2).sum()),
            "n_articles_scored": test["n_articles_scored"],
            "auc": auc["estimate"], "auc_low": auc["low"], "auc_high": auc["high"]}


def headline(run: toolkit.runs.Run) -> dict[str, Any]:
    """Every figure the README and notebook 02 quote from the study's own run."""
    summary = run.agreement_summary
    ingest = run.manifest["stages"]["ingest"]
    outlets = run.source_agreement.sort_values(["n_units_shared", "source"], ascending=[False, True])
    groups = run.group_bias[run.group_bias["grouping"] == "group"].sort_values("mean_log_ratio")
    return {
        "n_rows_read": int(ingest["rows_in"]), "n_articles": int(len(run.reports)),
        "n_rejected": int(ingest["rejected"]),
        "n_incidents": int(run.incidents["incident_id"].nunique()),
        "n_multi_outlet_incidents": int((run.incident_summary["n_sources"] >= 2).sum()),
        **credibility_test(run),
        **{key: summary[key] for key in ("alpha", "exact_agreement", "within_tolerance", "interval_overlap",
                                         "median_abs_log_ratio", "bland_altman_log", "n_units",
                                         "n_units_with_two_or_more_sources", "n_sources", "bootstrap_draws")},
        "outlets": outlets[["source", "n_units_shared", "mean_log_ratio", "mean_log_ratio_low",
                            "mean_log_ratio_high"]].to_dict("records"),
        "groups": groups[["group", "n_units", "mean_log_ratio", "mean_log_ratio_low",
                          "mean_log_ratio_high"]].to_dict("records"),
    }


def sensitivity(out: Path) -> dict[str, Any]:
    """The band's table (one row per setting) and the conclusion of each statistic over it."""
    table = band(CONFIG, BAND, out / "band", metrics=band_metrics)
    core = table[(table["cluster.scorer"] == "logistic") & (table["cluster.threshold"] >= CORE_THRESHOLD)]
    columns = ["band", "cluster.scorer", "cluster.threshold", "cluster.window_days", "config_point", "n_incidents",
               "n_multi_outlet_incidents", "n_units_shared", "alpha", "alpha_low", "alpha_high",
               "n_articles_scored", "auc", "auc_low", "auc_high"]
    return {
        "grids": BAND, "core_threshold": CORE_THRESHOLD,
        "rows": table[columns].to_dict("records"),
        "alpha": conclusion(table, "alpha", null=0.0),
        "auc": conclusion(table, "auc", null=0.5),
        "core_alpha": conclusion(core, "alpha", null=0.0),
        "core_auc": conclusion(core, "auc", null=0.5),
    }


def draw_band(results: dict[str, Any]) -> None:
    table = pd.DataFrame(results["sensitivity"]["rows"])
    figure = plot_band(table, ["alpha", "auc"], by="cluster.scorer", nulls={"alpha": 0.0, "auc": 0.5},
                       labels={"alpha": "Krippendorff's alpha", "auc": "AUC, departure → not credible"})
    figure.suptitle("FA-KES: agreement and the credibility test across clustering settings", fontsize=11)
    figure.savefig(FIGURE, dpi=110, metadata={"Software": None})


def _number(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def print_headline(result: dict[str, Any]) -> None:
    auc, alpha = result["auc_departure_predicts_not_credible"], result["alpha"]
    print(f"articles scored: {result['n_articles_scored']} of {result['n_articles']} "
          f"({result['n_not_credible_scored']} not credible)")
    print(f"mean departure: credible {_number(result['mean_departure_credible'])}, "
          f"not credible {_number(result['mean_departure_not_credible'])}")
    print(f"AUC (departure -> not credible): {format_interval(auc, 3)}")
    print(f"Krippendorff's alpha (ratio): {format_interval(alpha, 3)} over {alpha.get('n_units', 0)} units")


# ---- the docs' blocks, rendered from results.json ------------------------------------------------

def _signed(value: float) -> str:
    text = f"{value:+.2f}"
    return ("±0.00" if float(text) == 0 else text).replace("-", "−")


def _bias(row: dict[str, Any]) -> str:
    return f"{_signed(row['mean_log_ratio'])} [{_signed(row['mean_log_ratio_low'])}, {_signed(row['mean_log_ratio_high'])}]"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _units(row: dict[str, Any]) -> str:
    return f"{row['source']} ({_count(row['n_units_shared'], 'unit')})"


def _signed_units(row: dict[str, Any]) -> str:
    return f"`{row['source']}` ({_signed(row['mean_log_ratio'])}, {_count(row['n_units_shared'], 'unit')})"


def _excludes_zero(row: dict[str, Any]) -> bool:
    return row["mean_log_ratio_low"] > 0 or row["mean_log_ratio_high"] < 0


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _auc_side(auc: dict[str, Any]) -> str | None:
    """Where the AUC's interval lies against 0.5: "above", "contains", "below", or None (undefined)."""
    if auc.get("low") is None:
        return None
    return "above" if auc["low"] > 0.5 else "below" if auc["high"] < 0.5 else "contains"


def _auc_verdict(auc: dict[str, Any], strong: bool = True) -> str:
    label = "FA-KES's \"not credible\" label"
    side = _auc_side(auc)
    if side is None:
        return f"cannot be tested against {label} here (the AUC is undefined)"
    if side == "above":
        return f"predicts {label} better than chance (the AUC's interval lies above 0.5)"
    if side == "below":
        return "ranks credible articles *above* non-credible ones (the AUC's interval lies below 0.5)"
    where = "below" if auc["estimate"] < 0.5 else "above" if auc["estimate"] > 0.5 else "at"
    return (f"does {'**not**' if strong else 'not'} predict {label}: the AUC's interval contains 0.5 (chance), "
            f"with the point estimate {auc['estimate']:.3f}, {where} it")


def _band_sentence(verdict: dict[str, Any], what: str) -> str:
    """"alpha ranges from 0.31 to 0.81 over 44 settings; its 95% interval lies above 0 at all 44"."""
    defined = verdict["defined"]
    if not defined:
        return f"{what} is undefined at every one of the {verdict['settings']} settings"
    where = [(verdict["above_null"], "lies above"), (verdict["contains_null"], "contains"),
             (verdict["below_null"], "lies below")]
    parts = [f"{word} {verdict['null']:g} at {'all ' if n == defined else ''}{n}" for n, word in where if n]
    undefined = verdict["settings"] - defined
    return (f"{what} ranges from {verdict['estimate_min']:.2f} to {verdict['estimate_max']:.2f} over "
            f"{_count(defined, 'setting')}" + (f" (undefined at {undefined} more)" if undefined else "")
            + "; its 95% interval " + ", ".join(parts))


def render(results: dict[str, Any]) -> dict[str, str]:
    """{block name: Markdown} for this folder's README and notebook 02."""
    h, band_ = results["headline"], results["sensitivity"]
    auc, ba = h["auc_departure_predicts_not_credible"], h["bland_altman_log"]
    outlets = [row for row in h["outlets"] if row["n_units_shared"] > 0]
    top = outlets[:6]  # the outlets with the most shared units
    excluding = [row for row in outlets if _excludes_zero(row)]
    table = "\n".join([
        f"| figure | value |", "|---|---|",
        f"| articles read / kept / rejected | {h['n_rows_read']} / {h['n_articles']} / {h['n_rejected']} "
        f"(FA-KES repeats {h['n_rejected']} `unit_id`s; the repeats are rejected as duplicates and listed in `rejects.jsonl`) |",
        f"| incidents (predicted) | {h['n_incidents']}, of which {h['n_multi_outlet_incidents']} are reported by two or more "
        f"outlets; {h['n_units_with_two_or_more_sources']} comparison units are reported by two or more outlets |",
        f"| Krippendorff's alpha (ratio) | {format_interval(h['alpha'], 3)} |",
        f"| pairwise exact agreement | {format_interval(h['exact_agreement'], 3)} |",
        f"| pairwise agreement within 10% | {format_interval(h['within_tolerance'], 3)} |",
        f"| pairwise interval overlap | {format_interval(h['interval_overlap'], 3)} |",
        f"| Bland–Altman on log counts | bias {_signed(ba['bias'])}, 95% limits of agreement {_signed(ba['lower_limit'])} "
        f"to {_signed(ba['upper_limit'])} (n = {ba['n']} figures) |",
        f"| articles scored for the credibility test | {h['n_articles_scored']} ({h['n_not_credible_scored']} not credible) |",
        f"| mean departure, credible vs not credible | {h['mean_departure_credible']:.3f} vs "
        f"{h['mean_departure_not_credible']:.3f} |",
        f"| **AUC, departure → not credible** | **{format_interval(auc, 3)}** |",
    ])
    groups = "; ".join(f"`{g['group']}` {_bias(g)} ({_count(g['n_units'], 'unit')})" for g in h["groups"])
    outlet_text = (
        f"Per-outlet bias (mean log ratio to the other outlets' consensus, 95% interval), the {len(top)} outlets "
        "with the most shared units: " + "; ".join(f"{o['source']} {_bias(o)} ({_count(o['n_units_shared'], 'unit')})"
                                                    for o in top)
        + ". " + (f"Intervals that exclude 0: {_names([_units(o) for o in excluding])}."
                  if excluding else "No outlet's interval excludes 0.")
        + f" By editorial group: {groups}.")
    group_verdict = ("no editorial group departs from the others in a way its interval can tell from zero"
                     if not any(_excludes_zero(g) for g in h["groups"]) else
                     "the groups whose interval excludes zero: " + _names([f"`{g['group']}`"
                                                                          for g in h["groups"] if _excludes_zero(g)]))
    a_all, u_all, a_core, u_core = band_["alpha"], band_["auc"], band_["core_alpha"], band_["core_auc"]
    core_units = [row["n_units_shared"] for row in band_["rows"] if row["n_units_shared"] is not None
                  and row["cluster.scorer"] == "logistic" and row["cluster.threshold"] >= band_["core_threshold"]]
    band_text = "\n".join([
        "![Alpha and the AUC with their 95% intervals across clustering settings](sensitivity.png)",
        "",
        f"{a_all['settings']} clusterings: the calibrated pair scorer (`logistic`, the default) at thresholds "
        + ", ".join(f"{t:g}" for t in results["sensitivity"]["grids"][0]["cluster.threshold"])
        + " and the weighted cosine scorer of earlier releases at "
        + ", ".join(f"{t:g}" for t in results["sensitivity"]["grids"][1]["cluster.threshold"])
        + ", each with a date window of " + ", ".join(str(w) for w in results["sensitivity"]["grids"][0]["cluster.window_days"])
        + " days (circled: the study's setting). `band/band.csv` in the run directory holds every row.",
        "",
        f"- **Agreement:** {_band_sentence(a_all, 'alpha')}.",
        f"- **Credibility test:** {_band_sentence(u_all, 'the AUC')}.",
        f"- **High-confidence core** (logistic scorer, threshold ≥ {band_['core_threshold']:g}: incidents whose "
        f"reports the pair model scores at least {band_['core_threshold']:g} on average; on FA-KES its probabilities "
        "run high, docs/clustering.md): "
        f"{_band_sentence(a_core, 'alpha')}; {_band_sentence(u_core, 'the AUC')}."
        + (f" The core rests on {min(core_units)} to {max(core_units)} units shared by two or more outlets, "
           f"against {h['n_units_with_two_or_more_sources']} at the study's setting." if core_units else ""),
    ])
    side = _auc_side(auc)
    agreeing = {"above": u_all["above_null"], "contains": u_all["contains_null"], "below": u_all["below_null"]}.get(side, 0)
    reading = (
        f"Departing from the other outlets' figure {_auc_verdict(auc)}. "
        + ("" if side is None else
           f"This holds across the whole band of clusterings: at all {u_all['defined']} settings the AUC's interval "
           f"{ {'above': 'lies above', 'contains': 'contains', 'below': 'lies below'}[side]} 0.5."
           if agreeing == u_all["defined"] else
           f"It does not hold for every clustering: at {u_all['defined'] - agreeing} of the {u_all['defined']} "
           "settings of the band the AUC's interval says otherwise, so the conclusion depends on how incidents "
           "are formed.")
        + f" Agreement between outlets is alpha {h['alpha']['estimate']:.2f} at the study's setting but "
        f"{a_all['estimate_min']:.2f} to {a_all['estimate_max']:.2f} across the band, and "
        f"{a_core['estimate_min']:.2f} to {a_core['estimate_max']:.2f} on the high-confidence core: "
        + ("the stricter the incidents, the more the outlets agree (on fewer units), which is what clustering "
           "error at looser settings (articles on different events compared as one) would do; no single alpha "
           "describes the outlets. " if a_core["defined"] and a_core["estimate_min"] > h["alpha"]["estimate"] else
           "how far the outlets seem to agree depends on the clustering as much as on the outlets. ")
        + f"At the study's setting {group_verdict}.")
    forest = (
        ("Most intervals contain 0. " if len(excluding) < len(outlets) / 2 else "")
        + (f"Only {_names([_signed_units(o) for o in excluding])} "
           + ("excludes it." if len(excluding) == 1 else "exclude it.") if excluding else "None excludes it.")
        + " Outlets with a handful of shared units rest on too few units to say much: "
        + _names([f"`{o['source']}` ({o['n_units_shared']})" for o in outlets if o["n_units_shared"] < 10] or ["none"]) + ".")
    notebook = (
        f"**Departure from the other outlets {_auc_verdict(auc, strong=False)}** (AUC {format_interval(auc, 3)}, toolkit "
        f"{results['toolkit']}, seed {results['seed']}; the cell above prints it). Credible articles depart "
        f"{h['mean_departure_credible']:.3f} on average and non-credible ones {h['mean_departure_not_credible']:.3f}. "
        f"Agreement between outlets: alpha {format_interval(h['alpha'], 3)}; across the study's band of clusterings "
        f"alpha runs from {a_all['estimate_min']:.2f} to {a_all['estimate_max']:.2f} and the AUC from "
        f"{u_all['estimate_min']:.2f} to {u_all['estimate_max']:.2f}, its interval containing 0.5 at "
        f"{u_all['contains_null']} of {u_all['defined']} settings (the study's README plots it).")
    distributions = (
        f"{h['share_at_zero_credible']:.0%} of credible and {h['share_at_zero_not_credible']:.0%} of not-credible "
        "articles sit at departure 0 (the same figure as the other outlets' median).")
    return {"fakes/distributions": distributions, "fakes/results": table, "fakes/outlets": outlet_text, "fakes/band": band_text,
            "fakes/reading": reading, "fakes/forest": forest, "fakes/result": notebook}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/fakes_agreement")
    parser.add_argument("--band", action="store_true",
                        help="also run the sensitivity band and rewrite results.json, sensitivity.png and the docs")
    parser.add_argument("--render-only", action="store_true", help="re-render the docs' blocks from results.json")
    args = parser.parse_args()
    if args.render_only:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        path = Path(toolkit.run(CONFIG, out_dir=args.out))
        run = toolkit.load_run(path)
        result = headline(run)
        write_json(path / "study.json", result)
        departures(run).to_csv(path / "study_departures.csv", index=False)
        print_headline(result)
        print(f"study written to {path / 'study.json'}")
        if not args.band:
            return
        results = {"toolkit": toolkit.__version__, "seed": run.config.seed, "headline": result,
                   "sensitivity": sensitivity(path)}
        write_json(RESULTS, results)
        draw_band(results)
    for changed in write_blocks(DOCS, render(results)):
        print(f"updated {changed.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
