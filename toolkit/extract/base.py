"""The extractor interface and registry: a report in, its counted claims out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toolkit.registry import Component, Registry


class Extractor(Component):
    """Base of every extractor.

    ``extract_report`` takes one report (``report_id``, ``language``, ``text`` and, when
    known, ``published``) and returns its claims as rows of the claims contract
    (:data:`toolkit.schema.CLAIMS`), in reading order. It must not depend on other reports,
    so that batches can be extracted anywhere, in any grouping, with the same result.
    """

    kind = "extractor"

    def extract_report(self, report: Mapping[str, Any]) -> list[dict[str, Any]]:
        raise NotImplementedError


EXTRACTORS: Registry[Extractor] = Registry("extractor", Extractor)
