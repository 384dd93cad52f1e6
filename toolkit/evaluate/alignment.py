"""Claim-alignment evaluation: precision, recall and F1 of aligned claim pairs.

Two gold standards, both documented in docs/alignment.md:

* **NTREX-128** (``ntrex_alignment_task``): English news and its Arabic
  translation, line by line. Each English line states the same counts as its
  Arabic line, so the gold is exact up to extraction: claims are extracted on
  both sides, and in a line where extraction finds the same number of claims
  on both sides, the k-th English claim (order of appearance) is the gold
  partner of the k-th Arabic one. A line where the two sides' claim counts
  differ (extraction missed or added a claim on one side) has no positional
  gold: its claims are *unjudged*; a predicted pair between two claims of the
  same such line is neither right nor wrong and is left out of precision, but
  any predicted pair across two different lines is wrong.
* **Demo gold claims** (``demo_alignment_task``): see that function.

Example:
    >>> gold = {("e1", "a1"), ("e2", "a2")}
    >>> alignment_scores({("e1", "a1"), ("e2", "a3")}, gold)["f1"]
    0.5
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.align import align_claims
from toolkit.align.settings import AlignConfig
from toolkit.extract import extract_claims
from toolkit.extract.tokens import sentence_spans
from toolkit.ingest import InputFileError

__all__ = ["AlignmentTask", "alignment_scores", "values_agree", "ntrex_alignment_task",
           "demo_alignment_task", "evaluate_alignment"]

Pair = tuple[str, str]


@dataclass
class AlignmentTask:
    """Claims, incident membership and gold pairs for one alignment evaluation."""

    name: str
    claims: pd.DataFrame
    members: pd.DataFrame
    gold: set[Pair]
    unjudged: set[Pair] = field(default_factory=set)
    notes: dict[str, Any] = field(default_factory=dict)


def _canonical(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def values_agree(a: dict, b: dict) -> bool:
    """Two claims state the same count: equal point values, or, without one, equal bounds.

    >>> values_agree({"value": 45.0, "lower": 45.0, "upper": None},
    ...              {"value": 45.0, "lower": 45.0, "upper": 45.0})
    True
    >>> values_agree({"value": None, "lower": 24.0, "upper": 99.0},
    ...              {"value": None, "lower": 200.0, "upper": 999.0})
    False
    """
    value_a, value_b = _number(a.get("value")), _number(b.get("value"))
    if value_a is not None or value_b is not None:
        return value_a == value_b
    return (_number(a.get("lower")), _number(a.get("upper"))) == (_number(b.get("lower")), _number(b.get("upper")))


def alignment_scores(predicted: Iterable[Pair], gold: Iterable[Pair],
                     unjudged: Iterable[Pair] = ()) -> dict[str, float | int]:
    """Precision, recall, F1 of predicted claim pairs (order inside a pair ignored).

    Predicted pairs in ``unjudged`` count neither as right nor as wrong.
    """
    gold_set = {_canonical(*pair) for pair in gold}
    unjudged_set = {_canonical(*pair) for pair in unjudged} - gold_set
    predicted_set = {_canonical(*pair) for pair in predicted} - unjudged_set
    true_positives = len(predicted_set & gold_set)
    precision = true_positives / len(predicted_set) if predicted_set else 0.0
    recall = true_positives / len(gold_set) if gold_set else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n_gold": len(gold_set), "n_predicted": len(predicted_set),
            "n_predicted_unjudged": len({_canonical(*p) for p in predicted} & unjudged_set),
            "true_positives": true_positives, "precision": precision, "recall": recall, "f1": f1}


def _agreement_share(pairs: Iterable[Pair], by_id: dict[str, dict]) -> float | None:
    pairs = list(pairs)
    if not pairs:
        return None
    return sum(values_agree(by_id[a], by_id[b]) for a, b in pairs) / len(pairs)


def evaluate_alignment(task: AlignmentTask, alignments: pd.DataFrame) -> dict[str, Any]:
    """Scores of an alignments table against a task's gold, with value agreement.

    ``value_agreement`` has three shares of pairs whose counts agree
    (:func:`values_agree`): over all predicted pairs, over the correct ones, and
    over the gold pairs (on NTREX, where both sides state the same count, the
    last one measures how often extraction reads the same count on both sides).
    """
    predicted = [(a, b) for a, b in zip(alignments["claim_id_a"], alignments["claim_id_b"])]
    scores = alignment_scores(predicted, task.gold, task.unjudged)
    by_id = {row["claim_id"]: row for row in task.claims.to_dict("records")}
    gold = {_canonical(*pair) for pair in task.gold}
    correct = [pair for pair in (_canonical(*p) for p in predicted) if pair in gold]
    return {"task": task.name, **scores,
            "value_agreement": {"predicted_pairs": _agreement_share(predicted, by_id),
                                "correct_pairs": _agreement_share(correct, by_id),
                                "gold_pairs": _agreement_share(sorted(gold), by_id)},
            **task.notes}


# -- NTREX-128 --------------------------------------------------------------------------

NTREX_FILES = ("NTREX-128/newstest2019-src.eng.txt", "NTREX-128/newstest2019-ref.arb.txt", "DOCUMENT_IDS.tsv")


def _ntrex_root(root: str | Path | None) -> Path:
    path = Path(root) if root is not None else Path(str(files("toolkit") / "data" / "ntrex128-ar-en"))
    missing = [name for name in NTREX_FILES if not (path / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{path} is not an NTREX-128 ar-en folder: missing {', '.join(missing)}")
    return path


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def ntrex_alignment_task(root: str | Path | None = None, unit: str = "document",
                         documents: int | None = None) -> AlignmentTask:
    """The NTREX-128 English/Arabic claim-alignment task (see the module docstring).

    Args:
        root: folder with NTREX-128/, DOCUMENT_IDS.tsv (default: the copy in toolkit/data).
        unit: ``document``: one incident per NTREX document, holding an English and
            an Arabic report (the lines joined by newlines), so a claim must find its
            partner among every claim of the other-language document; ``sentence``:
            one incident per line pair (easier).
        documents: use only the first N documents (for quick runs).
    """

    if unit not in {"document", "sentence"}:
        raise ValueError(f"unit must be 'document' or 'sentence', got {unit!r}")
    path = _ntrex_root(root)
    english, arabic = _lines(path / NTREX_FILES[0]), _lines(path / NTREX_FILES[1])
    doc_ids = _lines(path / NTREX_FILES[2])
    if not len(english) == len(arabic) == len(doc_ids):
        raise InputFileError(f"{path}: English, Arabic and document-id files differ in length "
                             f"({len(english)}, {len(arabic)}, {len(doc_ids)})")
    order = list(dict.fromkeys(doc_ids))
    if documents is not None:
        if documents < 1:
            raise ValueError(f"documents must be at least 1, got {documents}")
        keep = set(order[:documents])
        order = order[:documents]
    else:
        keep = set(order)
    reports, members, line_starts = [], [], {}
    for number, doc in enumerate(order, start=1):
        lines = [index for index, doc_id in enumerate(doc_ids) if doc_id == doc]
        groups = [(f"doc{number:03d}", lines)] if unit == "document" else \
                 [(f"doc{number:03d}-l{line:04d}", [line]) for line in lines]
        for incident, group in groups:
            for language, texts in (("en", english), ("ar", arabic)):
                report_id = f"{incident}-{language}"
                starts, offset = [], 0
                for line in group:
                    starts.append((offset, line))
                    offset += len(texts[line]) + 1
                line_starts[report_id] = starts
                reports.append({"report_id": report_id, "language": language,
                                "text": "\n".join(texts[line] for line in group)})
                members.append({"incident_id": incident, "report_id": report_id})
    reports_frame = pd.DataFrame(reports)
    claims = extract_claims(reports_frame, show_progress_bar=False)
    claims["line"] = [_line_of(line_starts[report], start)
                      for report, start in zip(claims["report_id"], claims["char_start"])]
    gold, unjudged, lines_equal, lines_unequal = set(), set(), 0, 0
    for _line, group in claims.sort_values("char_start").groupby("line", sort=True):
        sides = {language: group[group["language"] == language]["claim_id"].tolist() for language in ("en", "ar")}
        if len(sides["en"]) == len(sides["ar"]):
            gold.update(_canonical(e, a) for e, a in zip(sides["en"], sides["ar"]))
            lines_equal += 1
        else:
            unjudged.update(_canonical(e, a) for e in sides["en"] for a in sides["ar"])
            lines_unequal += 1
    notes = {"unit": unit, "documents": len(keep), "lines": sum(1 for d in doc_ids if d in keep),
             "claims": {"en": int((claims["language"] == "en").sum()), "ar": int((claims["language"] == "ar").sum())},
             "lines_with_claims": {"same_count_both_sides": lines_equal, "different_counts": lines_unequal},
             "gold": "k-th claim of the English line <-> k-th claim of the Arabic line, in lines where "
                     "extraction finds as many claims on both sides; pairs within other lines are unjudged"}
    return AlignmentTask("ntrex128-ar-en", claims.drop(columns="line"), pd.DataFrame(members), gold,
                         unjudged, notes)


def _line_of(starts: list[tuple[int, int]], position: int) -> int:
    line = starts[0][1]
    for offset, number in starts:
        if offset > position:
            break
        line = number
    return line


# -- demo gold claims -----------------------------------------------------------------------

def demo_alignment_task(root: str | Path | None = None) -> AlignmentTask:
    """Alignment of the demo's gold claims (no extraction errors) against a slot-derived gold.

    The demo has gold incidents and gold claims but no gold alignment, so it is
    derived: two gold claims of *different reports in the same gold incident*
    are a gold pair when they have the same category, the same subject, the
    same level (both totals or both sub-counts, from ``part_of``) and, where both
    name a location, the same location. This is weaker than NTREX's gold: it is
    defined by slots the aligner also uses, and it can pair one claim with
    several in the other report, which a one-to-one aligner cannot all recover
    (recall's ceiling is reported as ``max_one_to_one_recall``).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching


    path = Path(root) if root is not None else Path(str(files("toolkit") / "data" / "demo"))
    for name in ("gold_claims.csv", "gold_incidents.csv", "reports.jsonl"):
        if not (path / name).is_file():
            raise FileNotFoundError(f"{path / name} does not exist")
    gold_claims = pd.read_csv(path / "gold_claims.csv", dtype={"part_of": str, "location": str})
    incidents = pd.read_csv(path / "gold_incidents.csv", dtype=str)[["incident_id", "report_id"]]
    texts = {row["report_id"]: row["text"] for row in pd.read_json(path / "reports.jsonl", lines=True).to_dict("records")}
    sentences = []
    for row in gold_claims.to_dict("records"):
        text = texts[row["report_id"]]
        spans = [span for span in sentence_spans(text) if span[0] <= row["char_start"] < span[1]]
        start, end = spans[0] if spans else (0, len(text))
        sentences.append(text[start:end].strip())
    claims = gold_claims.assign(sentence=sentences)
    claims["part_of"] = claims["part_of"].where(claims["part_of"].notna(), None)
    claims["location"] = claims["location"].where(claims["location"].notna(), None)
    merged = claims.merge(incidents, on="report_id")
    gold: set[Pair] = set()
    max_one_to_one = 0
    for _incident, group in merged.groupby("incident_id"):
        records = group.to_dict("records")
        reports = sorted({r["report_id"] for r in records})
        for first in range(len(reports)):
            for second in range(first + 1, len(reports)):
                left = [r for r in records if r["report_id"] == reports[first]]
                right = [r for r in records if r["report_id"] == reports[second]]
                matrix = np.zeros((len(left), len(right)))
                for i, a in enumerate(left):
                    for j, b in enumerate(right):
                        if _same_slot(a, b):
                            matrix[i, j] = 1
                            gold.add(_canonical(a["claim_id"], b["claim_id"]))
                if matrix.any():
                    matching = maximum_bipartite_matching(csr_matrix(matrix), perm_type="column")
                    max_one_to_one += int((matching >= 0).sum())
    notes = {"claims": len(claims), "incidents": int(incidents["incident_id"].nunique()),
             "max_one_to_one_recall": max_one_to_one / len(gold) if gold else None,
             "gold": "gold claims of different reports in one gold incident with the same category, subject, "
                     "level (total or sub-count) and location (where both give one)"}
    return AlignmentTask("demo-gold-claims", claims, incidents, gold, set(), notes)


def _same_slot(a: dict, b: dict) -> bool:
    same_location = a["location"] is None or b["location"] is None or a["location"] == b["location"]
    return (a["category"] == b["category"] and a["subject"] == b["subject"]
            and (a["part_of"] is None) == (b["part_of"] is None) and same_location)


def run_alignment(task: AlignmentTask, encode: Callable[[list[str]], np.ndarray],
                  config: Any = None) -> pd.DataFrame:
    """Align a task's claims with :func:`toolkit.align.align_claims` (an ``align`` section, default settings if None)."""
    return align_claims(task.claims, task.members, encode, config or AlignConfig())
