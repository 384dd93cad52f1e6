"""The FA-KES study runs from its one command, and every figure its README and notebook 02 quote is
what the code gives now: the headline is recomputed here, and so is a point of the sensitivity band
(the high-confidence core), against experiments/fakes_agreement/results.json."""

import json
import subprocess
import sys

import pytest

from toolkit.pipeline import run_pipeline
from toolkit.runs import load_run

from .conftest import ROOT, load_script

HERE = ROOT / "experiments" / "fakes_agreement"
RESULTS = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
RERUN = "python experiments/fakes_agreement/study.py --band"


def _study():
    return load_script("experiments/fakes_agreement/study.py")


@pytest.fixture(scope="module")
def study_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("fakes") / "run"
    result = subprocess.run([sys.executable, "experiments/fakes_agreement/study.py", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    return out


def test_fakes_study_runs_from_one_command(study_run):
    study = json.loads((study_run / "study.json").read_text(encoding="utf-8"))
    auc = study["auc_departure_predicts_not_credible"]
    assert 0.0 <= auc["low"] <= auc["estimate"] <= auc["high"] <= 1.0
    assert 0 < study["n_not_credible_scored"] < study["n_articles_scored"] <= study["n_articles"] == 792
    for figure in ("agreement_heatmap.png", "bland_altman.png", "source_bias.png"):
        assert (study_run / "figures" / figure).stat().st_size > 10_000
    assert (study_run / "tables" / "source_bias.tex").read_text(encoding="utf-8").count(r"\\") == 16


def test_quoted_headline_is_what_the_study_gives_now(study_run):
    study = json.loads((study_run / "study.json").read_text(encoding="utf-8"))
    assert study == RESULTS["headline"], f"the study's figures changed: rerun {RERUN}"


def test_readme_and_notebook_quote_results_json():
    study = _study()
    from blocks import stale_blocks

    assert stale_blocks(study.DOCS, study.render(RESULTS)) == [], f"rerun {RERUN} (or --render-only)"
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    assert "![" in readme and "sensitivity.png" in readme and (HERE / "sensitivity.png").stat().st_size > 30_000


def test_band_holds_the_studys_point_and_a_recomputed_core_point(tmp_path):
    study = _study()
    rows = RESULTS["sensitivity"]["rows"]
    own = [row for row in rows if row["config_point"]]
    headline = RESULTS["headline"]
    assert len(own) == 1
    assert own[0]["alpha"] == headline["alpha"]["estimate"]
    assert own[0]["auc"] == headline["auc_departure_predicts_not_credible"]["estimate"]
    assert len(rows) == sum(len(grid["cluster.threshold"]) * len(grid["cluster.window_days"])
                            for grid in study.BAND)
    core = next(row for row in rows if row["cluster.scorer"] == "logistic"
                and row["cluster.threshold"] == study.CORE_THRESHOLD and row["cluster.window_days"] == 2)
    path = run_pipeline(study.CONFIG, out_dir=tmp_path / "core", show_progress=False,
                        overrides=[f"cluster.threshold={study.CORE_THRESHOLD}"])
    run = load_run(path)
    recomputed = study.band_metrics(run)
    assert run.agreement_summary["alpha"]["estimate"] == core["alpha"], f"rerun {RERUN}"
    assert (recomputed["auc"], recomputed["auc_low"], recomputed["auc_high"]) == (core["auc"], core["auc_low"], core["auc_high"])
