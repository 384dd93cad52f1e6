"""Read report files (CSV, JSONL, Parquet, local `datasets`) into raw records.

Readers never drop a row: a row that cannot be read becomes a reject with its
row number and reason. A file that cannot be read at all raises
:class:`InputFileError` naming the file and the problem.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

from toolkit.ingest.errors import InputFileError
from toolkit.ingest.opening import COMPRESSED_SUFFIXES, DECOMPRESSION_ERRORS, open_text

# Undecodable bytes are kept as lone surrogates (Python's "surrogateescape"), so the
# row holding them can be rejected alone while the rest of the file is read; other lone
# surrogates come from JSON escapes ("\ud800") and cannot be written as UTF-8 either.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class RawRecords:
    """Rows read from one input, each with its 1-based ``input_row``, and the unreadable rows."""

    path: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, row: int, reason: str, field_name: str | None = None) -> None:
        self.rejects.append(
            {"stage": "ingest", "file": self.path, "row": row, "report_id": None,
             "field": field_name, "reason": reason}
        )


def resolve_input_path(path: str) -> Path:
    """Resolve ``package:NAME/FILE`` to shipped data, anything else to a filesystem path."""
    if path.startswith("package:"):
        return Path(str(resources.files("toolkit") / "data" / path.removeprefix("package:")))
    return Path(path)


def detect_format(path: Path) -> str:
    """The format a path's extension names (``.csv.gz`` is CSV; compression is sniffed on reading)."""
    if path.is_dir():
        return "hf"
    name = path.name.lower()
    for compressed in COMPRESSED_SUFFIXES:
        name = name.removesuffix(compressed)
    suffixes = "".join(Path(name).suffixes[-2:])
    for extension, name in ((".csv", "csv"), (".tsv", "csv"), (".jsonl", "jsonl"),
                            (".ndjson", "jsonl"), (".json", "jsonl"), (".parquet", "parquet")):
        if suffixes.endswith(extension):
            return name
    raise InputFileError(
        f"cannot tell the format of {path} from its extension; set input.format to "
        "csv, jsonl, parquet or hf"
    )


def _batches(records: Iterator[tuple[int, dict[str, Any] | None, str | None]], path: Path,
             columns: Callable[[], list[str]], batch_rows: int) -> Iterator[RawRecords]:
    """Group (row number, row or None, reject reason) triples into batches of ``batch_rows``."""
    batch = RawRecords(str(path), columns())
    for row_number, row, reason in records:
        if row is None:
            batch.reject(row_number, reason or "unreadable row")
        else:
            _add_row(batch, row_number, row)
        if len(batch.rows) + len(batch.rejects) >= batch_rows:
            batch.columns = columns()
            yield batch
            batch = RawRecords(str(path), columns())
    batch.columns = columns()
    if batch.rows or batch.rejects:
        yield batch


def iter_csv(path: Path, batch_rows: int) -> Iterator[RawRecords]:
    """CSV records with strict quoting: a quoted field that does not close properly makes the
    lines it swallowed one reject naming them, and reading goes on after them."""
    # Long texts are the validator's to reject ("text too long"), not the CSV parser's.
    csv.field_size_limit(2**31 - 1)
    handle = open_text(path, newline="")
    with handle:
        delimiter = "\t" if ".tsv" in [suffix.lower() for suffix in path.suffixes] else ","
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise InputFileError(f"{path} is empty: no header row") from None
        except csv.Error as error:
            raise InputFileError(f"cannot parse the header of {path}: {error}") from None
        except DECOMPRESSION_ERRORS as error:
            raise InputFileError(f"cannot decompress {path}: {error}") from None
        _check_header(path, header)

        def rows() -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
            row_number, last_line = 0, reader.line_num
            while True:
                row_number += 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    # One reject per line it swallowed, so the rejects account for every line.
                    yield row_number, None, (f"broken quoting: a field that opens on line {last_line + 1} does not "
                                             f"close properly ({error}); lines {last_line + 1}-{reader.line_num} "
                                             "rejected")
                    for line in range(last_line + 2, reader.line_num + 1):
                        row_number += 1
                        yield row_number, None, (f"line {line}: inside the broken quoting of the field that opens "
                                                 f"on line {last_line + 1}")
                    last_line = reader.line_num
                    continue
                except DECOMPRESSION_ERRORS as error:
                    raise InputFileError(f"cannot decompress {path} after line {last_line}: {error}") from None
                lines = f"line {reader.line_num}" if reader.line_num == last_line + 1 else \
                    f"lines {last_line + 1}-{reader.line_num}"
                last_line = reader.line_num
                if not any(value.strip() for value in values):
                    yield row_number, None, "blank row"
                elif len(values) != len(header):
                    yield row_number, None, f"row has {len(values)} fields, header has {len(header)} ({lines})"
                else:
                    yield row_number, dict(zip(header, values)), None

        yield from _batches(rows(), path, lambda: header, batch_rows)


def _check_header(path: Path, header: list[str]) -> None:
    """A header must decode and must not repeat a name (the first column would be lost)."""
    for position, name in enumerate(header, start=1):
        if _UNDECODABLE.search(name):
            raise InputFileError(f"column {position} of the header of {path} is not valid UTF-8; the file is in "
                                 "another encoding (Latin-1 or Windows-1252?): save it as UTF-8")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InputFileError(f"{path} repeats the column name{'s' if len(repeated) > 1 else ''} "
                             f"{', '.join(map(repr, repeated))}; rename the columns so that each is unique")


