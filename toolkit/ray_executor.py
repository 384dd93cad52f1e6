"""Ray execution (``executor: ray``): the heavy stages on a Ray cluster.

Ingest's per-row checks run as Ray tasks over chunks of each batch, extraction and
embedding as Ray Data jobs, and the candidate search of clustering as Ray tasks over
groups of date blocks, so a corpus that outgrows one machine runs on a cluster. The
driver keeps what is sequential by nature: reading the input file (row numbers), the
duplicate-id checks, the writes to the run directory and the embedding cache, and
clustering the candidate graph.

Results equal the local executor's (``tests/test_ray.py``): extraction is per report and
reassembled in input order; embedding batches are formed on the driver exactly as
locally (a batch's composition moves floats in the 7th digit) and come back as raw
bytes; candidate pairs are the sorted union of the blocks' pairs.

The address is ``ray_address`` from the config, else ``RAY_ADDRESS``, else a local Ray
instance is started (and stopped at the end of the run). Every node needs CrossTally
installed (same version) and the input file readable at the same path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit.config import ExtractConfig, IngestConfig
from toolkit.extract import REPORT_FIELDS
from toolkit.schema import CLAIMS

# Extracted rows travel with their report's input position, their rank in the report,
# and, for a report the extractor failed on, the reason.
_EXTRACTED = CLAIMS.append(pa.field("_order", pa.int64())).append(pa.field("_rank", pa.int64())) \
    .append(pa.field("_failure", pa.string()))


@contextmanager
def ray_session(address: str | None) -> Iterator[None]:
    """Connect to Ray (see the module docstring for the address); shut down only what we started."""
    import ray

    started = False
    if not ray.is_initialized():
        ray.init(address=address or os.environ.get("RAY_ADDRESS") or None, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        started = True
    try:
        yield
    finally:
        if started:
            ray.shutdown()


def _workers() -> int:
    import ray

    return max(1, int(ray.available_resources().get("CPU", 1)))


def _split(n: int, per_worker: int) -> list[np.ndarray]:
    """Indices 0..n-1 in order, cut into ``per_worker`` parts per Ray worker (never an empty part)."""
    return np.array_split(np.arange(n), min(n, per_worker * _workers())) if n else []


def check_rows_with_ray(rows: list[dict[str, Any]], ids: list[str | None], columns: dict[str, str],
                        config: IngestConfig) -> list[dict[str, Any] | tuple[str, str]]:
    """Ingest's per-row checks (dates, language detection, normalisation) as Ray tasks over
    chunks of rows, results in row order; the id checks stay on the driver."""
    import ray

    from toolkit.ingest.validate import check_rows

    if not rows:
        return []
    check = ray.remote(check_rows)
    futures = [check.remote([rows[k] for k in chunk], [ids[k] for k in chunk], columns, config)
               for chunk in _split(len(rows), per_worker=2)]
    return [result for chunk_results in ray.get(futures) for result in chunk_results]


class _ExtractReports:
    """Ray Data actor: builds the extractor once, extracts a pandas batch of reports."""

    def __init__(self, extractor: str, vague_bounds: str) -> None:
        from toolkit.extract import make_extractor

        self.model = make_extractor(extractor, vague_bounds=vague_bounds)

    def __call__(self, batch: pd.DataFrame) -> pa.Table:
        from toolkit.extract import extract_claims

        order = dict(zip(batch["report_id"], batch["_order"]))
        failed: list[dict[str, Any]] = []
        claims = extract_claims(batch, self.model, show_progress_bar=False, rejects=failed)
        claims = claims.assign(_order=claims["report_id"].map(order).astype("int64"),
                               _rank=claims.groupby("report_id").cumcount().astype("int64"), _failure=None)
        failures = pd.DataFrame([{"report_id": reject["report_id"], "_order": order[reject["report_id"]],
                                  "_rank": 0, "_failure": reject["reason"]} for reject in failed],
                                columns=["report_id", "_order", "_rank", "_failure"])
        frame = pd.concat([claims, failures], ignore_index=True) if len(failures) else claims
        return pa.Table.from_pandas(frame.reindex(columns=_EXTRACTED.names), schema=_EXTRACTED, preserve_index=False)


def extract_with_ray(reports: pd.DataFrame, config: ExtractConfig,
                     rejects: list[dict[str, Any]]) -> pd.DataFrame:
    """The claims table of ``reports`` computed on Ray; failures are appended to ``rejects``."""
    import ray

    if reports.empty:
        return CLAIMS.empty_table().to_pandas()
    columns = [c for c in REPORT_FIELDS if c in reports.columns]
    frame = reports[columns].assign(_order=np.arange(len(reports)))
    dataset = (ray.data.from_pandas(frame)
               .map_batches(_ExtractReports, fn_constructor_args=(config.extractor, config.vague_bounds), batch_format="pandas",
                            batch_size=256, concurrency=_workers()))
    # Back through Arrow to Python values, so the claims frame is built as the local one is.
    rows = pa.concat_tables([ray.get(ref) for ref in dataset.to_arrow_refs()]).cast(_EXTRACTED).to_pylist()
    rows.sort(key=lambda row: (row["_order"], row["_rank"]))
    rejects.extend({"stage": "extract", "file": None, "row": None, "report_id": row["report_id"],
                    "field": "text", "reason": row["_failure"]} for row in rows if row["_failure"] is not None)
    claims = [row for row in rows if row["_failure"] is None]
    if not claims:
        return CLAIMS.empty_table().to_pandas()
    return pd.DataFrame(claims, columns=CLAIMS.names)


class _EncodeBatches:
    """Ray Data actor: builds the encoder once, encodes each row's batch of texts."""

    def __init__(self, name: str, options: dict[str, Any]) -> None:
        from toolkit.embed import make_encoder

        self.encoder = make_encoder(name, **options)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = [np.ascontiguousarray(self.encoder.encode(list(texts), batch_size=len(texts)), dtype=np.float32)
                   for texts in batch["texts"]]
        return {"index": batch["index"], "vectors": np.array([v.tobytes() for v in vectors], dtype=object)}


