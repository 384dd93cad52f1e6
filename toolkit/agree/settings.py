"""The ``agree`` section: how counts are compared, and which overall statistics are reported."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from toolkit.agree.statistics import DEFAULT_STATISTICS, STATISTICS
from toolkit.sections import ComponentSection


class AgreeConfig(ComponentSection):
    """How counts are compared (docs/methods.md gives every formula). The chosen statistics'
    settings sit beside these keys (``alpha_level`` for ``krippendorff-alpha``)."""

    section: ClassVar[str] = "agree"
    components: ClassVar[dict] = {"statistics": STATISTICS}

    statistics: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STATISTICS),
        description="Overall statistics reported with bootstrap intervals, in this order.")
    tolerance: float = Field(
        0.10, ge=0.0, description="Relative difference counted as agreement within tolerance."
    )
    bootstrap_draws: int = Field(
        1000, ge=0, le=100_000, description="Bootstrap resamples of units for every interval (0: no intervals)."
    )
    confidence: float = Field(0.95, gt=0.0, lt=1.0, description="Coverage of the bootstrap intervals.")
    groups: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Source groups for group-level bias, e.g. {state: [sana], opposition: [etilaf]}.",
    )
    reference: str | None = Field(
        None, description="Reference table (CSV: place, date, count[, low, high]) to compare with; "
        "relative to the config file.",
    )
    reference_category: str = Field("killed", description="Category compared with the reference.")
    reference_window_days: int = Field(
        3, ge=0, description="Days between a reference date and an incident that still match."
    )
