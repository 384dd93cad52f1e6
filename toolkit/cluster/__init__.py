"""Cluster: group reports into incidents (the fourth stage)."""

from toolkit.lazy import lazy_attributes

__all__ = ["CLUSTERERS", "PAIR_SCORERS", "CandidateGraph", "ClusterConfig", "Clusterer", "DuplicateReportIds",
           "PairScorer", "candidate_graph", "cluster_reports", "incident_table"]
__getattr__ = lazy_attributes(__name__, {
    "CLUSTERERS": "toolkit.cluster.algorithms", "CandidateGraph": "toolkit.cluster.algorithms",
    "Clusterer": "toolkit.cluster.algorithms", "PAIR_SCORERS": "toolkit.cluster.scorers",
    "PairScorer": "toolkit.cluster.scorers", "ClusterConfig": "toolkit.cluster.settings",
    "DuplicateReportIds": "toolkit.cluster.incidents", "candidate_graph": "toolkit.cluster.incidents",
    "cluster_reports": "toolkit.cluster.incidents", "incident_table": "toolkit.cluster.incidents"})
