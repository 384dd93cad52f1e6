"""Clusterers: the interface, the registry and the algorithms on the sparse candidate graph.

A clusterer's ``fit_predict(graph, threshold)`` takes a :class:`CandidateGraph` (the
candidate pairs i < j with their pair scores) and returns one label per report. The
streaming mode (:mod:`toolkit.cluster.streaming`) needs no graph: it declares
``needs_graph = False`` and reads the reports' vectors and days from the graph object
instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from toolkit.registry import Component, ComponentSettings, Registry


@dataclass
class CandidateGraph:
    """What a clusterer clusters: ``n`` reports, candidate pairs (i < j) and their scores.

    ``embeddings``, ``days``, ``window_days`` and ``scorer`` are there for clusterers that
    compare reports themselves (streaming); the pairs are then empty.
    """

    n: int
    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    embeddings: np.ndarray | None = None
    days: np.ndarray | None = None
    window_days: int = 0
    scorer: Any = None


class Clusterer(Component):
    """Base of every clusterer: ``fit_predict(graph, threshold)`` -> one int64 label per report."""

    kind = "clustering algorithm"
    needs_graph: ClassVar[bool] = True

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        raise NotImplementedError


CLUSTERERS: Registry[Clusterer] = Registry("clustering algorithm", Clusterer)

# Distance given to pairs that are not candidates: larger than any real one, so
# average linkage treats them as strong evidence against a merge.
NON_CANDIDATE_DISTANCE = 2.0


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The connected component of each of ``n`` nodes, given the edges (i, j)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return labels


def connected_components_clusters(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                                  threshold: float) -> np.ndarray:
    """Reports joined by any pair scoring at least ``threshold`` form one incident.

    >>> connected_components_clusters(3, np.array([0, 1]), np.array([1, 2]),
    ...                               np.array([0.9, 0.2]), threshold=0.5).tolist()
    [0, 0, 1]
    """
    keep = score >= threshold
    return _relabel(components(n, i[keep], j[keep]))


def threshold_average_linkage(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                              threshold: float) -> np.ndarray:
    """Average-linkage agglomerative clustering (UPGMA, scipy), merging while the mean pair
    score of two groups is at least ``threshold``; pairs that are not candidates count as
    distance 2.

    Runs exactly inside each connected component of the candidate graph (pairs scoring
    below 0 are dropped first), so only components, not the corpus, are held densely.

    >>> threshold_average_linkage(4, np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]),
    ...                           np.array([0.9, 0.8, 0.85, 0.1]), threshold=0.5).tolist()
    [0, 0, 0, 1]
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    def average_linkage(size: int, a: np.ndarray, b: np.ndarray, s: np.ndarray) -> np.ndarray:
        if size == 2:  # linked by a pair scoring >= threshold: one incident
            return np.zeros(2, dtype=np.int64)
        distances = np.full((size, size), NON_CANDIDATE_DISTANCE)
        np.fill_diagonal(distances, 0.0)
        distances[a, b] = distances[b, a] = 1.0 - s
        tree = linkage(squareform(distances, checks=False), method="average")
        return fcluster(tree, t=1.0 - threshold + 1e-12, criterion="distance") - 1

    # Two groups with no pair scoring >= threshold have a mean below it and never merge, so
    # the components of those pairs bound the incidents: clustering each alone is exact.
    return _per_component(n, i, j, score, average_linkage, links=score >= threshold)


def leiden_clusters(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                    threshold: float, resolution: float = 1.0) -> np.ndarray:
    """Leiden communities (Traag et al. 2019, leidenalg) of the graph of pairs scoring at least
    ``threshold``, weighted by score; modularity with ``resolution``; fixed seed.

    >>> leiden_clusters(5, np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4]),
    ...                 np.array([0.9, 0.8, 0.85, 0.9]), threshold=0.5).tolist()
    [0, 0, 0, 1, 1]
    """
    import igraph
    import leidenalg

    keep = score >= threshold
    graph = igraph.Graph(n=n, edges=np.column_stack([i[keep], j[keep]]).tolist())
    partition = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights=score[keep].tolist(),
        resolution_parameter=resolution, seed=0)
    return _relabel(np.asarray(partition.membership, dtype=np.int64))


