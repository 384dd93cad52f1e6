"""Embed: encoders behind a registry, with an on-disk cache (the third stage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.embed import char_ngrams, e5, ensemble, sentence_transformers, tfidf, use  # noqa: F401  (registration)
from toolkit.embed.base import ENCODERS, CachedEncoder, Encoder, MissingModelError
from toolkit.embed.cache import default_cache_dir

__all__ = ["ENCODERS", "RUNTIME_ARGUMENTS", "CachedEncoder", "Encoder", "MissingModelError", "make_encoder",
           "make_cached_encoder"]

# Arguments an encoder takes at construction that are not settings (they never change a vector's
# meaning, or, for ``corpus``, enter the encoder's version).
RUNTIME_ARGUMENTS = ("threads", "corpus")


def make_encoder(name: str, **options: Any) -> Encoder:
    """Build a registered encoder by name; ``options`` are its settings plus ``threads``/``corpus``.

    >>> make_encoder("char-ngram-hash").encode(["45 killed"]).shape
    (1, 2048)
    """
    runtime = {key: options.pop(key) for key in RUNTIME_ARGUMENTS if key in options}
    return ENCODERS.build(name, options, **runtime)


def make_cached_encoder(name: str, cache_dir: str | Path | None = None, **options: Any) -> CachedEncoder:
    """A registered encoder wrapped with the embedding cache (default directory if None)."""
    return CachedEncoder(make_encoder(name, **options), cache_dir or default_cache_dir())
