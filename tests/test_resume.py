"""A run killed with SIGKILL mid-run and started again ends with the tables of a clean run."""

import json
import os
import signal
import subprocess
import sys
import time

from .conftest import ROOT

# The demo, with the embedding cache cold so that the run is still embedding when it is killed.
COMMAND = [sys.executable, "-m", "toolkit.cli", "demo"]


def run_demo(out, env):
    return subprocess.run([*COMMAND, "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)


def test_killed_run_resumes_to_identical_tables(tmp_path):
    clean = tmp_path / "clean"
    assert run_demo(clean, {**os.environ, "CROSSTALLY_CACHE": str(tmp_path / "clean-cache")}).returncode == 0

    env = {**os.environ, "CROSSTALLY_CACHE": str(tmp_path / "cache")}
    killed = tmp_path / "killed"
    process = subprocess.Popen([*COMMAND, "--out", str(killed)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline:  # kill as soon as extraction is recorded as complete
        manifest = killed / "manifest.json"
        if manifest.exists() and "extract" in json.loads(manifest.read_text(encoding="utf-8")).get("stages", {}):
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert json.loads((killed / "manifest.json").read_text(encoding="utf-8"))["status"] == "running"

    resumed = run_demo(killed, env)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    manifest = json.loads((killed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished" and manifest["reused"][:2] == ["ingest", "extract"]
    for table in sorted(p.name for p in clean.glob("*.parquet")):
        assert (clean / table).read_bytes() == (killed / table).read_bytes(), table
    assert not list(killed.glob(".*.tmp")), "no temporary file is left behind"
