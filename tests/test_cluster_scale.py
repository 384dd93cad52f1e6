"""Clustering on the sparse candidate graph: every algorithm, the pair features, the
pair model, and the corner cases (duplicate ids, one report, one date, no dates)."""

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cluster import DuplicateReportIds, candidate_graph, cluster_reports
from toolkit.cluster.candidates import candidate_pairs, day_numbers
from toolkit.cluster.pair_model import fit_pair_model, model_scores
from toolkit.cluster.synthetic import synthetic_corpus
from toolkit.config import ClusterConfig
from toolkit.evaluate.clustering import clustering_scores


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(1500, seed=3, dim=64)


def b3(corpus, members):
    return clustering_scores(corpus.gold, dict(zip(members["report_id"], members["incident_id"])))["b3_f1"]


@pytest.mark.parametrize("algorithm, threshold", [
    ("threshold-average", 0.6), ("connected-components", 0.7), ("leiden", 0.7), ("hdbscan", 0.5),
    ("streaming", 0.7)])
def test_every_algorithm_recovers_synthetic_incidents(corpus, algorithm, threshold):
    members = cluster_reports(corpus.reports, corpus.embeddings, ClusterConfig(scorer="weighted", algorithm=algorithm, threshold=threshold),
                              corpus.claims)
    assert sorted(members["report_id"]) == sorted(corpus.reports["report_id"])
    assert b3(corpus, members) >= 0.93


def test_sparse_average_linkage_matches_the_exact_dense_baseline():
    from sklearn.cluster import AgglomerativeClustering

    corpus = synthetic_corpus(600, seed=5, dim=32, days=10)
    config = ClusterConfig(scorer="weighted", threshold=0.55)
    members = cluster_reports(corpus.reports, corpus.embeddings, config)
    days = day_numbers(corpus.reports["published"])
    gap = np.abs(days[:, None] - days[None, :])
    closeness = np.clip(1 - gap / (config.window_days + 1), 0, 1)
    distance = 1 - (0.8 * (corpus.embeddings @ corpus.embeddings.T) + 0.2 * closeness)
    distance[gap > config.window_days] = 2.0
    np.fill_diagonal(distance, 0)
    exact = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1 - config.threshold).fit_predict(distance)
    ours = dict(zip(members["report_id"], members["incident_id"]))
    exact_scores = clustering_scores(corpus.gold, dict(zip(corpus.reports["report_id"], map(str, exact))))
    assert abs(clustering_scores(corpus.gold, ours)["b3_f1"] - exact_scores["b3_f1"]) <= 0.01


def test_hnsw_blocks_find_the_exact_neighbours(corpus):
    days = day_numbers(corpus.reports["published"])
    exact = candidate_pairs(corpus.embeddings, days, k=10, window_days=7)
    approximate = candidate_pairs(corpus.embeddings, days, k=10, window_days=7, exact_threshold=50)
    exact_pairs = set(zip(exact[0].tolist(), exact[1].tolist()))
    found = set(zip(approximate[0].tolist(), approximate[1].tolist()))
    assert len(exact_pairs & found) >= 0.95 * len(exact_pairs)
    gaps = np.abs(days[approximate[0]] - days[approximate[1]])
    assert gaps.max() <= 7


def test_duplicate_report_ids_are_an_error_naming_them(corpus):
    reports = corpus.reports.copy()
    reports.loc[[3, 9], "report_id"] = ["r1", "r2"]
    with pytest.raises(DuplicateReportIds, match="r1, r2"):
        cluster_reports(reports, corpus.embeddings, ClusterConfig())


@pytest.mark.parametrize("algorithm, threshold", [
    ("threshold-average", 0.6), ("leiden", 0.7), ("hdbscan", 0.3), ("streaming", 0.7)])
def test_one_date_no_dates_and_a_single_report(corpus, algorithm, threshold):
    # Text alone decides (no date weight), so one date and no dates must give the same incidents.
    config = ClusterConfig(scorer="weighted", algorithm=algorithm, threshold=threshold, date_weight=0.0)
    subset = corpus.reports.head(300)
    vectors = corpus.embeddings[:300]
    gold = {key: corpus.gold[key] for key in subset["report_id"]}
    found = []
    for published in (pd.Timestamp("2017-09-25").date(), None):
        members = cluster_reports(subset.assign(published=published), vectors, config)
        assert len(members) == 300
        found.append(dict(zip(members["report_id"], members["incident_id"])))
        assert clustering_scores(gold, found[-1])["b3_f1"] >= 0.95
    assert clustering_scores(found[0], found[1])["b3_f1"] == 1.0
    single = cluster_reports(subset.head(1), vectors[:1], config)
    assert single["incident_id"].tolist() == ["inc-0001"]


