"""Same-incident pairs from a file: read them, and score the pair model's probabilities against gold.

A pair file is CSV or JSONL with one pair of reports per row: ``text_a`` and ``text_b``, and
optionally ``report_id_``, ``source_``, ``language_``, ``published_``, ``title_`` with the
suffix ``a`` or ``b``, and a gold column ``same_incident`` (1/0, true/false, yes/no).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from toolkit.ingest import InputFileError
from toolkit.ingest.readers import read_all_records

FIELDS = ("report_id", "source", "language", "published", "title", "text")
TRUE, FALSE = {"1", "true", "yes", "same"}, {"0", "false", "no", "different"}


def read_pair_file(path: str | Path) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[bool | None]]:
    """(pairs, gold) from a pair file; a row that breaks the format is an error naming the row."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"pair file {path} does not exist")
    rows = read_all_records(path, "pair file")
    if not rows:
        raise InputFileError(f"{path} holds no pairs")
    pairs, gold = [], []
    for number, row in enumerate(rows, start=1):
        texts = [row.get("text_a"), row.get("text_b")]
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise InputFileError(f"{path}: pair {number} needs text_a and text_b, each a non-empty string")
        sides = [{name: row[f"{name}_{side}"] for name in FIELDS
                  if row.get(f"{name}_{side}") not in (None, "")} for side in "ab"]
        for side, report in zip("ab", sides):
            report.setdefault("report_id", f"pair{number}-{side}")
        pairs.append((sides[0], sides[1]))
        gold.append(_gold_value(row.get("same_incident"), path, number))
    return pairs, gold


def _gold_value(value: Any, path: Path, number: int) -> bool | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InputFileError(f"{path}: pair {number} has same_incident {value!r}; use 1/0, true/false or yes/no")


def pair_metrics(probability: np.ndarray, gold: list[bool], threshold: float) -> dict[str, Any]:
    """ROC AUC, Brier score, and precision / recall / F1 / accuracy of ``probability >= threshold``.

    >>> pair_metrics(np.array([0.9, 0.2, 0.6, 0.4]), [True, False, False, True], 0.5)["accuracy"]
    0.5
    """
    from sklearn.metrics import brier_score_loss, roc_auc_score

    truth = np.asarray(gold, dtype=bool)
    said = np.asarray(probability) >= threshold
    hits = int((said & truth).sum())
    precision = hits / said.sum() if said.any() else 0.0
    recall = hits / truth.sum() if truth.any() else 0.0
    return {
        "n_pairs": int(len(truth)), "n_same": int(truth.sum()), "threshold": threshold,
        "roc_auc": round(float(roc_auc_score(truth, probability)), 4) if 0 < truth.sum() < len(truth) else None,
        "brier": round(float(brier_score_loss(truth, probability)), 4),
        "precision": round(float(precision), 4), "recall": round(float(recall), 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "accuracy": round(float((said == truth).mean()), 4),
    }
