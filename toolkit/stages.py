"""The stages of a run, each declaring the files it reads and writes (the run-directory layout).

    ingest ─► extract ─┬─────────────► cluster ─► align
           └─► embed ──┘                 └──────► agree

A stage's outputs are decided by its parents' outputs, the config keys it names in
``settings`` (its section, whose components' names, versions and settings are part of
it), the files named in ``inputs`` and the toolkit's code: together they make its
fingerprint (:mod:`toolkit.runner`), under which its outputs are cached and reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from toolkit import schema
from toolkit.agree.compute import agree
from toolkit.agree.reference import load_reference
from toolkit.agree.export import TABLES as AGREEMENT_TABLES
from toolkit.agree.export import TEX_TABLES, write_agreement
from toolkit.agree.figures import FIGURE_FILES
from toolkit.align import align_claims
from toolkit.cluster import cluster_reports, incident_table
from toolkit.config import RunConfig
from toolkit.embed import CachedEncoder
from toolkit.embed.report_vectors import report_vectors_of
from toolkit.embed.cache import default_cache_dir
from toolkit.executors import Executor
from toolkit.extract import REPORT_FIELDS, Extractor
from toolkit.extract.cache import ClaimCache, decoded, report_key
from toolkit.extract.claims import extract_encoded, extraction_reject
from toolkit.extract.report_counts import report_counts
from toolkit.ingest import iter_ingest
from toolkit.ingest.readers import resolve_input_path
from toolkit.io import ParquetStream, atomic_path, read_table, write_table

EXTRACT_BATCH_REPORTS = 64  # reports per executor call in extraction


@dataclass
class StageContext:
    """What a stage runs with: the run directory it writes into and the run's shared state."""

    run_dir: Path
    config: RunConfig
    executor: Executor
    show_progress: bool = False
    code: str = ""  # the toolkit's code fingerprint (keys the claims cache)
    reuse: bool = True  # False: nothing cached is read (the claims cache is still written)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    _encoder: CachedEncoder | None = None
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """A table an earlier stage wrote, read once per run (each is written once, before it is read)."""
        if name not in self._tables:
            self._tables[name] = read_table(self.run_dir / name)
        return self._tables[name]

    def encoder(self) -> CachedEncoder:
        """The run's cached encoder, built on first use and shared by the stages that need it."""
        if self._encoder is None:
            self._encoder = make_cached_encoder_for(self.config, self.executor)
        return self._encoder

    def close(self) -> None:
        if self._encoder is not None:
            self._encoder.close()


@dataclass(frozen=True)
class Stage:
    """One stage: its name, the stages whose outputs it reads, and what it writes."""

    name: str
    parents: tuple[str, ...]
    writes: tuple[str, ...]  # the files it may write, relative to the run directory
    settings: Callable[[RunConfig], dict[str, Any]]
    run: Callable[[StageContext], dict[str, Any]]
    inputs: Callable[[RunConfig], list[Path]] = lambda config: []
    check: Callable[[RunConfig], None] = lambda config: None  # fails before any stage runs


def make_cached_encoder_for(config: RunConfig, executor: Executor | None = None) -> CachedEncoder:
    """The config's encoder with the embedding cache (missing batches encoded through ``executor``)."""
    encoder = config.embed.build("encoder", threads=config.embed.threads)
    return CachedEncoder(encoder, config.embed.cache_dir or default_cache_dir(), executor)


def report_vectors(encoder: CachedEncoder, reports: pd.DataFrame, config: RunConfig,
                   show_progress: bool = False) -> np.ndarray:
    """The report embeddings clustering compares, as the config asks for them (``embed.report_text``)."""
    embed = config.embed
    return report_vectors_of(encoder, reports, normalised=embed.normalise_text, max_chars=embed.max_chars,
                             strategy=embed.report_text, max_chunks=embed.max_chunks,
                             title_weight=embed.title_weight, batch_size=embed.batch_size,
                             show_progress=show_progress)


def _counts(rows_in: int, rows_out: int, rejected: int, **more: Any) -> dict[str, Any]:
    return {"rows_in": rows_in, "rows_out": rows_out, "rejected": rejected, **more}


def run_ingest(context: StageContext) -> dict[str, Any]:
    """Read and validate the input, ``ingest.batch_rows`` rows at a time, into reports.parquet."""
    config = context.config
    rows_in = rows_out = rejected = 0
    with ParquetStream(context.run_dir / "reports.parquet", schema.REPORTS) as reports_out:
        for batch in iter_ingest(config.input, config.ingest, executor=context.executor):
            reports_out.write(batch.reports)
            context.rejects.extend(batch.rejects)
            rows_in, rows_out, rejected = rows_in + batch.n_rows, rows_out + len(batch.reports), rejected + len(batch.rejects)
    return _counts(rows_in, rows_out, rejected)


