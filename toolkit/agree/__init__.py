"""Agree: compare the counts that sources give for the same thing (the last stage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.agree.stats import krippendorff_alpha, pairwise_agreement, source_agreement, unit_agreement
from toolkit.agree.units import source_counts
from toolkit.config import AgreeConfig

__all__ = ["AgreementResult", "agree", "krippendorff_alpha", "pairwise_agreement"]


@dataclass
class AgreementResult:
    """The agreement tables of one run and its overall summary."""

    source_counts: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame
    summary: dict[str, Any]


def agree(claims: pd.DataFrame, members: pd.DataFrame, reports: pd.DataFrame,
          config: AgreeConfig) -> AgreementResult:
    """Compute every agreement table of a run.

    Example:
        >>> import toolkit
        >>> run = toolkit.load_run("runs/demo")  # doctest: +SKIP
        >>> agree(run.claims, run.incidents, run.reports, AgreeConfig()).summary["alpha"]  # doctest: +SKIP
    """
    counts = source_counts(claims, members, reports)
    units = unit_agreement(counts, config.tolerance)
    sources = source_agreement(counts, config.tolerance)
    shared = units[units["n_sources"] >= 2]
    alpha = krippendorff_alpha(counts, config.alpha_level) if not counts.empty else None
    summary = {
        "n_units": int(len(units)),
        "n_units_with_two_or_more_sources": int(len(shared)),
        "alpha_level": config.alpha_level,
        "alpha": alpha,
        "exact_agreement_mean": _mean(shared["exact_agreement"]),
        "within_tolerance_mean": _mean(shared["within_tolerance"]),
        "tolerance": config.tolerance,
    }
    return AgreementResult(counts, units, sources, summary)


def _mean(values: pd.Series) -> float | None:
    return float(np.mean(values)) if len(values) else None
