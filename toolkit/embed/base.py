"""The encoder interface, the encoder registry, and cached encoding."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable
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
    # Whether a text's vector is the same whatever else is in its batch. When it is not (a
    # neural encoder pads a batch to its longest text, which moves the 7th digit), the cached
    # encoder encodes one text per call, so a vector never depends on what the cache held.
    batch_invariant: ClassVar[bool] = False

    def __init__(self, settings: ComponentSettings | None = None, *, threads: int = 1, **options: Any) -> None:
        super().__init__(settings, **options)
        self.threads = threads

    def runtime_arguments(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @classmethod
    def weights_fingerprint(cls, settings: dict[str, Any]) -> str | None:
        """What the vectors depend on beyond the settings (a local model's files), for fingerprints;
        None when the settings and the registered version say it all."""
        return None

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        """L2-normalised float32 array of shape (len(texts), dim)."""
        raise NotImplementedError

    def wrap_members(self, wrap: Callable[[Encoder], Any]) -> None:
        """For an encoder built from other encoders (``ensemble``): replace each member by
        ``wrap(member)``, so that the cache wraps the members and their vectors are shared with
        runs of the members alone. A plain encoder has no members."""


ENCODERS: Registry[Encoder] = Registry("encoder", Encoder)


class MissingModelError(FileNotFoundError):
    """A model that cannot be loaded here; the message says how to get it."""


def encode_batch(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """The vectors of ``texts``: in one call if the encoder is batch-invariant, else one call per
    text, so that a vector is a function of its text alone."""
    if encoder.batch_invariant:
        vectors = encoder.encode(texts, batch_size=len(texts))
    else:
        vectors = np.concatenate([encoder.encode([text], batch_size=1) for text in texts]) if texts \
            else np.zeros((0, encoder.dim), dtype=np.float32)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def batched(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


class CachedEncoder:
    """Wrap an encoder with the on-disk cache; same ``encode`` signature.

    The texts the cache lacks are encoded in batches formed in text-hash order; an encoder
    whose vectors depend on their batch encodes each text alone (see
    :attr:`Encoder.batch_invariant`), so no vector depends on the order of the input, on
    what an interrupted run had finished, or on what the cache held before the run.
    ``last_stats`` counts the call's texts, its distinct texts, and of those how many came
    from the cache and how many were encoded (``cached + encoded = unique_texts``).

    Example:
        >>> import tempfile
        >>> from toolkit.embed import make_encoder
        >>> encoder = CachedEncoder(make_encoder("char-ngram-hash"), tempfile.mkdtemp())
        >>> first = encoder.encode(["45 killed", "٤٥ قتيلا"])
        >>> encoder.last_stats
        {'texts': 2, 'unique_texts': 2, 'cached': 0, 'encoded': 2, 'invalid_in_cache': 0}
        >>> second = encoder.encode(["45 killed", "٤٥ قتيلا"])
        >>> encoder.last_stats["cached"], bool((first == second).all())
        (2, True)
    """

    def __init__(self, encoder: Encoder, cache_dir: str | Path, executor: Executor | None = None) -> None:
        self.encoder = encoder
        # Where the missing batches are encoded (each batch exactly as formed here).
        self.executor = executor or LocalExecutor()
        self.id, self.version, self.dim = encoder.id, encoder.version, encoder.dim
        encoder.wrap_members(lambda member: member if isinstance(member, CachedEncoder)
                             else CachedEncoder(member, cache_dir, self.executor))
        self.cache: EmbeddingCache | None = None
        if encoder.cacheable:
            self.cache = EmbeddingCache(cache_dir, f"{encoder.id}@{encoder.version}", encoder.dim)
        self.last_stats = {"texts": 0, "cached": 0, "encoded": 0}

    def close(self) -> None:
        """Close the cache's database connection (and those of the encoder's members)."""
        if self.cache is not None:
            self.cache.close()
        for member in getattr(self.encoder, "members", []):
            if isinstance(member, CachedEncoder):
                member.close()

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
            members = [member for member in getattr(self.encoder, "members", []) if isinstance(member, CachedEncoder)]
            # With cached members (an ensemble): the fewest texts any member found in its cache.
            cached = min((member.last_stats["cached"] for member in members), default=0)
            self.last_stats = {"texts": len(texts), "unique_texts": len(set(texts)), "cached": cached,
                               "encoded": len(set(texts)) - cached, "invalid_in_cache": 0}
            return vectors
        hashes = [text_hash(text) for text in texts]
        invalid_before = self.cache.invalid
        found = self.cache.get(hashes)
        missing = sorted({h: t for h, t in zip(hashes, texts) if h not in found}.items())
        batches = batched(missing, batch_size)
        texts_of = [[text for _hash, text in batch] for batch in batches]
        # Each batch is stored as it arrives, so an interrupted run keeps what it had encoded.
        results = self.executor.imap(partial(encode_batch, self.encoder), texts_of,
                                     progress=f"embed ({self.id})" if show_progress_bar else None)
        for batch, vectors in zip(batches, results):
            if not np.isfinite(vectors).all():
                raise ValueError(f"encoder {self.id} returned non-finite values for a batch of {len(batch)} texts")
            computed = dict(zip((h for h, _text in batch), vectors))
            self.cache.put(computed)
            found.update(computed)
        unique = len(set(hashes))
        self.last_stats = {"texts": len(texts), "unique_texts": unique, "cached": unique - len(missing),
                           "encoded": len(missing), "invalid_in_cache": self.cache.invalid - invalid_before}
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32, copy=False)
