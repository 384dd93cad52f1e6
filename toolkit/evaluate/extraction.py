"""Extraction scores against gold claims.

A predicted claim matches a gold claim of the same report when the compared
fields are equal; matching is one to one (multiset intersection), so a claim
stated twice must be found twice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from pathlib import Path

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


GOLD_COLUMNS = ("claim_id", "report_id", "category", "subject", "value", "char_start", "char_end")


def read_gold_claims(path: str | Path) -> pd.DataFrame:
    """Gold claims (docs/annotation.md) from a CSV, checked row by row: a row that could not be
    scored as written (a missing field, an unknown category or qualifier, a repeated claim id,
    a span that does not fit) is an error naming it, never a silent miscount."""
    from toolkit.ingest.errors import InputFileError
    from toolkit.schema import CATEGORIES, QUALIFIERS

    path = Path(path)
    if path.is_dir() or not path.exists():
        raise InputFileError(f"gold claims {path} {'is a directory' if path.is_dir() else 'does not exist'}")
    try:
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InputFileError(f"cannot read gold claims {path}: {error}") from None
    missing = [column for column in GOLD_COLUMNS if column not in gold.columns]
    if missing:
        raise InputFileError(f"gold claims {path} lacks the columns {', '.join(missing)} (docs/annotation.md)")

    def fail(row: int, problem: str) -> None:
        raise InputFileError(f"gold claims {path}, row {row + 1}: {problem}")

    for row, claim in enumerate(gold.to_dict("records")):
        for column in ("claim_id", "report_id", "category", "subject", "char_start", "char_end"):
            if not claim[column].strip():
                fail(row, f"empty {column}")
        if claim["category"] not in CATEGORIES:
            fail(row, f"category {claim['category']!r} is not one of {', '.join(CATEGORIES)}")
        if claim.get("qualifier", "") and claim["qualifier"] not in QUALIFIERS:
            fail(row, f"qualifier {claim['qualifier']!r} is not one of {', '.join(QUALIFIERS)}")
        try:
            start, end = int(claim["char_start"]), int(claim["char_end"])
            for column in ("value", "lower", "upper"):
                if claim.get(column, ""):
                    float(claim[column])
        except ValueError as error:
            fail(row, f"not a number: {error}")
        if not 0 <= start < end:
            fail(row, f"span {start}-{end} is not a span (0 <= char_start < char_end)")
    repeated = gold["claim_id"][gold["claim_id"].duplicated()]
    if len(repeated):
        fail(int(repeated.index[0]), f"claim_id {repeated.iloc[0]!r} repeats an earlier row's")
    gold = gold.mask(gold == "")
    return gold.assign(**{column: pd.to_numeric(gold[column]) for column in ("value", "lower", "upper")
                          if column in gold})


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


SUBJECT_ORDER = ("civilians", "people", "unspecified")


def report_figure(report_counts: pd.DataFrame, category: str = "killed",
                  subjects: tuple[str, ...] = SUBJECT_ORDER) -> dict[str, float]:
    """Each report's figure for ``category``: the report_counts value of the first subject in
    ``subjects`` that has a number (a vague "hundreds" has none, so the next subject is used)."""
    rows = report_counts[(report_counts["category"] == category) & report_counts["value"].notna()
                         & report_counts["subject"].isin(subjects)]
    rank = {subject: position for position, subject in enumerate(subjects)}
    rows = rows.assign(rank=rows["subject"].map(rank)).sort_values(["report_id", "rank"])
    first = rows.drop_duplicates("report_id")
    return dict(zip(first["report_id"], first["value"]))


def report_figure_accuracy(report_counts: pd.DataFrame, gold: dict[str, float],
                           category: str = "killed") -> dict[str, float]:
    """Share of gold reports whose report-level figure equals the gold count.

    >>> counts = pd.DataFrame({"report_id": ["a", "a", "b"], "category": "killed",
    ...                        "subject": ["civilians", "people", "people"], "value": [None, 21.0, 5.0]})
    >>> report_figure_accuracy(counts, {"a": 21.0, "b": 6.0, "c": 3.0})["accuracy"]
    0.3333333333333333
    """
    figures = report_figure(report_counts, category)
    correct = sum(1 for report_id, count in gold.items() if figures.get(report_id) == float(count))
    found = sum(1 for report_id in gold if report_id in figures)
    return {"n_reports": len(gold), "with_figure": found, "correct": correct,
            "accuracy": correct / len(gold) if gold else 0.0}


FIELDS = ("category", "subject", "value", "lower", "upper", "qualifier", "location", "event_date",
          "attribution", "part_of")


def _same(field: str, predicted, gold, matched_ids: dict[str, str]) -> bool:
    """Field equality as an annotator would judge it."""
    def empty(value) -> bool:
        return value is None or value == "" or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)

    if empty(predicted) or empty(gold):
        return empty(predicted) and empty(gold)
    if field in {"value", "lower", "upper"}:
        return float(predicted) == float(gold)
    if field == "event_date":
        return str(predicted)[:10] == str(gold)[:10]
    if field == "location":
        from toolkit.extract.gazetteer import Gazetteer, place_key

        if place_key(str(predicted)) == place_key(str(gold)):
            return True
        # spellings the key keeps apart ("Khan Shaykhun", "Khan Shaykun") meet in the gazetteer
        known = Gazetteer.default().lookup(str(predicted)), Gazetteer.default().lookup(str(gold))
        return known[0] is not None and known[0] == known[1]
    if field == "part_of":
        return matched_ids.get(str(gold)) == str(predicted)
    return str(predicted).casefold() == str(gold).casefold()


def match_by_span(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[dict, dict]]:
    """One-to-one pairs of gold and predicted claims of a report whose spans overlap most."""
    pairs = []
    predicted_by_report = {k: g.to_dict("records") for k, g in predicted.groupby("report_id")}
    for report_id, group in gold.groupby("report_id"):
        candidates = predicted_by_report.get(report_id, [])
        overlaps = []
        for g in group.to_dict("records"):
            for p in candidates:
                overlap = min(int(g["char_end"]), int(p["char_end"])) - max(int(g["char_start"]), int(p["char_start"]))
                if overlap > 0:
                    overlaps.append((overlap, g["claim_id"], p["claim_id"], g, p))
        used_gold, used_predicted = set(), set()
        for _overlap, gold_id, predicted_id, g, p in sorted(overlaps, key=lambda x: (-x[0], x[1], x[2])):
            if gold_id not in used_gold and predicted_id not in used_predicted:
                used_gold.add(gold_id)
                used_predicted.add(predicted_id)
                pairs.append((g, p))
    return pairs


def field_scores(gold: pd.DataFrame, predicted: pd.DataFrame,
                 reports: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per field over ``reports`` (the passages annotated).

    ``reports`` must include the passages with no gold claim: a claim predicted on one of
    them is a false positive. Without it, only the reports with a gold claim are scored,
    which overstates precision on a set with negative passages.

    Claims are matched one to one by overlapping spans. A predicted claim is correct for a
    field when it is matched and the field equals the gold one (places by transliteration
    key, ``part_of`` through the matching); ``detection`` counts matches alone,
    ``category+value`` needs the category and the value (or bounds), and
    ``category+subject+value`` the subject as well.
    """
    scored = set(gold["report_id"]) if reports is None else set(reports)
    predicted = predicted[predicted["report_id"].isin(scored)]
    pairs = match_by_span(gold, predicted)
    matched_ids = {g["claim_id"]: p["claim_id"] for g, p in pairs}
    n_gold, n_predicted = len(gold), len(predicted)

    def prf(correct: int) -> dict[str, float]:
        precision = correct / n_predicted if n_predicted else 0.0
        recall = correct / n_gold if n_gold else 0.0
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        return {"precision": precision, "recall": recall, "f1": f1, "correct": correct}

    scores = {"detection": prf(len(pairs))}
    for field in FIELDS:
        if field in gold.columns and field in predicted.columns:
            scores[field] = prf(sum(_same(field, p.get(field), g.get(field), matched_ids) for g, p in pairs))
    scores["category+value"] = prf(sum(
        all(_same(f, p.get(f), g.get(f), matched_ids) for f in ("category", "value", "lower", "upper"))
        for g, p in pairs))
    scores["category+subject+value"] = prf(sum(
        all(_same(f, p.get(f), g.get(f), matched_ids) for f in ("category", "subject", "value", "lower", "upper"))
        for g, p in pairs))
    scores["counts"] = {"n_gold": n_gold, "n_predicted": n_predicted, "matched": len(pairs),
                        "passages": len(scored)}
    return scores
