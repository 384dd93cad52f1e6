"""Pair scores: how likely two reports describe one incident.

Eight features per candidate pair:

- ``text``: cosine similarity of the report embeddings;
- ``text_margin``: the cosine minus the mean of the two reports' :data:`MARGIN_K` best
  other candidate cosines *in the partner's language* (CSLS, Conneau et al. 2018): how much
  this pair stands out among each report's neighbours (NaN for a pair of reports with no
  other candidate). Raw cosines mean different things in a dense corpus of one war and in a
  sparse one, and in one language and across two; the margin is comparable. The baseline is
  taken in the partner's language because an Arabic report's nearest Arabic neighbours are
  nearer than any English report, so a baseline over all its neighbours marks a cross-lingual
  pair as less remarkable than it is (measured in docs/clustering.md);
- ``best_match``: the share of the two reports (0, 0.5 or 1) for which the other is its most
  similar candidate in the other's language: a translation or a second report of one event is
  usually its partner's best match whatever the scale of the cosines;
- ``date``: 1 for the same day, falling linearly to 0 just past the window; a report's day
  is the event date its claims give when they agree on one, else its publication date
  (publication dates drift from the event); 0 when either report is undated;
- ``undated``: 1 when either report has no date (a fitted model then learns what a pair
  without date evidence is worth, instead of reading it as two distant days), else 0;
- ``place``: hierarchy-aware overlap of the places the reports' claims name: a place
  matches the same place, the units that contain it and the units it contains (a town is
  compatible with its district and governorate), so the feature is the share of the two
  reports' places that match one of the other's (Dice-like, in [0, 1]);
- ``claims``: the share of the reports' (category, subject) figures, from ``report_counts``,
  that both give with compatible values: their bounds (exact value, or at least / at most)
  come within a factor of :data:`COMPATIBLE_RATIO` (sources disagree, but 45 and 40 killed
  are one count, 45 and "at least 40" too, 45 and 8 are not);
- ``cross_lingual``: 1 when the reports are in different languages (their cosines are lower
  for the same event, which a fitted pair model corrects for), else 0.

A place or figure feature that one of the reports cannot inform (it names no place,
gives no figure) is 0.5: no evidence either way. A pair with an undated report gets date
closeness 0: an undated report escapes the date window (it is compared with every
report), so it must carry its evidence in its text. A feature a caller cannot compute at
all is NaN (see :mod:`toolkit.cluster.scorers`).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

FEATURES = ("text", "text_margin", "best_match", "date", "undated", "place", "claims", "cross_lingual")
UNKNOWN = 0.5
DATE_UNKNOWN = 0.0
COMPATIBLE_RATIO = 2.0
# Neighbours whose mean cosine is a report's baseline in ``text_margin``.
MARGIN_K = 5
# Places and figures kept per report (the most frequent places; figures in slot order).
SLOTS = 4
# Containing units kept per place (district, governorate).
ANCESTORS = 2


@dataclass
class ReportEvidence:
    """Per-report places, figures and event days as small fixed-width arrays (-1 / NaN: empty)."""

    places: np.ndarray        # (n, SLOTS) place codes
    place_ancestors: np.ndarray  # (n, SLOTS, ANCESTORS) codes of the units containing each place
    figure_keys: np.ndarray   # (n, SLOTS) (category, subject) codes
    figure_low: np.ndarray    # (n, SLOTS) the figure's lower bound (the value when exact)
    figure_high: np.ndarray   # (n, SLOTS) its upper bound (inf when open)
    event_days: np.ndarray    # (n,) the event day the claims agree on (days since the epoch), NaN if none

    @classmethod
    def empty(cls, n: int) -> ReportEvidence:
        blank = np.full((n, SLOTS), -1, dtype=np.int64)
        return cls(blank, np.full((n, SLOTS, ANCESTORS), -1, dtype=np.int64), blank.copy(),
                   np.full((n, SLOTS), np.nan), np.full((n, SLOTS), np.nan), np.full(n, np.nan))

    @classmethod
    def from_claims(cls, report_ids: pd.Series, claims: pd.DataFrame) -> ReportEvidence:
        import pandas as pd

        from toolkit.extract.gazetteer import Gazetteer
        from toolkit.extract.report_counts import report_counts

        evidence = cls.empty(len(report_ids))
        if claims is None or claims.empty:
            return evidence
        position = pd.Series(np.arange(len(report_ids)), index=pd.Index(report_ids.astype(str)))
        places = (claims.dropna(subset=["location_id"]).groupby(["report_id", "location_id"]).size()
                  .rename("mentions").reset_index()
                  .sort_values(["report_id", "mentions", "location_id"], ascending=[True, False, True]))
        gazetteer = Gazetteer.default()
        lineage = {place: gazetteer.ancestors(place)[:ANCESTORS] for place in places["location_id"].unique()}
        vocabulary = {place: code for code, place in enumerate(sorted(
            set(lineage) | {parent for parents in lineage.values() for parent in parents}))}
        _fill(evidence.places, places, position, places["location_id"].map(vocabulary).to_numpy())
        for level in range(ANCESTORS):
            codes = places["location_id"].map(
                lambda place: vocabulary[lineage[place][level]] if len(lineage[place]) > level else -1)
            _fill(evidence.place_ancestors[:, :, level], places, position, codes.to_numpy())
        figures = report_counts(claims)
        exact = figures["value"]
        figures = figures.assign(low=exact.fillna(figures["lower"]),
                                 high=exact.fillna(figures["upper"]).fillna(np.inf))
        figures = figures[figures["low"].notna() | np.isfinite(figures["high"])]
        figures = figures.assign(low=figures["low"].fillna(0.0))
        keys = pd.factorize(figures["category"] + "/" + figures["subject"], sort=True)[0]
        _fill(evidence.figure_keys, figures, position, keys)
        _fill(evidence.figure_low, figures, position, figures["low"].to_numpy(dtype=float))
        _fill(evidence.figure_high, figures, position, figures["high"].to_numpy(dtype=float))
        evidence.event_days[:] = _event_days(claims, position)
        return evidence


def _event_days(claims: pd.DataFrame, position: pd.Series) -> np.ndarray:
    """Per report, the event date of its claims when they give exactly one, in days since the epoch."""
    import pandas as pd

    days = np.full(len(position), np.nan)
    if "event_date" not in claims:
        return days
    dated = claims.dropna(subset=["event_date"])
    if dated.empty:
        return days
    distinct = dated.groupby("report_id")["event_date"].agg(lambda dates: set(dates))
    single = distinct[distinct.map(len) == 1].map(lambda dates: next(iter(dates)))
    rows = position.reindex(single.index.astype(str)).to_numpy()
    known = ~np.isnan(rows)
    epoch_days = (pd.to_datetime(single.to_numpy()) - pd.Timestamp("1970-01-01")).days.to_numpy(dtype=float)
    days[rows[known].astype(np.int64)] = epoch_days[known]
    return days


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


def place_compatibility(i: np.ndarray, j: np.ndarray, places: np.ndarray, ancestors: np.ndarray) -> np.ndarray:
    """Share of the two reports' places that match a place of the other (the same place, a unit
    containing it or a unit it contains); 0.5 when either names none.

    Codes: 0 Idlib governorate, 1 Jisr al-Shughur (in 0), 2 Aleppo governorate.

    >>> places = np.array([[1, -1], [0, -1], [2, -1], [-1, -1]])
    >>> ancestors = np.array([[[0], [-1]], [[-1], [-1]], [[-1], [-1]], [[-1], [-1]]])
    >>> place_compatibility(np.array([0, 0, 0]), np.array([1, 2, 3]), places, ancestors).tolist()
    [1.0, 0.0, 0.5]
    """
    if (places < 0).all():
        return np.full(len(i), UNKNOWN)  # no report names a place
    left, right = places[i], places[j]
    valid_left, valid_right = left >= 0, right >= 0
    same = left[:, :, None] == right[:, None, :]
    # left place inside right place, or right inside left
    inside = (ancestors[i][:, :, None, :] == right[:, None, :, None]).any(axis=3)
    contains = (left[:, :, None, None] == ancestors[j][:, None, :, :]).any(axis=3)
    match = (same | inside | contains) & valid_left[:, :, None] & valid_right[:, None, :]
    matched = match.any(axis=2).sum(axis=1) + match.any(axis=1).sum(axis=1)
    sizes = valid_left.sum(axis=1) + valid_right.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = matched / sizes
    return np.where(valid_left.any(axis=1) & valid_right.any(axis=1), share, UNKNOWN)


def figure_agreement(i: np.ndarray, j: np.ndarray, keys: np.ndarray, low: np.ndarray,
                     high: np.ndarray) -> np.ndarray:
    """Share of the two reports' (category, subject) figures that both give with compatible
    bounds, over the figures either gives; 0.5 when either gives none. Bounds [a, b] and
    [c, d] are compatible when a <= R d and c <= R b (R = :data:`COMPATIBLE_RATIO`): some
    value of one is within a factor R of some value of the other.

    45 and 40 agree, 45 and "at least 40" agree, 45 and 4 do not:

    >>> keys = np.array([[0, -1], [0, -1], [0, -1], [0, -1]])
    >>> low = np.array([[45.0, np.nan], [40.0, np.nan], [40.0, np.nan], [4.0, np.nan]])
    >>> high = np.array([[45.0, np.nan], [40.0, np.nan], [np.inf, np.nan], [4.0, np.nan]])
    >>> figure_agreement(np.array([0, 0, 0]), np.array([1, 2, 3]), keys, low, high).tolist()
    [1.0, 1.0, 0.0]
    """
    if (keys < 0).all():
        return np.full(len(i), UNKNOWN)  # no report gives a figure
    left_keys, right_keys = keys[i], keys[j]
    same_key = (left_keys[:, :, None] == right_keys[:, None, :]) & (left_keys[:, :, None] >= 0)
    with np.errstate(invalid="ignore"):
        compatible = ((low[i][:, :, None] <= COMPATIBLE_RATIO * high[j][:, None, :])
                      & (low[j][:, None, :] <= COMPATIBLE_RATIO * high[i][:, :, None]))
    agreeing = (same_key & compatible).any(axis=2).sum(axis=1)
    shared = same_key.any(axis=2).sum(axis=1)
    sizes = (left_keys >= 0).sum(axis=1), (right_keys >= 0).sum(axis=1)
    union = sizes[0] + sizes[1] - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        share = agreeing / union
    return np.where((sizes[0] == 0) | (sizes[1] == 0), UNKNOWN, share)


def neighbour_baselines(i: np.ndarray, j: np.ndarray, similarity: np.ndarray, n: int,
                        k: int = MARGIN_K) -> tuple[np.ndarray, np.ndarray]:
    """For each pair, each end's baseline: the mean of its k highest candidate cosines other than
    this pair's (NaN for an end whose only candidate is the partner). An end is a report, or a
    (report, partner's language) key as :func:`pair_features` passes, ``n`` the number of ends. Leaving the pair out keeps
    a lone pair from being its own baseline (which would make every margin of a small corpus 0).

    >>> left, right = neighbour_baselines(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.9, 0.5, 0.7]), 3, k=1)
    >>> left.round(6).tolist(), right.round(6).tolist()
    ([0.5, 0.9, 0.9], [0.7, 0.7, 0.5])
    """
    m = len(i)
    nodes = np.concatenate([i, j])
    values = np.concatenate([similarity, similarity]).astype(np.float64)
    order = np.lexsort((-values, nodes))
    sorted_nodes, sorted_values = nodes[order], values[order]
    starts = np.searchsorted(sorted_nodes, sorted_nodes, side="left")
    rank = np.empty(2 * m, dtype=np.int64)
    rank[order] = np.arange(2 * m) - starts  # each (pair, end)'s rank in its report's list
    top = (np.arange(2 * m) - starts) < k + 1
    sums_k1 = np.bincount(sorted_nodes[top], weights=sorted_values[top], minlength=n)
    counts_k1 = np.bincount(sorted_nodes[top], minlength=n)
    in_top_k = (np.arange(2 * m) - starts) < k
    sums_k = np.bincount(sorted_nodes[in_top_k], weights=sorted_values[in_top_k], minlength=n)
    counts_k = np.bincount(sorted_nodes[in_top_k], minlength=n)
    inside = rank < k + 1
    total = np.where(inside, sums_k1[nodes] - values, sums_k[nodes])
    count = np.where(inside, counts_k1[nodes] - 1, counts_k[nodes])
    with np.errstate(invalid="ignore", divide="ignore"):
        baseline = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return baseline[:m], baseline[m:]


def pair_margin(similarity: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The cosine minus the mean of the two reports' baselines (of the one known; NaN if neither)."""
    with np.errstate(invalid="ignore"):
        known = np.where(np.isnan(left), right, np.where(np.isnan(right), left, (left + right) / 2))
    return similarity - known


