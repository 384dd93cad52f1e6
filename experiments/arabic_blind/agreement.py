"""Agreement of the second annotator with the first on the doubly annotated blind Arabic passages.

    python experiments/arabic_blind/agreement.py [--set tests/data/arabic_blind2]

Scores the second annotator's claims against the first annotator's as if they were predictions
(span matching, as ``crosstally eval extraction`` does), over the passages both annotated.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from toolkit.evaluate.extraction import field_scores

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "arabic_blind"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="folder", type=Path, default=DATA, help="a blind set's folder")
    folder = parser.parse_args().folder
    second = pd.read_csv(folder / "second_annotator" / "gold_claims.csv")
    passages = (folder / "second_annotator" / "passage_ids.txt").read_text(encoding="utf-8").split()
    first = pd.concat([pd.read_csv(folder / half / "gold_claims.csv") for half in ("dev", "sealed")])
    first = first[first["report_id"].isin(passages)]
    scores = field_scores(first, second, reports=passages)
    shown = {key: round(scores[key]["f1"], 3) for key in ("detection", "category", "subject", "value",
                                                          "category+value", "category+subject+value")}
    print(json.dumps({"passages": len(passages), "first": len(first), "second": len(second), "f1": shown}, indent=2))


if __name__ == "__main__":
    main()
