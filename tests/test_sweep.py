"""A sweep over two clustering thresholds writes one results table."""

import subprocess
import sys

import pandas as pd
import pytest

from toolkit.config import ConfigError
from toolkit.sweep import parse_grid, run_name

from .conftest import ROOT


def test_parse_grid_and_run_names():
    grid = parse_grid(["cluster.threshold=0.5,0.6", "embed.encoder=char-ngram-hash"])
    assert grid == {"cluster.threshold": [0.5, 0.6], "embed.encoder": ["char-ngram-hash"]}
    assert run_name({"cluster.threshold": 0.5, "embed.model": "models/LaBSE"}) == "threshold-0.5_model-models-LaBSE"
    with pytest.raises(ConfigError, match="key=value1,value2"):
        parse_grid(["cluster.threshold"])


def test_sweep_over_two_thresholds_writes_a_results_table(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "sweep", "configs/demo.yaml", "--grid", "cluster.threshold=0.5,0.6",
         "--set", "agree.bootstrap_draws=100", "--gold", "toolkit/data/demo/gold_incidents.csv",
         "--out", str(tmp_path / "sweep")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "sweep" / "sweep.csv")
    assert table["cluster.threshold"].tolist() == [0.5, 0.6]
    assert {"alpha", "within_tolerance", "b3_f1", "n_incidents", "run_dir"} <= set(table.columns)
    # a stricter threshold never merges more: at least as many incidents
    assert table["n_incidents"].iloc[1] >= table["n_incidents"].iloc[0]
    assert all((tmp_path / "sweep" / name / "manifest.json").exists() for name in ("01_threshold-0.5", "02_threshold-0.6"))


def test_sweep_refuses_a_bad_grid_before_running(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "sweep", "configs/demo.yaml", "--grid", "cluster.treshold=0.5",
         "--out", str(tmp_path / "sweep")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2 and "unknown key 'cluster.treshold'" in result.stderr
    assert not (tmp_path / "sweep").exists()
