"""Agree: compare the counts that sources give for the same thing (the last stage).

Example:
    >>> import numpy as np
    >>> from toolkit.agree import krippendorff_alpha
    >>> round(krippendorff_alpha(np.array([[10, 20, 30, np.nan], [12, 20, 33, 40]]), "ratio"), 3)
    0.965
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toolkit.agree.alpha import (
    UndefinedStatistic,
    alpha_from_units,
    krippendorff_alpha,
    pairable_units,
)
from toolkit.agree.bias import bland_altman, deviations, group_bias, source_bias
from toolkit.agree.bootstrap import Interval, bootstrap, weighted_mean
from toolkit.agree.reference import compare_with_reference, load_reference
from toolkit.agree.stats import pairwise_agreement, source_pairs, unit_agreement
from toolkit.agree.units import reliability_matrix, source_counts
from toolkit.config import AgreeConfig

__all__ = ["AgreementResult", "UndefinedStatistic", "agree", "krippendorff_alpha", "pairwise_agreement"]


@dataclass
class AgreementResult:
    """The agreement tables of one run and its overall summary."""

    source_counts: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame
    pairs: pd.DataFrame
    deviations: pd.DataFrame
    groups: pd.DataFrame
    summary: dict[str, Any]
    reference: pd.DataFrame | None = field(default=None)


def alpha_interval(counts: pd.DataFrame, level: str, draws: int, seed: int, confidence: float) -> dict:
    """Krippendorff's alpha with a bootstrap interval over pairable units; a reason when undefined."""
    matrix, _sources, _units = reliability_matrix(counts) if not counts.empty else (np.zeros((0, 0)), [], [])
    units = pairable_units(matrix) if matrix.size else None
    if units is None or len(units.sizes) == 0:
        return {**Interval(None, None, None, 0).as_dict(), "undefined": "no unit is reported by two or more sources"}
    try:
        alpha_from_units(units, level)
    except UndefinedStatistic as reason:
        return {**Interval(None, None, None, 0).as_dict(), "undefined": str(reason)}
    interval = bootstrap(lambda weights: alpha_from_units(units, level, weights), len(units.sizes),
                         draws, [seed, 1], confidence)
    return {**interval.as_dict(), "n_units": int(len(units.sizes))}


def agree(claims: pd.DataFrame, members: pd.DataFrame, reports: pd.DataFrame, config: AgreeConfig,
          seed: int = 0, incidents: pd.DataFrame | None = None) -> AgreementResult:
    """Compute every agreement table of a run.

    Example:
        >>> import toolkit
        >>> run = toolkit.load_run("runs/demo")  # doctest: +SKIP
        >>> agree(run.claims, run.incidents, run.reports, AgreeConfig()).summary["alpha"]  # doctest: +SKIP
    """
    draws, confidence = config.bootstrap_draws, config.confidence
    counts = source_counts(claims, members, reports, config.tolerance)
    units = unit_agreement(counts, config.tolerance)
    shared = units[units["n_sources"] >= 2]
    table = deviations(counts, config.groups)

    def interval_of(column: str, stream: int) -> dict:
        return bootstrap(weighted_mean(shared[column].to_numpy()), len(shared), draws,
                         [seed, stream], confidence).as_dict()

    summary: dict[str, Any] = {
        "n_units": int(len(units)),
        "n_units_with_two_or_more_sources": int(len(shared)),
        "n_sources": int(counts["source"].nunique()),
        "tolerance": config.tolerance,
        "bootstrap_draws": draws,
        "confidence": confidence,
        "seed": seed,
        "alpha_level": config.alpha_level,
        "alpha": alpha_interval(counts, config.alpha_level, draws, seed, confidence),
        "exact_agreement": interval_of("exact_agreement", 2),
        "within_tolerance": interval_of("within_tolerance", 3),
        "interval_overlap": interval_of("interval_overlap", 4),
        "median_abs_log_ratio": interval_of("median_abs_log_ratio", 5),
        "bland_altman_log": bland_altman(table),
    }
    reference = None
    if config.reference:
        if incidents is None:
            raise ValueError("comparing with a reference table needs the incident table")
        reference, summary["reference"] = compare_with_reference(
            load_reference(config.reference), incidents, members, reports, units,
            config.reference_category, config.reference_window_days, config.tolerance, draws, seed, confidence)
    return AgreementResult(
        source_counts=counts, units=units,
        sources=source_bias(counts, table, config.tolerance, draws, seed, confidence),
        pairs=source_pairs(counts, config.tolerance), deviations=table,
        groups=group_bias(table, draws, seed, confidence), summary=summary, reference=reference)
