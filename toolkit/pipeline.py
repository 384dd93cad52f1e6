"""Running a config: reports -> claims -> embeddings -> incidents -> alignments -> agreement.

The stages are declared in :mod:`toolkit.stages` and run by :mod:`toolkit.runner`; this
module resolves the config (every component and input checked before the first stage)
and offers what works on a finished run (fitting the pair model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.cluster import candidate_graph
from toolkit.cluster.pair_model import fit_pair_model
from toolkit.config import RunConfig, build_config, load_config
from toolkit.ingest import InputFileError
from toolkit.ingest.readers import resolve_input_path
from toolkit.runner import run_stages

Stage = Literal["extract", "cluster", "agree"]


def run_pipeline(config: RunConfig | str | Path, out_dir: str | Path | None = None,
                 overrides: list[str] | None = None, until: Stage = "agree",
                 show_progress: bool = True, console: bool = False, reuse: bool = True,
                 force: bool = False) -> Path:
    """Run the stages up to ``until`` and write the run directory; returns its path.

    ``reuse=False`` recomputes every stage instead of taking unchanged ones from the stage cache;
    ``force=True`` writes into a non-empty directory that is not a CrossTally run (beside its
    files, never over them; see :mod:`toolkit.run_directory`).

    Example:
        >>> import toolkit
        >>> path = toolkit.run("configs/demo.yaml", out_dir="runs/demo")  # doctest: +SKIP
        >>> toolkit.load_run(path).agreement_summary["alpha"]  # doctest: +SKIP
    """
    if not isinstance(config, RunConfig):
        config = load_config(config, overrides)
    elif overrides:
        config = build_config(config.model_dump(mode="json"), overrides)
    input_path = resolve_input_path(config.input.path)
    if not input_path.exists():
        raise InputFileError(f"input {input_path} does not exist")
    if not (input_path.is_file() or input_path.is_dir()):  # a device or a pipe would never end
        raise InputFileError(f"input {input_path} is not a regular file or a dataset directory")
    run_dir = Path(out_dir) if out_dir is not None else Path("runs") / config.name
    return run_stages(config, run_dir, until, show_progress=show_progress, console=console, reuse=reuse,
                      force=force)


def fit_from_run(run_dir: str | Path, gold: dict[str, str]) -> dict[str, Any]:
    """Fit the pair model on a finished run's candidate pairs, labelled by gold incidents
    (pairs with a report outside the gold are left out), from the run's own embeddings."""
    from toolkit.runs import load_run

    run = load_run(run_dir)
    vectors = np.load(Path(run_dir) / "embeddings.npy")
    i, j, features = candidate_graph(run.reports, vectors, run.claims, run.config.cluster)
    incident = run.reports["report_id"].astype(str).map(gold)
    in_gold = incident.notna().to_numpy()
    codes = pd.factorize(incident)[0]
    known = in_gold[i] & in_gold[j]
    if not known.any():
        raise ValueError("no candidate pair has both reports in the gold incidents")
    labels = codes[i[known]] == codes[j[known]]
    return fit_pair_model(features[known], labels)