class RayBatchEncoder:
    """Encodes the cache's missing batches on Ray, each batch exactly as formed locally."""

    def __init__(self, name: str, options: dict[str, Any], dim: int) -> None:
        self.name, self.options, self.dim = name, options, dim

    def __call__(self, batches: list[list[str]]) -> list[np.ndarray]:
        import ray

        if not batches:
            return []
        items = [{"index": number, "texts": texts} for number, texts in enumerate(batches)]
        rows = (ray.data.from_items(items)
                .map_batches(_EncodeBatches, fn_constructor_args=(self.name, self.options), batch_size=1,
                             batch_format="numpy", concurrency=min(_workers(), len(batches)))
                .take_all())
        rows.sort(key=lambda row: int(row["index"]))
        return [np.frombuffer(row["vectors"], dtype=np.float32).reshape(-1, self.dim) for row in rows]


def _search_group(embeddings: np.ndarray, blocks: list[tuple[np.ndarray, np.ndarray]], k: int,
                  exact_threshold: int) -> np.ndarray:
    from toolkit.cluster.candidates import block_pair_keys

    keys = [block_pair_keys(embeddings, queries, candidates, k, exact_threshold) for queries, candidates in blocks]
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


def search_blocks_with_ray(embeddings: np.ndarray, blocks: list[tuple[np.ndarray, np.ndarray]], k: int,
                           exact_threshold: int) -> list[np.ndarray]:
    """Candidate-pair keys of every date block, blocks grouped into a few tasks per worker."""
    import ray

    shared = ray.put(embeddings)
    search = ray.remote(_search_group)
    futures = [search.remote(shared, [blocks[b] for b in group], k, exact_threshold)
               for group in _split(len(blocks), per_worker=4)]
    return ray.get(futures)
