"""Candidate pairs: each report's nearest neighbours by text, within a date window.

Only candidate pairs are ever scored, so memory grows with n * k, not n².
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors


def neighbour_pairs(embeddings: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) for each report's k nearest neighbours, i < j, no duplicates.

    Embeddings must be L2-normalised. Exact search (scikit-learn, brute force).

    >>> vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    >>> i, j, similarity = neighbour_pairs(vectors, k=1)
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (1, 2)]
    """
    n = len(embeddings)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    k = min(k, n - 1)
    index = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(embeddings)
    distances, neighbours = index.kneighbors(embeddings)
    rows = np.repeat(np.arange(n), k + 1)
    cols = neighbours.ravel()
    keep = rows != cols
    low, high = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
    pairs = np.unique(np.stack([low, high], axis=1), axis=0)
    similarity = np.einsum("ij,ij->i", embeddings[pairs[:, 0]], embeddings[pairs[:, 1]])
    return pairs[:, 0], pairs[:, 1], similarity.astype(np.float32)


def day_numbers(published: pd.Series) -> np.ndarray:
    """Days since the epoch per report, NaN where the date is unknown."""
    dates = pd.to_datetime(published, errors="coerce")
    days = (dates - pd.Timestamp("1970-01-01")).dt.days
    return days.to_numpy(dtype=float, na_value=np.nan)


def within_window(i: np.ndarray, j: np.ndarray, days: np.ndarray, window_days: int) -> np.ndarray:
    """True where the two dates are at most ``window_days`` apart, or either is unknown."""
    gap = np.abs(days[i] - days[j])
    return np.isnan(gap) | (gap <= window_days)