def extractor_key(config: RunConfig, code: str) -> str:
    """What a report's claims depend on besides the report: the extract section and the code."""
    settings = json.dumps({"extract": _section("extract")(config), "code": code}, sort_keys=True)
    return hashlib.sha256(settings.encode()).hexdigest()


def run_extract(context: StageContext) -> dict[str, Any]:
    """Claims and per-report counts of every report, read back from reports.parquet in batches.

    A report whose claims the claims cache holds (same fields, same extractor, same code) is not
    extracted again, so a run over a grown corpus extracts only the new reports (a run that
    reuses nothing, ``--fresh``, extracts every report)."""
    config = context.config
    extractor = config.extract.build("extractor")
    cache = ClaimCache(config.embed.cache_dir or default_cache_dir(), extractor_key(config, context.code))
    stats = _counts(0, 0, 0, claims=0, reports_with_claims=0, extracted=0)
    reports_file = pq.ParquetFile(context.run_dir / "reports.parquet")
    columns = [name for name in REPORT_FIELDS if name in reports_file.schema_arrow.names]
    try:
        with (ParquetStream(context.run_dir / "claims.parquet", schema.CLAIMS) as claims_out,
              ParquetStream(context.run_dir / "report_counts.parquet", schema.REPORT_COUNTS) as counts_out):
            for record_batch in reports_file.iter_batches(batch_size=config.ingest.batch_rows, columns=columns):
                records = record_batch.to_pandas().to_dict("records")
                results, extracted = _extraction_results(context, extractor, cache, records)
                rows: list[dict[str, Any]] = []
                for record, (kind, value) in zip(records, results):
                    if kind == "claims":
                        rows.extend(value)
                    else:
                        context.rejects.append(extraction_reject(record["report_id"], value))
                        stats["rejected"] += 1
                claims = pd.DataFrame(rows, columns=schema.CLAIMS.names) if rows \
                    else schema.CLAIMS.empty_table().to_pandas()
                claims_out.write(claims)
                counts_out.write(report_counts(claims))
                stats["rows_in"] += len(records)
                stats["extracted"] += extracted
                stats["claims"] += len(claims)
                stats["reports_with_claims"] += int(claims["report_id"].nunique())
    finally:
        cache.close()
    stats["rows_out"] = stats["rows_in"] - stats["rejected"]
    return stats


def _extraction_results(context: StageContext, extractor: Extractor, cache: ClaimCache,
                        records: list[dict[str, Any]]) -> tuple[list[tuple[str, Any]], int]:
    """Each record's ``("claims", rows)`` or ``("failed", reason)``, from the claims cache where it
    holds the report, else extracted on the executor; and how many were extracted."""
    keys = [report_key(record) for record in records]
    results = cache.get(keys) if context.reuse else {}
    missing = [number for number, key in enumerate(keys) if key not in results]
    parts = [missing[start:start + EXTRACT_BATCH_REPORTS] for start in range(0, len(missing), EXTRACT_BATCH_REPORTS)]
    done = context.executor.imap(partial(extract_encoded, extractor),
                                 [[records[number] for number in part] for part in parts],
                                 progress="extract" if context.show_progress else None)
    for part, encoded in zip(parts, done):
        new = {keys[number]: result for number, result in zip(part, encoded)}
        cache.put(new)  # committed now: a crash keeps the finished parts
        results.update({key: decoded(result) for key, result in new.items()})
    return [results[key] for key in keys], len(missing)


def run_embed(context: StageContext) -> dict[str, Any]:
    """The report vectors clustering compares, as embeddings.npy (row i: reports.parquet row i)."""
    reports = context.table("reports.parquet")
    encoder = context.encoder()
    vectors = report_vectors(encoder, reports, context.config, context.show_progress)
    with atomic_path(context.run_dir / "embeddings.npy") as temporary:
        with open(temporary, "wb") as handle:
            np.save(handle, np.ascontiguousarray(vectors, dtype=np.float32))
    return _counts(len(reports), len(vectors), 0, encoder=encoder.id, encoder_version=encoder.version,
                   cache=str(encoder.cache.path) if encoder.cache else None, **encoder.last_stats)


def run_cluster(context: StageContext) -> dict[str, Any]:
    reports, claims = context.table("reports.parquet"), context.table("claims.parquet")
    vectors = np.load(context.run_dir / "embeddings.npy")
    members = cluster_reports(reports, vectors, context.config.cluster, claims,
                              show_progress=context.show_progress and len(reports) > 5000,
                              executor=context.executor)
    incidents = incident_table(members, reports, claims)
    write_table(context.run_dir / "incidents.parquet", members, schema.INCIDENT_MEMBERS)
    write_table(context.run_dir / "incident_summary.parquet", incidents, schema.INCIDENTS)
    return _counts(len(reports), len(members), 0, incidents=len(incidents))


