"""The ``cluster`` section: the candidate graph, the pair scorer and the clustering algorithm."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from toolkit.cluster import streaming  # noqa: F401  (registration)
from toolkit.cluster.algorithms import CLUSTERERS
from toolkit.cluster.scorers import PAIR_SCORERS
from toolkit.sections import ComponentSection


class ClusterConfig(ComponentSection):
    """How reports are grouped into incidents. The chosen scorer's and algorithm's own
    settings sit beside these keys (``text_weight`` for ``weighted``, ``resolution`` for ``leiden``)."""

    section: ClassVar[str] = "cluster"
    components: ClassVar[dict] = {"algorithm": CLUSTERERS, "scorer": PAIR_SCORERS}

    algorithm: str = Field(
        "threshold-average", description="threshold-average, connected-components, leiden, hdbscan "
        "(on the candidate graph) or streaming (date order, bounded memory); see docs/methods.md.")
    scorer: str = Field(
        "logistic", description="Pair scorer: logistic (P(same incident) from the shipped pair model, or "
        "one in `pair_model`) or weighted (weighted mean of the features).")
    threshold: float = Field(
        0.5, ge=-1.0, le=1.0, description="Minimum pair score to merge (average score between "
        "two groups for threshold-average; edges kept for the others); a probability for the logistic scorer "
        "(the weighted scorer's own former default was 0.55).")
    window_days: int = Field(
        7, ge=0, description="Reports published further apart (days) are never one incident."
    )
    neighbours: int = Field(30, gt=0, le=10_000, description="Candidate neighbours per report, in each language of the corpus.")
