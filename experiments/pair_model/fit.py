"""Fit and check the default same-incident pair model on the four incident gold sets.

For each gold set (the demo, NTREX-128 documents, FA-KES weak gold, FIGNEWS cross-lingual
links) the default config is run up to clustering (FA-KES with the study's input columns but
the default window), the candidate pairs' features (toolkit.cluster.scores) are labelled by the
gold, and:

- leave-one-corpus-out: a logistic model is fitted on the other three sets (each set weighing
  as much as any other, whatever its number of pairs) and the held-out set is clustered with it
  (threshold-average) at the default threshold 0.5 and at every threshold of a grid, so its B3
  F1 at the default can be compared with its best; English-Arabic pair F1 where a set mixes them;
- the previous default (weighted text 0.8 + date 0.2, threshold 0.55) is scored the same way;
- for the sets that mix English and Arabic, what searching each language separately and taking
  the margin among the partner's language are worth: the cross-lingual gold pairs among the
  candidates with and without per-language search, and the ROC AUC of the raw cosine and of
  the margin with each baseline over the cross-lingual candidate pairs;
- the model shipped as the default (toolkit/data/pair_models/same_incident.json) is fitted on
  all four sets and scored on each (in-sample: these figures are on data it was fitted on);
  a reliability diagram of the held-out (leave-one-corpus-out) probabilities is drawn.

Writes experiments/pair_model/results.json, the model, and docs/figures/pair_model_reliability.png,
and renders the figures the docs quote into their marked blocks (experiments/blocks.py);
``--render-only`` re-renders them from results.json without running anything.

    python experiments/pair_model/fit.py [--render-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402

from toolkit.cluster import candidate_graph  # noqa: E402
from toolkit.cluster.candidates import candidate_pairs, day_numbers  # noqa: E402
from toolkit.cluster.algorithms import threshold_average_linkage  # noqa: E402
from toolkit.cluster.pair_model import fill_unknown, fit_pair_model, model_scores  # noqa: E402
from toolkit.cluster.scores import FEATURES, ReportEvidence, pair_features  # noqa: E402
from toolkit.cluster.scorers import WeightedScorer  # noqa: E402
from toolkit.config import load_config  # noqa: E402
from toolkit.evaluate.clustering import clustering_scores  # noqa: E402
from toolkit.pipeline import run_pipeline  # noqa: E402
from toolkit.runs import load_run  # noqa: E402

GOLD = ROOT / "toolkit" / "data" / "incident_gold"
CORPORA = {
    "demo": ("configs/demo.yaml", [], ROOT / "toolkit" / "data" / "demo" / "gold_incidents.csv"),
    "ntrex": ("configs/ntrex_clustering.yaml", [], GOLD / "ntrex" / "gold_incidents.csv"),
    "fakes_weak": ("experiments/fakes_agreement/config.yaml", ["cluster.window_days=7"], GOLD / "fakes_weak.csv"),
    "fignews": ("configs/fignews_clustering.yaml", [], GOLD / "fignews" / "gold_incidents.csv"),
}
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)
DEFAULT_THRESHOLD = 0.5
MODEL_PATH = ROOT / "toolkit" / "data" / "pair_models" / "same_incident.json"
RESULTS = Path(__file__).resolve().parent / "results.json"
FIGURE = ROOT / "docs" / "figures" / "pair_model_reliability.png"
DOCS = [ROOT / "docs" / "clustering.md"]
NAMES = {"demo": "demo (49 reports, en+ar)", "ntrex": "NTREX-128 documents (246, en+ar, undated)",
         "fakes_weak": "FA-KES weak (792, en)", "fignews": "FIGNEWS links (596 posts, en+ar, undated)"}


def _pair_f1(row: dict) -> str:
    return f"{row['en_ar_pair_f1']:.3f}" if "en_ar_pair_f1" in row else "–"


def render(results: dict) -> dict[str, str]:
    """The blocks the docs quote, from results.json."""
    lines = ["| gold set | B3 F1 at 0.5, fitted without it | its best threshold: B3 F1 | gap | "
             "en–ar pair F1 at 0.5 | previous default (weighted, 0.55) | shipped model at 0.5 (fitted on it too) | "
             "every report alone |",
             "|---|---|---|---|---|---|---|---|"]
    for name, corpus in results["corpora"].items():
        loco, old, shipped = (corpus["leave_one_corpus_out"], corpus["previous_default_weighted"],
                              corpus["shipped_model_in_sample"])
        lines.append(f"| {NAMES[name]} | {loco['at_default']['b3_f1']:.3f} | {loco['best_threshold']:.2f}: "
                     f"{loco['at_best']['b3_f1']:.3f} | {loco['gap_to_best']:.3f} | {_pair_f1(loco['at_default'])} | "
                     f"{old['at_default']['b3_f1']:.3f} | {shipped['at_default']['b3_f1']:.3f} "
                     f"(en–ar {_pair_f1(shipped['at_default'])}) | {corpus['all_singletons']['b3_f1']:.3f} |")
    model = results["shipped_model"]
    coefficients = ["| feature | coefficient | training mean (used when unknown) |", "|---|---|---|"]
    coefficients += [f"| `{name}` | {value:+.3f} | {model['fill'][name]:.3f} |"
                     for name, value in zip(model["features"], model["coefficients"])]
    coefficients.append(f"| intercept | {model['intercept']:+.3f} | |")
    names = list(results["corpora"])
    ablation_lines = ["| features | " + " | ".join(NAMES[name].split(" (")[0] for name in names) + " |",
                      "|---|" + "---|" * len(names)]
    for label, row in results["ablation_loco_b3_f1_at_default"].items():
        ablation_lines.append(f"| {label} | " + " | ".join(f"{row[name]:.3f}" for name in names) + " |")
    close = [NAMES[name] for name, corpus in results["corpora"].items()
             if corpus["leave_one_corpus_out"]["gap_to_best"] <= 0.02]
    transfer = ("Leave-one-corpus-out, the default threshold is within 0.02 of the best "
                + (f"only on {' and '.join(close)}." if close else "on none of the gold sets."))
    neighbours = ["| gold set | en–ar gold pairs | among the candidates: one search | one search per language | "
                  "ROC AUC over en–ar candidates: cosine | margin among all neighbours | margin among the partner's language |",
                  "|---|---|---|---|---|---|---|"]
    neighbours += [f"| {NAMES[name]} | {row['en_ar_gold_pairs']} | {row['found_one_search']} | {row['found_per_language']} | "
                   f"{row['roc_auc_cosine']:.3f} | {row['roc_auc_margin_all_neighbours']:.3f} | "
                   f"{row['roc_auc_margin_partner_language']:.3f} |"
                   for name, row in results["cross_lingual_neighbours"].items()]
    return {"pair_model/cross_lingual": "\n".join(neighbours), "pair_model/transfer": transfer, "pair_model/loco": "\n".join(lines), "pair_model/ablation": "\n".join(ablation_lines), "pair_model/coefficients": "\n".join(coefficients),
            "pair_model/training": f"{model['n_pairs']:,} candidate pairs, {model['n_positive']:,} of them same-incident"}


def corpus_pairs(name: str, extra: list[str] | None = None, run_name: str | None = None, fresh: bool = False,
                 run_root: Path | None = None) -> dict:
    """The corpus's reports, gold and labelled candidate pairs with their features (``extra``:
    more config overrides, e.g. another encoder, run under ``runs/pair_model/<run_name>``;
    ``fresh``: recompute every stage rather than reuse the stage cache)."""
    config_path, overrides, gold_path = CORPORA[name]
    config = load_config(ROOT / config_path, overrides + ["cluster.scorer=weighted"] + (extra or []))
    run_dir = run_pipeline(config, (run_root or ROOT / "runs" / "pair_model") / (run_name or name), until="cluster",
                           show_progress=False, reuse=not fresh)
    run = load_run(run_dir)
    vectors = np.load(Path(run_dir) / "embeddings.npy")
    i, j, features = candidate_graph(run.reports, vectors, run.claims, config.cluster)
    gold = dict(pd.read_csv(gold_path, dtype=str)[["report_id", "incident_id"]].itertuples(index=False))
    ids = run.reports["report_id"].astype(str).to_numpy()
    incident = np.array([gold.get(report_id) for report_id in ids], dtype=object)
    known = np.array([value is not None for value in incident])
    keep = known[i] & known[j]
    labels = incident[i] == incident[j]
    return {"ids": ids, "languages": run.reports["language"].to_numpy(), "gold": gold, "i": i, "j": j,
            "features": features, "labels": labels, "keep": keep, "vectors": vectors,
            "days": day_numbers(run.reports["published"]), "config": config.cluster}


def cross_lingual_neighbours(corpus: dict) -> dict:
    """Cross-lingual gold pairs found as candidates with one search over all reports and with one
    search per language, and how well each text score ranks the cross-lingual candidate pairs."""
    from sklearn.metrics import roc_auc_score

    config, languages = corpus["config"], corpus["languages"]
    incident = np.array([corpus["gold"].get(report_id) for report_id in corpus["ids"]], dtype=object)
    by_incident = pd.DataFrame({"incident": incident, "language": languages}).dropna()
    gold_pairs = int(sum((group["language"] == "en").sum() * (group["language"] == "ar").sum()
                         for _, group in by_incident.groupby("incident")))

    def found(i: np.ndarray, j: np.ndarray) -> int:
        return int(((incident[i] == incident[j]) & (incident[i] != None) & (languages[i] != languages[j])).sum())  # noqa: E711

    one_search = candidate_pairs(corpus["vectors"], corpus["days"], config.neighbours, config.window_days)
    i, j = corpus["i"], corpus["j"]
    cross = corpus["keep"] & (languages[i] != languages[j])
    labels = corpus["labels"][cross]
    similarity = corpus["features"][:, FEATURES.index("text")]
    pooled = pair_features(i, j, similarity, corpus["days"], ReportEvidence.empty(len(corpus["ids"])),
                           config.window_days, None)[:, FEATURES.index("text_margin")]
    auc = lambda values: round(float(roc_auc_score(labels, np.nan_to_num(values[cross], nan=0.0))), 3)  # noqa: E731
    return {"en_ar_gold_pairs": gold_pairs, "found_one_search": found(*one_search[:2]), "found_per_language": found(i, j),
            "roc_auc_cosine": auc(similarity), "roc_auc_margin_all_neighbours": auc(pooled),
            "roc_auc_margin_partner_language": auc(corpus["features"][:, FEATURES.index("text_margin")])}


def cluster_scores(corpus: dict, scores: np.ndarray, threshold: float) -> dict:
    """B3 (and English-Arabic pair) scores of threshold-average clustering with these pair scores."""
    labels = threshold_average_linkage(len(corpus["ids"]), corpus["i"], corpus["j"], scores, threshold)
    predicted = dict(zip(corpus["ids"], map(str, labels)))
    scored = clustering_scores(corpus["gold"], predicted)
    result = {"b3_f1": round(scored["b3_f1"], 4), "b3_precision": round(scored["b3_precision"], 4),
              "b3_recall": round(scored["b3_recall"], 4)}
    if len(set(corpus["languages"])) > 1:
        result.update(cross_lingual_pair_f1(corpus, predicted))
    return result


def cross_lingual_pair_f1(corpus: dict, predicted: dict) -> dict:
    """Precision, recall and F1 over the English-Arabic report pairs put in one incident."""
    frame = pd.DataFrame({"id": corpus["ids"], "language": corpus["languages"]})
    frame["gold"] = frame["id"].map(corpus["gold"])
    frame["predicted"] = frame["id"].map(predicted)
    frame = frame.dropna()
    english, arabic = frame[frame["language"] == "en"], frame[frame["language"] == "ar"]

    def pairs(column: str) -> set:
        merged = english.merge(arabic, on=column)
        return set(zip(merged["id_x"], merged["id_y"]))

    gold, found = pairs("gold"), pairs("predicted")
    hits = len(gold & found)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"en_ar_pair_precision": round(precision, 4), "en_ar_pair_recall": round(recall, 4),
            "en_ar_pair_f1": round(f1, 4), "en_ar_gold_pairs": len(gold)}


ABLATIONS = {"all eight features": (), "without text_margin and best_match": ("text_margin", "best_match"),
             "without cross_lingual": ("cross_lingual",), "without place and claims": ("place", "claims"),
             "without place": ("place",), "without claims": ("claims",),
             "without undated": ("undated",)}


def masked(features: np.ndarray, drop: tuple[str, ...]) -> np.ndarray:
    """The features with the named columns set to 0 (a model fitted on them gives them no weight)."""
    features = fill_unknown(features).copy()
    for name in drop:
        features[:, FEATURES.index(name)] = 0.0
    return features


def ablation(corpora: dict[str, dict], say=print) -> dict:
    """Leave-one-corpus-out B3 F1 at the default threshold with groups of features left out."""
    table = {}
    for label, drop in ABLATIONS.items():
        view = {name: {**corpus, "features": masked(corpus["features"], drop)} for name, corpus in corpora.items()}
        table[label] = {name: cluster_scores(view[name], model_scores(
            view[name]["features"], fit(view, [other for other in view if other != name], unused=())),
            DEFAULT_THRESHOLD)["b3_f1"] for name in view}
        say(f"ablation {label:<36} " + "  ".join(f"{name} {value:.3f}" for name, value in table[label].items()))
    return table


# Left out of the shipped model: leave-one-corpus-out, the model is better on every gold set without them
# (the ablation table); they are still computed and shown by `crosstally eval pairs`.
UNUSED = ("place", "claims")


def fit(corpora: dict[str, dict], names: list[str], unused: tuple[str, ...] = UNUSED) -> dict:
    """A logistic pair model on the named corpora, each corpus weighing the same in total."""
    features = np.concatenate([corpora[name]["features"][corpora[name]["keep"]] for name in names])
    labels = np.concatenate([corpora[name]["labels"][corpora[name]["keep"]] for name in names])
    weights = np.concatenate([np.full(int(corpora[name]["keep"].sum()), 1.0 / corpora[name]["keep"].sum())
                              for name in names])
    model = fit_pair_model(features, labels, sample_weight=weights * len(labels) / len(names), unused=unused)
    model["trained_on"] = names
    return model


def evaluate(corpus: dict, scores: np.ndarray, default: float) -> dict:
    sweep = {f"{t:.2f}": cluster_scores(corpus, scores, float(t)) for t in THRESHOLDS}
    best = max(sweep, key=lambda t: (sweep[t]["b3_f1"], -abs(float(t) - default)))
    at_default = cluster_scores(corpus, scores, default)
    return {"at_default": at_default, "best_threshold": float(best), "at_best": sweep[best],
            "gap_to_best": round(sweep[best]["b3_f1"] - at_default["b3_f1"], 4), "sweep": sweep}


def reliability_figure(held_out: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = np.linspace(0, 1, 11)
    figure, axis = plt.subplots(figsize=(5.5, 5))
    axis.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    for name, (probability, label) in held_out.items():
        which = np.clip(np.digitize(probability, bins) - 1, 0, len(bins) - 2)
        centres, observed = [], []
        for b in range(len(bins) - 1):
            members = which == b
            if members.sum() >= 10:
                centres.append(probability[members].mean())
                observed.append(label[members].mean())
        axis.plot(centres, observed, marker="o", label=f"{name} ({len(label):,} pairs)")
    axis.set_xlabel("predicted P(same incident), model fitted without the corpus")
    axis.set_ylabel("observed share of same-incident pairs")
    axis.set_title("Pair model reliability, leave-one-corpus-out")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    axis.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(FIGURE, dpi=120)


def compute_results(run_root: Path | None = None, verbose: bool = True) -> tuple[dict, dict]:
    """(results, held-out probabilities per corpus): everything results.json holds, nothing written
    but the runs (under ``run_root``, default runs/pair_model)."""
    say = print if verbose else (lambda *_args, **_kwargs: None)
    corpora = {name: corpus_pairs(name, run_root=run_root) for name in CORPORA}
    results: dict = {"default_threshold": DEFAULT_THRESHOLD, "corpora": {}}
    held_out = {}
    for name, corpus in corpora.items():
        model = fit(corpora, [other for other in CORPORA if other != name])
        scores = model_scores(corpus["features"], model)
        baseline = WeightedScorer().score(corpus["features"])
        held_out[name] = (scores[corpus["keep"]], corpus["labels"][corpus["keep"]].astype(float))
        results["corpora"][name] = {
            "reports": len(corpus["ids"]), "candidate_pairs": int(len(corpus["i"])),
            "same_incident_pairs": int(corpus["labels"][corpus["keep"]].sum()),
            "leave_one_corpus_out": evaluate(corpus, scores, DEFAULT_THRESHOLD),
            "previous_default_weighted": evaluate(corpus, baseline, 0.55),
            "all_singletons": cluster_scores(corpus, np.zeros(len(corpus["i"])), 1.0),
            "model_coefficients": dict(zip(model["features"], model["coefficients"])),
        }
        row = results["corpora"][name]["leave_one_corpus_out"]
        say(f"{name:<11} LOCO B3 F1 at 0.5 {row['at_default']['b3_f1']:.3f}, best {row['at_best']['b3_f1']:.3f} "
            f"at {row['best_threshold']:.2f}; previous default "
            f"{results['corpora'][name]['previous_default_weighted']['at_default']['b3_f1']:.3f}"
            + (f"; en-ar pair F1 {row['at_default']['en_ar_pair_f1']:.3f}" if "en_ar_pair_f1" in row["at_default"] else ""))
    results["ablation_loco_b3_f1_at_default"] = ablation(corpora, say)
    results["cross_lingual_neighbours"] = {name: cross_lingual_neighbours(corpus) for name, corpus in corpora.items()
                                           if len(set(corpus["languages"])) > 1}
    results["unused_features"] = list(UNUSED)
    model = fit(corpora, list(CORPORA))
    model["description"] = ("P(same incident) of two reports, logistic on toolkit.cluster.scores.FEATURES, fitted by "
                            "experiments/pair_model/fit.py on the candidate pairs of the demo, NTREX-128, FA-KES weak "
                            "and FIGNEWS incident gold sets (each set weighing the same), mUSE embeddings")
    results["shipped_model"] = model
    for name, corpus in corpora.items():  # in-sample: the shipped model was fitted on these pairs
        scored = evaluate(corpus, model_scores(corpus["features"], model), DEFAULT_THRESHOLD)
        results["corpora"][name]["shipped_model_in_sample"] = scored
        say(f"{name:<11} shipped model (fitted on it too) B3 F1 at 0.5 {scored['at_default']['b3_f1']:.3f}, "
            f"best {scored['at_best']['b3_f1']:.3f} at {scored['best_threshold']:.2f}"
            + (f"; en-ar pair F1 {scored['at_default']['en_ar_pair_f1']:.3f}" if "en_ar_pair_f1" in scored["at_default"] else ""))
    return json.loads(json.dumps(results)), held_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-only", action="store_true", help="re-render the docs' blocks from results.json")
    if parser.parse_args().render_only:
        changed = write_blocks(DOCS, render(json.loads(RESULTS.read_text(encoding="utf-8"))))
        print("rewrote " + (", ".join(str(path.relative_to(ROOT)) for path in changed) or "nothing"))
        return
    results, held_out = compute_results()
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(json.dumps(results["shipped_model"], indent=2) + "\n", encoding="utf-8")
    reliability_figure(held_out)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_blocks(DOCS, render(results))
    print(f"model: {MODEL_PATH.relative_to(ROOT)}; results: {RESULTS.relative_to(ROOT)}; figure: {FIGURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
