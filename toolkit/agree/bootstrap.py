"""Percentile bootstrap intervals over comparison units (units are resampled with
replacement; every draw is seeded, so intervals are reproducible to the digit).

References:
    Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Interval:
    """A point estimate with its percentile bootstrap interval."""

    estimate: float | None
    low: float | None
    high: float | None
    draws: int  # draws on which the statistic was defined

    def as_dict(self) -> dict[str, float | int | None]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high, "draws": self.draws}


# Resamples drawn at a time: memory stays at DRAW_CHUNK x units whatever the number of draws
# (drawing in chunks consumes the generator's stream exactly as one call would).
DRAW_CHUNK = 256


def unit_weights(n_units: int, draws: int, seed: int | list[int]) -> Iterator[np.ndarray]:
    """For each of ``draws`` resamples, how often each unit is drawn (a float vector of n_units)."""
    rng = np.random.default_rng(seed)
    for start in range(0, draws, DRAW_CHUNK):
        for row in rng.integers(0, n_units, size=(min(DRAW_CHUNK, draws - start), n_units)):
            yield np.bincount(row, minlength=n_units).astype(float)


def bootstrap(statistic: Callable[[np.ndarray], float], n_units: int, draws: int,
              seed: int | list[int], confidence: float = 0.95) -> Interval:
    """Estimate ``statistic(weights)`` on the data (all weights 1) and its interval over
    ``draws`` resamples of the units. Draws where the statistic is undefined (it raises
    ValueError or returns NaN) are left out and not counted in ``draws``.

    >>> values = np.array([1.0, 2.0, 3.0, 4.0])
    >>> interval = bootstrap(lambda w: float(w @ values / w.sum()), 4, 200, seed=0)
    >>> interval.estimate, interval.low <= 2.5 <= interval.high
    (2.5, True)
    """
    if n_units == 0:
        return Interval(None, None, None, 0)
    estimate = _safe(statistic, np.ones(n_units))
    if estimate is None:
        return Interval(None, None, None, 0)
    results = [value for weights in unit_weights(n_units, draws, seed)
               if (value := _safe(statistic, weights)) is not None]
    if not results:
        return Interval(estimate, None, None, 0)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(results, [tail, 100 - tail])
    return Interval(estimate, float(low), float(high), len(results))


def _safe(statistic: Callable[[np.ndarray], float], weights: np.ndarray) -> float | None:
    try:
        value = statistic(weights)
    except ValueError:
        return None
    return None if value is None or math.isnan(value) else float(value)


def weighted_mean(values: np.ndarray) -> Callable[[np.ndarray], float]:
    """A statistic for :func:`bootstrap`: the mean of per-unit values, NaNs left out."""
    values = np.asarray(values, dtype=float)
    defined = ~np.isnan(values)

    def mean(weights: np.ndarray) -> float:
        total = weights[defined].sum()
        return float(weights[defined] @ values[defined] / total) if total else math.nan

    return mean
