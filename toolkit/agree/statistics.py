"""Agreement statistics: the overall figures of a run, each with a bootstrap interval over units.

Each statistic is a component (registry :data:`STATISTICS`) with a ``key`` (its name in
``agreement_summary.json``) and a bootstrap ``stream`` (the seed ``[seed, stream]`` of its
resampling, so adding a statistic never moves another's interval).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from toolkit.agree.alpha import UndefinedStatistic, alpha_from_units, alpha_statistic, pairable_units
from toolkit.agree.bootstrap import Interval, bootstrap, weighted_mean
from toolkit.registry import Component, ComponentSettings, Registry

if TYPE_CHECKING:
    import pandas as pd


class AgreementStatistic(Component):
    """Base of every agreement statistic.

    ``interval(counts, shared, draws, seed, confidence)`` takes the source counts table and
    the per-unit agreement rows of the units two or more sources report, and returns
    ``{"estimate", "low", "high", "n", ...}`` (estimate None, with ``undefined``, when it is not defined).
    """

    kind = "agreement statistic"
    key: ClassVar[str] = ""
    stream: ClassVar[int] = 0
    label: ClassVar[str] = ""  # for tables; formatted with the summary (``{tolerance:.0%}``)

    def interval(self, counts: pd.DataFrame, shared: pd.DataFrame, draws: int, seed: int,
                 confidence: float) -> dict[str, Any]:
        raise NotImplementedError


STATISTICS: Registry[AgreementStatistic] = Registry("agreement statistic", AgreementStatistic)


@STATISTICS.register("krippendorff-alpha", version="1")
class KrippendorffAlpha(AgreementStatistic):
    """Krippendorff's alpha over the units two or more sources report (docs/methods.md)."""

    key = "alpha"
    stream = 1
    label = "Krippendorff's alpha ({alpha_level})"

    class Settings(ComponentSettings):
        alpha_level: Literal["nominal", "ordinal", "interval", "ratio"] = Field(
            "ratio", description="Level of measurement for Krippendorff's alpha.")

    def interval(self, counts: pd.DataFrame, shared: pd.DataFrame, draws: int, seed: int,
                 confidence: float) -> dict[str, Any]:
        from toolkit.agree.units import reliability_matrix

        level = self.settings.alpha_level
        matrix, _sources, _units = reliability_matrix(counts) if not counts.empty else (np.zeros((0, 0)), [], [])
        units = pairable_units(matrix) if matrix.size else None
        if units is None or len(units.sizes) == 0:
            return {**Interval(None, None, None, 0).as_dict(), "undefined": "no unit is reported by two or more sources"}
        try:
            alpha_from_units(units, level)
        except UndefinedStatistic as reason:
            return {**Interval(None, None, None, 0).as_dict(), "undefined": str(reason)}
        interval = bootstrap(alpha_statistic(units, level), len(units.sizes), draws, [seed, self.stream],
                             confidence)
        return {**interval.as_dict(), "n_units": int(len(units.sizes))}


class _UnitMean(AgreementStatistic):
    """The mean over shared units of one column of the per-unit agreement table."""

    column: ClassVar[str] = ""

    def interval(self, counts: pd.DataFrame, shared: pd.DataFrame, draws: int, seed: int,
                 confidence: float) -> dict[str, Any]:
        return bootstrap(weighted_mean(shared[self.column].to_numpy()), len(shared), draws,
                         [seed, self.stream], confidence).as_dict()


@STATISTICS.register("exact-agreement", version="1")
class ExactAgreement(_UnitMean):
    """Share of pairs of sources giving the same figure, averaged over units."""

    key = column = "exact_agreement"
    label = "Pairwise exact agreement"
    stream = 2


@STATISTICS.register("within-tolerance", version="1")
class WithinTolerance(_UnitMean):
    """Share of pairs of sources within the relative tolerance, averaged over units."""

    key = column = "within_tolerance"
    label = "Pairwise agreement within {tolerance:.0%}"
    stream = 3


@STATISTICS.register("interval-overlap", version="1")
class IntervalOverlap(_UnitMean):
    """Share of pairs of sources whose bounds overlap, averaged over units."""

    key = column = "interval_overlap"
    label = "Pairwise interval overlap"
    stream = 4


@STATISTICS.register("median-abs-log-ratio", version="1")
class MedianAbsLogRatio(_UnitMean):
    """Median absolute log ratio between pairs of sources, averaged over units."""

    key = column = "median_abs_log_ratio"
    label = "Median absolute log ratio"
    stream = 5


DEFAULT_STATISTICS = ["krippendorff-alpha", "exact-agreement", "within-tolerance", "interval-overlap",
                      "median-abs-log-ratio"]


def statistic_rows(summary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, interval) of each statistic in a run's summary, in the order the run computed them."""
    labels = {cls.key: cls.label for _name, cls in STATISTICS.items()}
    return [(labels[key].format(**summary), value) for key, value in summary.items() if key in labels]
