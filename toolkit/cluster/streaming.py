"""Streaming incidents for date-ordered corpora, in the manner of Miranda et al. (2018).

Reports are taken in date order (undated ones last). Each joins the open incident whose
centroid it is most similar to, if that pair score reaches ``threshold``, or opens a new
incident. An incident whose latest report is more than ``window_days`` older than the
current report is closed and leaves memory, so memory is bounded by the incidents open
within one window, not by the corpus. The pair score is the configured pair scorer's
score of text similarity (to the centroid) and date closeness (to the incident's latest
report); places and figures are unknown (NaN) for a centroid, so the scorer leaves them out.

Reference: Miranda, S., Znotiņš, A., Cohen, S. B. and Barzdins, G. 2018. Multilingual
Clustering of Streaming News. EMNLP 2018.
"""

from __future__ import annotations

import numpy as np

from toolkit.cluster.algorithms import CLUSTERERS, CandidateGraph, Clusterer
from toolkit.cluster.scores import centroid_features, closeness_from_gap


class OpenIncidents:
    """Centroids, embedding sums and latest days of the open incidents, in growable arrays."""

    def __init__(self, dim: int) -> None:
        self.count = 0
        self.sums = np.zeros((64, dim))
        self.centroids = np.zeros((64, dim))
        self.last_day = np.zeros(64)
        self.ids = np.zeros(64, dtype=np.int64)

    def close_before(self, day: float, window_days: int) -> None:
        """Drop the incidents whose latest report is more than the window before ``day``."""
        live = slice(0, self.count)
        keep = np.flatnonzero(np.isnan(self.last_day[live]) | (day - self.last_day[live] <= window_days))
        for array in (self.sums, self.centroids, self.last_day, self.ids):
            array[:len(keep)] = array[keep]
        self.count = len(keep)

    def open(self, incident_id: int, vector: np.ndarray, day: float) -> None:
        if self.count == len(self.ids):
            grow = len(self.ids)
            self.sums = np.vstack([self.sums, np.zeros_like(self.sums[:grow])])
            self.centroids = np.vstack([self.centroids, np.zeros_like(self.centroids[:grow])])
            self.last_day = np.concatenate([self.last_day, np.zeros(grow)])
            self.ids = np.concatenate([self.ids, np.zeros(grow, dtype=np.int64)])
        self.sums[self.count] = vector
        self.ids[self.count], self.last_day[self.count] = incident_id, day
        self.count += 1
        self._normalise(self.count - 1)

    def join(self, slot: int, vector: np.ndarray, day: float) -> None:
        self.sums[slot] += vector
        self._normalise(slot)
        if not np.isnan(day):
            last = self.last_day[slot]
            self.last_day[slot] = day if np.isnan(last) else max(last, day)

    def _normalise(self, slot: int) -> None:
        self.centroids[slot] = self.sums[slot] / max(float(np.linalg.norm(self.sums[slot])), 1e-12)


@CLUSTERERS.register("streaming", version="1")
class Streaming(Clusterer):
    """Date-ordered single pass with bounded memory (see the module docstring)."""

    needs_graph = False

    def fit_predict(self, graph: CandidateGraph, threshold: float) -> np.ndarray:
        return stream_incidents(graph.embeddings, graph.days, graph.scorer, threshold, graph.window_days)


def stream_incidents(embeddings: np.ndarray, days: np.ndarray, scorer, threshold: float,
                     window_days: int) -> np.ndarray:
    """One label per report; see the module docstring.

    >>> from toolkit.cluster.scorers import WeightedScorer
    >>> vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    >>> stream_incidents(vectors, np.array([0.0, 1.0, 1.0, 40.0]), WeightedScorer(), 0.6, 7).tolist()
    [0, 0, 1, 2]
    """
    n = len(embeddings)
    labels = np.full(n, -1, dtype=np.int64)
    incidents = OpenIncidents(embeddings.shape[1])
    order = np.lexsort((np.arange(n), np.nan_to_num(days, nan=np.inf)))
    current_day = np.nan
    next_id = 0
    for report in order:
        day, vector = days[report], embeddings[report].astype(np.float64)
        if not np.isnan(day) and day != current_day:
            incidents.close_before(day, window_days)
            current_day = day
        live = slice(0, incidents.count)
        best = -1
        if incidents.count:
            gap = np.abs(day - incidents.last_day[live])
            closeness = closeness_from_gap(gap, window_days)
            text = incidents.centroids[live] @ vector
            score = scorer.score(centroid_features(text, closeness, np.isnan(gap)))
            best = int(np.argmax(score)) if score.max() >= threshold else -1
        if best >= 0:
            labels[report] = incidents.ids[best]
            incidents.join(best, vector, day)
        else:
            labels[report] = next_id
            incidents.open(next_id, vector, day)
            next_id += 1
    return labels
