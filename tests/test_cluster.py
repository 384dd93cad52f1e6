import numpy as np
import pandas as pd

from toolkit.cluster import cluster_reports, incident_table
from toolkit.cluster.algorithms import (
    connected_components_clusters,
    threshold_average_linkage,
)
from toolkit.config import ClusterConfig
from toolkit.evaluate.clustering import bcubed, ceaf_e, clustering_scores, pairwise_f1


def unit(*rows):
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_average_linkage_does_not_chain_like_connected_components():
    # 0-1 and 1-2 are close, 0-2 are not candidates: single linkage chains, average does not.
    i, j, score = np.array([0, 1]), np.array([1, 2]), np.array([0.9, 0.9])
    assert connected_components_clusters(3, i, j, score, 0.5).tolist() == [0, 0, 0]
    assert threshold_average_linkage(3, i, j, score, 0.5).tolist() in ([0, 0, 1], [0, 1, 1])


def test_reports_outside_the_date_window_are_never_joined():
    reports = pd.DataFrame({"report_id": ["a", "b", "c"],
                            "published": pd.to_datetime(["2017-09-25", "2017-09-26", "2017-10-20"]).date})
    vectors = unit([1, 0], [1, 0.01], [1, 0.02])
    members = cluster_reports(reports, vectors, ClusterConfig(scorer="weighted", threshold=0.5, window_days=3))
    assignment = dict(zip(members["report_id"], members["incident_id"]))
    assert assignment["a"] == assignment["b"] != assignment["c"]
    assert sorted(members["incident_id"].unique()) == ["inc-0001", "inc-0002"]


def test_single_report_and_missing_dates():
    one = pd.DataFrame({"report_id": ["a"], "published": [None]})
    assert cluster_reports(one, unit([1, 0]), ClusterConfig(scorer="weighted", threshold=0.55))["incident_id"].tolist() == ["inc-0001"]
    undated = pd.DataFrame({"report_id": ["a", "b"], "published": [None, None]})
    members = cluster_reports(undated, unit([1, 0], [1, 0.01]), ClusterConfig(scorer="weighted", threshold=0.5))
    assert members["incident_id"].nunique() == 1


def test_incident_table_counts_sources_and_languages():
    members = pd.DataFrame({"incident_id": ["inc-1", "inc-1"], "report_id": ["a", "b"]})
    reports = pd.DataFrame({"report_id": ["a", "b"], "source": ["s1", "s2"], "language": ["en", "ar"],
                            "published": pd.to_datetime(["2017-09-25", "2017-09-26"]).date})
    claims = pd.DataFrame({"report_id": ["a"], "location": ["Idlib"]})
    row = incident_table(members, reports, claims).iloc[0]
    assert (row["n_reports"], row["n_sources"], list(row["languages"]), list(row["locations"])) == (2, 2, ["ar", "en"], ["Idlib"])
    assert str(row["start"]) == "2017-09-25" and str(row["end"]) == "2017-09-26"


def test_bcubed_on_a_hand_checked_example():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # precision: a 1, b 1, c 1/2, d 1/2 -> 0.75; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    scores = bcubed(gold, predicted)
    assert scores["precision"] == 0.75
    assert abs(scores["recall"] - 2 / 3) < 1e-12
    perfect = clustering_scores(gold, {"a": "p", "b": "p", "c": "p", "d": "q"})
    assert perfect["b3_f1"] == perfect["pairwise_f1"] == perfect["ari"] == 1.0


def test_ceaf_e_and_pairwise_on_hand_checked_examples():
    gold = {"a": "1", "b": "1", "c": "2", "d": "3"}
    predicted = {"a": "x", "b": "y", "c": "y", "d": "z"}
    # phi4: 1-x 2/3, 1-y 1/2, 2-y 2/3, 3-z 1; best one-to-one: 1-x, 2-y, 3-z = 7/3 over 3 clusters each
    scores = ceaf_e(gold, predicted)
    assert abs(scores["precision"] - 7 / 9) < 1e-12 and abs(scores["recall"] - 7 / 9) < 1e-12
    # pairs: gold {ab}; predicted {bc}; none shared
    assert pairwise_f1(gold, predicted) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    lumped = ceaf_e(gold, dict.fromkeys(gold, "all"))
    # one predicted cluster of 4 matched to gold {a, b}: phi4 = 2*2/(2+4) = 2/3
    assert abs(lumped["precision"] - 2 / 3) < 1e-12 and abs(lumped["recall"] - 2 / 9) < 1e-12
