"""executor: ray on a local Ray instance gives the local executor's tables, byte for byte."""

import os

import pytest

from toolkit.pipeline import run_pipeline

pytest.importorskip("ray")  # a core dependency; the guard only names the problem if it is missing


def test_ray_executor_equals_local(tmp_path, monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    tables = {}
    for executor in ("local", "ray"):
        # A cache per executor, so the Ray run really embeds on Ray.
        monkeypatch.setenv("CROSSTALLY_CACHE", str(tmp_path / f"cache-{executor}"))
        run = run_pipeline("configs/demo.yaml", tmp_path / executor, show_progress=False,
                           overrides=[f"executor={executor}", "agree.bootstrap_draws=50",
                                      "ingest.batch_rows=20"])
        tables[executor] = {path.name: path.read_bytes() for path in sorted(run.glob("*.parquet"))}
    assert len(tables["local"]) >= 8
    assert tables["ray"].keys() == tables["local"].keys()
    for name, content in tables["local"].items():
        assert tables["ray"][name] == content, name
    assert os.environ.get("RAY_ADDRESS") is None
