"""Figures of a run, as PNG and SVG: source x source agreement heatmap, Bland-Altman on
log counts, and the per-source bias forest plot. File metadata is pinned so the same
run writes the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from toolkit.io import atomic_path

FIGURE_STEMS = ("agreement_heatmap", "bland_altman", "source_bias")
FIGURE_FILES = tuple(f"{stem}.{extension}" for stem in FIGURE_STEMS for extension in ("png", "svg"))

F = TypeVar("F", bound=Callable)
# Sources the heatmap shows at most: beyond about 20 rows its cell text is too small to read
# (and drawing thousands of cell labels took most of a large run's agreement stage).
HEATMAP_MAX_SOURCES = 20


def plain_text(draw: F) -> F:
    """Draw with math text and TeX off: a source named ``$\\frac{$`` or ``cost: $10^$`` is
    drawn as written instead of being parsed as math (which fails on such names)."""
    @wraps(draw)
    def drawn(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
            return draw(*args, **kwargs)

    return drawn  # type: ignore[return-value]


def _figure(width: float, height: float):
    """A figure that is not registered with pyplot, so drawing it neither switches the
    caller's backend (a notebook keeps its inline plots) nor leaks open figures."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _save(figure, directory: Path, stem: str) -> list[str]:
    import matplotlib

    names = []
    # SVG element ids are random unless salted: a fixed salt keeps reruns byte-identical.
    with matplotlib.rc_context({"svg.hashsalt": "crosstally"}):
        for extension in ("png", "svg"):
            name = f"{stem}.{extension}"
            with atomic_path(directory / name) as temporary:
                figure.savefig(temporary, format=extension, dpi=150,
                               metadata={"Software": None} if extension == "png" else {"Date": None})
            names.append(name)
    return names


@plain_text
def agreement_heatmap(pairs: pd.DataFrame, directory: Path) -> list[str]:
    """Share of shared units on which each pair of sources agrees within tolerance."""
    pairs = pairs[pairs["n_shared"] > 0]
    if pairs.empty:
        return []
    shown, total = _most_shared_sources(pairs, HEATMAP_MAX_SOURCES)
    pairs = pairs[pairs["source_a"].isin(shown) & pairs["source_b"].isin(shown)]
    sources = sorted(shown)
    index = {source: position for position, source in enumerate(sources)}
    matrix = np.full((len(sources), len(sources)), np.nan)
    shared = np.zeros_like(matrix)
    for row in pairs.to_dict("records"):
        a, b = index[row["source_a"]], index[row["source_b"]]
        matrix[a, b] = matrix[b, a] = row["within_tolerance"]
        shared[a, b] = shared[b, a] = row["n_shared"]
    # At most about 8 inches wide, so that the figure shown at a notebook's width (about 800 px)
    # keeps its cell text legible; the text grows with the cells.
    size = min(6.6, 1.0 + 0.6 * len(sources))
    figure, axis = _figure(size + 1.8, size + 0.8)
    fontsize = max(6.0, min(10.0, 0.36 * 72 * (size - 1.0) / len(sources)))
    image = axis.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
    axis.set_xticks(range(len(sources)), sources, rotation=45, ha="right")
    axis.set_yticks(range(len(sources)), sources)
    for a in range(len(sources)):
        for b in range(len(sources)):
            if not np.isnan(matrix[a, b]):
                axis.text(b, a, f"{matrix[a, b]:.2f}\n{int(shared[a, b])}", ha="center", va="center",
                          fontsize=fontsize, linespacing=1.0,
                          color="white" if matrix[a, b] < 0.6 else "black")
    figure.colorbar(image, ax=axis, label="share of shared units within tolerance (second line: shared units)")
    axis.set_title("Agreement between sources" if len(sources) == total else
                   f"Agreement between the {len(sources)} of {total} sources sharing the most units")
    figure.tight_layout()
    return _save(figure, directory, "agreement_heatmap")


def _most_shared_sources(pairs: pd.DataFrame, limit: int) -> tuple[list[str], int]:
    """The ``limit`` sources with the most shared units over all their pairs (ties by name), and
    how many sources there are.

    >>> pairs = pd.DataFrame({"source_a": ["a", "a", "b"], "source_b": ["b", "c", "c"], "n_shared": [5, 1, 2]})
    >>> _most_shared_sources(pairs, 2)
    (['b', 'a'], 3)
    """
    shared = (pd.concat([pairs[["source_a", "n_shared"]].set_axis(["source", "n"], axis=1),
                         pairs[["source_b", "n_shared"]].set_axis(["source", "n"], axis=1)])
              .groupby("source")["n"].sum().reset_index()
              .sort_values(["n", "source"], ascending=[False, True]))
    return shared["source"].head(limit).tolist(), len(shared)


@plain_text
def bland_altman_plot(deviations: pd.DataFrame, limits: dict, directory: Path) -> list[str]:
    """log(figure / consensus of the others) against the mean of the two log counts."""
    points = deviations.dropna(subset=["log_ratio"])
    if len(points) < 2 or limits.get("bias") is None:
        return []
    figure, axis = _figure(7, 4.5)
    for language, marker in (("ar", "o"), ("en", "s")):
        part = points[points["language"] == language]
        axis.scatter(part["mean_log"], part["log_ratio"], marker=marker, alpha=0.7, label=language)
    other = points[~points["language"].isin(["ar", "en"])]
    if len(other):
        axis.scatter(other["mean_log"], other["log_ratio"], marker="^", alpha=0.7, label="other")
    for value, style, text in ((limits["bias"], "-", "bias"), (limits["lower_limit"], "--", "-1.96 sd"),
                               (limits["upper_limit"], "--", "+1.96 sd")):
        axis.axhline(value, color="black", linestyle=style, linewidth=0.8)
        axis.annotate(f"{text} {value:.2f}", (1.0, value), xycoords=("axes fraction", "data"),
                      ha="right", va="bottom", fontsize=8)
    axis.set_xlabel("mean of log(figure) and log(consensus of the other sources)")
    axis.set_ylabel("log(figure / consensus of the others)")
    axis.set_title("Bland-Altman on log counts")
    axis.legend(title="language")
    figure.tight_layout()
    return _save(figure, directory, "bland_altman")


@plain_text
def bias_forest_plot(sources: pd.DataFrame, directory: Path, confidence: float) -> list[str]:
    """Each source's mean log ratio to the others' consensus, with its bootstrap interval."""
    table = sources.dropna(subset=["mean_log_ratio"]).sort_values("mean_log_ratio")
    if table.empty:
        return []
    figure, axis = _figure(7.5, 0.45 * len(table) + 1.4)
    positions = np.arange(len(table))
    estimate = table["mean_log_ratio"].to_numpy()
    low = table["mean_log_ratio_low"].fillna(table["mean_log_ratio"]).to_numpy()
    high = table["mean_log_ratio_high"].fillna(table["mean_log_ratio"]).to_numpy()
    axis.errorbar(estimate, positions, xerr=[estimate - low, high - estimate], fmt="o", color="#4477aa",
                  ecolor="#4477aa", capsize=3)
    axis.axvline(0, color="black", linewidth=0.8)
    labels = [f"{source} (n={n})" for source, n in zip(table["source"], table["n_units_shared"])]
    axis.set_yticks(positions, labels)
    axis.set_xlabel(f"mean log ratio to the other sources' consensus ({confidence:.0%} interval)")
    axis.set_title("Per-source bias")
    figure.tight_layout()
    return _save(figure, directory, "source_bias")
