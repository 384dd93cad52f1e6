"""The generic runner: validation before any stage, chained fingerprints, reuse from the stage cache."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from toolkit.config import ConfigError, build_config, load_config
from toolkit.pipeline import run_pipeline
from toolkit.runner import stage_fingerprints
from toolkit.runs import package_versions
from toolkit.stages import STAGES

from .conftest import ROOT

QUICK = ["agree.bootstrap_draws=50"]


def manifest_of(run_dir):
    return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))


def fingerprints(*overrides: str) -> dict[str, str]:
    return stage_fingerprints(load_config("configs/demo.yaml", list(overrides)), STAGES, package_versions())


def test_a_fingerprint_changes_with_what_decides_the_stage_and_what_follows_it():
    base = fingerprints()
    threshold = fingerprints("cluster.threshold=0.6")
    assert [name for name in base if base[name] != threshold[name]] == ["cluster", "align", "agree"]
    tolerance = fingerprints("agree.tolerance=0.2")
    assert [name for name in base if base[name] != tolerance[name]] == ["agree"]
    leiden = fingerprints("cluster.algorithm=leiden", "cluster.resolution=2")
    assert leiden["cluster"] != fingerprints("cluster.algorithm=leiden")["cluster"]
    # Where the embedding cache lives decides nothing.
    assert fingerprints("embed.cache_dir=/tmp/elsewhere") == base


def test_a_rerun_reuses_every_stage_and_a_changed_setting_reruns_only_what_follows(tmp_path):
    first = run_pipeline("configs/demo.yaml", tmp_path / "first", overrides=QUICK, show_progress=False)
    again = run_pipeline("configs/demo.yaml", tmp_path / "again", overrides=QUICK, show_progress=False)
    assert manifest_of(again)["reused"] == ["ingest", "extract", "embed", "cluster", "align", "agree"]
    for name in ("claims.parquet", "incidents.parquet", "alignments.parquet", "agreement.parquet",
                 "agreement_summary.json", "rejects.jsonl", "figures/agreement_heatmap.png"):
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    tolerance = run_pipeline("configs/demo.yaml", tmp_path / "tolerance", show_progress=False,
                             overrides=[*QUICK, "agree.tolerance=0.25"])
    manifest = manifest_of(tolerance)
    assert manifest["reused"] == ["ingest", "extract", "embed", "cluster", "align"]
    assert manifest["stages"]["agree"]["reused"] is False
    assert manifest["stages"]["agree"]["seconds"] >= 0 and manifest["stages"]["agree"]["peak_memory_mb"] > 0
    summary = json.loads((tolerance / "agreement_summary.json").read_text(encoding="utf-8"))
    assert summary["tolerance"] == 0.25


def test_a_fresh_run_recomputes_every_stage(tmp_path):
    run = run_pipeline("configs/demo.yaml", tmp_path / "run", overrides=QUICK, show_progress=False,
                       until="extract", reuse=False)
    manifest = manifest_of(run)
    assert manifest["reused"] == [] and set(manifest["stages"]) == {"ingest", "extract"}


def test_a_bad_component_fails_at_once_before_any_table_is_written(tmp_path):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "toolkit.cli", "run", "configs/demo.yaml", "--set",
                             "cluster.algorithm=kmeans", "--out", str(tmp_path / "run")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert ("cluster.algorithm: unknown clustering algorithm 'kmeans'; registered clustering algorithms: "
            "connected-components, hdbscan, leiden, streaming, threshold-average") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "run").exists()
    assert time.perf_counter() - started < 60  # the interpreter's start-up, not a stage


@pytest.mark.parametrize("override, message", [
    ("embed.trheads=2", "unknown key 'embed.trheads'"),
    ("extract.vague_bounds=acled-ish", "extractor 'rules': 'vague_bounds'"),
    ("cluster.resolution=2", "it is a setting of algorithm 'leiden'"),
    ("align.similarity=jaccard", "aligner 'hungarian': 'similarity'"),
    ("agree.statistics=[krippendorff-alpha, kappa]", "unknown agreement statistic 'kappa'"),
])
def test_component_settings_are_checked_with_the_config(override, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        build_config({}, [override])


def test_agreement_statistics_are_chosen_by_name(tmp_path):
    run = run_pipeline("configs/demo.yaml", tmp_path / "run", show_progress=False,
                       overrides=[*QUICK, "agree.statistics=[within-tolerance, krippendorff-alpha]"])
    summary = json.loads((run / "agreement_summary.json").read_text(encoding="utf-8"))
    assert {"within_tolerance", "alpha"} <= set(summary) and "exact_agreement" not in summary
    assert list(summary).index("within_tolerance") < list(summary).index("alpha")


def test_editing_a_run_s_files_never_edits_the_stage_cache(tmp_path):
    first = run_pipeline("configs/demo.yaml", tmp_path / "first", overrides=QUICK, show_progress=False)
    original = (first / "agreement.csv").read_bytes()
    with open(first / "agreement.csv", "r+b") as handle:  # edited in place, as pandas or an editor would
        handle.write(b"edited")
    second = run_pipeline("configs/demo.yaml", tmp_path / "second", overrides=QUICK, show_progress=False)
    assert "agree" in manifest_of(second)["reused"]
    assert (second / "agreement.csv").read_bytes() == original


def test_a_local_model_s_files_are_part_of_the_embedding_fingerprint(tiny_sentence_transformer, tmp_path):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_sentence_transformer, model)
    overrides = ["embed.encoder=sentence-transformers", f"embed.model={model}"]
    before = fingerprints(*overrides)
    (model / "README.md").write_text("fine-tuned in place", encoding="utf-8")
    after = fingerprints(*overrides)
    assert before["embed"] != after["embed"] and before["ingest"] == after["ingest"]
