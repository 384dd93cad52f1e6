"""Agreement statistics over comparison units.

Each function documents its formula; docs/methods.md collects them with references.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd

from toolkit.agree.units import SLOT, reliability_matrix
from toolkit.schema import AGREEMENT, SOURCE_AGREEMENT


def pairwise_agreement(values: list[float], tolerance: float) -> tuple[float, float]:
    """Share of source pairs that agree exactly, and within ``tolerance``.

    Two counts a, b agree within tolerance t when |a - b| <= t * max(|a|, |b|).

    >>> pairwise_agreement([45, 40, 45], 0.10)
    (0.3333333333333333, 0.3333333333333333)
    >>> pairwise_agreement([100, 95], 0.10)
    (0.0, 1.0)
    """
    pairs = list(itertools.combinations(values, 2))
    if not pairs:
        return math.nan, math.nan
    exact = sum(a == b for a, b in pairs) / len(pairs)
    close = sum(abs(a - b) <= tolerance * max(abs(a), abs(b)) for a, b in pairs) / len(pairs)
    return exact, close


def unit_agreement(counts: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Per incident and slot: each source's value, the median consensus and pairwise agreement."""
    rows = []
    for key, group in counts.groupby(["incident_id", *SLOT], sort=True):
        values = group["value"].tolist()
        exact, close = pairwise_agreement(values, tolerance)
        rows.append({
            "incident_id": key[0], "category": key[1], "subject": key[2], "location": key[3],
            "n_sources": len(group),
            "values": json.dumps(dict(zip(group["source"], values)), sort_keys=True),
            "consensus": float(np.median(values)),
            "min": float(min(values)), "max": float(max(values)),
            "exact_agreement": exact, "within_tolerance": close,
        })
    return pd.DataFrame(rows, columns=AGREEMENT.names)


def source_agreement(counts: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Per source: units covered, and how its figures compare with the others'.

    The bias of source s on a unit is log(x_s / m), with m the median of the other
    sources' figures on that unit (leave-one-out consensus); the table gives its
    median over the units s shares with at least one other source.
    """
    rows = []
    grouped = {key: group for key, group in counts.groupby(["incident_id", *SLOT], sort=True)}
    for source in sorted(counts["source"].unique()):
        ratios, exact, close, n_units = [], [], [], 0
        for group in grouped.values():
            mine = group.loc[group["source"] == source, "value"]
            if mine.empty:
                continue
            n_units += 1
            others = group.loc[group["source"] != source, "value"]
            if others.empty:
                continue
            value, consensus = float(mine.iloc[0]), float(np.median(others))
            if value > 0 and consensus > 0:
                ratios.append(math.log(value / consensus))
            exact.append(value == consensus)
            close.append(abs(value - consensus) <= tolerance * max(abs(value), abs(consensus)))
        rows.append({
            "source": source, "n_units": n_units, "n_units_shared": len(exact),
            "median_log_ratio_to_consensus": float(np.median(ratios)) if ratios else math.nan,
            "exact_agreement": float(np.mean(exact)) if exact else math.nan,
            "within_tolerance": float(np.mean(close)) if close else math.nan,
        })
    return pd.DataFrame(rows, columns=SOURCE_AGREEMENT.names)


def krippendorff_alpha(counts: pd.DataFrame, level: str) -> float | None:
    """Krippendorff's alpha over all units that at least two sources report.

    Uses the reference implementation (the ``krippendorff`` package). Returns
    None when fewer than two such units exist or every value is identical
    (alpha is undefined: no variation to agree on).
    """
    import krippendorff

    matrix, _sources, _units = reliability_matrix(counts)
    if matrix.size == 0:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    matrix = matrix[:, pairable]
    values = matrix[~np.isnan(matrix)]
    if matrix.shape[1] < 2 or len(np.unique(values)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
