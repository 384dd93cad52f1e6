"""The claim-alignment figures (NTREX-128, and the demo's derived gold) that this folder's README and
docs/alignment.md quote.

    python experiments/ntrex_alignment/figures.py [--render-only]

Runs `crosstally eval alignment --task ntrex` (the command run.sh runs) by document and by sentence
with the default encoder, and by document with the two character n-gram encoders, and
`crosstally eval alignment --task demo` with the three; writes
results.json and renders the docs' marked blocks; tests/test_docs.py reruns it (seconds) and fails
when a quoted figure differs from what the code gives now.
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
DOCS = [HERE / "README.md", ROOT / "docs" / "alignment.md"]
RUNS = [("document", "use-multilingual-v3"), ("sentence", "use-multilingual-v3"),
        ("document", "char-ngram-tfidf"), ("document", "char-ngram-hash")]
DEMO_ENCODERS = ("use-multilingual-v3", "char-ngram-hash", "char-ngram-tfidf")
KEPT = ("precision", "recall", "f1", "n_gold", "value_agreement", "encoder_version", "max_one_to_one_recall")


def measure(task: str, encoder: str, unit: str | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "toolkit.cli", "eval", "alignment", "--task", task, "--encoder", encoder,
                   "--out", out] + (["--unit", unit] if unit else [])
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        result = json.loads((Path(out) / "alignment.json").read_text(encoding="utf-8"))
    return {key: result[key] for key in KEPT if key in result}


def compute() -> dict[str, Any]:
    return {**{f"{unit}/{encoder}": measure("ntrex", encoder, unit) for unit, encoder in RUNS},
            **{f"demo/{encoder}": measure("demo", encoder) for encoder in DEMO_ENCODERS}}


def render(results: dict[str, Any]) -> dict[str, str]:
    lines = ["| unit | encoder | precision | recall | F1 | gold pairs | value agreement (predicted / correct / gold pairs) |",
             "|---|---|---|---|---|---|---|"]
    for unit, encoder in RUNS:
        row = results[f"{unit}/{encoder}"]
        agreement = row["value_agreement"]
        values = " / ".join("–" if agreement.get(name) is None else f"{agreement[name]:.3f}"
                            for name in ("predicted_pairs", "correct_pairs", "gold_pairs"))
        f1 = f"**{row['f1']:.3f}**" if encoder == "use-multilingual-v3" else f"{row['f1']:.3f}"
        lines.append(f"| {unit} | {encoder} | {row['precision']:.3f} | {row['recall']:.3f} | {f1} | {row['n_gold']} "
                     f"| {values} |")
    demo = ["| encoder | precision | recall | F1 |", "|---|---|---|---|"]
    for encoder in DEMO_ENCODERS:
        row = results[f"demo/{encoder}"]
        demo.append(f"| {encoder} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |")
    gold = results["demo/use-multilingual-v3"]
    ceiling = (f"(recall's ceiling, `max_one_to_one_recall`, is {gold['max_one_to_one_recall']:.3f}), and the reports "
               f"are different sources, whose counts disagree (value agreement of gold pairs "
               f"{gold['value_agreement']['gold_pairs']:.2f}).")
    return {"ntrex_alignment/table": "\n".join(lines), "alignment/demo": "\n".join(demo), "alignment/demo-gold": ceiling}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args()
    if args.render_only:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = compute()
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for changed in write_blocks(DOCS, render(results)):
        print(f"updated {changed.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
