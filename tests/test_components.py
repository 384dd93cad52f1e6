"""One contract for every registered component, in the manner of scikit-learn's ``check_estimator``.

Each component of each kind goes through the same checks: its name and version, settings
that refuse unknown keys and round-trip, a pickle that rebuilds it (how executors send it to
workers), and for its kind: output shapes and dtypes, determinism and empty input. A new
component gets these tests by being registered; one that needs settings to be built (a model
path) adds an example to ``EXAMPLE_SETTINGS``.
"""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest

from toolkit.agree import STATISTICS
from toolkit.agree.stats import unit_agreement
from toolkit.agree.units import source_counts
from toolkit.align import ALIGNERS
from toolkit.cluster import CLUSTERERS, PAIR_SCORERS, CandidateGraph
from toolkit.cluster.scorers import WeightedScorer
from toolkit.cluster.scores import FEATURES
from toolkit.embed import ENCODERS
from toolkit.extract import EXTRACTORS, extract_claims
from toolkit.registry import ComponentSettingsError
from toolkit.schema import ALIGNMENTS, CLAIMS

REGISTRIES = {"encoder": ENCODERS, "extractor": EXTRACTORS, "pair scorer": PAIR_SCORERS,
              "clustering algorithm": CLUSTERERS, "aligner": ALIGNERS, "agreement statistic": STATISTICS}
COMPONENTS = [(kind, name) for kind, registry in REGISTRIES.items() for name in registry.names()]

REPORTS = pd.DataFrame([
    {"report_id": "a", "source": "wire", "language": "en", "published": "2017-09-25",
     "text": "At least 45 civilians were killed and 12 were wounded in airstrikes on rural Idlib."},
    {"report_id": "b", "source": "monitor", "language": "ar", "published": "2017-09-25",
     "text": "قتل ٤٠ مدنيا وأصيب ١٥ آخرون في غارات على ريف إدلب."},
    {"report_id": "c", "source": "agency", "language": "en", "published": "2017-09-26",
     "text": "Forty-two civilians died and 12 people were injured in the raids on Idlib."},
])
MEMBERS = pd.DataFrame({"incident_id": ["inc-0001"] * 3, "report_id": ["a", "b", "c"]})


