"""The run directory a run may write into, and what it may remove there.

A run writes only into a directory that is new, empty, or a CrossTally run (it holds our
``manifest.json``). Anything else stops the run before it writes anything, naming the
directory; ``--force`` writes beside the files of such a directory but still never
deletes or overwrites a file the run did not write (a name it would write that exists
there already stops the run). A new run into an earlier run's directory first sets that
run's files (those its manifest lists that a run can write) aside in :data:`ASIDE`: once
the new run has finished they are deleted, so no stale table or figure survives; if it
fails, its own files are removed and the earlier run's are put back, so a failed rerun
never costs a finished run (the failed run's finished stages stay in the stage cache).
Nothing else in the directory is touched, whatever a manifest lists.

Commands that write single results (``eval ... --out DIR``, ``sweep``, ``fit-pair-model``)
follow the same rule through :func:`check_outputs`, :func:`write_outputs` and
:func:`check_output_file`: they replace a file only if a CrossTally command wrote it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Where an earlier run's files wait while a new run works in its directory.
ASIDE = ".crosstally-earlier-run"
# The files that commands writing single results put into a directory (JSON list of names).
LEDGER = ".crosstally-outputs.json"


class RunDirectoryError(OSError):
    """A run directory or output file cannot be used; the message names it and says what to do."""


def layout_files() -> list[str]:
    """Every file name a run can write."""
    from toolkit.stages import RUN_FILES, STAGES  # the stages' code is not needed to name an error

    return [*RUN_FILES, *(name for stage in STAGES for name in stage.writes)]


def previous_run(run_dir: Path) -> dict[str, Any] | None:
    """The manifest of the CrossTally run in ``run_dir``, or None if it holds none."""
    try:
        manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("toolkit") == "crosstally" else None


def open_run_directory(run_dir: Path, force: bool = False) -> dict[str, Any] | None:
    """Check that a run may write into ``run_dir`` (creating it if new); the earlier run's manifest."""
    if run_dir.exists() and not run_dir.is_dir():
        raise RunDirectoryError(f"run directory {run_dir} is a file; choose a directory with --out")
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RunDirectoryError(f"cannot create run directory {run_dir}: {error.strerror or error}") from None
    previous = previous_run(run_dir)
    if previous is None and any(run_dir.iterdir()):
        if not force:
            raise RunDirectoryError(
                f"{run_dir} is not empty and is not a CrossTally run (it has no manifest.json of ours): "
                "choose a new or empty directory with --out, or pass --force to write beside its files "
                "(none of them is deleted or overwritten)")
        taken = [name for name in layout_files() if (run_dir / name).exists()]
        if taken:
            raise RunDirectoryError(f"{run_dir} already holds {', '.join(taken[:5])}"
                                    f"{' ...' if len(taken) > 5 else ''}, which this run would overwrite; "
                                    "choose another directory with --out")
    probe = run_dir / f".crosstally-write-test.{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise RunDirectoryError(f"cannot write into run directory {run_dir}: {error.strerror or error}") from None
    return previous


@contextmanager
def replacing_previous_run(run_dir: Path, previous: dict[str, Any] | None, inputs: Iterable[Path]) -> Iterator[None]:
    """Set the earlier run's files aside while the new run works (see the module docstring).

    An input that is one of those files (a run's reports.parquet given back to a run into the
    same directory) stops the run before anything moves."""
    if previous is None:
        yield
        return
    ours = previous_files(previous)
    resolved = {Path(path).resolve() for path in inputs}
    clash = [name for name in ours if (run_dir / name).resolve() in resolved and (run_dir / name).exists()]
    if clash:
        raise RunDirectoryError(f"the input {run_dir / clash[0]} is a file of the earlier run in {run_dir}, "
                                "which this run would replace: copy it elsewhere first, or choose another --out")
    aside = run_dir / ASIDE
    if aside.is_dir() and previous.get("status") == "finished":
        shutil.rmtree(aside)  # left by a run killed just after it finished: nothing to keep there
    if aside.is_dir():  # the earlier run was killed while an older one waited here: keep the older one
        _remove(run_dir, ours)
    else:
        for name in ours:
            if (run_dir / name).is_file():
                (aside / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(run_dir / name, aside / name)
    _remove_temporaries(run_dir, ours)
    there_before = {name for name in layout_files() if (run_dir / name).exists()}
    try:
        yield
    except BaseException:
        _remove(run_dir, [name for name in layout_files() if name not in there_before])
        for path in sorted(aside.rglob("*")):
            if path.is_file():
                os.replace(path, run_dir / path.relative_to(aside))
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def previous_files(previous: dict[str, Any]) -> list[str]:
    """The files an earlier run wrote: those its manifest lists (or, without a list, every name)
    that a run can write; a manifest is data, so a name outside the layout is never ours."""
    layout = layout_files()
    listed = previous.get("files")
    return [name for name in layout if name in listed] if isinstance(listed, list) else layout


def _remove(run_dir: Path, names: Iterable[str]) -> None:
    for name in names:
        (run_dir / name).unlink(missing_ok=True)
    _remove_temporaries(run_dir, names)


def _remove_temporaries(run_dir: Path, names: Iterable[str]) -> None:
    """The temporaries of our files (and of every layout name) left by a killed run."""
    for name in dict.fromkeys([*names, *layout_files()]):
        path = run_dir / name
        for temporary in [*path.parent.glob(f".{path.name}.*.tmp"), *path.parent.glob(f".{path.name}.*.part")]:
            temporary.unlink(missing_ok=True)


def check_outputs(directory: Path, names: list[str]) -> None:
    """Check, before any work and without writing, that a command may write ``names`` into
    ``directory``: each is new, or a file a CrossTally command wrote there (see :func:`write_outputs`)."""
    if directory.exists() and not directory.is_dir():
        raise RunDirectoryError(f"{directory} is a file; give --out a directory")
    listed = _ledger(directory)
    for name in names:
        path = directory / name
        if path.is_dir() or (path.exists() and name not in listed):
            raise RunDirectoryError(f"{path} exists and was not written by CrossTally: choose another --out "
                                    "(nothing is overwritten that a CrossTally command did not write)")


def write_outputs(directory: Path, files: dict[str, str]) -> None:
    """Write result files (name -> text) into ``directory``, listing them in :data:`LEDGER` first
    so that the command may write them again; checked again here, in case a file appeared."""
    from toolkit.io import write_text

    check_outputs(directory, list(files))
    mark_outputs(directory, list(files))
    for name, text in files.items():
        write_text(directory / name, text)


def mark_outputs(directory: Path, names: list[str]) -> None:
    """List ``names`` in ``directory``'s :data:`LEDGER`, creating it (a caller checks first with
    :func:`check_outputs`)."""
    from toolkit.io import write_json

    directory.mkdir(parents=True, exist_ok=True)
    write_json(directory / LEDGER, list(dict.fromkeys([*_ledger(directory), *names])))


def _ledger(directory: Path) -> list[str]:
    try:
        listed = json.loads((directory / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []


def check_output_file(path: Path, is_ours: Callable[[Path], bool], kind: str) -> None:
    """A command that writes one file may replace only a file of the same ``kind`` (``is_ours``)."""
    if path.is_dir():
        raise RunDirectoryError(f"--out {path} is a directory; give the {kind} a file name")
    if path.exists() and not is_ours(path):
        raise RunDirectoryError(f"{path} exists and is not a {kind}: choose another --out "
                                "(nothing is overwritten that a CrossTally command did not write)")
