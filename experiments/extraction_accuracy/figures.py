"""The extraction accuracy table of docs/pipeline.md, rendered from `crosstally eval extraction` runs.

    python experiments/extraction_accuracy/figures.py [--render-only]

Scores every gold set the extractor was tuned on (the command the docs show) and writes
results.json; the sealed half of the blind Arabic set is held out: it was scored once, and its
row keeps the date and commit of that scoring (results.json, "sealed"), never rerun by this script
or the tests. tests/test_docs.py reruns the others and fails when a quoted figure differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402

RESULTS = HERE / "results.json"
DOCS = [ROOT / "docs" / "pipeline.md"]
DATA = ROOT / "toolkit" / "data"
# name, label, passages, gold claims
SETS = [
    ("gold-en", "`extraction_gold/en` (FA-KES)", DATA / "extraction_gold" / "en"),
    ("gold-ar", "`extraction_gold/ar` (NTREX, FIGNEWS, Wojood)", DATA / "extraction_gold" / "ar"),
    ("check-en", "`extraction_check/en` (FA-KES)", DATA / "extraction_check" / "en"),
    ("check-ar", "`extraction_check/ar`", DATA / "extraction_check" / "ar"),
    ("demo", "demo (`toolkit/data/demo`)", DATA / "demo"),
    ("blind-dev", "`tests/data/arabic_blind/dev` (tuned on)", ROOT / "tests" / "data" / "arabic_blind" / "dev"),
]
FIELDS = ("detection", "category+value", "category+subject+value", "location", "event_date", "attribution")


def _inputs(folder: Path) -> tuple[Path, Path]:
    passages = folder / "passages.jsonl" if (folder / "passages.jsonl").exists() else folder / "reports.jsonl"
    return passages, folder / "gold_claims.csv"


def measure(folder: Path) -> dict[str, Any]:
    passages, gold = _inputs(folder)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "toolkit.cli", "eval", "extraction", str(passages), "--gold", str(gold),
                        "--out", out], cwd=ROOT, check=True, capture_output=True, text=True)
        result = json.loads((Path(out) / "extraction.json").read_text(encoding="utf-8"))
    has_dates = bool(result["counts"]["n_gold"]) and _gold_has(gold, "event_date")
    return {"passages": result["counts"]["passages"], "claims": result["counts"]["n_gold"],
            **{field: (result[field]["f1"] if field != "event_date" or has_dates else None) for field in FIELDS}}


def _gold_has(gold: Path, column: str) -> bool:
    import pandas as pd

    table = pd.read_csv(gold, dtype=str)
    return column in table and table[column].notna().any()


def compute() -> dict[str, Any]:
    return {name: measure(folder) for name, _label, folder in SETS}


def _row(label: str, row: dict[str, Any], bold: tuple[str, ...] = ()) -> str:
    cells = []
    for field in FIELDS:
        value = row[field]
        text = "–" if value is None else f"{value:.3f}" if field in FIELDS[:3] else f"{value:.2f}"
        cells.append(f"**{text}**" if field in bold else text)
    return f"| {label} | {row['passages']} | {row['claims']} | " + " | ".join(cells) + " |"


def render(results: dict[str, Any]) -> dict[str, str]:
    lines = ["| set | passages | claims | detection | category+value | category+subject+value | location | event_date "
             "| attribution |", "|---|---|---|---|---|---|---|---|---|"]
    for name, label, _folder in SETS:
        lines.append(_row(label, results["sets"][name], ("category+subject+value",) if name.startswith("gold") else ()))
    sealed = results["sealed"]
    lines.append(_row(f"**`tests/data/arabic_blind/sealed` (blind, scored once: {sealed['scored']}, "
                      f"{sealed['commit']})**", sealed, ("category+value", "category+subject+value")))
    return {"extraction/accuracy": "\n".join(lines)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    if not args.render_only:
        results["sets"] = compute()
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for changed in write_blocks(DOCS, render(results)):
        print(f"updated {changed.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
