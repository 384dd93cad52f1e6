"""The clustering scores on the four incident gold sets that this folder's README quotes.

    python experiments/incident_clustering/figures.py [--out runs/incident_clustering]

Clusters each gold set with the default clustering config (as run.sh does with the command line),
scores it against its gold, writes results.json and renders the README's marked block;
tests/test_docs.py reruns it and fails when a quoted figure differs from what the code gives now.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402
from toolkit.config import build_config  # noqa: E402
from toolkit.evaluate.clustering import clustering_scores  # noqa: E402
from toolkit.pipeline import run_pipeline  # noqa: E402
from toolkit.runs import load_run  # noqa: E402

GOLD = ROOT / "toolkit" / "data" / "incident_gold"
DOCS = [HERE / "README.md"]
RESULTS = HERE / "results.json"
# name, label, config (a YAML file or the reports file for the default config), gold incidents
SETS = [
    ("demo", "demo", ROOT / "toolkit" / "data" / "demo" / "reports.jsonl", ROOT / "toolkit" / "data" / "demo" / "gold_incidents.csv"),
    ("ntrex", "NTREX-128 ar/en", GOLD / "ntrex" / "reports.jsonl", GOLD / "ntrex" / "gold_incidents.csv"),
    ("fakes", "FA-KES weak", ROOT / "experiments" / "fakes_agreement" / "config.yaml", GOLD / "fakes_weak.csv"),
    ("fignews", "FIGNEWS ar/en", GOLD / "fignews" / "reports.jsonl", GOLD / "fignews" / "gold_incidents.csv"),
]


def cluster_and_score(source: Path, gold_path: Path, out: Path) -> dict[str, Any]:
    if source.suffix == ".yaml":  # the study's input columns, the default 7-day window
        path = run_pipeline(source, out, overrides=["cluster.window_days=7"], until="cluster", show_progress=False)
    else:
        path = run_pipeline(build_config({"input": {"path": str(source)}}), out, until="cluster", show_progress=False)
    run = load_run(path)
    gold = pd.read_csv(gold_path, dtype=str)
    predicted = dict(zip(run.incidents["report_id"], run.incidents["incident_id"]))
    truth = dict(zip(gold["report_id"], gold["incident_id"]))
    scores = clustering_scores(truth, predicted)
    alone = clustering_scores(truth, {report: report for report in predicted})  # every report its own incident
    return {"singletons_b3_f1": alone["b3_f1"], "n_reports": len(run.reports), "n_incidents": int(run.incidents["incident_id"].nunique()),
            "n_gold_incidents": int(gold["incident_id"].nunique()),
            **{name: scores[name] for name in ("b3_precision", "b3_recall", "b3_f1", "ceaf_e_f1", "ari")}}


def compute(out: Path) -> dict[str, Any]:
    return {name: cluster_and_score(source, gold, out / name) for name, _label, source, gold in SETS}


def render(results: dict[str, Any]) -> dict[str, str]:
    lines = ["| gold | B3 P | B3 R | B3 F1 | CEAF-e F1 | ARI |", "|---|---|---|---|---|---|"]
    for name, label, _source, _gold in SETS:
        row = results[name]
        lines.append(f"| {label} ({row['n_reports']} reports, {row['n_gold_incidents']} gold incidents, "
                     f"{row['n_incidents']} predicted) | {row['b3_precision']:.3f} | {row['b3_recall']:.3f} | "
                     f"{row['b3_f1']:.3f} | {row['ceaf_e_f1']:.3f} | {row['ari']:.3f} |")
    fignews = results["fignews"]
    note = (f"On FIGNEWS the clustering links {'almost no' if fignews['ari'] < 0.1 else 'some'} posts "
            f"(ARI {fignews['ari']:.3f}): putting every post alone scores B3 F1 {fignews['singletons_b3_f1']:.3f}.")
    return {"incident_clustering/table": "\n".join(lines), "incident_clustering/fignews": note}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="where the runs go (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        results = compute(Path(args.out or temporary))
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for name, label, _source, _gold in SETS:
        row = results[name]
        print(f"{label:<16} B3 P {row['b3_precision']:.3f} R {row['b3_recall']:.3f} F1 {row['b3_f1']:.3f}  "
              f"CEAF-e F1 {row['ceaf_e_f1']:.3f}  ARI {row['ari']:.3f}")
    for changed in write_blocks(DOCS, render(results)):
        print(f"updated {changed.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
