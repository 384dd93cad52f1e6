"""A model-free baseline: hashed character n-grams (3-5), L2-normalised.

It needs no weights and no fitting, so it is also the fast encoder for tests.
It matches only surface forms: Arabic and English texts share almost none.
"""

from __future__ import annotations

import numpy as np

from toolkit.embed.base import ENCODERS, Encoder, l2_normalise


@ENCODERS.register("char-ngram-hash", version="1")
class CharNgramHash(Encoder):
    """Character 3-5-grams hashed into 2,048 dimensions (scikit-learn's HashingVectorizer)."""

    dim = 2048
    batch_invariant = True  # each row is hashed on its own

    def __init__(self, settings=None, *, threads: int = 1, **options: object) -> None:
        super().__init__(settings, threads=threads, **options)
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                             n_features=self.dim, alternate_sign=False, norm=None)

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._vectorizer.transform(list(texts)).toarray())
