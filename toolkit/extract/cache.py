"""On-disk cache of each report's claims, so a run over a grown corpus extracts only its new reports.

One SQLite file per extractor key (its settings and the toolkit's code), under
``CACHE/claims/``; a row per report, keyed by the SHA-256 of the fields the extractor reads
(:data:`toolkit.extract.claims.REPORT_FIELDS`), holding the report's claims as an Arrow IPC
stream in the claims schema (never pickled) or the reason its extraction failed. Every batch
is committed in its own transaction, so a killed run keeps what it finished.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from toolkit.schema import CLAIMS
from toolkit.sqlite_files import CacheError, CacheFile


class ClaimCacheError(CacheError):
    """The claims cache cannot be read or written; the message names the file and what to do."""


def report_key(report: Mapping[str, Any]) -> str:
    """The SHA-256 of what the extractor reads of a report (its id too: claim ids contain it)."""
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value
    fields = json.dumps({name: plain(value) for name, value in sorted(report.items())}, ensure_ascii=False)
    return hashlib.sha256(fields.encode("utf-8")).hexdigest()


def claims_to_bytes(rows: list[dict[str, Any]]) -> bytes:
    """One report's claims as an Arrow IPC stream in the claims schema; no claims as no bytes (most
    reports count nothing, and reading an empty stream back cost most of a warm extract stage). A
    stored stream is never cut short to zero bytes: each batch is written in one transaction."""
    if not rows:
        return b""
    table = pa.Table.from_pylist(rows, schema=CLAIMS)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, CLAIMS) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def claims_from_bytes(blob: bytes) -> list[dict[str, Any]]:
    if blob == b"":
        return []
    table = pa.ipc.open_stream(pa.py_buffer(blob)).read_all()
    if not table.schema.equals(CLAIMS):
        raise ValueError("stored claims are not in the current claims schema")
    return table.to_pylist()


def decoded(result: tuple[str, Any]) -> tuple[str, Any]:
    """A stored or freshly encoded result with its claims as rows."""
    kind, value = result
    return (kind, claims_from_bytes(value)) if kind == "claims" else result


class ClaimCache(CacheFile):
    """Each report's extraction result, looked up by :func:`report_key`.

    :meth:`get` returns ``("claims", rows)`` or ``("failed", reason)`` per key found. A stored entry that cannot be
    read back is not returned (the report is extracted again and :meth:`put` replaces it).
    """

    what, error = "claims cache", ClaimCacheError
    create = "CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, claims BLOB, failure TEXT)"

    def __init__(self, directory: str | Path, extractor_key: str) -> None:
        self._open(Path(directory) / "claims", extractor_key[:40], allowed="A-Za-z0-9")

    def get(self, keys: Iterable[str]) -> dict[str, tuple[str, Any]]:
        found: dict[str, tuple[str, Any]] = {}
        unique = list(dict.fromkeys(keys))
        with self._errors():
            for start in range(0, len(unique), 900):  # SQLite's parameter limit
                chunk = unique[start:start + 900]
                marks = ",".join("?" * len(chunk))
                for key, blob, failure in self._connection.execute(
                        f"SELECT key, claims, failure FROM reports WHERE key IN ({marks})", chunk):
                    try:
                        found[key] = decoded(("failed", failure) if failure is not None else ("claims", blob))
                    except (pa.ArrowException, ValueError, TypeError):
                        pass  # unreadable: extracted again
        return found

    def put(self, results: dict[str, tuple[str, Any]]) -> None:
        """Store results as :func:`toolkit.extract.claims.extract_encoded` gives them (claims as bytes)."""
        rows = [(key, value if kind == "claims" else None, value if kind == "failed" else None)
                for key, (kind, value) in results.items()]
        with self._errors(), self._connection:  # one transaction: all of the batch or none of it
            self._connection.executemany("INSERT OR REPLACE INTO reports (key, claims, failure) VALUES (?, ?, ?)",
                                         rows)
