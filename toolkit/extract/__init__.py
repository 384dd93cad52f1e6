"""Extract: counted claims in each report (the second stage)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from toolkit.extract.rules import RuleExtractor
from toolkit.registry import Registry
from toolkit.schema import CLAIMS

EXTRACTORS: Registry[Any] = Registry("extractor")
EXTRACTORS.register("rules")(RuleExtractor)

__all__ = ["EXTRACTORS", "RuleExtractor", "extract_claims"]


def extract_claims(reports: pd.DataFrame, extractor: str = "rules",
                   show_progress_bar: bool | None = None) -> pd.DataFrame:
    """Run an extractor over the reports table and return the claims table.

    Example:
        >>> import pandas as pd
        >>> reports = pd.DataFrame([{"report_id": "r1", "language": "ar",
        ...                          "text": "قتل ٤٥ مدنيا في إدلب"}])
        >>> extract_claims(reports)[["category", "subject", "value"]].values.tolist()
        [['killed', 'civilians', 45.0]]
    """
    model = EXTRACTORS.get(extractor)()
    rows: list[dict[str, Any]] = []
    records: list[Mapping[str, Any]] = reports[["report_id", "language", "text"]].to_dict("records")
    progress = show_progress_bar if show_progress_bar is not None else len(records) > 500
    for report in tqdm(records, desc="extract", unit="report", disable=not progress):
        rows.extend(model.extract_report(report))
    if not rows:
        return CLAIMS.empty_table().to_pandas()
    return pd.DataFrame(rows, columns=CLAIMS.names)
