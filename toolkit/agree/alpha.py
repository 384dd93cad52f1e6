"""Krippendorff's alpha from the coincidence matrix, for nominal, ordinal, interval and
ratio data, with unit weights so the bootstrap can resample units cheaply.

alpha = 1 - D_o / D_e, where, over the values c, k pairable within units,

    D_o = 1/n * sum_{c,k} o_ck * delta2(c, k)      (observed disagreement)
    D_e = 1/(n(n-1)) * sum_{c,k} n_c n_k delta2(c, k)  (expected disagreement)

o_ck counts ordered pairs of values (c, k) from different coders in one unit, each unit
weighted 1/(m_u - 1) for its m_u values; n_c are the marginals of o and n their sum.

References:
    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    Communication Departmental Papers 43, University of Pennsylvania.
    Krippendorff, K. (2019). Content Analysis: An Introduction to Its Methodology, 4th ed. SAGE.
"""

from __future__ import annotations

from collections.abc import Callable

from dataclasses import dataclass

import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")


class UndefinedStatistic(ValueError):
    """The statistic has no value on these data (e.g. alpha with no variation); never NaN."""


@dataclass(frozen=True)
class PairableUnits:
    """Units with at least two values, as a unit x value count matrix."""

    values: np.ndarray  # sorted distinct values
    counts: np.ndarray  # (units, values): how often each value occurs in the unit
    sizes: np.ndarray  # (units,): number of values in the unit


def pairable_units(data: np.ndarray) -> PairableUnits:
    """Collect the pairable units of a coders x units array (NaN = missing).

    >>> pairable_units(np.array([[1, 2, np.nan], [1, 3, 4]])).counts.tolist()
    [[2.0, 0.0, 0.0], [0.0, 1.0, 1.0]]
    """
    data = np.asarray(data, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"reliability data must be a 2-D coders x units array, got shape {data.shape}")
    sizes = (~np.isnan(data)).sum(axis=0)
    kept = data[:, sizes >= 2]
    values = np.unique(kept[~np.isnan(kept)])
    counts = np.stack([(kept == value).sum(axis=0) for value in values], axis=1).astype(float) \
        if len(values) else np.zeros((kept.shape[1], 0))
    return PairableUnits(values, counts, sizes[sizes >= 2].astype(float))


def distance_matrix(values: np.ndarray, level: str, marginals: np.ndarray) -> np.ndarray:
    """delta2(c, k) between every pair of values at the level of measurement."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(total == 0, 0.0, (c - k) / np.where(total == 0, 1.0, total))
        return ratio ** 2
    if level == "ordinal":
        cumulative = np.concatenate([[0.0], np.cumsum(marginals)])
        low, high = np.minimum.outer(np.arange(len(values)), np.arange(len(values))), \
            np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginals[low] + marginals[high]) / 2) ** 2
    raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")


def alpha_from_units(units: PairableUnits, level: str, weights: np.ndarray | None = None) -> float:
    """Alpha over pairable units, each counted ``weights[u]`` times (default once)."""
    return alpha_statistic(units, level)(np.ones(len(units.sizes)) if weights is None else weights)


def alpha_statistic(units: PairableUnits, level: str) -> Callable[[np.ndarray], float]:
    """Alpha as a function of unit weights, for the bootstrap: what does not depend on the
    weights (each unit's observed disagreement; for every level but ordinal, the distance
    matrix) is computed once, so a draw costs a (values x values) product, not a pass over units."""
    fixed_delta = None if level == "ordinal" else distance_matrix(units.values, level, np.zeros(len(units.values)))
    per_unit = None if fixed_delta is None else _per_unit(units, fixed_delta)

    def alpha(weights: np.ndarray) -> float:
        weights = np.asarray(weights, dtype=float)
        marginals = weights @ units.counts
        n = marginals.sum()
        if len(units.sizes) == 0 or n < 2:
            raise UndefinedStatistic("alpha is undefined: no unit has values from two or more coders")
        delta = fixed_delta if fixed_delta is not None else distance_matrix(units.values, level, marginals)
        expected = marginals @ delta @ marginals
        if expected == 0:
            raise UndefinedStatistic("alpha is undefined: all pairable values are equal (no variation)")
        observed = weights @ (per_unit if per_unit is not None else _per_unit(units, delta))
        return float(1.0 - (n - 1) * observed / expected)

    return alpha


def _per_unit(units: PairableUnits, delta: np.ndarray) -> np.ndarray:
    """Each unit's within-unit disagreement, sum over its value pairs of delta, over (size - 1)."""
    return np.einsum("uv,vw,uw->u", units.counts, delta, units.counts) / (units.sizes - 1)


def krippendorff_alpha(data: np.ndarray, level: str = "ratio") -> float:
    """Krippendorff's alpha of a coders x units array with NaN for missing values (the
    layout of the ``krippendorff`` package's ``reliability_data``).

    Raises :class:`UndefinedStatistic` when alpha has no value (no pairable unit, or no variation).

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    ...         [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    >>> round(krippendorff_alpha(data, "nominal"), 3), round(krippendorff_alpha(data, "interval"), 3)
    (0.743, 0.849)
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    return alpha_from_units(pairable_units(np.asarray(data, dtype=float)), level)
