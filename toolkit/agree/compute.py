"""Every agreement table of a run, computed from its claims, incidents and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toolkit.agree.alpha import UndefinedStatistic, krippendorff_alpha
from toolkit.agree.bias import bland_altman, deviations, group_bias, source_bias
from toolkit.agree.reference import compare_with_reference, load_reference
from toolkit.agree.settings import AgreeConfig
from toolkit.agree.statistics import STATISTICS, AgreementStatistic
from toolkit.agree.stats import pairwise_agreement, source_pairs, unit_agreement
from toolkit.agree.units import source_counts

__all__ = ["AgreementResult", "agree"]


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

    statistics: list[AgreementStatistic] = [config.build("statistics", name) for name in config.statistics]
    summary: dict[str, Any] = {
        "n_units": int(len(units)),
        "n_units_with_two_or_more_sources": int(len(shared)),
        "n_sources": int(counts["source"].nunique()),
        "tolerance": config.tolerance,
        "bootstrap_draws": draws,
        "confidence": confidence,
        "seed": seed,
        **{key: value for statistic in statistics for key, value in statistic.get_settings().items()},
        **{statistic.key: statistic.interval(counts, shared, draws, seed, confidence) for statistic in statistics},
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
