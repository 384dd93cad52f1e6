"""Comparison units: per incident and slot (category, subject, location), the one
count each source gives.

Rule for a source's figure (documented in docs/methods.md): only top-level
claims count (sub-counts such as "including 27 in Jisr al-Shughour" are parts,
not rival totals); within one report the first such claim for the slot is the
report's figure (the lead states the headline toll); across several reports of
one source in one incident the largest figure is kept (tolls are revised
upwards as bodies are recovered). A claim's number is its ``value``; a claim
without one (a range, "dozens") counts as the midpoint of its bounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.schema import SOURCE_COUNTS

SLOT = ["category", "subject", "location"]
NO_LOCATION = ""


def point_value(claims: pd.DataFrame) -> pd.Series:
    """``value``, else the midpoint of finite bounds, else NaN.

    >>> point_value(pd.DataFrame({"value": [45.0, None], "lower": [45.0, 24.0], "upper": [None, 99.0]})).tolist()
    [45.0, 61.5]
    """
    midpoint = (claims["lower"] + claims["upper"]) / 2
    return claims["value"].fillna(midpoint)


def source_counts(claims: pd.DataFrame, members: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (incident, slot, source): the source's figure for that slot."""
    if claims.empty or members.empty:
        return SOURCE_COUNTS.empty_table().to_pandas()
    table = (claims[claims["part_of"].isna()]
             .merge(members, on="report_id")
             .merge(reports[["report_id", "source"]], on="report_id"))
    table = table.assign(value=point_value(table), location=table["location"].fillna(NO_LOCATION))
    table = table.dropna(subset=["value"])
    if table.empty:
        return SOURCE_COUNTS.empty_table().to_pandas()
    # Claim ids end in a running number: sort on it so "-c10" follows "-c9".
    table["position"] = table["claim_id"].str.rsplit("-c", n=1).str[-1].astype(int)
    per_report = (table.sort_values(["report_id", "position"])
                  .groupby(["incident_id", *SLOT, "source", "report_id"], sort=True, dropna=False)
                  .head(1))
    per_source = (per_report.sort_values(["value", "report_id"], ascending=[False, True])
                  .groupby(["incident_id", *SLOT, "source"], sort=True, dropna=False).head(1))
    result = per_source[["incident_id", *SLOT, "source", "language", "value", "claim_id"]]
    return result.sort_values(["incident_id", *SLOT, "source"]).reset_index(drop=True)


def reliability_matrix(counts: pd.DataFrame) -> tuple[np.ndarray, list[str], list[tuple]]:
    """Sources × units array with NaN for missing values (the ``krippendorff`` layout)."""
    pivot = counts.pivot_table(index="source", columns=["incident_id", *SLOT], values="value",
                               aggfunc="first")
    return pivot.to_numpy(dtype=float), list(pivot.index), list(pivot.columns)