def _add_row(records: RawRecords, row_number: int, row: dict[str, Any]) -> None:
    for key, value in row.items():
        text = _strings_of(value)
        if _UNDECODABLE.search(text):
            records.reject(row_number, "invalid UTF-8 bytes", key)
            return
        if _SURROGATE.search(text):
            records.reject(row_number, "invalid Unicode: a lone surrogate (a JSON escape such as \\ud800)", key)
            return
        if "\x00" in text:
            records.reject(row_number, "a NUL character: binary data, or a file in another encoding", key)
            return
    row["input_row"] = row_number
    records.rows.append(row)


def _strings_of(value: Any) -> str:
    """Every string inside a value (nested JSON included), joined, for the Unicode checks."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "".join(_strings_of(key) + _strings_of(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(_strings_of(item) for item in value)
    return ""


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    repeated = next((key for key in keys if keys.count(key) > 1), None)
    if repeated is not None:
        raise _DuplicateKey(repeated)
    return dict(pairs)


def iter_jsonl(path: Path, batch_rows: int) -> Iterator[RawRecords]:
    """JSON lines, read line by line. The columns are those seen so far, so a required
    column missing from every row of the first batch fails the file."""
    # Lines end only at \n: with universal newlines they would also end at a lone \r.
    handle = open_text(path, newline="\n")
    seen_columns: dict[str, None] = {}

    def rows() -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
        row_number = 0
        try:
            for row_number, line in enumerate(handle, start=1):
                yield from parse(row_number, line)
        except DECOMPRESSION_ERRORS as error:
            raise InputFileError(f"cannot decompress {path}: {error}") from None
        if row_number == 0:
            raise InputFileError(f"{path} is empty: no JSON lines")

    def parse(row_number: int, line: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
        line = line.removesuffix("\n").removesuffix("\r")
        if not line.strip():
            yield row_number, None, "blank line"
            return
        try:
            row = json.loads(line, object_pairs_hook=_object_without_duplicates)
        except json.JSONDecodeError as error:
            yield row_number, None, f"invalid JSON: {error.msg} at column {error.colno}"
            return
        except _DuplicateKey as key:
            yield row_number, None, f"the JSON object repeats the key {str(key)!r}"
            return
        if not isinstance(row, dict):
            yield row_number, None, f"a JSON line must be an object, got {type(row).__name__}"
            return
        seen_columns.update(dict.fromkeys(row))
        yield row_number, row, None

    with handle:
        yield from _batches(rows(), path, lambda: list(seen_columns), batch_rows)


def iter_parquet(path: Path, batch_rows: int) -> Iterator[RawRecords]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several unrelated types
        raise InputFileError(f"cannot read Parquet file {path}: {error}") from None
    columns = list(parquet.schema_arrow.names)
    batches = (batch.to_pylist() for batch in parquet.iter_batches(batch_size=batch_rows))
    yield from _batches(_numbered(batches), path, lambda: columns, batch_rows)


def _numbered(batches: Iterator[list[dict[str, Any]]]) -> Iterator[tuple[int, dict[str, Any], None]]:
    """(row number from 1, row, no reject reason) for the rows of all batches in order."""
    return ((number, row, None) for number, row in enumerate(chain.from_iterable(batches), start=1))


def iter_hf_dataset(path: Path, split: str | None, batch_rows: int) -> Iterator[RawRecords]:
    """A dataset saved with ``datasets``' ``save_to_disk`` (never a hub download), read
    in batches from its memory-mapped Arrow files."""
    import datasets

    try:
        dataset = datasets.load_from_disk(str(path))
    except Exception as error:
        raise InputFileError(f"cannot load a `datasets` dataset from {path}: {error}") from None
    if isinstance(dataset, datasets.DatasetDict):
        if split is None:
            raise InputFileError(
                f"{path} holds splits {', '.join(dataset)}; choose one with input.split"
            )
        if split not in dataset:
            raise InputFileError(f"{path} has no split {split!r}; it has {', '.join(dataset)}")
        dataset = dataset[split]
    columns = list(dataset.column_names)
    batches = (batch.to_pylist() for batch in dataset.with_format("arrow").iter(batch_size=batch_rows))
    yield from _batches(_numbered(batches), path, lambda: columns, batch_rows)


def read_all_records(path: str | Path, what: str) -> list[dict[str, Any]]:
    """Every row of a small user file (pairs, context reports), read like a reports input
    (formats, compression, encodings); an unreadable row is an error naming it (blank lines
    aside), since such files are not worth a rejects file."""
    rows = []
    for batch in iter_records(str(path)):
        for reject in batch.rejects:
            if reject["reason"] not in ("blank row", "blank line"):
                raise InputFileError(f"{what} {path}, row {reject['row']}: {reject['reason']}")
        rows.extend(batch.rows)
    return rows


def iter_records(path: str, fmt: str = "auto", split: str | None = None,
                 batch_rows: int = 10_000) -> Iterator[RawRecords]:
    """Read a reports input in batches of at most ``batch_rows`` rows (kept or rejected),
    so a file larger than memory can be processed; see the module docstring for the guarantees."""
    resolved = resolve_input_path(path)
    if not resolved.exists():
        raise InputFileError(f"input {resolved} does not exist")
    fmt = detect_format(resolved) if fmt == "auto" else fmt
    if fmt == "csv":
        return iter_csv(resolved, batch_rows)
    if fmt == "jsonl":
        return iter_jsonl(resolved, batch_rows)
    if fmt == "parquet":
        return iter_parquet(resolved, batch_rows)
    if fmt == "hf":
        return iter_hf_dataset(resolved, split, batch_rows)
    raise InputFileError(f"unknown input format {fmt!r}")
