"""Bitext retrieval evaluation: find each sentence's translation among all the others.

Given line-aligned files (line i of the source translates line i of the
target), every source sentence is a query against all target sentences and the
reverse. P@1 is the share of queries whose best-scoring candidate is the true
translation (the Tatoeba protocol of Artetxe & Schwenk 2019); MRR is the mean of
1 / rank of the true translation.

Example:
    >>> import numpy as np
    >>> scores = np.array([[0.9, 0.1], [0.8, 0.7]])   # source 1's translation ranks 2nd
    >>> retrieval_metrics(scores)
    {'src_to_tgt_p1': 0.5, 'tgt_to_src_p1': 1.0, 'src_to_tgt_mrr': 0.75, 'tgt_to_src_mrr': 1.0}

References:
    Artetxe, M. and Schwenk, H. 2019. Massively Multilingual Sentence Embeddings
    for Zero-Shot Cross-Lingual Transfer and Beyond. TACL 7 (Tatoeba protocol).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.align.scoring import score_matrix, scoring_function
from toolkit.ingest import InputFileError

__all__ = ["read_parallel_files", "retrieval_metrics", "evaluate_retrieval"]

DEFAULT_K = {"cosine": None, "margin": 4, "csls": 10}


def _read_lines(path: Path) -> list[str]:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    if path.is_dir():
        raise InputFileError(f"{path} is a directory, expected a text file with one sentence per line")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(f"{path} is not valid UTF-8 (byte {error.start})") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start a new one
    return [line.rstrip("\r") for line in lines]


def read_parallel_files(source: Path, target: Path) -> tuple[list[str], list[str]]:
    """Two line-aligned files as lists of sentences; refuses empty lines and unequal lengths.

    An empty line has no translation to retrieve, and unequal lengths mean the
    files are not aligned line by line, so both are errors rather than skipped.
    """
    source_lines, target_lines = _read_lines(source), _read_lines(target)
    for path, lines in ((source, source_lines), (target, target_lines)):
        if not lines:
            raise InputFileError(f"{path} has no lines")
        empty = [number for number, line in enumerate(lines, start=1) if not line.strip()]
        if empty:
            shown = ", ".join(map(str, empty[:10])) + (", ..." if len(empty) > 10 else "")
            raise InputFileError(f"{path} has {len(empty)} empty line(s) (line {shown}); "
                                 "each line must hold the translation of the same line in the other file")
    if len(source_lines) != len(target_lines):
        raise InputFileError(f"the files are not line-aligned: {source} has {len(source_lines)} lines, "
                             f"{target} has {len(target_lines)}")
    return source_lines, target_lines


def _reciprocal_ranks(scores: np.ndarray) -> np.ndarray:
    """1 / rank of the diagonal entry in each row; ties count against the truth."""
    truth = np.diag(scores)
    rank = 1 + (scores > truth[:, None]).sum(axis=1)
    rank += ((scores == truth[:, None]).sum(axis=1) - 1)  # a tie is not a win
    return 1.0 / rank


def retrieval_metrics(scores: np.ndarray) -> dict[str, float]:
    """P@1 and MRR in both directions from a square score matrix (truth on the diagonal)."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] != scores.shape[1] or scores.shape[0] == 0:
        raise ValueError(f"need a non-empty square score matrix, got shape {scores.shape}")
    forward, backward = _reciprocal_ranks(scores), _reciprocal_ranks(scores.T)
    return {"src_to_tgt_p1": float(np.mean(forward == 1.0)), "tgt_to_src_p1": float(np.mean(backward == 1.0)),
            "src_to_tgt_mrr": float(forward.mean()), "tgt_to_src_mrr": float(backward.mean())}


def evaluate_retrieval(source_texts: list[str], target_texts: list[str], encoder: Any,
                       scoring: str = "margin", k: int | None = None,
                       batch_size: int = 64) -> dict[str, Any]:
    """Encode both sides, score every pair and return the metrics with their metadata.

    ``encoder`` is anything with ``encode(texts, batch_size=...)`` (cached or not).
    The score matrix is dense (n x n), which is what P@1 and MRR over the whole
    candidate set need; the neighbourhoods of margin and CSLS go through the
    nearest-neighbour index.
    """
    scoring_function(scoring)  # fail on an unknown scoring before encoding
    if len(source_texts) != len(target_texts) or not source_texts:
        raise ValueError("need two non-empty lists of the same length")
    k = k if k is not None else DEFAULT_K.get(scoring)
    started = time.perf_counter()
    source = encoder.encode(list(source_texts), batch_size=batch_size)
    source_stats = dict(getattr(encoder, "last_stats", {}))
    target = encoder.encode(list(target_texts), batch_size=batch_size)
    target_stats = dict(getattr(encoder, "last_stats", {}))
    encoded = time.perf_counter()
    if source.shape[1] != target.shape[1]:
        raise ValueError(f"encoder gave {source.shape[1]} dimensions for the source and "
                         f"{target.shape[1]} for the target (an encoder fitted per call cannot compare "
                         "two calls; give it a corpus)")
    metrics = retrieval_metrics(score_matrix(source, target, scoring, k))
    result: dict[str, Any] = {"encoder": getattr(encoder, "id", type(encoder).__name__),
                              "encoder_version": getattr(encoder, "version", None),
                              "scoring": scoring, "k": k, "n": len(source_texts), **metrics}
    embedded = {key: source_stats.get(key, 0) + target_stats.get(key, 0) for key in ("texts", "cached", "encoded")}
    result["embedding"] = {**embedded, "seconds": round(encoded - started, 3)}
    return result