def test_places_and_figures_separate_two_strikes_described_alike():
    reports = pd.DataFrame({"report_id": ["a", "b", "c"], "published": [pd.Timestamp("2017-04-04").date()] * 3})
    vectors = np.array([[1.0, 0.0], [0.96, 0.28], [0.96, -0.28]], dtype=np.float32)  # cosines 0.96 and 0.84
    claims = pd.DataFrame({
        "claim_id": ["a-c1", "b-c1", "c-c1"], "report_id": ["a", "b", "c"], "category": "killed",
        "subject": "civilians", "value": [45.0, 40.0, 3.0], "lower": [45.0, 40.0, 3.0], "upper": [45.0, 40.0, 3.0],
        "qualifier": "exact", "location_id": ["gov-idlib", "gov-idlib", "gov-hama"], "part_of": None,
        "cumulative": False})
    text_only = cluster_reports(reports, vectors, ClusterConfig(scorer="weighted", threshold=0.8), claims)
    assert text_only["incident_id"].nunique() == 1
    config = ClusterConfig(scorer="weighted", threshold=0.8, text_weight=0.5, date_weight=0.1, place_weight=0.2, claims_weight=0.2)
    members = cluster_reports(reports, vectors, config, claims)
    assignment = dict(zip(members["report_id"], members["incident_id"]))
    assert assignment["a"] == assignment["b"] != assignment["c"]


def test_a_fitted_pair_model_scores_and_is_used_from_the_config(corpus, tmp_path):
    config = ClusterConfig()
    i, j, features = candidate_graph(corpus.reports, corpus.embeddings, corpus.claims, config)
    ids = corpus.reports["report_id"].to_numpy()
    labels = np.array([corpus.gold[a] == corpus.gold[b] for a, b in zip(ids[i], ids[j])])
    model = fit_pair_model(features, labels)
    probability = model_scores(features, model)
    assert probability[labels].mean() > 0.8 > 0.2 > probability[~labels].mean()
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    members = cluster_reports(corpus.reports, corpus.embeddings, ClusterConfig(scorer="logistic", pair_model=str(path), threshold=0.5),
                              corpus.claims)
    assert b3(corpus, members) >= 0.95


def test_fit_pair_model_and_eval_clustering_commands(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app
    from toolkit.pipeline import run_pipeline

    from .conftest import DEMO

    runner = CliRunner()
    run = run_pipeline("configs/demo.yaml", tmp_path / "run", until="cluster", show_progress=False)
    model_path = tmp_path / "pairs.json"
    result = runner.invoke(app, ["fit-pair-model", str(run), "--gold", str(DEMO / "gold_incidents.csv"),
                                 "--out", str(model_path)])
    assert result.exit_code == 0, result.output
    model = json.loads(model_path.read_text(encoding="utf-8"))
    assert model["features"] == ["text", "text_margin", "best_match", "date", "undated", "place", "claims", "cross_lingual"] and model["n_positive"] > 0
    refit = run_pipeline("configs/demo.yaml", tmp_path / "refit", until="cluster", show_progress=False,
                         overrides=["cluster.scorer=logistic", f"cluster.pair_model={model_path}", "cluster.threshold=0.5"])
    result = runner.invoke(app, ["eval", "clustering", "--gold", str(DEMO / "gold_incidents.csv"), str(refit)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["b3_f1"] >= 0.85 and 0 < scores["ceaf_e_f1"] <= 1


def test_a_missing_or_foreign_pair_model_fails_before_the_run(tmp_path):
    from toolkit.config import ConfigError
    from toolkit.pipeline import run_pipeline

    with pytest.raises(FileNotFoundError, match="pair_model"):
        run_pipeline("configs/demo.yaml", tmp_path / "a", overrides=["cluster.scorer=logistic", f"cluster.pair_model={tmp_path / 'none.json'}"],
                     show_progress=False)
    assert not (tmp_path / "a" / "reports.parquet").exists()
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"kind": "random-forest"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a pair model"):
        run_pipeline("configs/demo.yaml", tmp_path / "b", overrides=["cluster.scorer=logistic", f"cluster.pair_model={foreign}"],
                     show_progress=False)
