"""Clustering algorithms on the sparse candidate graph, chosen by name in the config."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering

from toolkit.registry import Registry

CLUSTERERS: Registry = Registry("clustering algorithm")

# Distance given to pairs that are not candidates: larger than any real one, so
# average linkage treats them as strong evidence against a merge.
NON_CANDIDATE_DISTANCE = 2.0


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return labels


@CLUSTERERS.register("connected-components")
def connected_components_clusters(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                                  threshold: float) -> np.ndarray:
    """Reports joined by any pair scoring at least ``threshold`` form one incident.

    >>> connected_components_clusters(3, np.array([0, 1]), np.array([1, 2]),
    ...                               np.array([0.9, 0.2]), 0.5).tolist()
    [0, 0, 1]
    """
    keep = score >= threshold
    return _relabel(_components(n, i[keep], j[keep]))


@CLUSTERERS.register("threshold-average")
def threshold_average_linkage(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                              threshold: float) -> np.ndarray:
    """Average-linkage agglomerative clustering, merging while the mean pair score of two
    groups is at least ``threshold``; pairs that are not candidates count as distance 2.

    Runs exactly inside each connected component of the candidate graph (pairs scoring
    below 0 are dropped first), so only components, not the corpus, are held densely.

    >>> threshold_average_linkage(4, np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]),
    ...                           np.array([0.9, 0.8, 0.85, 0.1]), 0.5).tolist()
    [0, 0, 0, 1]
    """
    keep = score > 0
    i, j, score = i[keep], j[keep], score[keep]
    components = _components(n, i, j)
    labels = np.full(n, -1, dtype=np.int64)
    next_label = 0
    for component in np.unique(components):
        members = np.flatnonzero(components == component)
        if len(members) == 1:
            labels[members] = next_label
            next_label += 1
            continue
        position = {member: index for index, member in enumerate(members)}
        in_component = np.isin(i, members)
        distances = np.full((len(members), len(members)), NON_CANDIDATE_DISTANCE)
        np.fill_diagonal(distances, 0.0)
        for a, b, s in zip(i[in_component], j[in_component], score[in_component]):
            distances[position[a], position[b]] = distances[position[b], position[a]] = 1.0 - s
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=1.0 - threshold + 1e-12)
        local = model.fit_predict(distances)
        labels[members] = local + next_label
        next_label += local.max() + 1
    return _relabel(labels)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters by first appearance, so labels do not depend on library internals."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(label), len(mapping)) for label in labels], dtype=np.int64)
