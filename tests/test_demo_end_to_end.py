"""The demo through the CLI, checked against the demo's gold, and rerun for identical tables."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.evaluate.clustering import bcubed
from toolkit.evaluate.extraction import extraction_scores
from toolkit.runs import TABLES

from .conftest import DEMO, ROOT


def crosstally(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("demo")
    first = crosstally("demo", "--out", str(base / "first"))
    assert first.returncode == 0, first.stderr
    second = crosstally("run", "configs/demo.yaml", "--fresh", "--out", str(base / "second"))
    assert second.returncode == 0, second.stderr
    return base / "first", base / "second", first


def test_demo_prints_the_compact_table(demo_runs):
    _first, _second, result = demo_runs
    assert "Incidents" in result.stdout
    assert "Krippendorff's alpha (ratio)" in result.stdout


def test_demo_incidents_match_the_gold(demo_runs):
    run = toolkit.load_run(demo_runs[0])
    gold = pd.read_csv(DEMO / "gold_incidents.csv")
    predicted = dict(zip(run.incidents["report_id"], run.incidents["incident_id"]))
    assert bcubed(dict(zip(gold["report_id"], gold["incident_id"])), predicted)["f1"] >= 0.9


def test_demo_claims_match_the_gold_in_both_languages(demo_runs):
    run = toolkit.load_run(demo_runs[0])
    gold = pd.read_csv(DEMO / "gold_claims.csv")
    for language in ("ar", "en"):
        reports = set(run.reports.loc[run.reports["language"] == language, "report_id"])
        scores = extraction_scores(gold[gold["report_id"].isin(reports)],
                                   run.claims[run.claims["report_id"].isin(reports)])
        assert scores["f1"] >= 0.75, (language, scores)


def test_rerun_gives_byte_identical_tables(demo_runs):
    first, second, _result = demo_runs
    assert json.loads((second / "manifest.json").read_text(encoding="utf-8"))["reused"] == []  # --fresh
    written = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert {Path(name) for name in TABLES.values() if name != "reference_comparison.parquet"} <= set(written)
    for name in written:
        if name.name in {"manifest.json", "summary.md"}:  # these record start and end times
            continue
        digest = [hashlib.sha256((run / name).read_bytes()).hexdigest() for run in (first, second)]
        assert digest[0] == digest[1], name


def test_manifest_records_what_produced_the_run(demo_runs):
    manifest = json.loads((demo_runs[0] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished" and manifest["toolkit_version"] == toolkit.__version__
    (input_path, digest), = manifest["inputs"].items()
    assert digest == hashlib.sha256(Path(input_path).read_bytes()).hexdigest()
    stages = manifest["stages"]
    assert set(stages) == {"ingest", "extract", "embed", "cluster", "align", "agree"}
    for name, counts in stages.items():
        assert counts["rows_in"] == counts["rows_out"] + counts["rejected"], name
    assert stages["ingest"]["rows_in"] == stages["extract"]["rows_in"] == stages["embed"]["rows_in"] == 49
    assert stages["extract"]["claims"] == stages["align"]["rows_in"] == len(pd.read_parquet(demo_runs[0] / "claims.parquet"))
    assert manifest["stages"]["embed"]["encoder"] == "use-multilingual-v3"
    assert manifest["packages"]["numpy"] and "CrossTally" in manifest["citation"]
    assert (demo_runs[0] / "summary.md").read_text(encoding="utf-8").startswith("# CrossTally run summary")


def test_load_run_gives_the_contract_tables(demo_runs):
    run = toolkit.load_run(demo_runs[0])
    assert {"claim_id", "part_of", "qualifier", "char_start"} <= set(run.claims.columns)
    assert set(run.alignments.columns) == {"incident_id", "claim_id_a", "claim_id_b", "score", "method"}
    assert len(run.alignments) > 0 and run.agreement_summary["alpha"] is not None
    text = run.reports.set_index("report_id")["text"]
    for claim in run.claims.head(50).to_dict("records"):
        assert claim["sentence"] in text[claim["report_id"]]


def test_stage_commands_and_rejects_on_a_csv(tmp_path):
    rows = pd.DataFrame({
        "report_id": ["a", "b", "a", "c"],
        "source": ["wire", "monitor", "wire", "wire"],
        "published": ["2017-09-25", "2017-09-26", "2017-09-25", "not a date"],
        "text": ["At least 45 civilians were killed in airstrikes on rural Idlib, activists said.",
                 "قتل ٤٠ مدنيا في ٨٠ غارة على ريف إدلب", "duplicate", "Twelve people were wounded."],
    })
    rows.to_csv(tmp_path / "reports.csv", index=False)
    result = crosstally("extract", str(tmp_path / "reports.csv"), "--out", str(tmp_path / "extract"))
    assert result.returncode == 0, result.stderr
    claims = pd.read_parquet(tmp_path / "extract" / "claims.parquet")
    assert sorted(claims["value"]) == [40.0, 45.0, 80.0]
    rejects = [json.loads(line) for line in (tmp_path / "extract" / "rejects.jsonl").read_text().splitlines()]
    assert [(r["row"], r["field"]) for r in rejects] == [(3, "report_id"), (4, "published")]
    result = crosstally("cluster", str(tmp_path / "reports.csv"), "--out", str(tmp_path / "cluster"))
    assert result.returncode == 0, result.stderr
    members = pd.read_parquet(tmp_path / "cluster" / "incidents.parquet")
    assert sorted(members["report_id"]) == ["a", "b"] and members["incident_id"].notna().all()


def test_cli_errors_are_clear(tmp_path):
    (tmp_path / "bad.yaml").write_text("cluster:\n  treshold: 0.5\n", encoding="utf-8")
    result = crosstally("run", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "run"))
    assert result.returncode == 2
    assert "unknown key 'cluster.treshold'" in result.stderr
    result = crosstally("run", "configs/demo.yaml", "--set", "embed.encoder=laser", "--out", str(tmp_path / "run"))
    assert result.returncode == 2 and "registered encoders" in result.stderr
    result = crosstally("extract", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and "missing.csv does not exist" in result.stderr


def test_a_shorter_run_into_the_same_directory_leaves_no_stale_tables(demo_runs, tmp_path):
    import shutil

    target = tmp_path / "reused"
    shutil.copytree(demo_runs[0], target)
    result = crosstally("extract", str(DEMO / "reports.jsonl"), "--out", str(target))
    assert result.returncode == 0, result.stderr
    run = toolkit.load_run(target)
    assert run.agreement is None and run.agreement_summary is None
    assert not (target / "figures" / "source_bias.png").exists()
