"""Score a blind set's sealed half, once, and record the date and commit of that scoring.

    python experiments/arabic_blind/score_sealed.py sealed2

A sealed half measures the extractor on Arabic nobody tuned it on only the first time it is
scored: after that, reading its errors would make it one more development set. So this script
refuses to score a half whose figure is already recorded in
experiments/extraction_accuracy/results.json, refuses to run on a tree with uncommitted changes
to the extractor (the commit recorded must be the code scored), and renders docs/pipeline.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402
from extraction_accuracy import figures  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key", choices=[key for key, _folder in figures.SEALED], help="which sealed half")
    key = parser.parse_args().key
    results = json.loads(figures.RESULTS.read_text(encoding="utf-8"))
    if key in results:
        sys.exit(f"{key} was scored on {results[key]['scored']} at {results[key]['commit']}; it is never scored again")
    changed = subprocess.run(["git", "status", "--porcelain", "toolkit"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    if changed.strip():
        sys.exit("commit the extractor first: the recorded commit must be the code that is scored\n" + changed)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    folder = ROOT / dict(figures.SEALED)[key]
    results[key] = {**figures.measure(folder), "scored": dt.date.today().isoformat(), "commit": commit}
    figures.RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(results[key], indent=1))
    for path in write_blocks(figures.DOCS, figures.render(results)):
        print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
