"""Compare the consensus counts with a reference table, such as a casualty registry.

The reference is a CSV with columns ``place``, ``date``, ``count`` and optionally ``low``
and ``high``. A reference row matches an incident whose dates lie within
``window_days`` of its date and whose locations, or report texts, name its place
(case-insensitive, after Arabic normalisation). Each matched row is compared with the
incident's consensus for the reference category (default: killed; the slot that most
sources report).
"""

from __future__ import annotations

from toolkit.agree.errors import ReferenceTableError

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.agree.bootstrap import bootstrap, weighted_mean
from toolkit.ingest.arabic import normalise_arabic
from toolkit.schema import REFERENCE_COMPARISON




def load_reference(path: str | Path) -> pd.DataFrame:
    """Read and validate a reference table; every problem is an error naming its row."""
    path = Path(path)
    if path.exists() and not path.is_file():  # a device or a pipe would never end
        raise ReferenceTableError(f"reference table {path} is not a regular file")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise ReferenceTableError(f"reference table {path} is empty: no header row (place, date, count)") from None
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ReferenceTableError(f"cannot read reference table {path}: {error}") from None
    missing = {"place", "date", "count"} - set(frame.columns)
    if missing:
        raise ReferenceTableError(f"reference table {path} lacks columns {', '.join(sorted(missing))}")
    rows = []
    for number, row in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        if not row["place"].strip():
            raise ReferenceTableError(f"{path} row {number}: empty place (it would match every incident)")
        try:
            date = dt.date.fromisoformat(row["date"].strip())
        except ValueError:
            raise ReferenceTableError(f"{path} row {number}: date {row['date']!r} is not an ISO date") from None
        numbers = {}
        for column in ("count", "low", "high"):
            text = str(row.get(column, "")).strip()
            if column != "count" and not text:
                numbers[column] = math.nan
                continue
            try:
                numbers[column] = float(text)
            except ValueError:
                raise ReferenceTableError(f"{path} row {number}: {column} {text!r} is not a number") from None
            if numbers[column] < 0 or math.isinf(numbers[column]) or math.isnan(numbers[column]):
                raise ReferenceTableError(f"{path} row {number}: {column} {text!r} must be a finite count >= 0")
        if not math.isnan(numbers["low"]) and not math.isnan(numbers["high"]) and numbers["low"] > numbers["high"]:
            raise ReferenceTableError(f"{path} row {number}: low {numbers['low']} is above high {numbers['high']}")
        rows.append({"place": row["place"].strip(), "date": date, **numbers})
    return pd.DataFrame(rows, columns=["place", "date", "count", "low", "high"])


def compare_with_reference(reference: pd.DataFrame, incidents: pd.DataFrame, members: pd.DataFrame,
                           reports: pd.DataFrame, units: pd.DataFrame, category: str,
                           window_days: int, tolerance: float, draws: int, seed: int,
                           confidence: float) -> tuple[pd.DataFrame, dict]:
    """Per reference row: the matched incident and its consensus; and the summary figures."""
    texts = (members.merge(reports[["report_id", "text"]], on="report_id")
             .groupby("incident_id")["text"].agg(lambda s: normalise_arabic(" ".join(s)).casefold()))
    slots = units[units["category"] == category].sort_values(["n_sources", "consensus"], ascending=False)
    consensus = slots.drop_duplicates("incident_id").set_index("incident_id")["consensus"]
    rows = []
    for row in reference.to_dict("records"):
        place = normalise_arabic(row["place"]).casefold()
        window = dt.timedelta(days=window_days)
        matches = [
            incident for incident in incidents.to_dict("records")
            if incident["start"] is not None and not pd.isna(incident["start"])
            and incident["start"] - window <= row["date"] <= incident["end"] + window
            and (any(place == normalise_arabic(str(name)).casefold() for name in incident["locations"])
                 or place in texts.get(incident["incident_id"], ""))
            and incident["incident_id"] in consensus.index
        ]
        match = min(matches, key=lambda i: abs((i["start"] - row["date"]).days), default=None)
        value = float(consensus[match["incident_id"]]) if match else math.nan
        low = row["low"] if not math.isnan(row["low"]) else row["count"] * (1 - tolerance)
        high = row["high"] if not math.isnan(row["high"]) else row["count"] * (1 + tolerance)
        rows.append({
            "place": row["place"], "date": row["date"], "count": row["count"],
            "low": row["low"], "high": row["high"],
            "incident_id": match["incident_id"] if match else None, "consensus": value,
            "log_ratio": math.log(value / row["count"]) if match and value > 0 and row["count"] > 0 else math.nan,
            "inside_range": bool(low <= value <= high) if match else None,
        })
    table = pd.DataFrame(rows, columns=REFERENCE_COMPARISON.names)
    matched = table.dropna(subset=["incident_id"])
    bias = bootstrap(weighted_mean(matched["log_ratio"].to_numpy()), len(matched), draws, [seed, 404], confidence)
    summary = {
        "n_reference_rows": len(table), "n_matched": len(matched),
        "coverage": len(matched) / len(table) if len(table) else None,
        "mean_log_ratio": bias.as_dict(),
        "share_inside_range": float(np.mean(matched["inside_range"].astype(bool))) if len(matched) else None,
    }
    return table, summary
