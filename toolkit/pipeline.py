"""The runner: reports -> claims -> embeddings -> incidents -> alignments -> agreement,
writing one run directory (see :mod:`toolkit.runs`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from toolkit import schema
from toolkit.agree import agree
from toolkit.agree.export import write_agreement
from toolkit.align import align_claims
from toolkit.cluster import cluster_reports, incident_table
from toolkit.config import RunConfig, config_to_yaml, load_config
from toolkit.embed import CachedEncoder, make_cached_encoder
from toolkit.extract import extract_claims, make_extractor
from toolkit.extract.report_counts import report_counts
from toolkit.ingest import InputFileError, iter_ingest
from toolkit.ingest.readers import resolve_input_path
from toolkit.io import (
    JsonlStream,
    ParquetStream,
    read_table,
    write_json,
    write_table,
    write_text,
)
from toolkit.report import print_console, summary_markdown
from toolkit.cluster.pair_model import load_pair_model
from toolkit.runs import new_manifest, sha256_of

Stage = Literal["extract", "cluster", "agree"]
STAGE_ORDER = ("extract", "cluster", "agree")


def report_texts(reports: pd.DataFrame, normalised: bool, max_chars: int) -> list[str]:
    """What the encoder sees of each report: title and text, cut to ``max_chars``."""
    body = reports["text_normalised"] if normalised else reports["text"]
    titles = reports["title"].fillna("")
    return [(f"{title}\n{text}" if title else text)[:max_chars] for title, text in zip(titles, body)]


def report_vectors(encoder: CachedEncoder, reports: pd.DataFrame, config: RunConfig,
                   show_progress: bool = False) -> np.ndarray:
    """The report embeddings clustering compares, as the config asks for them."""
    texts = report_texts(reports, config.embed.normalise_text, config.embed.max_chars)
    return encoder.encode(texts, batch_size=config.embed.batch_size, show_progress_bar=show_progress)


OUTPUT_FILES = ("summary.md", "agreement_summary.json", "report_counts.parquet")
OUTPUT_FOLDERS = ("figures", "tables")


def remove_outputs(run_dir: Path) -> None:
    """Remove the outputs an earlier run left in the directory, so that a run that stops
    earlier (``crosstally extract``) or draws fewer figures is never mixed with stale ones.
    Only the toolkit's own output names are touched."""
    from toolkit.agree.export import TABLES as AGREEMENT_TABLES
    from toolkit.runs import TABLES as RUN_TABLES

    names = [*OUTPUT_FILES, *RUN_TABLES.values()]
    names += [f"{stem}.csv" for stem, _schema in AGREEMENT_TABLES.values()]
    for name in names:
        (run_dir / name).unlink(missing_ok=True)
    for leftover in [*run_dir.glob(".*.tmp"), *run_dir.glob(".*.part")]:
        leftover.unlink()  # temporary files of a killed run
    for folder in OUTPUT_FOLDERS:
        for path in (run_dir / folder).glob("*"):
            if path.is_file() and path.suffix in {".png", ".svg", ".tex"}:
                path.unlink()


