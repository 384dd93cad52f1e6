"""A logistic model of pair scores, fitted on labelled pairs: the alternative to the
weighted mean of :mod:`toolkit.cluster.scores`.

Labelled pairs are the candidate pairs of a corpus with gold incidents (same incident:
1). The model is stored as JSON (feature names, coefficients, intercept), never pickled,
and gives P(same incident | features) = 1 / (1 + exp(-(b + w · x))).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.cluster.scores import FEATURES
from toolkit.registry import ComponentSettingsError


def fit_pair_model(features: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Fit an L2-regularised logistic regression (lbfgs, deterministic) on pair features."""
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray(labels, dtype=int)
    if len(np.unique(labels)) < 2:
        raise ValueError("labelled pairs need both kinds: pairs of one incident and pairs of two")
    model = LogisticRegression(C=1.0, max_iter=1000).fit(features, labels)
    return {"kind": "logistic", "features": list(FEATURES),
            "coefficients": [round(float(c), 8) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 8),
            "n_pairs": int(len(labels)), "n_positive": int(labels.sum())}


def model_scores(features: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """P(same incident) per pair, rounded to 10 digits like the weighted scores.

    >>> model = {"kind": "logistic", "features": list(FEATURES), "coefficients": [4, 0, 0, 0], "intercept": -2}
    >>> model_scores(np.array([[0.5, 1, 0.5, 0.5]]), model).tolist()
    [0.5]
    """
    if not _is_pair_model(model):
        raise ValueError(f"not a pair model for features {', '.join(FEATURES)}")
    logit = features @ np.asarray(model["coefficients"], dtype=float) + float(model["intercept"])
    return np.round(1.0 / (1.0 + np.exp(-logit)), 10)


def _is_pair_model(model: Any) -> bool:
    return isinstance(model, dict) and model.get("kind") == "logistic" and model.get("features") == list(FEATURES)


def load_pair_model(path: str | Path) -> dict[str, Any]:
    """Read a pair model written by ``crosstally fit-pair-model``; a clear error otherwise."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"cluster.pair_model: {path} does not exist")
    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ComponentSettingsError(f"cluster.pair_model: cannot read {path}: {error}") from None
    if not _is_pair_model(model):
        raise ComponentSettingsError(f"cluster.pair_model: {path} is not a pair model for features {', '.join(FEATURES)}")
    return model