def run_align(context: StageContext) -> dict[str, Any]:
    claims, members = context.table("claims.parquet"), context.table("incidents.parquet")
    encoder, config = context.encoder(), context.config
    sentence_stats = {"sentences": 0, "unique_sentences": 0, "sentences_encoded": 0}  # for the manifest

    def encode_sentences(texts: list[str]) -> np.ndarray:
        vectors = encoder.encode(texts, batch_size=config.embed.batch_size, show_progress_bar=context.show_progress)
        stats = encoder.last_stats
        sentence_stats["sentences"] += stats["texts"]
        sentence_stats["unique_sentences"] += stats["unique_texts"]
        sentence_stats["sentences_encoded"] += stats["encoded"]
        return vectors

    alignments = align_claims(claims, members, encode_sentences, config.align)
    write_table(context.run_dir / "alignments.parquet", alignments, schema.ALIGNMENTS)
    return _counts(len(claims), len(claims), 0, alignments=len(alignments), **sentence_stats)


def run_agree(context: StageContext) -> dict[str, Any]:
    config = context.config
    result = agree(context.table("claims.parquet"), context.table("incidents.parquet"),
                   context.table("reports.parquet"), config.agree, seed=config.seed,
                   incidents=context.table("incident_summary.parquet"))
    figures = write_agreement(result, context.run_dir)
    return _counts(len(result.source_counts), len(result.source_counts), 0, units=len(result.units),
                   figures=figures)


def _input_path(config: RunConfig) -> Path:
    return resolve_input_path(config.input.path)


def _section(*names: str) -> Callable[[RunConfig], dict[str, Any]]:
    def settings(config: RunConfig) -> dict[str, Any]:
        data = config.model_dump(mode="json")
        chosen = {name: data[name] for name in names}
        for name in names:
            section = getattr(config, name)
            if hasattr(section, "component_ids"):
                chosen[f"{name}.components"] = section.component_ids()
        return chosen
    return settings


def _embed_settings(config: RunConfig) -> dict[str, Any]:
    settings = _section("embed")(config)
    settings["embed"] = {key: value for key, value in settings["embed"].items() if key != "cache_dir"}
    encoder = config.embed.chosen("encoder")[0]
    settings["embed.weights"] = encoder.weights_fingerprint(config.embed.component_settings("encoder"))
    return settings


def _with(*parts: Callable[[RunConfig], dict[str, Any]], seed: bool = False) -> Callable[[RunConfig], dict[str, Any]]:
    def settings(config: RunConfig) -> dict[str, Any]:
        merged = {key: value for part in parts for key, value in part(config).items()}
        return {**merged, "seed": config.seed} if seed else merged
    return settings


def _scorer_inputs(config: RunConfig) -> list[Path]:
    return config.cluster.build("scorer").inputs()


def _reference_inputs(config: RunConfig) -> list[Path]:
    return [Path(config.agree.reference)] if config.agree.reference else []


def _check_reference(config: RunConfig) -> None:
    """Read the reference table now: a wrong file fails before the first stage, not after the last."""
    if config.agree.reference:
        load_reference(config.agree.reference)


AGREEMENT_FILES = tuple(f"{stem}.{suffix}" for stem, _schema in AGREEMENT_TABLES.values() for suffix in ("parquet", "csv"))

STAGES: tuple[Stage, ...] = (
    Stage("ingest", (), ("reports.parquet",), _section("input", "ingest"), run_ingest,
          inputs=lambda config: [_input_path(config)]),
    Stage("extract", ("ingest",), ("claims.parquet", "report_counts.parquet"), _section("extract"), run_extract),
    Stage("embed", ("ingest",), ("embeddings.npy",), _embed_settings, run_embed),
    Stage("cluster", ("ingest", "extract", "embed"), ("incidents.parquet", "incident_summary.parquet"),
          _section("cluster"), run_cluster, inputs=_scorer_inputs),
    Stage("align", ("extract", "cluster"), ("alignments.parquet",), _with(_section("align"), _embed_settings),
          run_align),
    Stage("agree", ("ingest", "extract", "cluster"),
          (*AGREEMENT_FILES, "agreement_summary.json", *(f"tables/{name}" for name in TEX_TABLES),
           *(f"figures/{name}" for name in FIGURE_FILES)),
          _with(_section("agree"), seed=True), run_agree, inputs=_reference_inputs, check=_check_reference),
)

# How far each stage command runs.
UNTIL = {"extract": ("ingest", "extract"), "cluster": ("ingest", "extract", "embed", "cluster"),
         "agree": tuple(stage.name for stage in STAGES)}

# The files every run writes besides its stages' outputs.
RUN_FILES = ("config.yaml", "manifest.json", "rejects.jsonl", "summary.md")
