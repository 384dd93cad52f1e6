"""k-nearest-neighbour search by inner product (cosine on L2-normalised vectors).

Below ``exact_threshold`` candidates the search is exact brute force (a matrix
product in blocks): it is fast at that size and has no approximation error.
Above it, a faiss HNSW graph answers in sub-linear time per query, at the cost
of occasionally missing a true neighbour (raise ``ef_search`` to miss fewer).

Example:
    >>> import numpy as np
    >>> candidates = np.eye(3, dtype=np.float32)
    >>> similarities, indices = NeighbourIndex(candidates).search(candidates[[2]], k=1)
    >>> indices.tolist(), similarities.tolist()
    ([[2]], [[1.0]])

References:
    Malkov, Y. A. and Yashunin, D. A. 2020. Efficient and Robust Approximate
    Nearest Neighbor Search Using Hierarchical Navigable Small World Graphs.
    IEEE TPAMI 42(4).
    Douze, M. et al. 2024. The Faiss library. arXiv:2401.08281.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NeighbourIndex", "EXACT_THRESHOLD"]

EXACT_THRESHOLD = 20_000
_BLOCK = 2048


class NeighbourIndex:
    """Nearest candidates of each query by inner product, exact or through faiss HNSW.

    Args:
        candidates: (n, dim) float vectors, L2-normalised for cosine.
        exact_threshold: use brute force while ``n <= exact_threshold``.
        hnsw_m, ef_construction, ef_search: HNSW graph parameters (faiss names).
    """

    def __init__(self, candidates: np.ndarray, exact_threshold: int = EXACT_THRESHOLD,
                 hnsw_m: int = 32, ef_construction: int = 200, ef_search: int = 128) -> None:
        candidates = np.ascontiguousarray(candidates, dtype=np.float32)
        if candidates.ndim != 2:
            raise ValueError(f"candidates must be a 2-D array, got shape {candidates.shape}")
        self.candidates = candidates
        self.exact = len(candidates) <= exact_threshold
        self.ef_search = ef_search
        self._index = None
        if not self.exact:
            import faiss

            index = faiss.IndexHNSWFlat(candidates.shape[1], hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = ef_construction
            index.add(candidates)
            self._index = index

    @property
    def method(self) -> str:
        return "exact" if self.exact else "faiss-hnsw"

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, indices), each (n_queries, k), best first; k is capped at n."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if queries.ndim != 2 or queries.shape[1] != self.candidates.shape[1]:
            raise ValueError(f"queries must have shape (n, {self.candidates.shape[1]}), got {queries.shape}")
        k = min(k, len(self.candidates))
        if k < 1 or len(queries) == 0:
            return np.zeros((len(queries), max(k, 0))), np.zeros((len(queries), max(k, 0)), dtype=np.int64)
        if self.exact:
            return self._exact_search(queries, k)
        self._index.hnsw.efSearch = max(self.ef_search, k)
        similarities, indices = self._index.search(queries, k)
        return similarities.astype(np.float64), indices.astype(np.int64)

    def _exact_search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        all_similarities, all_indices = [], []
        for start in range(0, len(queries), _BLOCK):
            block = queries[start:start + _BLOCK].astype(np.float64) @ self.candidates.T.astype(np.float64)
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
            top_values = np.take_along_axis(block, top, axis=1)
            # Sort by similarity, then by index, so ties break the same way every time.
            order = np.lexsort((top, -top_values), axis=1)
            all_indices.append(np.take_along_axis(top, order, axis=1))
            all_similarities.append(np.take_along_axis(top_values, order, axis=1))
        return np.concatenate(all_similarities), np.concatenate(all_indices).astype(np.int64)
