"""The shipped pair model and every figure the docs quote about it are what the code gives now:
experiments/pair_model/fit.py's results are recomputed from scratch (the four gold sets run up to
clustering, about a minute) and compared with results.json, the shipped model and docs/clustering.md."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "experiments"))
sys.path.insert(0, str(ROOT / "experiments" / "pair_model"))

import fit  # noqa: E402
from blocks import stale_blocks  # noqa: E402


@pytest.fixture(scope="module")
def recomputed(tmp_path_factory):
    results, _held_out = fit.compute_results(run_root=tmp_path_factory.mktemp("pair-model-runs"), verbose=False)
    return results


def test_the_docs_quote_what_the_experiment_computes_now(recomputed):
    assert stale_blocks(fit.DOCS, fit.render(recomputed)) == [], \
        "run: python experiments/pair_model/fit.py (refits the model, rewrites results.json and the docs' blocks)"
    saved = json.loads(fit.RESULTS.read_text(encoding="utf-8"))
    assert fit.render(saved) == fit.render(recomputed), "experiments/pair_model/results.json is stale"


def test_the_shipped_model_is_the_one_the_experiment_fits(recomputed):
    shipped = json.loads(fit.MODEL_PATH.read_text(encoding="utf-8"))
    assert shipped["features"] == recomputed["shipped_model"]["features"]
    assert shipped["coefficients"] == pytest.approx(recomputed["shipped_model"]["coefficients"], abs=1e-4)
    assert shipped["intercept"] == pytest.approx(recomputed["shipped_model"]["intercept"], abs=1e-4)
    assert shipped["unused"] == ["place", "claims"] and shipped["n_pairs"] == recomputed["shipped_model"]["n_pairs"]
