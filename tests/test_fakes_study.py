"""The FA-KES study runs from its one command and reports a well-formed AUC."""

import json
import subprocess
import sys

from .conftest import ROOT


def test_fakes_study_runs_from_one_command(tmp_path):
    result = subprocess.run([sys.executable, "experiments/fakes_agreement/study.py", "--out", str(tmp_path / "run")],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    study = json.loads((tmp_path / "run" / "study.json").read_text(encoding="utf-8"))
    auc = study["auc_departure_predicts_not_credible"]
    assert 0.0 <= auc["low"] <= auc["estimate"] <= auc["high"] <= 1.0
    assert 0 < study["n_not_credible_scored"] < study["n_articles_scored"] <= study["n_articles"] == 792
    for figure in ("agreement_heatmap.png", "bland_altman.png", "source_bias.png"):
        assert (tmp_path / "run" / "figures" / figure).stat().st_size > 10_000
    assert (tmp_path / "run" / "tables" / "source_bias.tex").read_text(encoding="utf-8").count(r"\\") == 16
