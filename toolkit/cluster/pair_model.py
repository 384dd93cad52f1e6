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

from toolkit.cluster.scores import FEATURES, UNKNOWN
from toolkit.registry import ComponentSettingsError


# What an unknown feature (NaN) counts as: no evidence either way.
NEUTRAL = {"text": 0.0, "text_margin": 0.0, "best_match": 0.5, "date": 0.0, "undated": 0.0, "place": UNKNOWN, "claims": UNKNOWN,
           "cross_lingual": 0.0}


def fit_pair_model(features: np.ndarray, labels: np.ndarray, sample_weight: np.ndarray | None = None,
                   C: float = 1.0, unused: tuple[str, ...] = ()) -> dict[str, Any]:
    """Fit an L2-regularised logistic regression (lbfgs, deterministic) on pair features;
    ``sample_weight`` lets several corpora count equally whatever their number of pairs;
    ``unused`` features get coefficient 0 (still computed and shown, never weighed)."""
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray(labels, dtype=int)
    if len(np.unique(labels)) < 2:
        raise ValueError("labelled pairs need both kinds: pairs of one incident and pairs of two")
    unknown = sorted(set(unused) - set(FEATURES))
    if unknown:
        raise ValueError(f"unknown pair features {unknown}; the features are {', '.join(FEATURES)}")
    filled = fill_unknown(features)
    used = [index for index, name in enumerate(FEATURES) if name not in unused]
    model = LogisticRegression(C=C, max_iter=5000).fit(filled[:, used], labels, sample_weight=sample_weight)
    coefficients = np.zeros(len(FEATURES))
    coefficients[used] = model.coef_[0]
    # What a feature unknown at scoring time counts as: its mean over the training pairs, so a
    # pair scored without it gets about the model's average belief, not a guess of 0.
    means = np.average(filled, axis=0, weights=sample_weight)
    return {"kind": "logistic", "features": list(FEATURES),
            "coefficients": [round(float(c), 8) for c in coefficients],
            "intercept": round(float(model.intercept_[0]), 8),
            "fill": {name: round(float(value), 8) for name, value in zip(FEATURES, means)},
            "unused": [name for name in FEATURES if name in unused],
            "n_pairs": int(len(labels)), "n_positive": int(labels.sum())}


def fill_unknown(features: np.ndarray, fill: dict[str, float] | None = None) -> np.ndarray:
    """Features with NaN replaced by ``fill`` (a model's training means), else by :data:`NEUTRAL`."""
    features = np.asarray(features, dtype=np.float64)
    values = {**NEUTRAL, **(fill or {})}
    return np.where(np.isnan(features), np.array([values[name] for name in FEATURES]), features)


def model_scores(features: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """P(same incident) per pair, rounded to 10 digits like the weighted scores.

    >>> model = {"kind": "logistic", "features": list(FEATURES), "coefficients": [4, 0, 0, 0, 0, 0, 0, 0], "intercept": -2}
    >>> model_scores(np.array([[0.5, 0.1, 1, 1, 0, 0.5, 0.5, 0]]), model).tolist()
    [0.5]
    """
    if not _is_pair_model(model):
        raise ValueError(f"not a pair model for features {', '.join(FEATURES)}")
    logit = fill_unknown(features, model.get("fill")) @ np.asarray(model["coefficients"], dtype=float) + float(model["intercept"])
    return np.round(1.0 / (1.0 + np.exp(-logit)), 10)


def _is_pair_model(model: Any) -> bool:
    return isinstance(model, dict) and model.get("kind") == "logistic" and model.get("features") == list(FEATURES)


DEFAULT_PAIR_MODEL = "package:pair_models/same_incident.json"


def load_pair_model(path: str | Path) -> dict[str, Any]:
    """Read a pair model written by ``crosstally fit-pair-model`` (or shipped: ``package:...``);
    a clear error otherwise."""
    from toolkit.ingest.readers import resolve_input_path

    path = resolve_input_path(str(path))
    if not Path(path).is_file():
        raise FileNotFoundError(f"cluster.pair_model: {path} does not exist")
    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ComponentSettingsError(f"cluster.pair_model: cannot read {path}: {error}") from None
    if not _is_pair_model(model):
        raise ComponentSettingsError(f"cluster.pair_model: {path} is not a pair model for features {', '.join(FEATURES)}")
    return model
