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

from pydantic import Field

from toolkit.embed.base import ENCODERS, Encoder, MissingModelError, l2_normalise
from toolkit.registry import ComponentSettings

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


@ENCODERS.register("sentence-transformers", version="1")
class SentenceTransformerEncoder(Encoder):
    """A ``SentenceTransformer`` model on the CPU, L2-normalised float32 output."""

    class Settings(ComponentSettings):
        model: str | None = Field(
            None, description="Model name or local path for the `sentence-transformers` encoder "
            "(hub names must already be in the local Hugging Face cache).")
        trust_remote_code: bool = Field(
            False, description="Let a sentence-transformers model run code from its repository.")

    def __init__(self, settings=None, *, threads: int = 1, **options: object) -> None:
        super().__init__(settings, threads=threads, **options)
        model, trust_remote_code = self.settings.model, self.settings.trust_remote_code
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
        self._id = f"sentence-transformers:{local.name if local.exists() else model}"
        self.version = _fingerprint(local) if local.exists() else self._hub_revision(model)
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    @property
    def id(self) -> str:
        return self._id

    @classmethod
    def weights_fingerprint(cls, settings: dict) -> str | None:
        local = Path(settings.get("model") or "").expanduser()
        return _fingerprint(local) if settings.get("model") and local.is_dir() else None

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
