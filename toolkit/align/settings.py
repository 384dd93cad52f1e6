"""The ``align`` section: which aligner matches claims across an incident's reports."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from toolkit.align.hungarian import ALIGNERS
from toolkit.sections import ComponentSection


class AlignConfig(ComponentSection):
    """How claims are matched across the reports of one incident; the aligner's settings
    (``min_score``, ``similarity_weight``, ``mask_numbers``, ``similarity`` for ``hungarian``) sit beside it."""

    section: ClassVar[str] = "align"
    components: ClassVar[dict] = {"aligner": ALIGNERS}

    aligner: str = Field("hungarian", description="Registered aligner name.")
