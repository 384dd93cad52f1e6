"""Bias of each source (and each language or group of sources) against the
leave-one-out consensus: the median of the other sources' figures for the same unit.

For source s on unit u: r_su = log(x_su / m_u,-s). Its mean over units is the source's
bias (0: no systematic departure; 0.1: about 10% higher than the others), with a
bootstrap interval over units. The same differences, plotted against the mean of the two
log counts, form a Bland-Altman plot on log counts.

References:
    Bland, J. M., & Altman, D. G. (1986). Statistical methods for assessing agreement between
    two methods of clinical measurement. The Lancet 327(8476): 307-310.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.agree.bootstrap import bootstrap, weighted_mean
from toolkit.agree.stats import median, within
from toolkit.agree.units import groups_in_order, unit_keys
from toolkit.schema import DEVIATIONS, GROUP_BIAS, SOURCE_AGREEMENT


def deviations(counts: pd.DataFrame, groups: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """One row per figure in a unit with two or more sources: its log ratio to the
    leave-one-out consensus (NaN when either is 0)."""
    membership = {source: group for group, sources in (groups or {}).items() for source in sources}
    keyed = counts.assign(unit=unit_keys(counts))
    all_values = keyed["value"].to_numpy(dtype=float)
    all_sources, all_languages = keyed["source"].to_numpy(), keyed["language"].to_numpy()
    rows = []
    for (unit,), positions in groups_in_order(keyed, ["unit"]):
        if len(positions) < 2:
            continue
        values = all_values[positions]
        sources, languages = all_sources[positions], all_languages[positions]
        for index, source in enumerate(sources):
            consensus = median(values[sources != source].tolist())
            value = float(values[index])
            ratio = math.log(value / consensus) if value > 0 and consensus > 0 else math.nan
            mean_log = (math.log(value) + math.log(consensus)) / 2 if not math.isnan(ratio) else math.nan
            rows.append({"unit": unit, "source": source, "language": languages[index],
                         "group": membership.get(source), "value": value,
                         "consensus_of_others": consensus, "log_ratio": ratio, "mean_log": mean_log})
    return pd.DataFrame(rows, columns=DEVIATIONS.names)


def _mean_with_interval(frame: pd.DataFrame, draws: int, seed: list[int], confidence: float):
    """Mean log ratio of a set of figures, resampling units (all figures of a drawn unit)."""
    per_unit = frame.dropna(subset=["log_ratio"]).groupby("unit")["log_ratio"].agg(["sum", "count"])
    sums, sizes = per_unit["sum"].to_numpy(), per_unit["count"].to_numpy(dtype=float)

    def mean(weights: np.ndarray) -> float:
        total = weights @ sizes
        return float(weights @ sums / total) if total else math.nan

    return bootstrap(mean, len(per_unit), draws, seed, confidence)


def source_bias(counts: pd.DataFrame, table: pd.DataFrame, tolerance: float, draws: int,
                seed: int, confidence: float) -> pd.DataFrame:
    """Per source: units covered, bias against the others with its interval, agreement rates."""
    rows = []
    for index, source in enumerate(sorted(counts["source"].unique())):
        mine = table[table["source"] == source]
        defined = mine.dropna(subset=["log_ratio"])
        interval = _mean_with_interval(mine, draws, [seed, 101, index], confidence)
        languages = sorted(counts.loc[counts["source"] == source, "language"].unique())
        rows.append({
            "source": source, "language": ",".join(languages),
            "n_units": int((counts["source"] == source).sum()), "n_units_shared": len(mine),
            "mean_log_ratio": interval.estimate, "mean_log_ratio_low": interval.low,
            "mean_log_ratio_high": interval.high,
            "median_log_ratio": float(defined["log_ratio"].median()) if len(defined) else math.nan,
            "exact_agreement": float((mine["value"] == mine["consensus_of_others"]).mean()) if len(mine) else math.nan,
            "within_tolerance": float(np.mean([within(v, c, tolerance) for v, c in zip(
                mine["value"], mine["consensus_of_others"])])) if len(mine) else math.nan,
        })
    return pd.DataFrame(rows, columns=SOURCE_AGREEMENT.names)


def group_bias(table: pd.DataFrame, draws: int, seed: int, confidence: float) -> pd.DataFrame:
    """Bias by language of the source, and by the config's source groups."""
    rows = []
    for grouping in ("language", "group"):
        for index, (name, frame) in enumerate(table.dropna(subset=[grouping]).groupby(grouping, sort=True)):
            interval = _mean_with_interval(frame, draws, [seed, 202 if grouping == "language" else 303, index],
                                           confidence)
            rows.append({"grouping": grouping, "group": name, "n_units": frame["unit"].nunique(),
                         "n_figures": len(frame), "mean_log_ratio": interval.estimate,
                         "mean_log_ratio_low": interval.low, "mean_log_ratio_high": interval.high})
    return pd.DataFrame(rows, columns=GROUP_BIAS.names)


def bland_altman(table: pd.DataFrame) -> dict[str, float | int | None]:
    """Mean difference (bias) and 95% limits of agreement of log(figure / consensus of the others)."""
    differences = table["log_ratio"].dropna().to_numpy()
    if len(differences) < 2:
        return {"n": int(len(differences)), "bias": None, "lower_limit": None, "upper_limit": None}
    bias, spread = float(differences.mean()), float(differences.std(ddof=1))
    return {"n": int(len(differences)), "bias": bias,
            "lower_limit": bias - 1.96 * spread, "upper_limit": bias + 1.96 * spread}


__all__ = ["bland_altman", "deviations", "group_bias", "source_bias", "weighted_mean"]
