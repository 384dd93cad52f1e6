"""Cross-lingual similarity scores over a source x target cosine matrix.

Plain cosine suffers from hubness: some target vectors are near everything and
win many queries. Margin-based scores divide (ratio margin) or subtract (CSLS)
each vector's mean similarity to its k nearest neighbours on the other side, so
a pair scores high only when it stands out from both neighbourhoods.

All functions take L2-normalised vectors (or a precomputed cosine matrix) and
return a dense ``(n_source, n_target)`` float64 matrix; row ``i`` scores source
``i`` against every target. Neighbourhoods come from
:class:`toolkit.neighbours.NeighbourIndex` (exact below a size threshold, an
approximate index above it).

Example:
    >>> import numpy as np
    >>> cosine = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> ratio_margin_scores(cosine, k=1).round(3).tolist()
    [[1.0, 0.941], [0.971, 0.121]]

References:
    Artetxe, M. and Schwenk, H. 2019. Margin-based Parallel Corpus Mining with
    Multilingual Sentence Embeddings. ACL 2019 (ratio margin).
    Conneau, A., Lample, G., Ranzato, M., Denoyer, L. and Jégou, H. 2018. Word
    Translation Without Parallel Data. ICLR 2018 (CSLS).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["SCORINGS", "cosine_matrix", "knn_mean_similarity", "ratio_margin_scores", "csls_scores",
           "mutual_nearest_neighbours", "score_matrix", "scoring_function"]


def cosine_matrix(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Cosine similarity of L2-normalised rows (a dot product)."""
    source, target = np.asarray(source, dtype=np.float64), np.asarray(target, dtype=np.float64)
    if source.ndim != 2 or target.ndim != 2 or source.shape[1] != target.shape[1]:
        raise ValueError(f"need two 2-D arrays of the same width, got {source.shape} and {target.shape}")
    return source @ target.T


def knn_mean_similarity(cosine: np.ndarray, k: int, axis: int = 1) -> np.ndarray:
    """Mean of each row's (axis=1) or column's (axis=0) k largest similarities.

    k is capped at the number of candidates.

    >>> knn_mean_similarity(np.array([[0.9, 0.8, 0.1]]), k=2).tolist()
    [0.8500000000000001]
    """
    cosine = np.asarray(cosine, dtype=np.float64)
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    values = cosine if axis == 1 else cosine.T
    k = min(k, values.shape[1])
    if k == 0:
        return np.zeros(values.shape[0])
    top = -np.partition(-values, k - 1, axis=1)[:, :k]
    return top.mean(axis=1)


def _neighbourhoods(cosine: np.ndarray, k: int, source: np.ndarray | None,
                    target: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(source row means, target column means) of k nearest-neighbour similarities.

    With the vectors at hand, neighbours come from the index (approximate above
    its threshold); otherwise from the dense matrix.
    """
    if source is not None and target is not None:
        from toolkit.neighbours import NeighbourIndex

        k_source, k_target = min(k, len(target)), min(k, len(source))
        source_side = NeighbourIndex(target).search(source, k_source)[0].mean(axis=1)
        target_side = NeighbourIndex(source).search(target, k_target)[0].mean(axis=1)
        return source_side, target_side
    return knn_mean_similarity(cosine, k, axis=1), knn_mean_similarity(cosine, k, axis=0)


def cosine_scores(cosine: np.ndarray, k: int = 4, **_unused: object) -> np.ndarray:
    """The cosine matrix itself (k is ignored)."""
    return np.asarray(cosine, dtype=np.float64)


def ratio_margin_scores(cosine: np.ndarray, k: int = 4, source: np.ndarray | None = None,
                        target: np.ndarray | None = None) -> np.ndarray:
    """Ratio margin: cos(x, y) / ((mean_k cos(x, NN_T(x)) + mean_k cos(y, NN_S(y))) / 2).

    Artetxe & Schwenk (2019) use k = 4.

    >>> ratio_margin_scores(np.array([[0.8, 0.2], [0.6, 0.4]]), k=1).round(4).tolist()
    [[1.0, 0.3333], [0.8571, 0.8]]
    """
    cosine = np.asarray(cosine, dtype=np.float64)
    source_side, target_side = _neighbourhoods(cosine, k, source, target)
    denominator = (source_side[:, None] + target_side[None, :]) / 2
    return cosine / np.where(np.abs(denominator) < 1e-12, 1e-12, denominator)


def csls_scores(cosine: np.ndarray, k: int = 10, source: np.ndarray | None = None,
                target: np.ndarray | None = None) -> np.ndarray:
    """CSLS: 2 cos(x, y) - r_T(x) - r_S(y), r = mean cosine to the k nearest neighbours.

    Conneau et al. (2018) use k = 10.

    >>> csls_scores(np.array([[0.8, 0.2], [0.6, 0.4]]), k=1).round(2).tolist()
    [[0.0, -0.8], [-0.2, -0.2]]
    """
    cosine = np.asarray(cosine, dtype=np.float64)
    source_side, target_side = _neighbourhoods(cosine, k, source, target)
    return 2 * cosine - source_side[:, None] - target_side[None, :]


# The similarity scorings by name (the aligner's ``similarity`` and ``eval retrieval --scoring``).
SCORINGS: dict[str, Callable[..., np.ndarray]] = {
    "cosine": cosine_scores, "margin": ratio_margin_scores, "csls": csls_scores}


def scoring_function(name: str) -> Callable[..., np.ndarray]:
    """The scoring ``name``, or a ValueError listing the known ones."""
    try:
        return SCORINGS[name]
    except KeyError:
        raise ValueError(f"unknown scoring {name!r}; known scorings: {', '.join(sorted(SCORINGS))}") from None


def mutual_nearest_neighbours(scores: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j) where j is i's best target and i is j's best source.

    Ties go to the lowest index (numpy's argmax), so the result is deterministic.

    >>> mutual_nearest_neighbours(np.array([[0.9, 0.1], [0.8, 0.7]]))
    [(0, 0)]
    """
    scores = np.asarray(scores)
    if scores.size == 0:
        return []
    best_target = scores.argmax(axis=1)
    best_source = scores.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_target) if best_source[j] == i]


def score_matrix(source: np.ndarray, target: np.ndarray, scoring: str = "margin",
                 k: int | None = None) -> np.ndarray:
    """Score every source vector against every target vector with a named scoring.

    >>> vectors = np.eye(2, dtype=np.float32)
    >>> score_matrix(vectors, vectors, "cosine").tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    function = scoring_function(scoring)
    cosine = cosine_matrix(source, target)
    options: dict = {"source": source, "target": target} if scoring != "cosine" else {}
    if k is not None:
        options["k"] = k
    return function(cosine, **options)
