"""A sweep over two clustering thresholds writes one results table."""

import subprocess
import sys

import pandas as pd
import pytest

from toolkit.config import ConfigError
from toolkit.sensitivity import config_point, conclusion, plot_band
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
         "--plot", "alpha", "--out", str(tmp_path / "sweep")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sweep" / "sensitivity.png").stat().st_size > 10_000
    assert "alpha: " in result.stdout and "of 2 runs" in result.stdout
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


def _band_table() -> pd.DataFrame:
    # two thresholds x two windows; alpha known by hand, one point undefined
    return pd.DataFrame({
        "cluster.threshold": [0.5, 0.5, 0.7, 0.7], "cluster.window_days": [2, 7, 2, 7],
        "alpha": [0.50, 0.10, 0.80, None], "alpha_low": [0.40, -0.05, 0.70, None],
        "alpha_high": [0.60, 0.20, 0.90, None], "run_dir": ["a", "b", "c", "d"]})


def test_conclusion_counts_intervals_against_the_null():
    verdict = conclusion(_band_table(), "alpha", null=0.0)
    assert verdict["settings"] == 4 and verdict["defined"] == 3
    assert (verdict["estimate_min"], verdict["estimate_max"]) == (0.10, 0.80)
    assert (verdict["above_null"], verdict["contains_null"], verdict["below_null"]) == (2, 1, 0)


def test_config_point_marks_the_configs_own_settings():
    table = _band_table()
    # configs/demo.yaml: threshold 0.5 (the default) and a 2-day window? read it rather than assume
    from toolkit.config import load_config
    config = load_config(ROOT / "configs" / "demo.yaml", ["cluster.threshold=0.7", "cluster.window_days=7"])
    assert (config.cluster.threshold, config.cluster.window_days) == (0.7, 7)
    chosen = config_point(table, ROOT / "configs" / "demo.yaml", ["cluster.threshold=0.7", "cluster.window_days=7"])
    assert chosen.tolist() == [False, False, False, True]


def test_plot_band_draws_one_panel_per_statistic_and_group():
    table = _band_table().assign(scorer=["a", "b", "a", "b"], within=[0.3, 0.4, 0.5, 0.6],
                                 within_low=[0.2, 0.3, 0.4, 0.5], within_high=[0.4, 0.5, 0.6, 0.7])
    figure = plot_band(table, ["alpha", "within"], by="scorer", nulls={"alpha": 0.0})
    assert len(figure.axes) == 4
    assert figure.axes[0].get_ylabel().startswith("alpha")
