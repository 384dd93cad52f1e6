"""Ingest and extraction stream in batches: any batch size gives the same tables."""

import json

import pandas as pd
import pytest

from toolkit.config import IngestConfig, InputConfig, build_config
from toolkit.ingest import ingest
from toolkit.io import ParquetStream
from toolkit.pipeline import run_pipeline
from toolkit.schema import REPORTS

from .conftest import DEMO

TABLES = ("reports.parquet", "claims.parquet", "report_counts.parquet")


def test_batch_size_does_not_change_the_tables(tmp_path):
    whole = run_pipeline("configs/demo.yaml", tmp_path / "whole", until="extract", show_progress=False)
    batched = run_pipeline("configs/demo.yaml", tmp_path / "batched", overrides=["ingest.batch_rows=7"],
                           until="extract", show_progress=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(whole / name), pd.read_parquet(batched / name))
    counts = json.loads((batched / "manifest.json").read_text())["stages"]
    assert {key: counts["ingest"][key] for key in ("rows_in", "rows_out", "rejected")} == \
        {"rows_in": 49, "rows_out": 49, "rejected": 0}
    assert counts["ingest"]["reused"] is False  # another batch size is another ingest fingerprint
    assert counts["extract"]["rows_in"] == counts["extract"]["rows_out"] + counts["extract"]["rejected"] == 49


def test_duplicate_ids_are_caught_across_batches(tmp_path):
    path = tmp_path / "reports.csv"
    rows = [f"r{i},wire,en,2017-09-25,Report {i} says {i} people were killed." for i in range(10)]
    rows.append("r3,wire,en,2017-09-25,The same id again in a later batch.")
    path.write_text("report_id,source,language,published,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    reports, rejects, n_rows = ingest(InputConfig(path=str(path)), IngestConfig(batch_rows=4))
    assert (n_rows, len(reports)) == (11, 10)
    (reject,) = rejects
    assert (reject["row"], reject["report_id"], reject["field"]) == (11, "r3", "report_id")
    assert "first seen at row 4" in reject["reason"]


def test_columns_first_seen_in_a_later_batch_are_kept(tmp_path):
    path = tmp_path / "reports.jsonl"
    rows = [{"report_id": f"r{i}", "source": "wire", "language": "en", "text": f"{i} people were killed."}
            for i in range(5)]
    rows[4]["desk"] = "Beirut"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    config = build_config({"input": {"path": str(path)}, "ingest": {"batch_rows": 2}})
    run = run_pipeline(config, tmp_path / "run", until="extract", show_progress=False)
    reports = pd.read_parquet(run / "reports.parquet")
    assert reports["desk"].isna().tolist() == [True, True, True, True, False]
    assert reports["desk"].iloc[4] == "Beirut"
    assert not list(run.glob(".*"))  # no temporary parts left behind


def test_a_failed_stream_leaves_no_table(tmp_path):
    target = tmp_path / "reports.parquet"
    frame = pd.DataFrame([{name: None for name in REPORTS.names} | {"report_id": "r1", "text": "t"}])
    with pytest.raises(RuntimeError), ParquetStream(target, REPORTS) as stream:
        stream.write(frame)
        raise RuntimeError("killed mid-stage")
    assert list(tmp_path.iterdir()) == []


def test_the_demo_jsonl_reads_the_same_in_any_batch_size():
    config = InputConfig(path=str(DEMO / "reports.jsonl"))
    whole, _, _ = ingest(config, IngestConfig())
    batched, _, _ = ingest(config, IngestConfig(batch_rows=5))
    pd.testing.assert_frame_equal(whole, batched)
