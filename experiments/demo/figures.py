"""The demo's figures that README.md and experiments/demo/README.md quote, regenerated from a run.

Runs configs/demo.yaml (a few seconds), scores its incidents and claims against the demo gold, and
rewrites the marked blocks of both READMEs (experiments/blocks.py); tests/test_docs.py runs the same
rendering and fails when a quoted figure differs from what the code gives now.

    python experiments/demo/figures.py [--out runs/demo]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402
from toolkit.agree.compute import AgreementResult  # noqa: E402
from toolkit.evaluate.clustering import clustering_scores  # noqa: E402
from toolkit.evaluate.extraction import extraction_scores  # noqa: E402
from toolkit.pipeline import run_pipeline  # noqa: E402
from toolkit.report import INCIDENT_HEADER, SOURCE_HEADER, headline, incident_rows, source_rows  # noqa: E402
from toolkit.report import format_interval  # noqa: E402
from toolkit.runs import load_run  # noqa: E402

DEMO = ROOT / "toolkit" / "data" / "demo"
DOCS = [ROOT / "README.md", ROOT / "experiments" / "demo" / "README.md"]


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [" " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def render(run_dir: Path) -> dict[str, str]:
    run = load_run(run_dir)
    result = AgreementResult(run.source_counts, run.agreement, run.source_agreement, run.source_pairs,
                             run.deviations, run.group_bias, run.agreement_summary)
    incidents = run.incident_summary
    shown = incident_rows(incidents, result)
    console = ["```", f"Incidents ({len(incidents)}; the {len(shown)} reported by most sources)",
               *_columns([INCIDENT_HEADER, *shown[:2]]), " ...", "Sources against the consensus of the others",
               *_columns([SOURCE_HEADER, *source_rows(result)[:1]]), " ...", headline(result), "```"]
    gold = pd.read_csv(DEMO / "gold_incidents.csv", dtype=str)
    scored = clustering_scores(dict(zip(gold["report_id"], gold["incident_id"])),
                               dict(zip(run.incidents["report_id"], run.incidents["incident_id"])))
    claims = pd.read_csv(DEMO / "gold_claims.csv")
    per_language = []
    for language, name in (("ar", "Arabic"), ("en", "English")):
        ids = set(run.reports.loc[run.reports["language"] == language, "report_id"])
        s = extraction_scores(claims[claims["report_id"].isin(ids)], run.claims[run.claims["report_id"].isin(ids)])
        per_language.append(f"{name} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    summary = run.agreement_summary
    statistics = {name: format_interval(summary[name])
                  for name in ("exact_agreement", "within_tolerance", "interval_overlap")}
    rows = [
        "| what | figure |", "|---|---|",
        f"| incidents against `gold_incidents.csv` | B-cubed precision {scored['b3_precision']:.3f}, recall "
        f"{scored['b3_recall']:.3f}, F1 {scored['b3_f1']:.3f} ({scored['n_predicted_clusters']} predicted incidents "
        f"for {scored['n_gold_clusters']} gold) |",
        f"| claims against `gold_claims.csv`, (category, subject, value) | {'; '.join(per_language)} |",
        f"| agreement | Krippendorff's alpha (ratio) {format_interval(summary['alpha'], 3)} over "
        f"{summary['n_units_with_two_or_more_sources']} units reported by two or more sources; pairwise exact "
        f"agreement {statistics['exact_agreement']}, within 10% {statistics['within_tolerance']}, interval overlap "
        f"{statistics['interval_overlap']} ({summary['confidence']:.0%} bootstrap intervals over units, "
        f"{summary['bootstrap_draws']:,} draws) |",
    ]
    return {"demo/console": "\n".join(console), "demo/figures": "\n".join(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="run directory (default: a temporary one)")
    args = parser.parse_args()
    run_dir = run_pipeline(ROOT / "configs" / "demo.yaml", args.out or Path(tempfile.mkdtemp()) / "demo",
                           show_progress=False)
    changed = write_blocks(DOCS, render(Path(run_dir)))
    print("rewrote " + (", ".join(str(path.relative_to(ROOT)) for path in changed) or "nothing"))


if __name__ == "__main__":
    main()
