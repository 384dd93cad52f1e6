"""executor: ray on a local Ray instance gives the local executor's tables, byte for byte."""

import pytest

from toolkit.config import build_config
from toolkit.pipeline import run_pipeline

from .test_ingest_robustness import broken_csv

ray = pytest.importorskip("ray")  # a core dependency; the guard only names the problem if it is missing


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (the runs connect to it instead of starting their own)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def run_both(config, tmp_path, monkeypatch, **options):
    """Run one config with each executor, each with its own embedding cache (so Ray really embeds)."""
    outputs = {}
    overrides = options.pop("overrides", [])
    for executor in ("local", "ray"):
        monkeypatch.setenv("CROSSTALLY_CACHE", str(tmp_path / f"cache-{executor}"))
        run = run_pipeline(config, tmp_path / executor, show_progress=False,
                           overrides=[f"executor={executor}", *overrides], **options)
        outputs[executor] = {path.name: path.read_bytes() for path in sorted(run.iterdir())
                             if path.suffix in {".parquet", ".jsonl"}}
    return outputs


def test_ray_executor_equals_local_on_the_demo(local_ray, tmp_path, monkeypatch):
    outputs = run_both("configs/demo.yaml", tmp_path, monkeypatch,
                       overrides=["agree.bootstrap_draws=50", "ingest.batch_rows=20"])
    assert len(outputs["local"]) >= 9
    assert outputs["ray"].keys() == outputs["local"].keys()
    for name, content in outputs["local"].items():
        assert outputs["ray"][name] == content, name


def test_ray_ingest_rejects_the_same_rows(local_ray, tmp_path, monkeypatch):
    path = tmp_path / "broken.csv"
    broken_csv(path)
    config = build_config({"input": {"path": str(path)}})
    outputs = run_both(config, tmp_path, monkeypatch, until="extract")
    assert outputs["local"]["rejects.jsonl"].count(b"\n") == 7
    for name, content in outputs["local"].items():
        assert outputs["ray"][name] == content, name
