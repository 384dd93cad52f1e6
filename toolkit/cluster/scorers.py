"""Pair scorers: the probability-like score of two reports being one incident, from the
features of :mod:`toolkit.cluster.scores` (:data:`FEATURES`).

A feature a caller cannot compute is NaN (streaming compares a report with an incident's
centroid, which has no places); scorers leave it out rather than guess it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import Field

from toolkit.cluster.pair_model import DEFAULT_PAIR_MODEL, load_pair_model, model_scores
from toolkit.cluster.scores import FEATURES
from toolkit.registry import Component, ComponentSettings, ComponentSettingsError, Registry


class PairScorer(Component):
    """Base of every pair scorer: ``score(features)`` -> one float64 score per row.

    ``needs_evidence`` says whether the features built from the claims (places, figures and
    event dates, at a cost) enter the score; when False they may be passed as anything.
    """

    kind = "pair scorer"

    @property
    def needs_evidence(self) -> bool:
        return True

    def score(self, features: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def inputs(self) -> list[Path]:
        """Files the scores depend on (their hashes enter the run's fingerprint)."""
        return []


PAIR_SCORERS: Registry[PairScorer] = Registry("pair scorer", PairScorer)


@PAIR_SCORERS.register("weighted", version="2")
class WeightedScorer(PairScorer):
    """Weighted mean of the features, rounded to 10 digits so float noise never flips a merge.

    >>> WeightedScorer().score(np.array([[0.6, 0.1, 1.0, 1.0, 0.0, 0.5, 0.5, 0.0], [0.6, np.nan, np.nan, 1.0, 0.0, np.nan, np.nan, np.nan]])).tolist()
    [0.68, 0.68]
    """

    class Settings(ComponentSettings):
        text_weight: float = Field(0.8, ge=0.0, description="Weight of text similarity in a pair score.")
        date_weight: float = Field(0.2, ge=0.0, description="Weight of date closeness in a pair score.")
        place_weight: float = Field(0.0, ge=0.0, description="Weight of shared places in a pair score.")
        claims_weight: float = Field(0.0, ge=0.0, description="Weight of shared compatible figures in a pair score.")

    def __init__(self, settings: ComponentSettings | None = None, **options: object) -> None:
        super().__init__(settings, **options)
        s = self.settings
        named = {"text": s.text_weight, "date": s.date_weight, "place": s.place_weight, "claims": s.claims_weight}
        self.weights = np.array([named.get(feature, 0.0) for feature in FEATURES])
        if self.weights.sum() <= 0:
            raise ComponentSettingsError("pair scorer 'weighted': cluster.text_weight, date_weight, place_weight "
                                         "and claims_weight must add up to a positive number")

    @property
    def needs_evidence(self) -> bool:
        return bool(self.weights[[FEATURES.index(name) for name in ("date", "place", "claims")]].any())

    def score(self, features: np.ndarray) -> np.ndarray:
        features = np.asarray(features, dtype=np.float64)
        unknown = np.isnan(features)
        if not unknown.any():
            return np.round(features @ self.weights / self.weights.sum(), 10)
        weights = np.where(unknown, 0.0, self.weights)
        totals = weights.sum(axis=1)
        if (totals <= 0).any():
            raise ValueError("the weights of the features known for a pair must add up to a positive number")
        return np.round((np.where(unknown, 0.0, features) * weights).sum(axis=1) / totals, 10)


@PAIR_SCORERS.register("logistic", version="2")
class LogisticScorer(PairScorer):
    """P(same incident) from a logistic model: by default the one shipped in
    ``toolkit/data/pair_models/same_incident.json`` (fitted on four incident gold sets by
    ``experiments/pair_model/fit.py``; docs/clustering.md), or one fitted by
    ``crosstally fit-pair-model``. A feature unknown for a pair counts as its training mean."""

    class Settings(ComponentSettings):
        pair_model: str = Field(DEFAULT_PAIR_MODEL, description="JSON pair model for the `logistic` scorer: "
                                "the shipped default, or a file from `crosstally fit-pair-model`.")

    def __init__(self, settings: ComponentSettings | None = None, **options: object) -> None:
        super().__init__(settings, **options)
        self.model = load_pair_model(self.settings.pair_model)

    def score(self, features: np.ndarray) -> np.ndarray:
        return model_scores(np.asarray(features, dtype=np.float64), self.model)

    def inputs(self) -> list[Path]:
        from toolkit.ingest.readers import resolve_input_path

        return [resolve_input_path(self.settings.pair_model)]


__all__ = ["FEATURES", "PAIR_SCORERS", "LogisticScorer", "PairScorer", "WeightedScorer"]