@pytest.fixture(scope="module")
def pair_model(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pair-model") / "pairs.json"
    path.write_text(json.dumps({"kind": "logistic", "features": list(FEATURES), "coefficients": [6.0, 2.0, 1.0, 1.0, -1.0, 0.5, 0.5, -0.5],
                                "intercept": -4.0}), encoding="utf-8")
    return str(path)


@pytest.fixture
def example_settings(tiny_sentence_transformer, pair_model):
    return {("encoder", "sentence-transformers"): {"model": str(tiny_sentence_transformer)},
            ("pair scorer", "logistic"): {"pair_model": pair_model}}


def build(kind: str, name: str, settings: dict):
    runtime = {}
    if kind == "encoder" and ENCODERS.get(name).needs_corpus:
        runtime["corpus"] = ["45 killed in Idlib", "قتل ٤٥ في إدلب", "dozens wounded"]
    return REGISTRIES[kind].build(name, settings, **runtime)


@pytest.mark.parametrize("kind, name", COMPONENTS)
def test_every_component_honours_the_common_contract(kind, name, example_settings):
    cls = REGISTRIES[kind].get(name)
    assert cls.name == name and cls.version and cls.kind == kind
    settings = example_settings.get((kind, name), {})
    component = build(kind, name, settings)
    with pytest.raises(ComponentSettingsError, match="unknown setting 'no_such_setting'"):
        REGISTRIES[kind].build(name, {**settings, "no_such_setting": 1})
    rebuilt = type(component)(**component.get_settings(), **component.runtime_arguments())
    assert rebuilt.get_settings() == component.get_settings()
    assert pickle.loads(pickle.dumps(component)).get_settings() == component.get_settings()
    CHECKS[kind](component)


def check_encoder(encoder) -> None:
    texts = ["45 civilians were killed in Idlib", "قتل ٤٥ مدنيا في إدلب", "dozens wounded"]
    vectors = encoder.encode(texts)
    assert vectors.dtype == np.float32 and vectors.shape == (3, encoder.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(encoder.encode(texts), vectors)
    assert encoder.encode([]).shape[0] == 0
    rebuilt = pickle.loads(pickle.dumps(encoder))
    if encoder.cacheable:
        np.testing.assert_array_equal(rebuilt.encode(texts), vectors)


def check_extractor(extractor) -> None:
    claims = extract_claims(REPORTS, extractor)
    assert list(claims.columns) == CLAIMS.names and len(claims) >= 3
    pd.testing.assert_frame_equal(extract_claims(REPORTS, extractor), claims)
    assert extractor.extract_report({"report_id": "e", "language": "en", "text": ""}) == []


def check_pair_scorer(scorer) -> None:
    # columns: FEATURES (text, text_margin, best_match, date, undated, place, claims, cross_lingual); NaN: unknown
    features = np.array([[0.9, 0.3, 1.0, 1.0, 0.0, 0.5, 0.5, 0.0], [0.1, -0.2, 0.0, 0.0, 1.0, 0.5, 0.0, 1.0],
                         [0.7, np.nan, np.nan, 0.5, 0.0, np.nan, np.nan, np.nan]])
    scores = scorer.score(features)
    assert scores.dtype == np.float64 and scores.shape == (3,)
    assert ((scores >= 0) & (scores <= 1)).all() and scores[0] > scores[1]
    np.testing.assert_array_equal(scorer.score(features), scores)
    assert scorer.score(np.zeros((0, len(FEATURES)))).shape == (0,)


def graph_of(n: int) -> CandidateGraph:
    rng = np.random.default_rng(0)
    embeddings = 0.1 * rng.normal(size=(n, 8)).astype(np.float32)
    embeddings[: n // 2, 0] += 1.0  # two groups, orthogonal but for the noise
    embeddings[n // 2:, 1] += 1.0
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    i, j = np.triu_indices(n, 1)
    score = np.round((embeddings[i] * embeddings[j]).sum(axis=1).astype(np.float64), 10)
    return CandidateGraph(n, i, j, score, embeddings=embeddings, days=np.zeros(n), window_days=7,
                          scorer=WeightedScorer(text_weight=1.0, date_weight=0.0))


def check_clustering_algorithm(clusterer) -> None:
    labels = clusterer.fit_predict(graph_of(10), threshold=0.5)
    assert labels.dtype == np.int64 and labels.shape == (10,)
    np.testing.assert_array_equal(clusterer.fit_predict(graph_of(10), threshold=0.5), labels)
    assert len(set(labels[:5]) & set(labels[5:])) == 0  # the two groups never share an incident
    assert clusterer.fit_predict(graph_of(0), threshold=0.5).shape == (0,)
    apart = clusterer.fit_predict(graph_of(4), threshold=1.0)  # nothing reaches 1.0: one report an incident
    assert len(set(apart.tolist())) == 4


def _encode(texts: list[str]) -> np.ndarray:
    return ENCODERS.build("char-ngram-hash").encode(texts)


def check_aligner(aligner) -> None:
    claims = extract_claims(REPORTS)
    alignments = aligner.align(claims, MEMBERS, _encode)
    assert list(alignments.columns) == ALIGNMENTS.names and len(alignments) > 0
    assert set(alignments["claim_id_a"]) | set(alignments["claim_id_b"]) <= set(claims["claim_id"])
    pd.testing.assert_frame_equal(aligner.align(claims, MEMBERS, _encode), alignments)
    assert aligner.align(claims.iloc[0:0], MEMBERS, _encode).empty


def check_agreement_statistic(statistic) -> None:
    counts = source_counts(extract_claims(REPORTS), MEMBERS, REPORTS)
    units = unit_agreement(counts, 0.1)
    shared = units[units["n_sources"] >= 2]
    result = statistic.interval(counts, shared, 200, 0, 0.95)
    assert {"estimate", "low", "high"} <= set(result) and result["estimate"] is not None
    assert result["low"] <= result["estimate"] <= result["high"]
    assert statistic.interval(counts, shared, 200, 0, 0.95) == result
    empty = statistic.interval(counts.iloc[0:0], shared.iloc[0:0], 200, 0, 0.95)
    assert empty["estimate"] is None


CHECKS = {"encoder": check_encoder, "extractor": check_extractor, "pair scorer": check_pair_scorer,
          "clustering algorithm": check_clustering_algorithm, "aligner": check_aligner,
          "agreement statistic": check_agreement_statistic}
