"""Agreement between the figures that sources give for one unit, and between pairs of
sources across units. Formulas and references are collected in docs/methods.md."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd

from toolkit.agree.units import UNIT, groups_in_order, unit_keys
from toolkit.schema import AGREEMENT, SOURCE_PAIRS


def within(a: float, b: float, tolerance: float) -> bool:
    """|a - b| <= tolerance * max(|a|, |b|)."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two closed intervals share at least one point."""
    return max(a[0], b[0]) <= min(a[1], b[1])


def median(values: list[float]) -> float:
    """``np.median`` of a short list, the same float (NaN if any value is NaN), without numpy's
    per-call cost: agreement takes a median per unit and per source, tens of thousands at 50,000 reports.

    >>> median([3.0, 1.0, 2.0]), median([4.0, 1.0]), median([1.0, float("nan")])
    (2.0, 2.5, nan)
    """
    if not values or any(math.isnan(value) for value in values):
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def abs_log_ratio(a: float, b: float) -> float:
    """|log(a / b)|, NaN when either count is 0 (the ratio says nothing there)."""
    return abs(math.log(a / b)) if a > 0 and b > 0 else math.nan


def pairwise_agreement(values: list[float], tolerance: float) -> tuple[float, float]:
    """Share of source pairs that agree exactly, and within ``tolerance``.

    >>> pairwise_agreement([45, 40, 45], 0.10)
    (0.3333333333333333, 0.3333333333333333)
    >>> pairwise_agreement([100, 95], 0.10)
    (0.0, 1.0)
    """
    pairs = list(itertools.combinations(values, 2))
    if not pairs:
        return math.nan, math.nan
    exact = sum(a == b for a, b in pairs) / len(pairs)
    close = sum(within(a, b, tolerance) for a, b in pairs) / len(pairs)
    return exact, close


def _mean_over_pairs(items: list, measure) -> float:
    pairs = list(itertools.combinations(items, 2))
    if not pairs:
        return math.nan
    scores = [measure(a, b) for a, b in pairs]
    scores = [score for score in scores if not math.isnan(score)]
    return float(np.mean(scores)) if scores else math.nan


def unit_agreement(counts: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Per incident and slot: each source's figure, the median consensus and pairwise agreement."""
    rows = []
    sources, all_values = counts["source"].to_numpy(), counts["value"].to_numpy(dtype=float)
    lowers, uppers = counts["lower"].to_numpy(dtype=float), counts["upper"].to_numpy(dtype=float)
    for key, positions in groups_in_order(counts, list(UNIT)):
        values = all_values[positions].tolist()
        intervals = list(zip(lowers[positions].tolist(), uppers[positions].tolist()))
        exact, close = pairwise_agreement(values, tolerance)
        log_ratios = [abs_log_ratio(a, b) for a, b in itertools.combinations(values, 2)]
        log_ratios = [r for r in log_ratios if not math.isnan(r)]
        rows.append({
            "incident_id": key[0], "category": key[1], "subject": key[2], "location": key[3],
            "n_sources": len(values),
            "values": json.dumps(dict(zip(sources[positions].tolist(), values)), sort_keys=True),
            "consensus": median(values),
            "min": float(min(values)), "max": float(max(values)),
            "exact_agreement": exact, "within_tolerance": close,
            "interval_overlap": _mean_over_pairs(intervals, lambda a, b: float(overlaps(a, b))),
            "median_abs_log_ratio": median(log_ratios) if log_ratios else math.nan,
        })
    return pd.DataFrame(rows, columns=AGREEMENT.names)


def lins_ccc(x: np.ndarray, y: np.ndarray) -> float:
    """Lin's concordance correlation coefficient (population moments).

    rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2). NaN with fewer than 3 pairs
    or when both series are constant.

    >>> lins_ccc(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]))
    1.0
    >>> round(lins_ccc(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])), 4)
    0.5714

    References:
        Lin, L. I. (1989). A concordance correlation coefficient to evaluate reproducibility.
        Biometrics 45(1): 255-268.
    """
    if len(x) < 3:
        return math.nan
    covariance = np.mean((x - x.mean()) * (y - y.mean()))
    denominator = x.var() + y.var() + (x.mean() - y.mean()) ** 2
    return float(2 * covariance / denominator) if denominator > 0 else math.nan


def source_pairs(counts: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """For every pair of sources: shared units, agreement rates, and Lin's CCC on log counts."""
    keyed = counts.assign(unit=unit_keys(counts))
    by_source = {source: group.set_index("unit") for source, group in keyed.groupby("source", sort=True)}
    rows = []
    for a, b in itertools.combinations(sorted(by_source), 2):
        shared = by_source[a].index.intersection(by_source[b].index)
        left, right = by_source[a].loc[shared], by_source[b].loc[shared]
        x, y = left["value"].to_numpy(), right["value"].to_numpy()
        positive = (x > 0) & (y > 0)
        rows.append({
            "source_a": a, "source_b": b, "n_shared": len(shared),
            "exact_agreement": float(np.mean(x == y)) if len(shared) else math.nan,
            "within_tolerance": float(np.mean([within(p, q, tolerance) for p, q in zip(x, y)])) if len(shared) else math.nan,
            "interval_overlap": float(np.mean([overlaps(p, q) for p, q in zip(
                zip(left["lower"], left["upper"]), zip(right["lower"], right["upper"]))])) if len(shared) else math.nan,
            "ccc_log": lins_ccc(np.log(x[positive]), np.log(y[positive])),
        })
    return pd.DataFrame(rows, columns=SOURCE_PAIRS.names)
