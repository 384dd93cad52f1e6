"""Candidate pairs: each report's nearest neighbours by text, within a date window, in each language.

Dated reports are searched one publication day at a time: the reports of that day
query an index of the reports published within ``window_days`` of it, so the work per
report is bounded by the window, not by the corpus, and a pair is never further apart
than the window. A report without a date queries every report. Each index is exact
(faiss ``IndexFlatIP``) up to :data:`toolkit.neighbours.EXACT_THRESHOLD` candidates and
a faiss HNSW graph above it (e.g. a whole corpus published on one day). Only candidate pairs are ever
scored, so memory grows with n * k, not n².

With ``groups`` (a code per report, the language), each report gets its k nearest neighbours
*in each group*: multilingual encoders place a report nearer to other reports of its own
language than to a report of the same event in another, so a search over all reports fills
its k places with same-language neighbours and misses the cross-lingual partner (measured in
docs/clustering.md). A corpus of one language gets exactly the pairs it gets without groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import numpy as np
import pandas as pd

from toolkit.executors import Executor, LocalExecutor
from toolkit.neighbours import EXACT_THRESHOLD, NeighbourIndex

_CHUNK = 16_384  # pairs per similarity batch (bounded temporary memory)
BLOCKS_PER_TASK = 64  # date blocks searched per executor call


def day_numbers(published: pd.Series) -> np.ndarray:
    """Days since the epoch per report, NaN where the date is unknown."""
    dates = pd.to_datetime(published, errors="coerce")
    days = (dates - pd.Timestamp("1970-01-01")).dt.days
    return days.to_numpy(dtype=float, na_value=np.nan)


def search_blocks(days: np.ndarray, window_days: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(queries, candidates) index arrays: one block per publication day, then the undated.

    >>> [(q.tolist(), c.tolist()) for q, c in search_blocks(np.array([0.0, 5.0, 1.0, np.nan]), 1)]
    [([0], [0, 2]), ([2], [0, 2]), ([1], [1]), ([3], [0, 2, 1, 3])]
    """
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    sorted_days = days[order]
    for day in np.unique(sorted_days):
        queries = order[np.searchsorted(sorted_days, day, "left"):np.searchsorted(sorted_days, day, "right")]
        low = np.searchsorted(sorted_days, day - window_days, "left")
        high = np.searchsorted(sorted_days, day + window_days, "right")
        yield queries, order[low:high]
    undated = np.flatnonzero(np.isnan(days))
    if len(undated):
        yield undated, np.concatenate([order, undated])


def block_pair_keys(embeddings: np.ndarray, queries: np.ndarray, candidates: np.ndarray, k: int,
                    exact_threshold: int, groups: np.ndarray | None = None) -> np.ndarray:
    """Each query's k nearest candidates (in each group, with ``groups``) as pair keys
    ``min * n + max`` (self pairs left out)."""
    if groups is None:
        return _nearest_keys(embeddings, queries, candidates, k + 1, exact_threshold)
    keys = []
    for code in np.unique(groups[candidates]):
        members = candidates[groups[candidates] == code]
        own = groups[queries] == code  # these queries are among the members: one more, for themselves
        keys.append(_nearest_keys(embeddings, queries[own], members, k + 1, exact_threshold))
        keys.append(_nearest_keys(embeddings, queries[~own], members, k, exact_threshold))
    return np.concatenate(keys)


def _nearest_keys(embeddings: np.ndarray, queries: np.ndarray, candidates: np.ndarray, count: int,
                  exact_threshold: int) -> np.ndarray:
    """Pair keys of each query's ``count`` nearest candidates, self pairs left out."""
    n = len(embeddings)
    if len(candidates) == 0 or len(queries) == 0:
        return np.zeros(0, dtype=np.int64)
    neighbours = _neighbours(embeddings[candidates], embeddings[queries], min(count, len(candidates)),
                             exact_threshold)
    rows = np.repeat(queries, neighbours.shape[1])
    cols = candidates[neighbours.ravel()]
    valid = (neighbours.ravel() >= 0) & (rows != cols)
    rows, cols = rows[valid], cols[valid]
    return np.minimum(rows, cols).astype(np.int64) * n + np.maximum(rows, cols)


def search_group(embeddings: np.ndarray, blocks: list[tuple[np.ndarray, np.ndarray]], k: int,
                 exact_threshold: int, groups: np.ndarray | None = None) -> np.ndarray:
    """The pair keys of a group of date blocks."""
    keys = [block_pair_keys(embeddings, queries, candidates, k, exact_threshold, groups)
            for queries, candidates in blocks]
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


def candidate_pairs(embeddings: np.ndarray, days: np.ndarray, k: int, window_days: int,
                    exact_threshold: int = EXACT_THRESHOLD, show_progress: bool = False,
                    executor: Executor | None = None,
                    groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) for each report's k nearest neighbours within the date window (in each
    group: see the module docstring); i < j, each pair once, sorted. Embeddings must be
    L2-normalised. The date blocks are searched in groups of :data:`BLOCKS_PER_TASK` through
    ``executor``.

    >>> vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    >>> i, j, similarity = candidate_pairs(vectors, np.array([0.0, 0.0, 30.0]), k=2, window_days=7)
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    >>> i, j, _ = candidate_pairs(vectors, np.zeros(3), k=1, window_days=7, groups=np.array([0, 0, 1]))
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2), (1, 2)]
    """
    embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
    n = len(embeddings)
    if groups is not None and len(np.unique(groups)) < 2:
        groups = None
    blocks = list(search_blocks(days, window_days))
    tasks = [blocks[start:start + BLOCKS_PER_TASK] for start in range(0, len(blocks), BLOCKS_PER_TASK)]
    found = (executor or LocalExecutor()).map(partial(search_group, k=k, exact_threshold=exact_threshold, groups=groups),
                                              tasks,
                                              shared=embeddings, progress="candidates" if show_progress else None)
    keys = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    i, j = keys // max(n, 1), keys % max(n, 1)
    # Recomputed per pair, so a pair's similarity does not depend on the block that found it.
    similarity = np.concatenate([np.zeros(0, dtype=np.float32)] + [
        np.einsum("ij,ij->i", embeddings[i[start:start + _CHUNK]], embeddings[j[start:start + _CHUNK]])
        for start in range(0, len(keys), _CHUNK)])
    return i, j, similarity.astype(np.float32)


def _neighbours(candidates: np.ndarray, queries: np.ndarray, k: int, exact_threshold: int) -> np.ndarray:
    """Indices of each query's k most similar candidates (-1 where fewer exist)."""
    if len(candidates) > exact_threshold:
        return NeighbourIndex(candidates, exact_threshold=exact_threshold).search(queries, k)[1]
    import faiss

    index = faiss.IndexFlatIP(candidates.shape[1])
    index.add(candidates)
    return index.search(queries, k)[1]