def hdbscan_clusters(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray,
                     threshold: float) -> np.ndarray:
    """HDBSCAN (Campello et al. 2013; scikit-learn) on distances 1 - score of the pairs scoring
    at least ``threshold``, inside each connected component; reports it leaves as noise
    are incidents of their own.

    Report 2 below, looser than the 0-1 pair, is left as noise:

    >>> hdbscan_clusters(5, np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4]),
    ...                  np.array([0.9, 0.8, 0.85, 0.9]), threshold=0.5).tolist()
    [0, 0, 1, 2, 2]
    """
    from scipy.sparse import csr_matrix
    from sklearn.cluster import HDBSCAN

    def density_clusters(size: int, a: np.ndarray, b: np.ndarray, s: np.ndarray) -> np.ndarray:
        # Distances must be positive to count as edges of the sparse matrix.
        distance = np.maximum(1.0 - s, 1e-9)
        matrix = csr_matrix((np.concatenate([distance, distance]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                            shape=(size, size))
        labels = HDBSCAN(metric="precomputed", min_cluster_size=2, min_samples=1, allow_single_cluster=True,
                         copy=True).fit_predict(matrix)
        noise = labels < 0
        labels[noise] = labels.max() + 1 + np.arange(noise.sum())
        return labels

    keep = score >= threshold
    return _per_component(n, i[keep], j[keep], score[keep], density_clusters, links=np.ones(keep.sum(), bool))


@CLUSTERERS.register("connected-components", version="1")
class ConnectedComponents(Clusterer):
    """Reports joined by any pair scoring at least the threshold form one incident."""

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        return connected_components_clusters(graph.n, graph.i, graph.j, graph.score, threshold)


@CLUSTERERS.register("threshold-average", version="1")
class ThresholdAverage(Clusterer):
    """Average linkage, merging while two groups' mean pair score reaches the threshold."""

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        return threshold_average_linkage(graph.n, graph.i, graph.j, graph.score, threshold)


@CLUSTERERS.register("leiden", version="1")
class Leiden(Clusterer):
    """Leiden communities of the pairs scoring at least the threshold."""

    class Settings(ComponentSettings):
        resolution: float = Field(1.0, gt=0.0, description="Leiden resolution (higher: smaller incidents).")

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        return leiden_clusters(graph.n, graph.i, graph.j, graph.score, threshold, self.settings.resolution)


@CLUSTERERS.register("hdbscan", version="1")
class Hdbscan(Clusterer):
    """HDBSCAN inside each component of the pairs scoring at least the threshold."""

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        return hdbscan_clusters(graph.n, graph.i, graph.j, graph.score, threshold)


def _per_component(n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray, cluster,
                   links: np.ndarray) -> np.ndarray:
    """Run ``cluster(size, a, b, s)`` on each connected component (of the pairs where
    ``links``) of two or more reports, with every pair inside it in local indices, so only
    components, never the corpus, are held densely."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    component_of = components(n, i[links], j[links])
    order = np.argsort(component_of, kind="stable")
    bounds = np.flatnonzero(np.diff(component_of[order])) + 1
    inside = component_of[i] == component_of[j]
    i, j, score = i[inside], j[inside], score[inside]
    edge_component = component_of[i]
    edge_order = np.argsort(edge_component, kind="stable")
    edge_bounds = np.searchsorted(edge_component[edge_order], np.arange(component_of.max() + 2))
    labels = np.full(n, -1, dtype=np.int64)
    next_label = 0
    for members in np.split(order, bounds):
        if len(members) == 1:
            labels[members] = next_label
            next_label += 1
            continue
        component = component_of[members[0]]
        edges = edge_order[edge_bounds[component]:edge_bounds[component + 1]]
        local = np.searchsorted(members, i[edges]), np.searchsorted(members, j[edges])
        found = cluster(len(members), local[0], local[1], score[edges])
        labels[members] = found + next_label
        next_label += int(found.max()) + 1
    return _relabel(labels)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters by first appearance, so labels do not depend on library internals."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(label), len(mapping)) for label in labels], dtype=np.int64)
