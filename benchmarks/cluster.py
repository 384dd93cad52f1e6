"""Incident clustering at scale on synthetic bilingual corpora, against the exact
scikit-learn AgglomerativeClustering baseline where that fits in memory.

    python benchmarks/cluster.py --sizes 20000,100000,1000000 --out /tmp/cluster-bench

Embeddings are precomputed (toolkit.cluster.synthetic: incidents with places, dates and
several reports each, embeddings drawn around incident centres). Every (n, method) runs
in a fresh process, so peak RSS is its own (it includes the corpus). The baseline scores
every pair with the weighted pair score (text 0.8 and date 0.2, threshold 0.55, pairs
outside the date window at distance 2; the toolkit runs with the same scorer) and clusters the full n x n matrix with average
linkage at the same threshold. Writes DIR/cluster_bench.json: rows
{"n", "method", "seconds", "peak_rss_mb", "b3_f1", ...}.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from toolkit.cluster import cluster_reports
from toolkit.cluster.candidates import day_numbers
from toolkit.cluster.scores import date_closeness
from toolkit.cluster.synthetic import synthetic_corpus
from toolkit.config import ClusterConfig
from toolkit.evaluate.clustering import bcubed, ceaf_e

BASELINE = "exact-agglomerative"


def exact_baseline(corpus, config: ClusterConfig) -> np.ndarray:
    """Labels from scikit-learn's average linkage on the full pair-score matrix."""
    from sklearn.cluster import AgglomerativeClustering

    n = len(corpus.reports)
    days = day_numbers(corpus.reports["published"])
    everyone = np.arange(n)
    closeness = date_closeness(everyone[:, None], everyone[None, :], days, config.window_days)  # n x n
    similarity = corpus.embeddings @ corpus.embeddings.T
    total = config.text_weight + config.date_weight
    distance = 1.0 - (config.text_weight * similarity + config.date_weight * closeness) / total
    del similarity, closeness
    gap = np.abs(days[:, None] - days[None, :])
    distance[gap > config.window_days] = 2.0
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - config.threshold + 1e-12)
    return model.fit_predict(distance)


def measure(n: int, method: str, seed: int, dim: int) -> dict:
    corpus = synthetic_corpus(n, seed=seed, dim=dim)
    name, _, threshold = method.partition("@")
    # The weighted score (text 0.8, date 0.2, threshold 0.55), which the exact baseline can compute for all n^2 pairs.
    weighted = {"scorer": "weighted", "threshold": 0.55}
    config = ClusterConfig(**weighted) if name in (BASELINE, "toolkit") else ClusterConfig(algorithm=name, **weighted)
    if threshold:
        config = config.model_copy(update={"threshold": float(threshold)})
    start = time.perf_counter()
    if method == BASELINE:
        labels = exact_baseline(corpus, config)
        predicted = dict(zip(corpus.reports["report_id"], map(str, labels)))
    else:
        members = cluster_reports(corpus.reports, corpus.embeddings, config, corpus.claims)
        predicted = dict(zip(members["report_id"], members["incident_id"]))
    seconds = time.perf_counter() - start
    # B-cubed and CEAF-e only: AMI's expected mutual information grows with the product of
    # the cluster counts and would take hours at a million reports.
    b3, ceaf = bcubed(corpus.gold, predicted), ceaf_e(corpus.gold, predicted)
    return {"n": n, "method": config.algorithm if method == "toolkit" else method, "threshold": config.threshold,
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "b3_f1": round(b3["f1"], 4), "ceaf_e_f1": round(ceaf["f1"], 4),
            "incidents_gold": len(set(corpus.gold.values())), "incidents_found": len(set(predicted.values()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--methods", default="toolkit,streaming@0.7",
                        help="toolkit (the default config), or algorithm names, each optionally with "
                             "@THRESHOLD; the baseline is added for sizes up to --max-exact")
    parser.add_argument("--max-exact", type=int, default=20000, help="largest n for the exact baseline")
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", nargs=2, metavar=("N", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1], args.seed, args.dim)))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    print(f"{'n':>9} {'method':<22} {'seconds':>8} {'peak RSS MB':>12} {'B3 F1':>6} {'CEAF-e':>7}")
    for n in (int(size) for size in args.sizes.split(",")):
        methods = args.methods.split(",") + ([BASELINE] if n <= args.max_exact else [])
        for method in methods:
            result = subprocess.run([sys.executable, __file__, "--out", str(args.out), "--one", str(n), method,
                                     "--seed", str(args.seed), "--dim", str(args.dim)],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
                continue
            row = json.loads(result.stdout.splitlines()[-1])
            rows.append(row)
            print(f"{n:>9} {row['method']:<22} {row['seconds']:>8} {row['peak_rss_mb']:>12} "
                  f"{row['b3_f1']:>6} {row['ceaf_e_f1']:>7}", flush=True)
            (args.out / "cluster_bench.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
