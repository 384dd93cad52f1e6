"""The run directory a run may write into, and what it may remove there.

A run writes only into a directory that is new, empty, or a CrossTally run (it holds our
``manifest.json``). Anything else stops the run before it writes anything, naming the
directory; ``--force`` writes beside the files of such a directory but still never
deletes or overwrites a file the run did not write (a name it would write that exists
there already stops the run). Before a new run into an earlier run's directory, the files
that run's manifest lists as its own, and the temporaries beside them, are removed, so no
stale table or figure survives; nothing else is touched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any



class RunDirectoryError(OSError):
    """The run directory cannot be used; the message names it and says what to do."""


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


def remove_previous_outputs(run_dir: Path, previous: dict[str, Any] | None) -> None:
    """Remove what the earlier run in ``run_dir`` wrote (the files its manifest lists, or for a
    manifest without a list the layout's names) and the temporaries beside them."""
    if previous is None:
        return
    listed = previous.get("files")
    ours = [name for name in listed if _inside(name)] if isinstance(listed, list) else layout_files()
    for name in ours:
        if name != "manifest.json":
            (run_dir / name).unlink(missing_ok=True)
    for name in dict.fromkeys([*ours, *layout_files()]):  # temporaries of our files, left by a killed run
        path = run_dir / name
        for temporary in [*path.parent.glob(f".{path.name}.*.tmp"), *path.parent.glob(f".{path.name}.*.part")]:
            temporary.unlink(missing_ok=True)


def _inside(name: Any) -> bool:
    """A relative name that stays inside the run directory (a manifest is data, not trusted)."""
    if not isinstance(name, str) or not name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name
