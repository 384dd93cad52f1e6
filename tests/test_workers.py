"""Worker processes (``workers``) and the claims cache: the same tables whatever the worker count,
and a grown corpus extracts only its new reports."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.executors import LocalExecutor, ProcessExecutor, WorkerStartError
from toolkit.pipeline import run_pipeline

TABLE_SUFFIXES = {".parquet", ".csv", ".npy", ".tex", ".jsonl"}


def tables(run: Path) -> dict[str, bytes]:
    return {str(path.relative_to(run)): path.read_bytes() for path in sorted(run.rglob("*"))
            if path.suffix in TABLE_SUFFIXES}


def test_process_executor_returns_the_results_in_order():
    items = [[k, -k] for k in range(12)]
    executor = ProcessExecutor(2, min_items_per_worker=1)
    try:
        assert executor.map(max, items) == LocalExecutor().map(max, items) == list(range(12))
        assert list(executor.imap(min, items)) == [-k for k in range(12)]
    finally:
        executor.close()


def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text("from toolkit.executors import ProcessExecutor\n"
                      "print(ProcessExecutor(2, min_items_per_worker=1).map(abs, [1, -2, 3, -4]))\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "if __name__ ==" in done.stderr and WorkerStartError.__name__ in done.stderr


def test_tables_are_identical_for_one_and_two_workers(tmp_path, monkeypatch):
    """FA-KES (792 reports) gives the executor more batches than the workers: extraction, embedding and
    the claim sentences all run on two processes (a cheap encoder keeps the test short)."""
    outputs = {}
    for workers in (1, 2):
        monkeypatch.setenv("CROSSTALLY_CACHE", str(tmp_path / f"cache-{workers}"))
        run = run_pipeline("experiments/fakes_agreement/config.yaml", tmp_path / f"w{workers}", show_progress=False,
                           overrides=[f"workers={workers}", "embed.encoder=char-ngram-hash",
                                      "agree.bootstrap_draws=100"])
        outputs[workers] = tables(run)
        manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["stages"]["extract"]["extracted"] == manifest["stages"]["extract"]["rows_in"]
    assert len(outputs[1]) >= 20 and outputs[1].keys() == outputs[2].keys()
    for name, content in outputs[1].items():
        assert outputs[2][name] == content, name


def test_a_grown_corpus_extracts_only_its_new_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSTALLY_CACHE", str(tmp_path / "cache"))
    demo = pd.read_json("toolkit/data/demo/reports.jsonl", lines=True, dtype={"report_id": str})
    first, grown = tmp_path / "first.jsonl", tmp_path / "grown.jsonl"
    demo.iloc[:40].to_json(first, orient="records", lines=True, force_ascii=False)
    demo.to_json(grown, orient="records", lines=True, force_ascii=False)

    def extract(path: Path, out: str, reuse: bool = True) -> tuple[dict, Path]:
        run = run_pipeline("configs/demo.yaml", tmp_path / out, until="extract", show_progress=False, reuse=reuse,
                           overrides=[f"input.path={path}"])
        return json.loads((run / "manifest.json").read_text(encoding="utf-8"))["stages"]["extract"], run

    stats, _ = extract(first, "first")
    assert stats["extracted"] == 40
    stats, incremental = extract(grown, "grown")
    assert stats["rows_in"] == len(demo) and stats["extracted"] == len(demo) - 40
    stats, fresh = extract(grown, "fresh", reuse=False)
    assert stats["extracted"] == len(demo)  # --fresh reads nothing cached
    for name in ("claims.parquet", "report_counts.parquet"):
        assert (incremental / name).read_bytes() == (fresh / name).read_bytes(), name


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_an_unreadable_claims_entry_is_extracted_again(tmp_path, damage):
    from toolkit.extract.cache import ClaimCache, claims_to_bytes

    rows = [{"claim_id": "r1-c0", "report_id": "r1", "language": "en", "sentence": "45 killed", "category": "killed",
             "value": 45.0, "lower": 45.0, "upper": 45.0, "cumulative": False}]
    cache = ClaimCache(tmp_path, "extractor-key")
    blob = claims_to_bytes(rows)
    cache.put({"good": ("claims", blob), "bad": ("claims", blob[:20] if damage == "truncate" else b"not arrow"),
               "failed": ("failed", "extraction failed: ValueError: boom"), "none": ("claims", claims_to_bytes([]))})
    found = cache.get(["good", "bad", "failed", "none", "absent"])
    cache.close()
    assert set(found) == {"good", "failed", "none"}
    assert found["none"] == ("claims", [])  # a report that counts nothing
    assert found["good"][1][0]["value"] == 45.0 and found["good"][1][0]["subject"] is None
    assert found["failed"] == ("failed", "extraction failed: ValueError: boom")
