"""Embed: encoders behind a registry, with an on-disk cache (the third stage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.embed import char_ngrams, sentence_transformers, tfidf, use  # noqa: F401  (registration)
from toolkit.embed.base import ENCODERS, CachedEncoder, Encoder, MissingModelError
from toolkit.embed.cache import default_cache_dir

__all__ = ["ENCODERS", "CachedEncoder", "Encoder", "MissingModelError", "make_encoder",
           "make_cached_encoder"]


def make_encoder(name: str, **options: Any) -> Encoder:
    """Build a registered encoder by name.

    >>> make_encoder("char-ngram-hash").encode(["45 killed"]).shape
    (1, 2048)
    """
    return ENCODERS.get(name)(**options)


def make_cached_encoder(name: str, cache_dir: str | Path | None = None, on_ray: bool = False,
                        **options: Any) -> CachedEncoder:
    """A registered encoder wrapped with the embedding cache (default directory if None);
    ``on_ray`` encodes what the cache lacks on Ray (toolkit.ray_executor)."""
    encoder = make_encoder(name, **options)
    batch_encoder = None
    if on_ray:  # CachedEncoder never hands an uncacheable encoder's work to Ray
        from toolkit.ray_executor import RayBatchEncoder

        batch_encoder = RayBatchEncoder(name, options, encoder.dim)
    return CachedEncoder(encoder, cache_dir or default_cache_dir(), batch_encoder)
