"""Any sentence-transformers model, by hub name or local path.

Our machines cannot download from a hub: a model must already be in the local
Hugging Face cache or on disk. When it is not, the error names the model and
says how to get it, rather than falling back to another encoder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from toolkit.embed.base import ENCODERS, MissingModelError, l2_normalise

HOW_TO_GET = (
    "On a machine with internet, run\n"
    "    python -c \"from sentence_transformers import SentenceTransformer; "
    "SentenceTransformer('{model}').save('models/{name}')\"\n"
    "copy models/{name} here and set embed.model to that path."
)


def _looks_like_path(model: str) -> bool:
    return model.startswith((".", "/", "~")) or Path(model).expanduser().exists() or model.count("/") > 1


def _fingerprint(path: Path) -> str:
    """A short hash of a local model's configuration and weight files (names and sizes)."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")):
        if file.is_file():
            relative = file.relative_to(path).as_posix()
            digest.update(relative.encode())
            if file.suffix in {".json", ".txt", ".model"} and file.stat().st_size < 5_000_000:
                digest.update(file.read_bytes())
            else:
                digest.update(str(file.stat().st_size).encode())
    return digest.hexdigest()[:16]


@ENCODERS.register("sentence-transformers")
class SentenceTransformerEncoder:
    """A ``SentenceTransformer`` model on the CPU, L2-normalised float32 output.

    Args:
        model: hub name (e.g. ``sentence-transformers/LaBSE``) or local directory.
        trust_remote_code: allow the model's own code to run; off unless asked.
    """

    dim: int

    def __init__(self, model: str | None = None, trust_remote_code: bool = False,
                 threads: int | None = None, **_unused: object) -> None:
        if not model:
            raise MissingModelError(
                "the sentence-transformers encoder needs embed.model: a model name "
                "(e.g. sentence-transformers/LaBSE) or a local path")
        from sentence_transformers import SentenceTransformer

        local = Path(model).expanduser()
        if _looks_like_path(model) and not local.exists():
            raise MissingModelError(
                f"sentence-transformers model path {model!r} does not exist.\n"
                + HOW_TO_GET.format(model="sentence-transformers/LaBSE", name="LaBSE"))
        try:
            self._model = SentenceTransformer(
                str(local) if local.exists() else model, device="cpu",
                trust_remote_code=trust_remote_code, local_files_only=not local.exists())
        except OSError as error:
            raise MissingModelError(
                f"sentence-transformers model {model!r} is not available offline ({error}).\n"
                + HOW_TO_GET.format(model=model, name=model.rsplit('/', 1)[-1])) from None
        self.id = f"sentence-transformers:{local.name if local.exists() else model}"
        self.version = _fingerprint(local) if local.exists() else self._hub_revision(model)
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def _hub_revision(self, model: str) -> str:
        """The commit of a model in the local Hugging Face cache, as its version."""
        config = getattr(self._model, "model_card_data", None)
        revision = getattr(config, "base_model_revision", None)
        if revision:
            return str(revision)
        return hashlib.sha256(json.dumps(str(self._model)).encode()).hexdigest()[:16]

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=show_progress_bar)
        return l2_normalise(vectors)
