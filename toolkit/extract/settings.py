"""The ``extract`` section: which extractor finds counted claims (its settings beside it)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from toolkit.extract import rules  # noqa: F401  (registration)
from toolkit.extract.base import EXTRACTORS
from toolkit.sections import ComponentSection


class ExtractConfig(ComponentSection):
    """Which extractor finds counted claims; its settings (``vague_bounds`` for ``rules``) sit beside it."""

    section: ClassVar[str] = "extract"
    components: ClassVar[dict] = {"extractor": EXTRACTORS}

    extractor: str = Field("rules", description="Registered extractor name.")
