"""Comparison units: per incident and slot (category, subject, location), the one
count each source gives, as a point and as an interval.

Rule for a source's figure (docs/methods.md): only top-level claims count (sub-counts
such as "including 27 in Jisr al-Shughur" are parts, not rival totals, and tolls for a
period or a whole war, ``cumulative``, are not the incident's); within one
report the first such claim for the slot is the report's figure (the lead states the
headline toll); across several reports of one source in one incident the largest
figure is kept (tolls are revised upwards as bodies are recovered).

Point: the claim's ``value`` ("at least 45" is 45), else the midpoint of its bounds
("dozens" is 61.5). Interval: exact [v, v]; at least [lower, inf); at most [0, upper];
approximate [v(1 - t), v(1 + t)] with the agreement tolerance t; range and vague
[lower, upper].
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.schema import SOURCE_COUNTS

SLOT = ["category", "subject", "location"]
UNIT = ["incident_id", *SLOT]
NO_LOCATION = ""


def point_value(claims: pd.DataFrame) -> pd.Series:
    """``value``, else the midpoint of finite bounds, else NaN.

    >>> point_value(pd.DataFrame({"value": [45.0, None], "lower": [45.0, 24.0], "upper": [None, 99.0]})).tolist()
    [45.0, 61.5]
    """
    midpoint = (claims["lower"] + claims["upper"]) / 2
    return claims["value"].fillna(midpoint)


def interval_bounds(claims: pd.DataFrame, tolerance: float) -> tuple[pd.Series, pd.Series]:
    """The interval each claim allows (see the module docstring).

    >>> frame = pd.DataFrame({"qualifier": ["exact", "at_least", "approx", "vague"],
    ...                       "value": [45.0, 45.0, 30.0, None], "lower": [45.0, 45.0, None, 24.0],
    ...                       "upper": [45.0, None, None, 99.0]})
    >>> [list(pair) for pair in zip(*interval_bounds(frame, 0.1))]
    [[45.0, 45.0], [45.0, inf], [27.0, 33.0], [24.0, 99.0]]
    """
    value = claims["value"]
    lower = claims["lower"].fillna(0.0)
    upper = claims["upper"].fillna(math.inf)
    approx = claims["qualifier"] == "approx"
    lower = lower.where(~approx, value * (1 - tolerance))
    upper = upper.where(~approx, value * (1 + tolerance))
    return lower.astype(float), upper.astype(float)


def source_counts(claims: pd.DataFrame, members: pd.DataFrame, reports: pd.DataFrame,
                  tolerance: float = 0.1) -> pd.DataFrame:
    """One row per (incident, slot, source): the source's figure for that slot."""
    if claims.empty or members.empty:
        return SOURCE_COUNTS.empty_table().to_pandas()
    cumulative = claims["cumulative"].fillna(False).astype(bool) if "cumulative" in claims.columns else False
    table = (claims[claims["part_of"].isna() & ~cumulative]
             .merge(members, on="report_id")
             .merge(reports[["report_id", "source"]], on="report_id"))
    lower, upper = interval_bounds(table, tolerance)
    table = table.assign(value=point_value(table), lower=lower, upper=upper,
                         location=slot_places(table))
    table = table.dropna(subset=["value"])
    if table.empty:
        return SOURCE_COUNTS.empty_table().to_pandas()
    # Claim ids end in a running number: sort on it so "-c10" follows "-c9".
    table["position"] = table["claim_id"].str.rsplit("-c", n=1).str[-1].astype(int)
    per_report = (table.sort_values(["report_id", "position"])
                  .groupby([*UNIT, "source", "report_id"], sort=True, dropna=False).head(1))
    per_source = (per_report.sort_values(["value", "report_id"], ascending=[False, True])
                  .groupby([*UNIT, "source"], sort=True, dropna=False).head(1))
    result = per_source[SOURCE_COUNTS.names]
    return result.sort_values([*UNIT, "source"]).reset_index(drop=True)


def _related(place: str, main: str) -> bool:
    """Gazetteer ids nest ("sy-idlib" contains "sy-idlib-jisr-al-shughur"): one contains the other."""
    return place == main or place.startswith(main + "-") or main.startswith(place + "-")


def slot_places(claims: pd.DataFrame) -> pd.Series:
    """The place part of each claim's slot: a gazetteer id, or "" for the incident itself.

    A count at the incident's own place (the place its claims name most often), at a place
    that contains it or lies in it, at a place outside the gazetteer (names extraction cannot
    place reliably), in a country or region ("in Syria") or at no named place is a count for
    the incident as a whole; only a count
    for another gazetteer place ("27 of them in Jisr al-Shughur" in a report on Khan Shaykhun)
    forms a slot of its own. Ids, not names, so that "جسر الشغور" and "Jisr al-Shughour" meet.
    """
    places = claims["location_id"] if "location_id" in claims.columns else claims["location"]
    places = places.where(places.notna() & ~places.astype(str).str.startswith(("place:", "region:")))
    named = claims.assign(place=places).dropna(subset=["place"])
    # the place its claims name most often, the first by id on a tie
    main = (named.groupby(["incident_id", "place"]).size().rename("n").reset_index()
            .sort_values(["incident_id", "n", "place"], ascending=[True, False, True])
            .drop_duplicates("incident_id").set_index("incident_id")["place"])
    own = claims["incident_id"].map(main)
    separate = [isinstance(place, str) and isinstance(home, str) and not _related(place, home)
                for place, home in zip(places, own)]
    return places.where(separate, NO_LOCATION).fillna(NO_LOCATION)


def groups_in_order(frame: pd.DataFrame, keys: list[str]) -> list[tuple[tuple, np.ndarray]]:
    """(key, row positions) of each group of ``frame`` by ``keys``: the groups and the order within
    them that ``frame.groupby(keys, sort=True)`` gives, without pandas' cost per group (rows with a
    missing key are left out, as groupby leaves them)."""
    if frame.empty:
        return []
    codes = frame.groupby(keys, sort=True).ngroup().to_numpy()
    kept = np.flatnonzero(codes >= 0)
    order = kept[np.argsort(codes[kept], kind="stable")]
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    columns = [frame[key].to_numpy() for key in keys]
    return [(tuple(column[rows[0]] for column in columns), rows) for rows in np.split(order, bounds)]


def unit_keys(counts: pd.DataFrame) -> pd.Series:
    """One string key per comparison unit, for grouping and resampling."""
    if counts.empty:
        return pd.Series(dtype=object, index=counts.index)
    columns = [counts[column].astype(str) for column in UNIT]
    return columns[0].str.cat(columns[1:], sep=" | ")


def reliability_matrix(counts: pd.DataFrame) -> tuple[np.ndarray, list[str], list[str]]:
    """Sources x units array of point values, NaN where a source gives none
    (the ``krippendorff`` package's ``reliability_data`` layout)."""
    keyed = counts.assign(unit=unit_keys(counts))
    pivot = keyed.pivot_table(index="source", columns="unit", values="value", aggfunc="first")
    return pivot.to_numpy(dtype=float), list(pivot.index), list(pivot.columns)
