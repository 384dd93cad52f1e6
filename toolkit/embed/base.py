"""The encoder interface, the encoder registry, and cached encoding."""

from __future__ import annotations

from pathlib import Path
from functools import partial
from typing import Any, ClassVar

import numpy as np

from toolkit.embed.cache import EmbeddingCache, text_hash
from toolkit.executors import Executor, LocalExecutor
from toolkit.registry import Component, ComponentSettings, Registry


class Encoder(Component):
    """Base of every encoder (the sentence-transformers ``encode`` convention).

    ``id`` and ``version`` together key the embedding cache: an instance sets ``version``
    to what its vectors depend on (package or model weights) when the class's registered
    version does not say it. ``cacheable`` is False for an encoder whose vectors depend on
    the whole call (fitted per call); ``needs_corpus`` marks one that is fitted on a corpus
    given at construction (``corpus=``). ``threads`` is a runtime argument, not a setting.
    """

    kind = "encoder"
    dim: int = 0
    cacheable: bool = True
    needs_corpus: ClassVar[bool] = False

    def __init__(self, settings: ComponentSettings | None = None, *, threads: int = 1, **options: Any) -> None:
        super().__init__(settings, **options)
        self.threads = threads

    def runtime_arguments(self) -> dict[str, Any]:
        return {"threads": self.threads}

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        """L2-normalised float32 array of shape (len(texts), dim)."""
        raise NotImplementedError


ENCODERS: Registry[Encoder] = Registry("encoder", Encoder)


class MissingModelError(FileNotFoundError):
    """A model that cannot be loaded here; the message says how to get it."""


def encode_batch(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """One batch through ``encoder`` as one call (a batch's composition moves the 7th digit)."""
    return np.ascontiguousarray(encoder.encode(texts, batch_size=len(texts)), dtype=np.float32)


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

    def __init__(self, encoder: Encoder, cache_dir: str | Path, executor: Executor | None = None) -> None:
        self.encoder = encoder
        # Where the missing batches are encoded (each batch exactly as formed here).
        self.executor = executor or LocalExecutor()
        self.id, self.version, self.dim = encoder.id, encoder.version, encoder.dim
        self.cache: EmbeddingCache | None = None
        if encoder.cacheable:
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
        if not self.encoder.cacheable:
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
        results = self.executor.map(partial(encode_batch, self.encoder), texts_of,
                                    progress=f"embed ({self.id})" if show_progress_bar else None)
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
