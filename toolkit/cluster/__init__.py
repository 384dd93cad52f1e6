"""Cluster: group reports into incidents (the fourth stage)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.cluster.algorithms import CLUSTERERS
from toolkit.cluster.candidates import day_numbers, neighbour_pairs, within_window
from toolkit.cluster.scores import date_closeness, pair_scores
from toolkit.config import ClusterConfig
from toolkit.schema import INCIDENT_MEMBERS, INCIDENTS

__all__ = ["CLUSTERERS", "cluster_reports", "incident_table"]


def cluster_reports(reports: pd.DataFrame, embeddings: np.ndarray,
                    config: ClusterConfig) -> pd.DataFrame:
    """Assign every report to an incident; returns the (incident_id, report_id) table.

    Incident ids are numbered by each incident's earliest date, then its first
    report id, so they do not depend on the order of the input.
    """
    n = len(reports)
    if n == 0:
        return INCIDENT_MEMBERS.empty_table().to_pandas()
    days = day_numbers(reports["published"])
    i, j, similarity = neighbour_pairs(embeddings, config.neighbours)
    keep = within_window(i, j, days, config.window_days)
    i, j, similarity = i[keep], j[keep], similarity[keep]
    scores = pair_scores(similarity, date_closeness(i, j, days, config.window_days),
                         config.text_weight, config.date_weight)
    labels = CLUSTERERS.get(config.algorithm)(n, i, j, scores, config.threshold)

    members = pd.DataFrame({"label": labels, "report_id": reports["report_id"].to_numpy(),
                            "day": days})
    order = (members.assign(day=members["day"].fillna(np.inf))
             .groupby("label").agg(day=("day", "min"), first=("report_id", "min"))
             .sort_values(["day", "first"]))
    width = max(4, len(str(len(order))))
    names = {label: f"inc-{rank:0{width}d}" for rank, label in enumerate(order.index, start=1)}
    members["incident_id"] = members["label"].map(names)
    return (members[["incident_id", "report_id"]]
            .sort_values(["incident_id", "report_id"]).reset_index(drop=True))


def incident_table(members: pd.DataFrame, reports: pd.DataFrame,
                   claims: pd.DataFrame) -> pd.DataFrame:
    """The incident-level table: date span, places, and how many reports, sources, languages."""
    if members.empty:
        return INCIDENTS.empty_table().to_pandas()
    joined = members.merge(reports[["report_id", "source", "language", "published"]], on="report_id")
    places = (claims.dropna(subset=["location"]).merge(members, on="report_id")
              .groupby("incident_id")["location"].agg(lambda s: sorted(set(s))))
    rows = []
    for incident_id, group in joined.groupby("incident_id", sort=True):
        dates = pd.to_datetime(group["published"], errors="coerce").dropna()
        rows.append({
            "incident_id": incident_id,
            "start": dates.min().date() if len(dates) else None,
            "end": dates.max().date() if len(dates) else None,
            "locations": places.get(incident_id, []),
            "n_reports": len(group),
            "n_sources": group["source"].nunique(),
            "languages": sorted(group["language"].unique()),
        })
    return pd.DataFrame(rows, columns=INCIDENTS.names)
