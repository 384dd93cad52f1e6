"""Pair scores: how likely two reports describe one incident.

Four features per candidate pair, each in [0, 1]:

- ``text``: cosine similarity of the report embeddings;
- ``date``: 1 for the same day, falling linearly to 0 just past the window;
- ``place``: Jaccard overlap of the places the reports' claims name (gazetteer
  ``location_id``; towns outside the gazetteer by their transliteration key);
- ``claims``: the share of the reports' (category, subject) figures, from
  ``report_counts``, that both give with compatible values (within a factor of
  :data:`COMPATIBLE_RATIO`: sources disagree, but 45 and 40 killed are one count, 45
  and 3 are not).

A place or figure feature that one of the reports cannot inform (it names no place,
gives no figure) is 0.5: no evidence either way. A pair with an undated report gets date
closeness 0: an undated report escapes the date window (it is compared with every
report), so it must carry its evidence in its text. The score is a weighted mean of the features with the config's
weights (an ablation is a change of numbers), or, with ``cluster.pair_model``, the
probability of a logistic model fitted on labelled pairs (:mod:`toolkit.cluster.pair_model`).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

FEATURES = ("text", "date", "place", "claims")
UNKNOWN = 0.5
DATE_UNKNOWN = 0.0
COMPATIBLE_RATIO = 2.0
# Places and figures kept per report (the most frequent places; figures in slot order).
SLOTS = 4


@dataclass
class ReportEvidence:
    """Per-report places and figures as small fixed-width integer arrays (-1: empty)."""

    places: np.ndarray      # (n, SLOTS) place codes
    figure_keys: np.ndarray  # (n, SLOTS) (category, subject) codes
    figure_values: np.ndarray  # (n, SLOTS) the figure (value, else its lower bound)

    @classmethod
    def empty(cls, n: int) -> ReportEvidence:
        blank = np.full((n, SLOTS), -1, dtype=np.int64)
        return cls(blank, blank.copy(), np.full((n, SLOTS), np.nan))

    @classmethod
    def from_claims(cls, report_ids: pd.Series, claims: pd.DataFrame) -> ReportEvidence:
        import pandas as pd

        from toolkit.extract.report_counts import report_counts

        evidence = cls.empty(len(report_ids))
        if claims is None or claims.empty:
            return evidence
        position = pd.Series(np.arange(len(report_ids)), index=pd.Index(report_ids.astype(str)))
        places = (claims.dropna(subset=["location_id"]).groupby(["report_id", "location_id"]).size()
                  .rename("mentions").reset_index()
                  .sort_values(["report_id", "mentions", "location_id"], ascending=[True, False, True]))
        _fill(evidence.places, places, position, pd.factorize(places["location_id"], sort=True)[0])
        figures = report_counts(claims)
        figures = figures.assign(figure=figures["value"].fillna(figures["lower"])).dropna(subset=["figure"])
        keys = pd.factorize(figures["category"] + "/" + figures["subject"], sort=True)[0]
        _fill(evidence.figure_keys, figures, position, keys)
        _fill(evidence.figure_values, figures, position, figures["figure"].to_numpy(dtype=float))
        return evidence


def _fill(target: np.ndarray, rows: pd.DataFrame, position: pd.Series, values: np.ndarray) -> None:
    """Put each report's first SLOTS values (in the rows' order) into its row of ``target``."""
    import pandas as pd

    report = position.reindex(rows["report_id"].astype(str)).to_numpy()
    known = ~np.isnan(report)
    report, values = report[known].astype(np.int64), np.asarray(values)[known]
    rank = pd.Series(report).groupby(report).cumcount().to_numpy()
    keep = rank < SLOTS
    target[report[keep], rank[keep]] = values[keep]


def date_closeness(i: np.ndarray, j: np.ndarray, days: np.ndarray, window_days: int) -> np.ndarray:
    """1 for the same day, falling linearly to 0 just past the window; 0 when a date is unknown.

    >>> date_closeness(np.array([0, 0]), np.array([1, 2]), np.array([0.0, 1.0, np.nan]), 3).tolist()
    [0.75, 0.0]
    """
    return closeness_from_gap(np.abs(days[i] - days[j]), window_days)


def closeness_from_gap(gap: np.ndarray, window_days: int) -> np.ndarray:
    """Date closeness from the gap in days (NaN when a date is unknown); see :func:`date_closeness`."""
    return np.where(np.isnan(gap), DATE_UNKNOWN, np.clip(1.0 - gap / (window_days + 1), 0.0, 1.0))


def place_overlap(i: np.ndarray, j: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Jaccard overlap of the two reports' place sets; 0.5 when either names none.

    >>> places = np.array([[3, 5, -1, -1], [5, -1, -1, -1], [-1, -1, -1, -1]])
    >>> place_overlap(np.array([0, 0]), np.array([1, 2]), places).tolist()
    [0.5, 0.5]
    """
    if (places < 0).all():
        return np.full(len(i), UNKNOWN)  # no report names a place
    left, right = places[i], places[j]
    shared = ((left[:, :, None] == right[:, None, :]) & (left[:, :, None] >= 0)).any(axis=2).sum(axis=1)
    sizes = (left >= 0).sum(axis=1), (right >= 0).sum(axis=1)
    union = sizes[0] + sizes[1] - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap = shared / union
    return np.where((sizes[0] == 0) | (sizes[1] == 0), UNKNOWN, overlap)


