"""Cluster: group reports into incidents (the fourth stage).

``pair_probability`` and ``score_pairs`` are re-exported from :mod:`toolkit.pair_scores`, which runs
the stages before this one on the given reports."""

from toolkit.lazy import lazy_attributes

__all__ = ["CLUSTERERS", "PAIR_SCORERS", "CandidateGraph", "ClusterConfig", "Clusterer", "DuplicateReportIds",
           "PairScore", "PairScorer", "candidate_graph", "cluster_reports", "incident_table", "pair_probability",
           "score_pairs"]
__getattr__ = lazy_attributes(__name__, {
    "CLUSTERERS": "toolkit.cluster.algorithms", "CandidateGraph": "toolkit.cluster.algorithms",
    "Clusterer": "toolkit.cluster.algorithms", "PAIR_SCORERS": "toolkit.cluster.scorers",
    "PairScorer": "toolkit.cluster.scorers", "ClusterConfig": "toolkit.cluster.settings",
    "DuplicateReportIds": "toolkit.cluster.incidents", "candidate_graph": "toolkit.cluster.incidents",
    "cluster_reports": "toolkit.cluster.incidents", "incident_table": "toolkit.cluster.incidents",
    "PairScore": "toolkit.pair_scores", "pair_probability": "toolkit.pair_scores",
    "score_pairs": "toolkit.pair_scores"})
