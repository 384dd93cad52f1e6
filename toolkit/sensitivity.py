"""How far a study's figures depend on its clustering: the same statistics over a band of settings.

Incidents are predicted, so every agreement figure rests on one clustering. A reader can trust a
conclusion when it holds over every reasonable clustering, not at one point::

    from toolkit.sensitivity import band, conclusion, plot_band

    table = band("configs/demo.yaml",
                 [{"cluster.threshold": [0.3, 0.5, 0.7], "cluster.window_days": [1, 2, 7]}], "runs/band")
    conclusion(table, "alpha", null=0.0)   # over how many settings the interval excludes 0
    plot_band(table, ["alpha"]).savefig("band.png")

A band is one or more sweep grids (:func:`toolkit.sweep.sweep`, which reuses the unchanged
stages from the stage cache, so only clustering, alignment and agreement rerun); a statistic
``name`` is any column of the table with ``name_low`` and ``name_high`` beside it (the
agreement statistics of every run, or a study's own figures passed as ``metrics``). The
high-confidence core of the incidents is the stricter end of the threshold axis: with the
default average-link clustering on calibrated probabilities, incidents at threshold 0.8 are
groups whose reports are on average at least 80% likely to share an incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.config import load_config
from toolkit.io import atomic_path
from toolkit.sweep import RunMetrics, sweep

__all__ = ["band", "check_numeric_axis", "conclusion", "config_point", "plot_band"]


def config_point(table: pd.DataFrame, config_path: str | Path, overrides: list[str] | None = None) -> pd.Series:
    """True on the rows whose swept settings are the config's own (the study's reported point)."""
    config = load_config(config_path, overrides).model_dump(mode="json")
    keys = [column for column in table.columns if "." in column]

    def value(key: str) -> Any:
        node: Any = config
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    chosen = pd.Series(True, index=table.index)
    for key in keys:
        chosen &= table[key].isna() | (table[key] == value(key))
    return chosen


def check_numeric_axis(values: Sequence[Any], key: str) -> None:
    """A band's x axis must be numbers (a threshold, a window); say so before any run starts."""
    if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in values):
        raise ValueError(f"{key} cannot be the x axis of a band plot: its values {list(values)} are not all numbers "
                         "(put a numeric key first, this one second or third)")


def band(config_path: str | Path, grids: Sequence[dict[str, list[Any]]], out_dir: str | Path,
         metrics: RunMetrics | None = None, overrides: list[str] | None = None,
         show_progress: bool = True) -> pd.DataFrame:
    """Sweep each grid (into ``out_dir/band-N``) and write their rows together to ``band.csv``.

    Several grids let one band hold settings that do not combine, such as each pair scorer with
    thresholds on its own scale. The column ``config_point`` marks the config's own settings."""
    out_dir = Path(out_dir)
    tables = []
    for number, grid in enumerate(grids, start=1):
        table = sweep(config_path, grid, out_dir / f"band-{number}", overrides=overrides, metrics=metrics,
                      show_progress=show_progress)
        tables.append(table.assign(band=number))
    table = pd.concat(tables, ignore_index=True)
    table["config_point"] = config_point(table, config_path, overrides)
    with atomic_path(out_dir / "band.csv") as temporary:
        table.to_csv(temporary, index=False)
    return table


def conclusion(table: pd.DataFrame, statistic: str, null: float | None = None) -> dict[str, Any]:
    """What a statistic says over the whole band: its range and, against ``null`` (0 for alpha,
    0.5 for an AUC), at how many settings the interval lies above, contains or lies below it."""
    defined = table.dropna(subset=[statistic])
    result: dict[str, Any] = {
        "statistic": statistic, "settings": int(len(table)), "defined": int(len(defined)),
        "estimate_min": float(defined[statistic].min()) if len(defined) else None,
        "estimate_max": float(defined[statistic].max()) if len(defined) else None,
        "low_min": float(defined[f"{statistic}_low"].min()) if len(defined) else None,
        "high_max": float(defined[f"{statistic}_high"].max()) if len(defined) else None,
    }
    if null is not None:
        result.update({
            "null": null,
            "above_null": int((defined[f"{statistic}_low"] > null).sum()),
            "contains_null": int(((defined[f"{statistic}_low"] <= null) & (defined[f"{statistic}_high"] >= null)).sum()),
            "below_null": int((defined[f"{statistic}_high"] < null).sum()),
        })
    return result


def plot_band(table: pd.DataFrame, statistics: Sequence[str], x: str = "cluster.threshold",
              series: str | None = "cluster.window_days", by: str | None = None,
              nulls: dict[str, float] | None = None, labels: dict[str, str] | None = None):
    """One panel per statistic (rows) and per value of ``by`` (columns): the estimate and its
    interval against ``x``, one line per value of ``series``; the config's point circled."""
    from matplotlib.figure import Figure

    panels = sorted(table[by].dropna().unique(), key=str) if by else [None]
    figure = Figure(figsize=(4.6 * len(panels) + 1.4, 3.1 * len(statistics)), layout="constrained")
    check_numeric_axis(list(table[x].dropna()), x)
    axes = figure.subplots(len(statistics), len(panels), sharey="row", squeeze=False)
    values = sorted(table[series].dropna().unique()) if series else [None]
    colours = {value: f"C{index}" for index, value in enumerate(values)}
    spread = 0.006 * (float(table[x].max() - table[x].min()) or 1.0)  # side by side, not on top
    for row, statistic in enumerate(statistics):
        for column, panel in enumerate(panels):
            ax = axes[row, column]
            part = table if panel is None else table[table[by] == panel]
            groups = part.groupby(series, sort=True) if series else [(None, part)]
            for value, points in groups:
                points = points.sort_values(x)
                colour = colours[value]
                shift = (values.index(value) - (len(values) - 1) / 2) * spread
                # an estimate can fall outside its percentile interval: no negative bar then
                below = (points[statistic] - points[f"{statistic}_low"]).clip(lower=0)
                above = (points[f"{statistic}_high"] - points[statistic]).clip(lower=0)
                ax.errorbar(points[x] + shift, points[statistic], yerr=[below, above],
                            color=colour, marker="o", ms=3.5, lw=1.2, capsize=2,
                            label=f"{series.split('.')[-1].replace('_', ' ')} = {value}" if series else None)
            if "config_point" in part:
                chosen = part[part["config_point"].astype(bool)]
                ax.scatter(chosen[x], chosen[statistic], s=130, facecolors="none", edgecolors="black",
                           lw=1.4, zorder=4, label="the study's setting" if len(chosen) else None)
            if nulls and statistic in nulls:
                ax.axhline(nulls[statistic], color="grey", ls="--", lw=1)
            ax.set_xlabel(x.split(".")[-1].replace("_", " "))
            if column == 0:
                ax.set_ylabel((labels or {}).get(statistic, statistic) + "\n(95% interval)")
            if panel is not None:
                ax.set_title(f"{by.split('.')[-1]}: {panel}", fontsize=10)
            ax.grid(alpha=0.3)
    legend: dict[str, Any] = {}
    for ax in axes.flat:
        for handle, name in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(name, handle)
    if legend:
        figure.legend(list(legend.values()), list(legend), loc="outside right upper", fontsize=8)
    return figure