def figure_agreement(i: np.ndarray, j: np.ndarray, keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Share of the two reports' (category, subject) figures that both give with compatible
    values, over the figures either gives; 0.5 when either gives none.

    >>> keys = np.array([[0, 1, -1, -1], [0, -1, -1, -1], [0, -1, -1, -1]])
    >>> values = np.array([[45.0, 3.0, np.nan, np.nan], [40.0] + [np.nan] * 3, [4.0] + [np.nan] * 3])
    >>> figure_agreement(np.array([0, 0]), np.array([1, 2]), keys, values).tolist()
    [0.5, 0.0]
    """
    if (keys < 0).all():
        return np.full(len(i), UNKNOWN)  # no report gives a figure
    left_keys, right_keys = keys[i], keys[j]
    left_values, right_values = values[i][:, :, None], values[j][:, None, :]
    same_key = (left_keys[:, :, None] == right_keys[:, None, :]) & (left_keys[:, :, None] >= 0)
    low = np.minimum(left_values, right_values)
    high = np.maximum(left_values, right_values)
    compatible = (high <= COMPATIBLE_RATIO * low) | (high == 0)
    agreeing = (same_key & compatible).any(axis=2).sum(axis=1)
    shared = same_key.any(axis=2).sum(axis=1)
    sizes = (left_keys >= 0).sum(axis=1), (right_keys >= 0).sum(axis=1)
    union = sizes[0] + sizes[1] - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        share = agreeing / union
    return np.where((sizes[0] == 0) | (sizes[1] == 0), UNKNOWN, share)


def pair_features(i: np.ndarray, j: np.ndarray, similarity: np.ndarray, days: np.ndarray,
                  evidence: ReportEvidence, window_days: int) -> np.ndarray:
    """(n_pairs, 4) matrix of the features in :data:`FEATURES` order."""
    return np.column_stack([
        np.clip(similarity, -1.0, 1.0),
        date_closeness(i, j, days, window_days),
        place_overlap(i, j, evidence.places),
        figure_agreement(i, j, evidence.figure_keys, evidence.figure_values),
    ]).astype(np.float64, copy=False)


def weighted_scores(features: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    """Weighted mean of the features, rounded to 10 digits so float noise never flips a merge.

    >>> weighted_scores(np.array([[0.6, 1.0, 0.5, 0.5]]), {"text": 0.8, "date": 0.2}).tolist()
    [0.68]
    """
    vector = np.array([weights.get(name, 0.0) for name in FEATURES])
    if vector.sum() <= 0:
        raise ValueError("the cluster feature weights must add up to a positive number")
    return np.round(features @ vector / vector.sum(), 10)
