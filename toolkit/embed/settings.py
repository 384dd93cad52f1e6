"""The ``embed`` section: the encoder and how reports are turned into its input."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from toolkit.embed.base import ENCODERS
from toolkit.sections import ComponentSection


class EmbedConfig(ComponentSection):
    """The encoder that turns reports and claim sentences into vectors; the encoder's own
    settings (``model``, ``trust_remote_code`` for ``sentence-transformers``) sit beside it."""

    section: ClassVar[str] = "embed"
    components: ClassVar[dict] = {"encoder": ENCODERS}

    encoder: str = Field("use-multilingual-v3", description="Registered encoder name.")
    normalise_text: bool = Field(
        False,
        description="Feed the encoder Arabic-normalised text (lowers mUSE retrieval; off).",
    )
    batch_size: int = Field(32, gt=0, description="Texts per encoder call.")
    threads: int = Field(1, gt=0, le=256, description="BLAS/OpenMP threads for the encoder and every numpy, "
                         "scikit-learn and faiss step of a run; pinned, so the machine's core count "
                         "never changes a table (another value may change the last float digits).")
    max_chars: int = Field(
        1000, gt=0, description="Characters of title + text embedded per report (per piece for chunk-mean)."
    )
    report_text: Literal["head", "chunk-mean", "title-lead"] = Field(
        "head", description="What of a report is embedded: head (the first max_chars of title + text), chunk-mean "
        "(the mean of up to max_chunks consecutive pieces) or title-lead (title and lead averaged); "
        "docs/retrieval.md.")
    max_chunks: int = Field(4, gt=0, le=100, description="Pieces averaged per report by chunk-mean.")
    title_weight: float = Field(0.3, ge=0.0, le=1.0, description="Weight of the title's vector for title-lead.")
    cache_dir: str | None = Field(
        None,
        description="Embedding cache directory; null uses $CROSSTALLY_CACHE or "
        "~/.cache/crosstally.",
    )
