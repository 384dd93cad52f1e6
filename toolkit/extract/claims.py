"""Running an extractor over a reports table (the extract stage's API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from toolkit.extract import rules  # noqa: F401  (registration)
from toolkit.extract.base import EXTRACTORS, Extractor
from toolkit.schema import CLAIMS

__all__ = ["REPORT_FIELDS", "extract_claims", "make_extractor"]
# The report columns an extractor reads (``published`` when present, for relative dates).
REPORT_FIELDS = ("report_id", "language", "text", "published")


def make_extractor(name: str = "rules", **settings: Any) -> Extractor:
    """A registered extractor, built once and reused across batches (building loads lexicons)."""
    return EXTRACTORS.build(name, settings)


def extract_claims(reports: pd.DataFrame, extractor: Extractor | str = "rules",
                   show_progress_bar: bool | None = None,
                   rejects: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """Run an extractor (a registered name or one from :func:`make_extractor`) over the
    reports table and return the claims table.

    ``published`` is passed on when the table has it, so relative dates ("on Monday")
    resolve. With a ``rejects`` list, a report the extractor fails on is recorded there
    (stage, report id, reason) and the others go on; without one, the error propagates.

    Example:
        >>> import pandas as pd
        >>> reports = pd.DataFrame([{"report_id": "r1", "language": "ar",
        ...                          "text": "قتل ٤٥ مدنيا في إدلب"}])
        >>> extract_claims(reports)[["category", "subject", "value"]].values.tolist()
        [['killed', 'civilians', 45.0]]
    """
    model = make_extractor(extractor) if isinstance(extractor, str) else extractor
    rows: list[dict[str, Any]] = []
    columns = [c for c in REPORT_FIELDS if c in reports.columns]
    records: list[Mapping[str, Any]] = reports[columns].to_dict("records")
    progress = show_progress_bar if show_progress_bar is not None else len(records) > 500
    for report in tqdm(records, desc="extract", unit="report", disable=not progress):
        if rejects is None:
            rows.extend(model.extract_report(report))
            continue
        kind, value = extract_one(model, report)
        if kind == "claims":
            rows.extend(value)
        else:  # one bad report must not lose the others' claims
            rejects.append(extraction_reject(report["report_id"], value))
    if not rows:
        return CLAIMS.empty_table().to_pandas()
    return pd.DataFrame(rows, columns=CLAIMS.names)


def extract_one(model: Extractor, report: Mapping[str, Any]) -> tuple[str, Any]:
    """``("claims", rows)``, or ``("failed", reason)`` when the extractor raises on the report."""
    try:
        return "claims", list(model.extract_report(report))
    except Exception as error:
        return "failed", f"extraction failed: {type(error).__name__}: {error}"


def extract_encoded(model: Extractor, reports: list[Mapping[str, Any]]) -> list[tuple[str, Any]]:
    """Each report's result, its claims as Arrow IPC bytes (:mod:`toolkit.extract.cache`): what a
    worker process sends back and the claims cache stores."""
    from toolkit.extract.cache import claims_to_bytes

    results = [extract_one(model, report) for report in reports]
    return [(kind, claims_to_bytes(value) if kind == "claims" else value) for kind, value in results]


def extraction_reject(report_id: str, reason: str) -> dict[str, Any]:
    """The rejects row of a report the extractor failed on."""
    return {"stage": "extract", "file": None, "row": None, "report_id": report_id, "field": "text", "reason": reason}
