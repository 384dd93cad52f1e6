"""The encoder interface, the encoder registry, and cached encoding."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import numpy as np
from tqdm.auto import tqdm

from toolkit.embed.cache import EmbeddingCache, text_hash
from toolkit.registry import Registry


class Encoder(Protocol):
    """What every encoder provides (the sentence-transformers ``encode`` convention).

    ``id`` and ``version`` together key the cache: change either when the
    vectors an encoder returns for the same text can change.
    """

    id: str
    version: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        """L2-normalised float32 array of shape (len(texts), dim)."""
        ...


ENCODERS: Registry[Encoder] = Registry("encoder")


class MissingModelError(FileNotFoundError):
    """A model that cannot be loaded here; the message says how to get it."""


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def batched(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


class CachedEncoder:
    """Wrap an encoder with the on-disk cache; same ``encode`` signature.

    Texts are encoded in batches formed in text-hash order, so a batch's
    composition (which moves float results in the 7th digit) does not depend on
    the order of the input or on what an interrupted run had finished.

    Example:
        >>> import tempfile
        >>> from toolkit.embed import make_encoder
        >>> encoder = CachedEncoder(make_encoder("char-ngram-hash"), tempfile.mkdtemp())
        >>> first = encoder.encode(["45 killed", "٤٥ قتيلا"])
        >>> encoder.last_stats
        {'texts': 2, 'cached': 0, 'encoded': 2}
        >>> second = encoder.encode(["45 killed", "٤٥ قتيلا"])
        >>> encoder.last_stats["cached"], bool((first == second).all())
        (2, True)
    """

    def __init__(self, encoder: Encoder, cache_dir: str | Path,
                 batch_encoder: Callable[[list[list[str]]], Iterable[np.ndarray]] | None = None) -> None:
        self.encoder = encoder
        # Encodes the missing batches elsewhere (toolkit.ray_executor.RayBatchEncoder); None: here.
        self.batch_encoder = batch_encoder
        self.id, self.version, self.dim = encoder.id, encoder.version, encoder.dim
        self.cache: EmbeddingCache | None = None
        if getattr(encoder, "cacheable", True):
            self.cache = EmbeddingCache(cache_dir, f"{encoder.id}@{encoder.version}", encoder.dim)
        self.last_stats = {"texts": 0, "cached": 0, "encoded": 0}

    def close(self) -> None:
        """Close the cache's database connection."""
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> CachedEncoder:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not getattr(self.encoder, "cacheable", True):
            # Vectors that depend on the whole call (an encoder fitted per call)
            # can be neither cached per text nor split into batches.
            vectors = self.encoder.encode(list(texts), batch_size=batch_size)
            self.dim = self.encoder.dim
            self.last_stats = {"texts": len(texts), "cached": 0, "encoded": len(texts)}
            return vectors
        hashes = [text_hash(text) for text in texts]
        found = self.cache.get(hashes)
        missing = sorted({h: t for h, t in zip(hashes, texts) if h not in found}.items())
        batches = batched(missing, batch_size)
        texts_of = [[text for _hash, text in batch] for batch in batches]
        if self.batch_encoder is not None:
            results = self.batch_encoder(texts_of)
        else:
            results = (self.encoder.encode(batch_texts, batch_size=batch_size) for batch_texts in
                       tqdm(texts_of, desc=f"embed ({self.id})", unit="batch",
                            disable=not show_progress_bar or not batches))
        for batch, vectors in zip(batches, results):
            computed = dict(zip((h for h, _text in batch), vectors))
            self.cache.put(computed)
            found.update(computed)
        missing_hashes = {h for h, _text in missing}
        self.last_stats = {"texts": len(texts),
                           "cached": sum(1 for h in hashes if h not in missing_hashes),
                           "encoded": len(missing)}
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32, copy=False)