def best_candidate_similarity(i: np.ndarray, j: np.ndarray, similarity: np.ndarray, n: int) -> np.ndarray:
    """Per report, its highest candidate cosine (-inf for a report with no candidate).

    >>> best_candidate_similarity(np.array([0, 0]), np.array([1, 2]), np.array([0.9, 0.5]), 4).tolist()
    [0.9, 0.9, 0.5, -inf]
    """
    best = np.full(n, -np.inf)
    np.maximum.at(best, i, similarity)
    np.maximum.at(best, j, similarity)
    return best


def pair_features(i: np.ndarray, j: np.ndarray, similarity: np.ndarray, days: np.ndarray,
                  evidence: ReportEvidence, window_days: int,
                  languages: np.ndarray | None = None) -> np.ndarray:
    """(n_pairs, len(FEATURES)) matrix of the features in :data:`FEATURES` order.

    ``days`` are publication days; an event day in ``evidence`` replaces a report's day for
    the date feature. ``languages`` (one per report) inform ``cross_lingual`` (0 if None) and
    the neighbours that ``text_margin`` and ``best_match`` compare a pair with.
    """
    similarity = np.clip(np.asarray(similarity, dtype=np.float64), -1.0, 1.0)
    codes = language_codes(languages, len(days))
    n_codes = int(codes.max()) + 1 if len(codes) else 1
    # Each report's neighbour list is split by the neighbour's language: (report, language) keys.
    key_i, key_j = i * n_codes + codes[j], j * n_codes + codes[i]
    left, right = neighbour_baselines(key_i, key_j, similarity, len(days) * n_codes)
    best = best_candidate_similarity(key_i, key_j, similarity, len(days) * n_codes)
    event_days = np.where(np.isnan(evidence.event_days), days, evidence.event_days)
    cross = (codes[i] != codes[j]).astype(np.float64)
    return np.column_stack([
        similarity,
        pair_margin(similarity, left, right),
        ((similarity >= best[key_i]) * 0.5 + (similarity >= best[key_j]) * 0.5) if len(i) else np.zeros(0),
        date_closeness(i, j, event_days, window_days),
        (np.isnan(event_days[i]) | np.isnan(event_days[j])).astype(np.float64),
        place_compatibility(i, j, evidence.places, evidence.place_ancestors),
        figure_agreement(i, j, evidence.figure_keys, evidence.figure_low, evidence.figure_high),
        cross,
    ]).astype(np.float64, copy=False)


def language_codes(languages: np.ndarray | None, n: int) -> np.ndarray:
    """One integer per report for its language (0 for every report when languages are unknown).

    >>> language_codes(np.array(["en", "ar", "en"]), 3).tolist()
    [1, 0, 1]
    """
    if languages is None:
        return np.zeros(n, dtype=np.int64)
    import pandas as pd

    codes, _ = pd.factorize(pd.Series(languages, dtype=object).fillna(""), sort=True)
    return codes.astype(np.int64)


def centroid_features(text: np.ndarray, date: np.ndarray, undated: np.ndarray) -> np.ndarray:
    """Features of a report against an incident centroid (streaming): text, date closeness and
    whether a date is missing known, the rest NaN (a centroid has no places, figures, neighbours
    or language)."""
    features = np.full((len(text), len(FEATURES)), np.nan)
    features[:, FEATURES.index("text")] = text
    features[:, FEATURES.index("date")] = date
    features[:, FEATURES.index("undated")] = np.asarray(undated, dtype=np.float64)
    return features
