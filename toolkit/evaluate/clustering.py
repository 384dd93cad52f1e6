"""Clustering scores against gold incidents: B-cubed, CEAF-e, pairwise F1, ARI and AMI.

B-cubed (Bagga & Baldwin 1998): for each item, precision is the share of its
predicted cluster that shares its gold cluster, recall the share of its gold
cluster that shares its predicted cluster; both are averaged over items and F1
is their harmonic mean.

CEAF-e (Luo 2005, entity-based φ4): gold and predicted clusters are aligned one to
one so as to maximise the sum of φ4(G, P) = 2|G ∩ P| / (|G| + |P|); precision is that
sum over the number of predicted clusters, recall over the number of gold clusters.

Every score is computed from the contingency table of (gold, predicted) labels, so
a million items take seconds, never a loop over item pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

from toolkit.cluster.algorithms import components

AMI_MAX_CELLS = 2 * 10**9  # above this, AMI is reported as None (it would take hours)


def _harmonic(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


# The shared items, and counts per (gold, predicted) label pair, per gold label, per predicted label.
Contingency = tuple[list[str], Counter, Counter, Counter]


def read_incident_assignment(path: str | Path, what: str = "gold file") -> tuple[dict[str, str], list[str]]:
    """(report_id -> incident_id, conflicts) from a CSV, JSONL or Parquet file with those columns,
    read like a reports input. An empty id is an error naming the row; a report listed under two
    incidents keeps its last listing and is named in ``conflicts``."""
    from toolkit.ingest.errors import InputFileError
    from toolkit.ingest.readers import read_all_records

    path = Path(path)
    if path.is_dir():
        raise InputFileError(f"{what} {path} is a directory; give a file with report_id and incident_id")
    if not path.exists():
        raise FileNotFoundError(f"{what} {path} does not exist")
    rows = read_all_records(path, what)
    missing = {"report_id", "incident_id"} - {key for row in rows[:1] for key in row}
    if missing or not rows:
        raise InputFileError(f"{what} {path} lacks columns {', '.join(sorted(missing)) or 'and rows'}")
    assignment: dict[str, str] = {}
    conflicts = []
    for row in rows:
        report, incident = (str(row.get(column) if row.get(column) is not None else "").strip()
                            for column in ("report_id", "incident_id"))
        if not report or not incident:
            raise InputFileError(f"{what} {path}, row {row['input_row']}: "
                                 f"empty {'report_id' if not report else 'incident_id'}")
        if assignment.get(report, incident) != incident:
            conflicts.append(f"{report} (row {row['input_row']}: {assignment[report]} then {incident})")
        assignment[report] = incident
    return assignment, conflicts


def _contingency(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Contingency:
    """The shared items and the counts every score is built from: per (gold, predicted)
    label pair, per gold label and per predicted label."""
    items = sorted(set(gold) & set(predicted))
    if not items:
        raise ValueError("gold and predicted clusterings share no item")
    joint = Counter((gold[item], predicted[item]) for item in items)
    return items, joint, Counter(gold[item] for item in items), Counter(predicted[item] for item in items)


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items present in both mappings.

    >>> bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})["recall"]
    0.6666666666666666
    """
    return _bcubed(gold, predicted, _contingency(gold, predicted))


def _bcubed(gold: Mapping[str, str], predicted: Mapping[str, str], table: Contingency) -> dict[str, float]:
    items, joint, gold_sizes, predicted_sizes = table
    precision = sum(joint[(gold[i], predicted[i])] / predicted_sizes[predicted[i]] for i in items) / len(items)
    recall = sum(joint[(gold[i], predicted[i])] / gold_sizes[gold[i]] for i in items) / len(items)
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise_f1(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall and F1 of the item pairs placed in one cluster.

    >>> pairwise_f1({"a": "1", "b": "1", "c": "1"}, {"a": "x", "b": "x", "c": "y"})["recall"]
    0.3333333333333333
    """
    return _pairwise(_contingency(gold, predicted))


def _pairwise(table: Contingency) -> dict[str, float]:
    _items, joint, gold_sizes, predicted_sizes = table
    both = sum(_pairs(size) for size in joint.values())
    gold_pairs = sum(_pairs(size) for size in gold_sizes.values())
    predicted_pairs = sum(_pairs(size) for size in predicted_sizes.values())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def ceaf_e(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Entity-based CEAF (φ4) precision, recall and F1; see the module docstring.

    The optimal alignment is found separately in each connected group of clusters that
    share items (the Hungarian algorithm on each), which gives the global optimum.

    >>> ceaf_e({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})["precision"]
    0.8
    """
    return _ceaf_e(_contingency(gold, predicted))


def _ceaf_e(table: Contingency) -> dict[str, float]:
    _items, joint, gold_sizes, predicted_sizes = table
    gold_index = {label: n for n, label in enumerate(sorted(gold_sizes))}
    predicted_index = {label: n for n, label in enumerate(sorted(predicted_sizes))}
    n_gold = len(gold_index)
    rows = np.array([gold_index[g] for g, _p in joint], dtype=np.int64)
    cols = np.array([n_gold + predicted_index[p] for _g, p in joint], dtype=np.int64)
    component = components(n_gold + len(predicted_index), rows, cols)
    by_component: dict[int, list[tuple[str, str, int]]] = {}
    for (g, p), overlap in joint.items():
        by_component.setdefault(int(component[gold_index[g]]), []).append((g, p, overlap))
    total = 0.0
    for entries in by_component.values():
        golds = {g: n for n, g in enumerate(sorted({g for g, _p, _o in entries}))}
        preds = {p: n for n, p in enumerate(sorted({p for _g, p, _o in entries}))}
        similarity = np.zeros((len(golds), len(preds)))
        for g, p, overlap in entries:
            similarity[golds[g], preds[p]] = 2 * overlap / (gold_sizes[g] + predicted_sizes[p])
        matched_rows, matched_cols = linear_sum_assignment(-similarity)
        total += float(similarity[matched_rows, matched_cols].sum())
    precision, recall = total / len(predicted_sizes), total / len(gold_sizes)
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def clustering_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Every clustering score, keyed ``b3_precision``, ``b3_f1``, ``ceaf_e_f1``, ``pairwise_f1``, ``ari``,
    ``ami`` (None when gold x predicted clusters exceed :data:`AMI_MAX_CELLS`)..."""
    table = _contingency(gold, predicted)
    items, _joint, gold_sizes, predicted_sizes = table
    b3, pairs, ceaf = _bcubed(gold, predicted, table), _pairwise(table), _ceaf_e(table)
    gold_labels = [gold[item] for item in items]
    predicted_labels = [predicted[item] for item in items]
    return {
        "n_items": len(items),
        "n_gold_clusters": len(gold_sizes),
        "n_predicted_clusters": len(predicted_sizes),
        "b3_precision": b3["precision"], "b3_recall": b3["recall"], "b3_f1": b3["f1"],
        "ceaf_e_precision": ceaf["precision"], "ceaf_e_recall": ceaf["recall"], "ceaf_e_f1": ceaf["f1"],
        "pairwise_precision": pairs["precision"], "pairwise_recall": pairs["recall"],
        "pairwise_f1": pairs["f1"],
        "ari": adjusted_rand_score(gold_labels, predicted_labels),
        # AMI's expected mutual information costs about (gold clusters x predicted clusters).
        "ami": (adjusted_mutual_info_score(gold_labels, predicted_labels)
                if len(gold_sizes) * len(predicted_sizes) <= AMI_MAX_CELLS else None),
    }
