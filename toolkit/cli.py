"""The ``crosstally`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from toolkit.config import ConfigError, RunConfig, build_config
from toolkit.embed import MissingModelError
from toolkit.ingest import InputFileError
from toolkit.registry import UnknownComponentError

app = typer.Typer(help="CrossTally: compare counted claims across Arabic and English reports.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Evaluate a run or a stage against gold annotations.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

USER_ERRORS = (ConfigError, InputFileError, MissingModelError, UnknownComponentError,
               FileNotFoundError)

SetOption = Annotated[Optional[list[str]], typer.Option(
    "--set", help="Override a config value, e.g. --set cluster.threshold=0.6 (repeatable).")]


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=2)


def _run(config: RunConfig | Path, out: Path | None, overrides: list[str] | None, until: str = "agree") -> Path:
    from toolkit.pipeline import run_pipeline

    try:
        return run_pipeline(config, out_dir=out, overrides=overrides, until=until, console=until == "agree")
    except USER_ERRORS as error:
        _fail(error)
        raise  # unreachable; keeps type checkers content


def demo_config_path() -> Path:
    """configs/demo.yaml of the checkout the toolkit runs from, else of the working directory."""
    for root in (Path(__file__).resolve().parent.parent, Path.cwd()):
        candidate = root / "configs" / "demo.yaml"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("configs/demo.yaml not found: run from a CrossTally checkout")


@app.command()
def run(config: Annotated[Path, typer.Argument(help="Experiment config (YAML).")],
        set_: SetOption = None,
        out: Annotated[Optional[Path], typer.Option(help="Run directory (default runs/NAME).")] = None) -> None:
    """Run a configured experiment end to end and write its run directory."""
    _run(config, out, set_)


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Run directory.")] = Path("runs/demo"),
         set_: SetOption = None) -> None:
    """Run the bilingual demo (configs/demo.yaml) on the embedded default encoder."""
    try:
        path = demo_config_path()
    except FileNotFoundError as error:
        _fail(error)
    _run(path, out, set_)


def _stage_config(input_path: Path, overrides: list[str] | None) -> RunConfig:
    try:
        return build_config({"input": {"path": str(input_path.resolve())}}, overrides)
    except ConfigError as error:
        _fail(error)
        raise


InputArgument = Annotated[Path, typer.Argument(metavar="INPUT", help="Reports file (CSV/JSONL/Parquet).")]
OutOption = Annotated[Path, typer.Option(help="Output directory.")]


def _run_stage(input_path: Path, out: Path, overrides: list[str] | None, until: str, table: str) -> None:
    try:
        config = build_config({"input": {"path": str(input_path.resolve())}}, overrides)
    except ConfigError as error:
        _fail(error)
    path = _run(config, out, None, until=until)
    typer.echo(f"{table} written to {path / (table + '.parquet')}")


@app.command()
def extract(input_path: InputArgument, out: OutOption, set_: SetOption = None) -> None:
    """Ingest a reports file and extract its claims (reports, claims, rejects)."""
    _run_stage(input_path, out, set_, "extract", "claims")


@app.command()
def cluster(input_path: InputArgument, out: OutOption, set_: SetOption = None) -> None:
    """Ingest a reports file and group its reports into incidents."""
    _run_stage(input_path, out, set_, "cluster", "incidents")


def _read_assignment(path: Path, id_column: str, cluster_column: str) -> dict[str, str]:
    import pandas as pd

    if path.is_dir():
        path = path / "incidents.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str)
    missing = {id_column, cluster_column} - set(frame.columns)
    if missing:
        raise InputFileError(f"{path} lacks columns {', '.join(sorted(missing))}")
    return dict(zip(frame[id_column].astype(str), frame[cluster_column].astype(str)))


@eval_app.command("clustering")
def eval_clustering(
        predicted: Annotated[Path, typer.Argument(metavar="RUN_OR_INCIDENTS", help="Run directory or incidents table.")],
        gold: Annotated[Path, typer.Option(help="Gold CSV with report_id and incident_id.")],
        out: Annotated[Optional[Path], typer.Option(help="Directory for clustering.json.")] = None) -> None:
    """B-cubed, pairwise F1, ARI and AMI of incidents against gold."""
    from toolkit.evaluate.clustering import clustering_scores
    from toolkit.io import write_json

    try:
        scores = clustering_scores(_read_assignment(gold, "report_id", "incident_id"),
                                   _read_assignment(predicted, "report_id", "incident_id"))
    except (*USER_ERRORS, ValueError) as error:
        _fail(error)
    typer.echo(json.dumps(scores, indent=2))
    if out is not None:
        write_json(out / "clustering.json", scores)


def main() -> None:  # pragma: no cover - console entry point alias
    app(prog_name="crosstally")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