def run_fingerprint(config: RunConfig, manifest: dict) -> str:
    """What decides a run's tables: the resolved config, the inputs' hashes, the toolkit's version."""
    key = json.dumps({"config": config.model_dump(mode="json"), "inputs": manifest["inputs"],
                      "version": manifest["toolkit_version"], "git": manifest["git"]}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()


def interrupted_run(run_dir: Path, fingerprint: str) -> dict | None:
    """The manifest of an unfinished run of the same fingerprint that got past extraction, if any.

    A finished run is never reused: rerunning it recomputes everything."""
    path = run_dir / "manifest.json"
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    complete = {"ingest", "extract"} <= set(previous.get("stages", {}))
    files = all((run_dir / name).exists() for name in ("reports.parquet", "claims.parquet", "rejects.jsonl"))
    if previous.get("status") != "finished" and previous.get("fingerprint") == fingerprint and complete and files:
        return previous
    return None


def ingest_and_extract(config: RunConfig, run_dir: Path, show_progress: bool) -> dict[str, dict]:
    """Ingest and extraction, streamed ``config.ingest.batch_rows`` rows at a time: the
    tables are written batch by batch, so an input larger than memory goes through.

    Returns the manifest's counts of both stages; each adds up
    (``rows_in = rows_out + rejected``, in input rows for ingest and reports for extraction).
    """
    extract_batch = _batch_extractor(config)
    ingested = {"rows_in": 0, "rows_out": 0, "rejected": 0}
    extracted = {"rows_in": 0, "rows_out": 0, "rejected": 0, "claims": 0, "reports_with_claims": 0}
    with (ParquetStream(run_dir / "reports.parquet", schema.REPORTS) as reports_out,
          ParquetStream(run_dir / "claims.parquet", schema.CLAIMS) as claims_out,
          ParquetStream(run_dir / "report_counts.parquet", schema.REPORT_COUNTS) as counts_out,
          JsonlStream(run_dir / "rejects.jsonl") as rejects_out,
          tqdm(desc="ingest+extract", unit="row", disable=not show_progress, delay=2.0) as progress):
        for batch in iter_ingest(config.input, config.ingest, check_fields=_ray_field_checker(config)):
            failed: list[dict] = []
            claims = extract_batch(batch.reports, failed)
            reports_out.write(batch.reports)
            claims_out.write(claims)
            counts_out.write(report_counts(claims))
            rejects_out.write(batch.rejects + failed)
            _add_counts(ingested, batch.n_rows, len(batch.reports), len(batch.rejects))
            _add_counts(extracted, len(batch.reports), len(batch.reports) - len(failed), len(failed))
            extracted["claims"] += len(claims)
            extracted["reports_with_claims"] += int(claims["report_id"].nunique())
            progress.update(batch.n_rows)
    return {"ingest": ingested, "extract": extracted}


def _batch_extractor(config: RunConfig) -> Callable[[pd.DataFrame, list[dict]], pd.DataFrame]:
    """Extraction of one batch of reports (failures go to the list), here or on Ray."""
    if config.executor == "ray":
        from toolkit.ray_executor import extract_with_ray

        return lambda reports, failed: extract_with_ray(reports, config.extract, failed)
    model = make_extractor(config.extract.extractor, vague_bounds=config.extract.vague_bounds)
    return lambda reports, failed: extract_claims(reports, model, show_progress_bar=False, rejects=failed)


def _ray_field_checker(config: RunConfig):
    if config.executor != "ray":
        return None
    from toolkit.ray_executor import check_rows_with_ray

    return check_rows_with_ray


def _add_counts(counts: dict[str, int], rows_in: int, rows_out: int, rejected: int) -> None:
    counts["rows_in"] += rows_in
    counts["rows_out"] += rows_out
    counts["rejected"] += rejected


def make_encoder_for(config: RunConfig) -> CachedEncoder:
    options = {"threads": config.embed.threads}
    if config.embed.encoder == "sentence-transformers":
        options.update(model=config.embed.model, trust_remote_code=config.embed.trust_remote_code)
    return make_cached_encoder(config.embed.encoder, config.embed.cache_dir, on_ray=config.executor == "ray",
                               **options)


def run_pipeline(config: RunConfig | str | Path, out_dir: str | Path | None = None,
                 overrides: list[str] | None = None, until: Stage = "agree",
                 show_progress: bool = True, console: bool = False) -> Path:
    """Run the stages up to ``until`` and write the run directory; returns its path.

    Example:
        >>> import toolkit
        >>> path = toolkit.run("configs/demo.yaml", out_dir="runs/demo")  # doctest: +SKIP
        >>> toolkit.load_run(path).agreement_summary["alpha"]  # doctest: +SKIP
    """
    if not isinstance(config, RunConfig):
        config = load_config(config, overrides)
    elif overrides:
        from toolkit.config import build_config

        config = build_config(config.model_dump(mode="json"), overrides)
    random.seed(config.seed)
    np.random.seed(config.seed)
    run_dir = Path(out_dir) if out_dir is not None else Path("runs") / config.name
    # BLAS and OpenMP threads are pinned, so a machine's core count never changes a table.
    with threadpool_limits(limits=config.embed.threads), _executor_session(config):
        _run_stages(config, run_dir, until, show_progress, console)
    return run_dir


@contextmanager
def _executor_session(config: RunConfig) -> Iterator[None]:
    if config.executor != "ray":
        yield
        return
    from toolkit.ray_executor import ray_session

    with ray_session(config.ray_address):
        yield


def _run_stages(config: RunConfig, run_dir: Path, until: Stage, show_progress: bool, console: bool) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    input_path = resolve_input_path(config.input.path)
    if not input_path.exists():
        raise InputFileError(f"input {input_path} does not exist")
    manifest = new_manifest(config, input_path)
    if config.cluster.pair_model and STAGE_ORDER.index(until) >= 1:
        load_pair_model(config.cluster.pair_model)  # fail before the long stages, not after
        manifest["inputs"][config.cluster.pair_model] = sha256_of(Path(config.cluster.pair_model))
    manifest["fingerprint"] = run_fingerprint(config, manifest)
    stages = manifest["stages"]
    interrupted = interrupted_run(run_dir, manifest["fingerprint"])
    write_text(run_dir / "config.yaml", config_to_yaml(config))

    if interrupted is not None:
        # Same config, same input, same toolkit: what the killed run finished is reused.
        stages.update({stage: interrupted["stages"][stage] for stage in ("ingest", "extract")})
        manifest["resumed"] = ["ingest", "extract"]
    else:
        remove_outputs(run_dir)
        write_json(run_dir / "manifest.json", manifest)
        stages.update(ingest_and_extract(config, run_dir, show_progress))
    write_json(run_dir / "manifest.json", manifest)

    if STAGE_ORDER.index(until) >= 1:
        reports, claims = read_table(run_dir / "reports.parquet"), read_table(run_dir / "claims.parquet")
        encoder = make_encoder_for(config)
        vectors = report_vectors(encoder, reports, config, show_progress)
        stages["embed"] = {"rows_in": len(reports), "rows_out": len(vectors), "rejected": 0,
                           "encoder": encoder.id, "encoder_version": encoder.version,
                           "cache": str(encoder.cache.path) if encoder.cache else None, **encoder.last_stats}
        members = cluster_reports(reports, vectors, config.cluster, claims,
                                  show_progress=show_progress and len(reports) > 5000, on_ray=config.executor == "ray")
        incidents = incident_table(members, reports, claims)
        write_table(run_dir / "incidents.parquet", members, schema.INCIDENT_MEMBERS)
        write_table(run_dir / "incident_summary.parquet", incidents, schema.INCIDENTS)
        stages["cluster"] = {"rows_in": len(reports), "rows_out": len(members), "rejected": 0,
                             "incidents": len(incidents)}

    if until == "agree":
        def encode_sentences(texts: list[str]) -> np.ndarray:
            return encoder.encode(texts, batch_size=config.embed.batch_size,
                                  show_progress_bar=show_progress)

        alignments = align_claims(claims, members, encode_sentences, config.align)
        write_table(run_dir / "alignments.parquet", alignments, schema.ALIGNMENTS)
        stages["align"] = {"rows_in": len(claims), "rows_out": len(claims), "rejected": 0,
                           "alignments": len(alignments)}

        result = agree(claims, members, reports, config.agree, seed=config.seed, incidents=incidents)
        figures = write_agreement(result, run_dir)
        stages["agree"] = {"rows_in": len(result.source_counts), "rows_out": len(result.source_counts),
                           "rejected": 0, "units": len(result.units)}
        write_text(run_dir / "summary.md", summary_markdown(manifest, incidents, result, figures))
        if console:
            print_console(incidents, result, run_dir)

    if STAGE_ORDER.index(until) >= 1:
        encoder.close()
    manifest["status"] = "finished"
    manifest["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    write_json(run_dir / "manifest.json", manifest)
