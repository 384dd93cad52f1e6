"""Reading and validating an input in batches (the ingest stage's API)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.ingest.settings import IngestConfig, InputConfig
from toolkit.ingest.readers import iter_records
from toolkit.executors import Executor
from toolkit.ingest.validate import ReportValidator
from toolkit.schema import REPORTS

__all__ = ["IngestBatch", "ingest", "iter_ingest"]


@dataclass
class IngestBatch:
    """One batch of input rows: the valid reports, the rejects, and how many rows it held."""

    reports: pd.DataFrame
    rejects: list[dict[str, Any]]
    n_rows: int


def iter_ingest(input_config: InputConfig, config: IngestConfig,
                executor: Executor | None = None) -> Iterator[IngestBatch]:
    """Read and validate reports ``config.batch_rows`` input rows at a time, so memory
    does not grow with the file; duplicate ids are still caught across batches.
    ``executor`` runs the per-row checks (here by default, or on Ray)."""
    validator = ReportValidator(input_config.columns, config)
    for records in iter_records(input_config.path, input_config.format, input_config.split,
                                batch_rows=config.batch_rows):
        reports, rejects = validator.validate(records, executor)
        yield IngestBatch(reports, rejects, len(records.rows) + len(records.rejects))


def ingest(input_config: InputConfig, config: IngestConfig) -> tuple[pd.DataFrame, list[dict[str, Any]], int]:
    """Read and validate a whole input in memory; returns (reports, rejects, number of input rows).

    Example:
        >>> from toolkit.ingest.settings import InputConfig, IngestConfig
        >>> reports, rejects, n_rows = ingest(InputConfig(), IngestConfig())
        >>> n_rows == len(reports) + len(rejects)
        True
    """
    frames: list[pd.DataFrame] = []
    rejects: list[dict[str, Any]] = []
    n_rows = 0
    for batch in iter_ingest(input_config, config):
        frames.append(batch.reports)
        rejects.extend(batch.rejects)
        n_rows += batch.n_rows
    non_empty = [frame for frame in frames if len(frame)]
    if not non_empty:
        return pd.DataFrame(columns=REPORTS.names), rejects, n_rows
    return pd.concat(non_empty, ignore_index=True), rejects, n_rows
