"""The generic runner: stages in order, each reused from the stage cache when its fingerprint is known.

A stage's fingerprint chains its parents' fingerprints with what decides its outputs
(the config keys it names, its components' names, versions and settings, the hashes of
the files it reads from outside the run, the toolkit's code and package versions), in the
manner of Hugging Face ``datasets`` fingerprints per transform. After a stage runs, its
outputs are stored in the stage cache under that fingerprint; a rerun, a resumed run or
another point of a sweep whose stage has the same fingerprint copies them back instead of
recomputing, and recomputes only what follows. The manifest records, per stage, its
fingerprint, whether it was reused, its wall time and peak memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from toolkit.agree.export import read_agreement
from toolkit.config import RunConfig, config_to_yaml
from toolkit.embed.cache import default_cache_dir
from toolkit.executors import executor_session, machine_cores
from toolkit.io import JsonlStream, atomic_path, json_line, read_table, write_json, write_text
from toolkit.report import print_console, summary_markdown
from toolkit.run_directory import open_run_directory, staged_run
from toolkit.runs import new_manifest, package_versions, sha256_of
from toolkit.stages import STAGES, UNTIL, Stage, StageContext

TOOLKIT_ROOT = Path(__file__).resolve().parent
STAGE_CACHE_FORMAT = "1"


@cache
def code_fingerprint() -> str:
    """SHA-256 of the toolkit's own files (code, lexicons, gazetteer): any change invalidates every stage."""
    digest = hashlib.sha256()
    for path in sorted(TOOLKIT_ROOT.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(TOOLKIT_ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stage_fingerprints(config: RunConfig, stages: tuple[Stage, ...], packages: dict[str, Any],
                       hashes: dict[str, str] | None = None) -> dict[str, str]:
    """Each stage's fingerprint, chained from its parents'; ``hashes`` collects the inputs' SHA-256."""
    fingerprints: dict[str, str] = {}
    hashes = {} if hashes is None else hashes
    for stage in stages:
        inputs = {}
        for path in stage.inputs(config):
            key = str(path)
            if key not in hashes:
                if not path.exists():
                    raise FileNotFoundError(f"{stage.name}: input {path} does not exist")
                hashes[key] = sha256_of(path)
            inputs[key] = hashes[key]
        key = {"stage": stage.name, "format": STAGE_CACHE_FORMAT, "parents": [fingerprints[p] for p in stage.parents],
               "settings": stage.settings(config), "inputs": inputs, "code": code_fingerprint(), "packages": packages}
        fingerprints[stage.name] = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
    return fingerprints


class StageCache:
    """Stage outputs by fingerprint: one folder per stage run, written whole or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def entry(self, stage: Stage, fingerprint: str) -> Path:
        return self.root / f"{stage.name}-{fingerprint[:24]}"

    def load(self, stage: Stage, fingerprint: str, run_dir: Path) -> dict[str, Any] | None:
        """Copy a cached stage's outputs into ``run_dir``; its record (stats, rejects), or None."""
        entry = self.entry(stage, fingerprint)
        record_path = entry / "record.json"
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if record.get("fingerprint") != fingerprint:
            return None
        files = record.get("files", {})
        try:
            if any((entry / "files" / name).stat().st_size != size for name, size in files.items()):
                return None  # an entry damaged by hand: the stage runs again
            for name in files:
                _place(entry / "files" / name, run_dir / name)
        except OSError:
            return None  # an entry someone pruned by hand: the stage runs again and overwrites what was placed
        return record

    def store(self, stage: Stage, fingerprint: str, run_dir: Path, record: dict[str, Any]) -> None:
        """Keep a finished stage's outputs; a failure to cache never fails the run."""
        entry = self.entry(stage, fingerprint)
        partial: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            partial = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", suffix=".tmp", dir=self.root))
            files = {name: (run_dir / name).stat().st_size for name in stage_files(stage, run_dir)}
            for name in files:
                _place(run_dir / name, partial / "files" / name)
            write_json(partial / "record.json", {**record, "fingerprint": fingerprint, "files": files})
            if entry.exists() and not (entry / "record.json").exists():
                shutil.rmtree(entry, ignore_errors=True)  # a damaged entry is replaced
            if entry.exists():
                return  # another run stored it first
            partial.rename(entry)
            partial = None
        except OSError:
            pass  # a failure to cache never fails the run
        finally:
            if partial is not None:
                shutil.rmtree(partial, ignore_errors=True)


def stage_files(stage: Stage, run_dir: Path) -> list[str]:
    """The files of the stage's declared outputs that it wrote into ``run_dir``."""
    return [name for name in stage.writes if (run_dir / name).is_file()]


def _place(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically (a copy, so editing a run's file never edits the cache)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)


class PeakMemory:
    """Samples the resident memory of this process and its worker processes while a stage runs."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def rss() -> int:
        import psutil

        process = psutil.Process()
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # a worker that ended between the listing and the reading
                pass
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_exception: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def run_stages(config: RunConfig, run_dir: Path, until: str = "agree", show_progress: bool = True,
               console: bool = False, reuse: bool = True, stage_cache: Path | None = None,
               force: bool = False) -> Path:
    """Run (or reuse) every stage up to ``until`` into ``run_dir``; see the module docstring.

    Everything that can be checked is checked before the first stage starts: the inputs of
    every stage (their hashes enter the fingerprints), each stage's own ``check`` (a reference
    table's columns) and the run directory (:mod:`toolkit.run_directory`)."""
    stages = tuple(stage for stage in STAGES if stage.name in UNTIL[until])
    random.seed(config.seed)
    np.random.seed(config.seed)
    for stage in stages:
        stage.check(config)
    input_path = Path(stages[0].inputs(config)[0])
    packages = package_versions()
    hashes: dict[str, str] = {}
    fingerprints = stage_fingerprints(config, stages, packages, hashes)
    manifest = new_manifest(config, input_path, hashes[str(input_path)], packages)
    manifest["fingerprint"] = hashlib.sha256(json.dumps(fingerprints, sort_keys=True).encode()).hexdigest()
    manifest["reused"] = []
    manifest["files"] = ["manifest.json", "config.yaml"]
    cache = StageCache(stage_cache or Path(config.embed.cache_dir or default_cache_dir()) / "stages")
    previous = open_run_directory(run_dir, force)
    with staged_run(run_dir, previous) as work_dir:
        write_text(work_dir / "config.yaml", config_to_yaml(config))
        write_json(work_dir / "manifest.json", manifest)
        rejects: list[dict[str, Any]] = []
        # BLAS and OpenMP threads are pinned, so a machine's core count never changes a table.
        with (threadpool_limits(limits=config.embed.threads),
              executor_session(config.executor, config.ray_address, workers=config.workers or machine_cores(),
                               threads=config.embed.threads) as executor):
            context = StageContext(work_dir, config, executor, show_progress, code=code_fingerprint(), reuse=reuse)
            try:
                for stage in stages:
                    manifest["current_stage"] = stage.name
                    started = time.perf_counter()
                    record = cache.load(stage, fingerprints[stage.name], work_dir) if reuse else None
                    if record is not None:
                        manifest["reused"].append(stage.name)
                        stats = {**record["stats"], "reused": True, "seconds": round(time.perf_counter() - started, 3),
                                 "computed_seconds": record["stats"].get("seconds"),
                                 "peak_memory_mb": record["stats"].get("peak_memory_mb")}
                        rejects += record["rejects"]
                    else:
                        context.rejects = []
                        with PeakMemory() as memory:
                            stats = stage.run(context)
                        stats.update(reused=False, seconds=round(time.perf_counter() - started, 3),
                                     peak_memory_mb=round(memory.peak / 2**20, 1))
                        rejects += context.rejects
                        cache.store(stage, fingerprints[stage.name], work_dir,
                                    {"stats": stats, "rejects": _json_safe(context.rejects)})
                    stats["fingerprint"] = fingerprints[stage.name]
                    manifest["stages"][stage.name] = stats
                    with JsonlStream(work_dir / "rejects.jsonl") as rejects_out:
                        rejects_out.write(rejects)
                    manifest["files"] = list(dict.fromkeys([*manifest["files"], "rejects.jsonl",
                                                            *stage_files(stage, work_dir)]))
                    write_json(work_dir / "manifest.json", manifest)
            except BaseException as error:
                manifest.update(status="failed", error=f"{type(error).__name__}: {error}"[:2000],
                                finished=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
                write_json(work_dir / "manifest.json", manifest)
                raise
            finally:
                context.close()
            manifest.pop("current_stage", None)
        if until == "agree":
            result = read_agreement(work_dir)
            incidents = read_table(work_dir / "incident_summary.parquet")
            figures = manifest["stages"]["agree"].get("figures", [])
            write_text(work_dir / "summary.md", summary_markdown(manifest, incidents, result, figures))
            manifest["files"].append("summary.md")
        manifest["status"] = "finished"
        manifest["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        write_json(work_dir / "manifest.json", manifest)
    if console and until == "agree":
        print_console(incidents, result, run_dir)
    return run_dir


def _json_safe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rejects as the JSON-lines writer writes them (so a reused stage's rejects read back the same)."""
    return [json.loads(json_line(row)) for row in rows]
