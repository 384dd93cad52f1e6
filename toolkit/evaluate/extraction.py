"""Extraction scores against gold claims.

A predicted claim matches a gold claim of the same report when the compared
fields are equal; matching is one to one (multiset intersection), so a claim
stated twice must be found twice.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

DEFAULT_FIELDS = ("category", "subject", "value")


def _key(row: dict, fields: tuple[str, ...]) -> tuple:
    key = [row["report_id"]]
    for field in fields:
        value = row.get(field)
        if isinstance(value, float) and math.isnan(value):
            value = None
        if field == "value" and value is None:
            # A claim without a point value is identified by its bounds.
            key.append(("bounds", _number(row.get("lower")), _number(row.get("upper"))))
        else:
            key.append(_number(value) if field in {"value", "lower", "upper"} else value)
    return tuple(key)


def _number(value) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def extraction_scores(gold: pd.DataFrame, predicted: pd.DataFrame,
                      fields: tuple[str, ...] = DEFAULT_FIELDS) -> dict[str, float]:
    """Precision, recall and F1 of predicted claims over the reports in ``gold``.

    >>> gold = pd.DataFrame([{"report_id": "r1", "category": "killed", "subject": "civilians", "value": 45.0}])
    >>> extraction_scores(gold, gold)["f1"]
    1.0
    """
    reports = set(gold["report_id"])
    predicted = predicted[predicted["report_id"].isin(reports)]
    gold_keys = Counter(_key(row, fields) for row in gold.to_dict("records"))
    predicted_keys = Counter(_key(row, fields) for row in predicted.to_dict("records"))
    matched = sum((gold_keys & predicted_keys).values())
    precision = matched / sum(predicted_keys.values()) if predicted_keys else 0.0
    recall = matched / sum(gold_keys.values()) if gold_keys else 0.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"n_gold": sum(gold_keys.values()), "n_predicted": sum(predicted_keys.values()),
            "matched": matched, "precision": precision, "recall": recall, "f1": f1}
