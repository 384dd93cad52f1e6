"""Read report files (CSV, JSONL, Parquet, local `datasets`) into raw records.

Readers never drop a row: a row that cannot be read becomes a reject with its
row number and reason. A file that cannot be read at all raises
:class:`InputFileError` naming the file and the problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

# Undecodable bytes are kept as lone surrogates (Python's "surrogateescape"), so the
# row holding them can be rejected alone while the rest of the file is read.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class InputFileError(OSError):
    """The reports file as a whole cannot be read."""


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
    if path.is_dir():
        return "hf"
    suffixes = "".join(path.suffixes[-2:]).lower()
    for extension, name in ((".csv", "csv"), (".tsv", "csv"), (".jsonl", "jsonl"),
                            (".ndjson", "jsonl"), (".json", "jsonl"), (".parquet", "parquet")):
        if suffixes.endswith(extension):
            return name
    raise InputFileError(
        f"cannot tell the format of {path} from its extension; set input.format to "
        "csv, jsonl, parquet or hf"
    )


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from None
    return data.decode("utf-8-sig", errors="surrogateescape")


def read_csv(path: Path) -> RawRecords:
    # Long texts are the validator's to reject ("text too long"), not the CSV parser's.
    csv.field_size_limit(2**31 - 1)
    text = _decode(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError(f"{path} is empty: no header row") from None
    except csv.Error as error:
        raise InputFileError(f"cannot parse the header of {path}: {error}") from None
    header = [name.strip() for name in header]
    records = RawRecords(str(path), header)
    row_number = 0
    while True:
        row_number += 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            records.reject(row_number, f"malformed CSV row: {error}")
            continue
        if not any(value.strip() for value in values):
            records.reject(row_number, "blank row")
            continue
        if len(values) != len(header):
            records.reject(row_number, f"row has {len(values)} fields, header has {len(header)}")
            continue
        _add_row(records, row_number, dict(zip(header, values)))
    return records


def _add_row(records: RawRecords, row_number: int, row: dict[str, Any]) -> None:
    bad = [key for key, value in row.items() if isinstance(value, str) and _UNDECODABLE.search(value)]
    if bad:
        records.reject(row_number, "invalid UTF-8 bytes", bad[0])
        return
    row["input_row"] = row_number
    records.rows.append(row)


def read_jsonl(path: Path) -> RawRecords:
    text = _decode(path)
    records = RawRecords(str(path), [])
    seen_columns: dict[str, None] = {}
    # Only \n ends a JSON line: str.splitlines would also split at U+2028 and friends,
    # which are legal inside JSON strings.
    for row_number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            records.reject(row_number, f"invalid JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(row, dict):
            records.reject(row_number, f"a JSON line must be an object, got {type(row).__name__}")
            continue
        seen_columns.update(dict.fromkeys(row))
        _add_row(records, row_number, row)
    records.columns = list(seen_columns)
    return records


def _read_frame_records(path: Path, frame) -> RawRecords:
    records = RawRecords(str(path), [str(c) for c in frame.columns])
    for row_number, row in enumerate(frame.to_dict(orient="records"), start=1):
        _add_row(records, row_number, row)
    return records


def read_parquet(path: Path) -> RawRecords:
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as error:  # pyarrow raises several unrelated types
        raise InputFileError(f"cannot read Parquet file {path}: {error}") from None
    return _read_frame_records(path, frame)


def read_hf_dataset(path: Path, split: str | None) -> RawRecords:
    """Read a dataset saved with ``datasets``' ``save_to_disk`` (never a hub download)."""
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
    return _read_frame_records(path, dataset.to_pandas())


def read_records(path: str, fmt: str = "auto", split: str | None = None) -> RawRecords:
    """Read every row of a reports input; see the module docstring for the guarantees."""
    resolved = resolve_input_path(path)
    if not resolved.exists():
        raise InputFileError(f"input {resolved} does not exist")
    fmt = detect_format(resolved) if fmt == "auto" else fmt
    if fmt == "csv":
        return read_csv(resolved)
    if fmt == "jsonl":
        return read_jsonl(resolved)
    if fmt == "parquet":
        return read_parquet(resolved)
    if fmt == "hf":
        return read_hf_dataset(resolved, split)
    raise InputFileError(f"unknown input format {fmt!r}")
