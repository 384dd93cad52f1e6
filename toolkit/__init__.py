"""CrossTally: align counted claims across Arabic and English reports, cluster
reports into incidents and score how far sources' counts agree.

The public entry points are :func:`toolkit.run` (one configured experiment),
:func:`toolkit.load_run` (a finished run back as tables) and the stage
subpackages ``ingest``, ``extract``, ``embed``, ``cluster``, ``align`` and
``agree``.
"""

from toolkit.version import CITATION, __version__

__all__ = ["CITATION", "__version__", "load_run", "run"]


def run(config, out_dir=None, overrides=None):
    """Run a configured experiment; see :func:`toolkit.pipeline.run_pipeline`."""
    from toolkit.pipeline import run_pipeline

    return run_pipeline(config, out_dir=out_dir, overrides=overrides)


def load_run(path):
    """Load a finished run directory; see :func:`toolkit.runs.load_run`."""
    from toolkit.runs import load_run as _load_run

    return _load_run(path)
