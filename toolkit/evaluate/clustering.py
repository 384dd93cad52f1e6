"""Clustering scores against gold incidents: B-cubed, pairwise F1, ARI and AMI.

B-cubed (Bagga & Baldwin 1998): for each item, precision is the share of its
predicted cluster that shares its gold cluster, recall the share of its gold
cluster that shares its predicted cluster; both are averaged over items and F1
is their harmonic mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import combinations

from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score


def _harmonic(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items present in both mappings.

    >>> bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})["recall"]
    0.6666666666666666
    """
    items = sorted(set(gold) & set(predicted))
    if not items:
        raise ValueError("gold and predicted clusterings share no item")
    joint = Counter((gold[item], predicted[item]) for item in items)
    gold_sizes = Counter(gold[item] for item in items)
    predicted_sizes = Counter(predicted[item] for item in items)
    precision = sum(joint[(gold[i], predicted[i])] / predicted_sizes[predicted[i]] for i in items) / len(items)
    recall = sum(joint[(gold[i], predicted[i])] / gold_sizes[gold[i]] for i in items) / len(items)
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def pairwise_f1(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall and F1 of the item pairs placed in one cluster."""
    items = sorted(set(gold) & set(predicted))
    gold_pairs = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    predicted_pairs = {(a, b) for a, b in combinations(items, 2) if predicted[a] == predicted[b]}
    both = len(gold_pairs & predicted_pairs)
    precision = both / len(predicted_pairs) if predicted_pairs else 1.0
    recall = both / len(gold_pairs) if gold_pairs else 1.0
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


def clustering_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Every clustering score, keyed ``b3_precision``, ``b3_f1``, ``pairwise_f1``, ``ari``, ``ami``..."""
    items = sorted(set(gold) & set(predicted))
    b3 = bcubed(gold, predicted)
    pairs = pairwise_f1(gold, predicted)
    gold_labels = [gold[item] for item in items]
    predicted_labels = [predicted[item] for item in items]
    return {
        "n_items": len(items),
        "n_gold_clusters": len(set(gold_labels)),
        "n_predicted_clusters": len(set(predicted_labels)),
        "b3_precision": b3["precision"], "b3_recall": b3["recall"], "b3_f1": b3["f1"],
        "pairwise_precision": pairs["precision"], "pairwise_recall": pairs["recall"],
        "pairwise_f1": pairs["f1"],
        "ari": adjusted_rand_score(gold_labels, predicted_labels),
        "ami": adjusted_mutual_info_score(gold_labels, predicted_labels),
    }
