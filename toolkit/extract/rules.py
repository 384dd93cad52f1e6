"""The ``rules`` extractor: bilingual lexicons and local context rules (:mod:`toolkit.extract.rule_engine`).

The component is a thin shell, so that registering it and validating its settings does not
load the lexicons; the engine is built with the extractor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from toolkit.extract.base import EXTRACTORS, Extractor
from toolkit.registry import ComponentSettings


@EXTRACTORS.register("rules", version="2")
class RuleExtractor(Extractor):
    """Extract counted claims with bilingual lexicons and local context rules.

    Example:
        >>> claims = RuleExtractor().extract_report(
        ...     {"report_id": "r1", "language": "en",
        ...      "text": "At least 45 civilians were killed, including nine children."})
        >>> [(c["category"], c["subject"], c["value"], c["qualifier"], c["part_of"]) for c in claims]
        [('killed', 'civilians', 45.0, 'at_least', None), ('killed', 'children', 9.0, 'exact', 'r1-c1')]
    """

    class Settings(ComponentSettings):
        vague_bounds: Literal["crosstally", "acled"] = Field(
            "crosstally", description="Bounds of vague quantities: crosstally (the range: dozens 24-99, "
            "hundreds 200-999) or acled (ACLED's point: tens 10, dozens 12, hundreds 100); docs/annotation.md.")
        morphology: Literal["snowball", "qalsadi", "none"] = Field(
            "snowball", description="Arabic analyser under the lexicons: snowball (Snowball light stemmer, "
            "BSD), qalsadi (lemmatiser, GPL-3.0, slower; pip install 'crosstally[qalsadi]') or none "
            "(surface patterns only); docs/pipeline.md.")

    def __init__(self, settings: ComponentSettings | None = None, **options: Any) -> None:
        super().__init__(settings, **options)
        from toolkit.extract.rule_engine import RuleEngine

        self._engine = RuleEngine(self.settings.vague_bounds, self.settings.morphology)

    def extract_report(self, report: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self._engine.extract_report(report)
