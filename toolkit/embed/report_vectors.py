"""From a report to the one vector clustering compares: which part of a long report the encoder sees.

- ``head`` (default): title and text, the first ``embed.max_chars`` characters;
- ``chunk-mean``: title and text cut into consecutive pieces of ``embed.max_chars`` characters
  (at most ``embed.max_chunks``), each embedded, the vectors averaged (then L2-normalised), so
  the whole report counts, not only its lead;
- ``title-lead``: the title's vector and the lead's (the first ``embed.max_chars`` characters of
  the text) averaged with weight ``embed.title_weight`` on the title; a report without a title
  gets its lead's vector.

Every piece goes through the embedding cache on its own, so switching strategies re-embeds only
texts never seen. Measured in benchmarks/report_vectors.py and docs/retrieval.md.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from toolkit.embed.base import CachedEncoder, l2_normalise

ReportText = Literal["head", "chunk-mean", "title-lead"]


def report_pieces(title: str, text: str, strategy: ReportText, max_chars: int, max_chunks: int) -> list[str]:
    """The texts the encoder sees for one report, at least one (an empty text stays, as ``""``);
    ``title-lead``: [title, lead], or [lead] for a report without a title.

    >>> report_pieces("Title", "abcdefgh", "chunk-mean", 5, 3)
    ['Title', '\\nabcd', 'efgh']
    >>> report_pieces("", "abcdefgh", "title-lead", 5, 3)
    ['abcde']
    """
    if strategy == "title-lead":
        return [title, text[:max_chars]] if title else [text[:max_chars]]
    whole = f"{title}\n{text}" if title else text
    if strategy == "head":
        return [whole[:max_chars]]
    pieces = [whole[start:start + max_chars] for start in range(0, len(whole), max_chars)][:max_chunks]
    return [piece for piece in pieces if piece.strip()] or [whole[:max_chars]]


def report_vectors_of(encoder: CachedEncoder, reports: pd.DataFrame, *, normalised: bool, max_chars: int,
                      strategy: ReportText = "head", max_chunks: int = 4, title_weight: float = 0.3,
                      batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
    """One L2-normalised vector per report, row i for reports row i."""
    body = reports["text_normalised"] if normalised else reports["text"]
    titles = reports["title"].fillna("") if "title" in reports else pd.Series([""] * len(reports))
    pieces = [report_pieces(title, text, strategy, max_chars, max_chunks) for title, text in zip(titles, body)]
    flat = [piece for report in pieces for piece in report]
    vectors = encoder.encode(flat, batch_size=batch_size, show_progress_bar=show_progress)
    if strategy == "head":
        return vectors  # one piece per report: row i is report i
    out = np.zeros((len(pieces), vectors.shape[1]), dtype=np.float32)
    row = 0
    for number, report in enumerate(pieces):
        block = vectors[row:row + len(report)]
        row += len(report)
        if strategy == "title-lead" and len(report) == 2:
            out[number] = title_weight * block[0] + (1.0 - title_weight) * block[1]
        else:
            out[number] = block.mean(axis=0)
    return l2_normalise(out)
