"""On-disk embedding cache keyed by (encoder id + version, text hash).

One SQLite file per encoder key: every batch is committed in its own
transaction, so a killed run keeps what it finished, and SQLite's locking lets
two runs share a cache directory without corrupting it. Vectors are stored as
raw float32 bytes (never pickled).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from toolkit.sqlite_files import CacheError, CacheFile


def default_cache_dir() -> Path:
    """``$CROSSTALLY_CACHE``, else ``~/.cache/crosstally`` (the Hugging Face convention)."""
    configured = os.environ.get("CROSSTALLY_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crosstally"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCacheError(CacheError):
    """The embedding cache cannot be read or written; the message names the file and what to do."""


class EmbeddingCache(CacheFile):
    """Vectors of one encoder, looked up by text hash.

    What it reads is checked: a stored vector of the wrong size or with non-finite values is
    not returned (the caller encodes the text again and :meth:`put` replaces it) and is counted
    in ``invalid``; a file that is not an SQLite database is an :class:`EmbeddingCacheError`.

    Example:
        >>> import tempfile, numpy as np
        >>> cache = EmbeddingCache(tempfile.mkdtemp(), "demo-encoder@1", dim=2)
        >>> cache.put({"h1": np.array([0.6, 0.8], dtype=np.float32)})
        >>> cache.get(["h1", "h2"])["h1"].tolist()
        [0.6000000238418579, 0.800000011920929]
    """

    what, error = "embedding cache", EmbeddingCacheError
    create = "CREATE TABLE IF NOT EXISTS vectors (hash TEXT PRIMARY KEY, vector BLOB NOT NULL)"

    def __init__(self, directory: str | Path, key: str, dim: int) -> None:
        self.dim = dim
        self.invalid = 0
        self._open(Path(directory) / "embeddings", key)

    def get(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._errors():
            for start in range(0, len(unique), 900):  # SQLite's parameter limit
                chunk = unique[start:start + 900]
                marks = ",".join("?" * len(chunk))
                for hash_value, blob in self._connection.execute(
                    f"SELECT hash, vector FROM vectors WHERE hash IN ({marks})", chunk
                ):
                    well_formed = isinstance(blob, bytes) and len(blob) == 4 * self.dim
                    vector = np.frombuffer(blob, dtype=np.float32) if well_formed else None
                    if vector is not None and np.isfinite(vector).all():
                        found[hash_value] = vector
                    else:
                        self.invalid += 1  # encoded again, and replaced by put()
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in vectors.items()]
        with self._errors(), self._connection:  # one transaction: all of the batch or none of it
            self._connection.executemany(
                "INSERT OR REPLACE INTO vectors (hash, vector) VALUES (?, ?)", rows
            )

    def __len__(self) -> int:
        return self._connection.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
