"""Pair scores: how likely two reports describe one incident.

A weighted mean of text similarity and date closeness; the weights come from
the config, so an ablation is a change of two numbers.
"""

from __future__ import annotations

import numpy as np


def date_closeness(i: np.ndarray, j: np.ndarray, days: np.ndarray, window_days: int) -> np.ndarray:
    """1 for the same day, falling linearly to 0 just past the window; 0.5 when a date is unknown.

    >>> date_closeness(np.array([0, 0]), np.array([1, 2]), np.array([0.0, 1.0, np.nan]), 3).tolist()
    [0.75, 0.5]
    """
    gap = np.abs(days[i] - days[j])
    closeness = np.clip(1.0 - gap / (window_days + 1), 0.0, 1.0)
    return np.where(np.isnan(gap), 0.5, closeness)


def pair_scores(similarity: np.ndarray, closeness: np.ndarray, text_weight: float,
                date_weight: float) -> np.ndarray:
    """Weighted mean of text similarity and date closeness.

    >>> pair_scores(np.array([0.6]), np.array([1.0]), 0.8, 0.2).tolist()
    [0.68]
    """
    total = text_weight + date_weight
    if total <= 0:
        raise ValueError("cluster.text_weight + cluster.date_weight must be positive")
    return np.round((text_weight * similarity + date_weight * closeness) / total, 10)
