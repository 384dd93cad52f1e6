"""Column names and Arrow types of the stage tables (the public data contracts).

Writing every table through these schemas keeps dtypes stable, also for empty
tables, so two runs of one config give byte-identical Parquet files.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pyarrow as pa

CATEGORIES = ("killed", "injured", "missing", "detained", "displaced", "strikes", "other")
SUBJECTS = ("civilians", "children", "women", "fighters", "soldiers", "people", "unspecified")
QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range", "vague")
LANGUAGES = ("ar", "en")

REQUIRED_REPORT_COLUMNS = ("report_id", "source", "text")
OPTIONAL_REPORT_COLUMNS = ("language", "published", "title", "url")

REPORTS = pa.schema(
    [
        ("report_id", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("published", pa.date32()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("text_normalised", pa.string()),
        ("input_row", pa.int64()),
    ]
)

CLAIMS = pa.schema(
    [
        ("claim_id", pa.string()),
        ("report_id", pa.string()),
        ("language", pa.string()),
        ("sentence", pa.string()),
        ("char_start", pa.int64()),
        ("char_end", pa.int64()),
        ("category", pa.string()),
        ("subject", pa.string()),
        ("value", pa.float64()),
        ("lower", pa.float64()),
        ("upper", pa.float64()),
        ("qualifier", pa.string()),
        ("location", pa.string()),
        ("location_id", pa.string()),
        ("event_date", pa.date32()),
        ("attribution", pa.string()),
        ("part_of", pa.string()),
        ("cumulative", pa.bool_()),
    ]
)

# A report's main figure per (category, subject): a projection of the claims contract.
REPORT_COUNTS = pa.schema([CLAIMS.field(name) for name in (
    "report_id", "category", "subject", "value", "lower", "upper", "qualifier", "claim_id")])

INCIDENT_MEMBERS = pa.schema([("incident_id", pa.string()), ("report_id", pa.string())])

INCIDENTS = pa.schema(
    [
        ("incident_id", pa.string()),
        ("start", pa.date32()),
        ("end", pa.date32()),
        ("locations", pa.list_(pa.string())),
        ("n_reports", pa.int64()),
        ("n_sources", pa.int64()),
        ("languages", pa.list_(pa.string())),
    ]
)

ALIGNMENTS = pa.schema(
    [
        ("incident_id", pa.string()),
        ("claim_id_a", pa.string()),
        ("claim_id_b", pa.string()),
        ("score", pa.float64()),
        ("method", pa.string()),
    ]
)

SOURCE_COUNTS = pa.schema(
    [
        ("incident_id", pa.string()),
        ("category", pa.string()),
        ("subject", pa.string()),
        ("location", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("value", pa.float64()),
        ("lower", pa.float64()),
        ("upper", pa.float64()),
        ("qualifier", pa.string()),
        ("claim_id", pa.string()),
    ]
)

AGREEMENT = pa.schema(
    [
        ("incident_id", pa.string()),
        ("category", pa.string()),
        ("subject", pa.string()),
        ("location", pa.string()),
        ("n_sources", pa.int64()),
        ("values", pa.string()),
        ("consensus", pa.float64()),
        ("min", pa.float64()),
        ("max", pa.float64()),
        ("exact_agreement", pa.float64()),
        ("within_tolerance", pa.float64()),
        ("interval_overlap", pa.float64()),
        ("median_abs_log_ratio", pa.float64()),
    ]
)

SOURCE_AGREEMENT = pa.schema(
    [
        ("source", pa.string()),
        ("language", pa.string()),
        ("n_units", pa.int64()),
        ("n_units_shared", pa.int64()),
        ("mean_log_ratio", pa.float64()),
        ("mean_log_ratio_low", pa.float64()),
        ("mean_log_ratio_high", pa.float64()),
        ("median_log_ratio", pa.float64()),
        ("exact_agreement", pa.float64()),
        ("within_tolerance", pa.float64()),
    ]
)

SOURCE_PAIRS = pa.schema(
    [
        ("source_a", pa.string()),
        ("source_b", pa.string()),
        ("n_shared", pa.int64()),
        ("exact_agreement", pa.float64()),
        ("within_tolerance", pa.float64()),
        ("interval_overlap", pa.float64()),
        ("ccc_log", pa.float64()),
    ]
)

DEVIATIONS = pa.schema(
    [
        ("unit", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("group", pa.string()),
        ("value", pa.float64()),
        ("consensus_of_others", pa.float64()),
        ("log_ratio", pa.float64()),
        ("mean_log", pa.float64()),
    ]
)

GROUP_BIAS = pa.schema(
    [
        ("grouping", pa.string()),
        ("group", pa.string()),
        ("n_units", pa.int64()),
        ("n_figures", pa.int64()),
        ("mean_log_ratio", pa.float64()),
        ("mean_log_ratio_low", pa.float64()),
        ("mean_log_ratio_high", pa.float64()),
    ]
)

REFERENCE_COMPARISON = pa.schema(
    [
        ("place", pa.string()),
        ("date", pa.date32()),
        ("count", pa.float64()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("incident_id", pa.string()),
        ("consensus", pa.float64()),
        ("log_ratio", pa.float64()),
        ("inside_range", pa.bool_()),
    ]
)


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Convert a DataFrame to an Arrow table with exactly the contract's columns.

    Extra columns (input columns that ingest keeps) are appended after the
    contract's, in their original order, typed by Arrow's inference.
    """
    missing = [name for name in schema.names if name not in frame.columns]
    if missing:
        raise ValueError(f"table is missing contract columns: {', '.join(missing)}")
    contract = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    extra = [c for c in frame.columns if c not in schema.names]
    for column in extra:
        contract = contract.append_column(str(column), _extra_column(frame[column].tolist()))
    return contract.replace_schema_metadata(None)


def is_missing(value: Any) -> bool:
    """None or a float NaN: how pandas and JSON spell an empty cell."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _extra_column(values: list) -> pa.Array:
    """An input column kept as it is when Arrow can type it, else as text (mixed types)."""
    try:
        return pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return pa.array([None if is_missing(value) else str(value) for value in values], type=pa.string())
