"""Atomic writes: a file appears complete or not at all, so a killed run never
leaves a half-written table behind."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from toolkit.schema import to_arrow


def _temporary_beside(path: Path, suffix: str) -> Path:
    """A new empty file beside ``path`` (hidden, named after it), so a rename over it is atomic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(handle)
    return Path(temporary)


def json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str) + "\n"


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success."""
    temporary = _temporary_beside(Path(path), ".tmp")
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_json(path: str | Path, data: Any) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def write_table(path: str | Path, frame: pd.DataFrame, schema: pa.Schema) -> None:
    """Write a stage table as Parquet through its contract schema."""
    table = to_arrow(frame, schema)
    with atomic_path(path) as temporary:
        pq.write_table(table, temporary)


def read_table(path: str | Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


class ParquetStream:
    """Write a stage table batch by batch, so it never has to fit in memory.

    Batches go to a temporary file that is renamed into place on :meth:`close`, so a
    killed run never leaves a partial table. A batch bringing new extra columns (JSON
    lines whose later rows have more keys) starts a new part; closing merges the parts,
    filling the columns a part lacks with nulls.
    """

    def __init__(self, path: str | Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.contract = schema
        self.parts: list[Path] = []
        self.writer: pq.ParquetWriter | None = None

    def write(self, frame: pd.DataFrame) -> None:
        table = to_arrow(frame, self.contract)
        schema = self.writer.schema if self.writer is not None else None
        if schema is None or any(name not in schema.names for name in table.column_names):
            self._start_part(table.schema if schema is None else _widen(schema, table.schema))
        self.writer.write_table(_conform(table, self.writer.schema))

    def _start_part(self, schema: pa.Schema) -> None:
        # A column that is all null in its first batch holds text (ingest keeps extras as text).
        schema = pa.schema([field.with_type(pa.string()) if pa.types.is_null(field.type) else field
                            for field in schema])
        if self.writer is not None:
            self.writer.close()
        part = _temporary_beside(self.path, ".part")
        self.parts.append(part)
        self.writer = pq.ParquetWriter(str(part), schema)

    def close(self) -> None:
        """Put the complete table in place (an empty one when nothing was written)."""
        if self.writer is None:
            self._start_part(self.contract)
        self.writer.close()
        final_schema = self.writer.schema
        if len(self.parts) == 1:
            os.replace(self.parts[0], self.path)
            return
        with atomic_path(self.path) as temporary:
            with pq.ParquetWriter(temporary, final_schema) as writer:
                for part in self.parts:
                    for batch in pq.ParquetFile(part).iter_batches():
                        writer.write_table(_conform(pa.Table.from_batches([batch]), final_schema))
        self._remove_parts()

    def abort(self) -> None:
        """Drop what was written: no table appears."""
        if self.writer is not None:
            self.writer.close()
        self._remove_parts()

    def _remove_parts(self) -> None:
        for part in self.parts:
            part.unlink(missing_ok=True)

    def __enter__(self) -> ParquetStream:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is None:
            self.close()
        else:
            self.abort()


def _widen(schema: pa.Schema, other: pa.Schema) -> pa.Schema:
    for field in other:
        if field.name not in schema.names:
            schema = schema.append(field)
    return schema


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns, the missing ones null."""
    columns = [table[field.name].cast(field.type) if field.name in table.column_names
               else pa.nulls(len(table), field.type) for field in schema]
    return pa.Table.from_arrays(columns, schema=schema)


class JsonlStream:
    """Append JSON lines to a temporary file renamed into place on close (see :class:`ParquetStream`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.temporary = _temporary_beside(self.path, ".tmp")
        self.file = self.temporary.open("w", encoding="utf-8")

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.file.writelines(map(json_line, rows))

    def __enter__(self) -> JsonlStream:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        self.file.close()
        if error_type is None:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)
