"""Margin, CSLS and mutual nearest neighbours on a hand-checkable matrix; index vs brute force."""

import numpy as np
import pytest

from toolkit.neighbours import NeighbourIndex
from toolkit.evaluate.retrieval import retrieval_metrics
from toolkit.align.scoring import (
    csls_scores,
    knn_mean_similarity,
    mutual_nearest_neighbours,
    ratio_margin_scores,
    score_matrix,
)

# Target 1 is a hub: close to every source. Source 2's translation is target 2,
# but plain cosine prefers the hub (0.7 > 0.6).
COSINE = np.array([[0.9, 0.6, 0.1],
                   [0.5, 0.8, 0.3],
                   [0.2, 0.7, 0.6]])
# k = 2 neighbourhoods, by hand: row means of the two largest entries ...
ROW = [(0.9 + 0.6) / 2, (0.8 + 0.5) / 2, (0.7 + 0.6) / 2]     # 0.75, 0.65, 0.65
# ... and column means of the two largest entries.
COLUMN = [(0.9 + 0.5) / 2, (0.8 + 0.7) / 2, (0.6 + 0.3) / 2]  # 0.70, 0.75, 0.45


def test_knn_means_by_hand():
    assert knn_mean_similarity(COSINE, k=2, axis=1) == pytest.approx(ROW)
    assert knn_mean_similarity(COSINE, k=2, axis=0) == pytest.approx(COLUMN)


def test_ratio_margin_by_hand_demotes_the_hub():
    margin = ratio_margin_scores(COSINE, k=2)
    assert margin[2, 1] == pytest.approx(0.7 / ((0.65 + 0.75) / 2))   # 1.0
    assert margin[2, 2] == pytest.approx(0.6 / ((0.65 + 0.45) / 2))   # 1.0909
    assert margin[0, 0] == pytest.approx(0.9 / ((0.75 + 0.70) / 2))   # 1.2414
    assert COSINE[2].argmax() == 1 and margin[2].argmax() == 2


def test_csls_by_hand_demotes_the_hub():
    csls = csls_scores(COSINE, k=2)
    assert csls[2, 1] == pytest.approx(2 * 0.7 - 0.65 - 0.75)   # 0.0
    assert csls[2, 2] == pytest.approx(2 * 0.6 - 0.65 - 0.45)   # 0.1
    assert csls[1, 0] == pytest.approx(2 * 0.5 - 0.65 - 0.70)   # -0.35
    assert csls[2].argmax() == 2


def test_mutual_nearest_neighbours_by_hand():
    # cosine: row 2 -> column 1, but column 1 -> row 1, so row 2 has no mutual partner
    assert mutual_nearest_neighbours(COSINE) == [(0, 0), (1, 1)]
    assert mutual_nearest_neighbours(ratio_margin_scores(COSINE, k=2)) == [(0, 0), (1, 1), (2, 2)]
    assert mutual_nearest_neighbours(np.zeros((0, 0))) == []


def test_retrieval_metrics_by_hand():
    metrics = retrieval_metrics(COSINE)
    # rows: truth ranks 1, 1, 2; columns (transpose): column 1's truth 0.8 ranks first, ...
    assert metrics["src_to_tgt_p1"] == pytest.approx(2 / 3)
    assert metrics["src_to_tgt_mrr"] == pytest.approx((1 + 1 + 1 / 2) / 3)
    assert metrics["tgt_to_src_p1"] == pytest.approx(1.0)
    # a tie with the truth is not a win
    assert retrieval_metrics(np.array([[0.5, 0.5], [0.1, 0.9]]))["src_to_tgt_p1"] == 0.5


def test_score_matrix_with_vectors_uses_the_index_neighbourhoods():
    rng = np.random.default_rng(0)
    source = rng.normal(size=(40, 8)).astype(np.float32)
    target = rng.normal(size=(30, 8)).astype(np.float32)
    source /= np.linalg.norm(source, axis=1, keepdims=True)
    target /= np.linalg.norm(target, axis=1, keepdims=True)
    from_vectors = score_matrix(source, target, "csls", k=3)
    from_matrix = csls_scores(source.astype(np.float64) @ target.T.astype(np.float64), k=3)
    np.testing.assert_allclose(from_vectors, from_matrix, atol=1e-5)


def test_index_and_brute_force_find_the_same_neighbours():
    rng = np.random.default_rng(42)
    candidates = rng.normal(size=(500, 24)).astype(np.float32)
    candidates /= np.linalg.norm(candidates, axis=1, keepdims=True)
    queries = candidates[:50] + 0.05 * rng.normal(size=(50, 24)).astype(np.float32)
    exact = NeighbourIndex(candidates)
    approximate = NeighbourIndex(candidates, exact_threshold=0)
    assert (exact.method, approximate.method) == ("exact", "faiss-hnsw")
    exact_similarities, exact_indices = exact.search(queries, k=5)
    approx_similarities, approx_indices = approximate.search(queries, k=5)
    np.testing.assert_array_equal(exact_indices, approx_indices)
    np.testing.assert_allclose(exact_similarities, approx_similarities, atol=1e-5)
    # and both agree with a plain full sort
    naive = np.argsort(-(queries @ candidates.T), axis=1)[:, :5]
    np.testing.assert_array_equal(exact_indices, naive)


def test_index_rejects_bad_shapes():
    index = NeighbourIndex(np.eye(3, dtype=np.float32))
    with pytest.raises(ValueError, match=r"queries must have shape \(n, 3\)"):
        index.search(np.ones((2, 4), dtype=np.float32), k=1)
    with pytest.raises(ValueError, match="2-D"):
        NeighbourIndex(np.ones(3, dtype=np.float32))
