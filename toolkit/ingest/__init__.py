"""Ingest: read, validate and normalise reports (the first stage)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from toolkit.config import InputConfig, IngestConfig
from toolkit.ingest.readers import InputFileError, read_records
from toolkit.ingest.validate import validate_reports

__all__ = ["InputFileError", "ingest"]


def ingest(input_config: InputConfig, config: IngestConfig) -> tuple[pd.DataFrame, list[dict[str, Any]], int]:
    """Read and validate reports; returns (reports, rejects, number of input rows).

    Example:
        >>> from toolkit.config import InputConfig, IngestConfig
        >>> reports, rejects, n_rows = ingest(InputConfig(), IngestConfig())
        >>> n_rows == len(reports) + len(rejects)
        True
    """
    records = read_records(input_config.path, input_config.format, input_config.split)
    reports, rejects = validate_reports(records, input_config.columns, config)
    n_rows = len(records.rows) + len(records.rejects)
    return reports, rejects, n_rows
