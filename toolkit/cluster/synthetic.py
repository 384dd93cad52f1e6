"""Synthetic bilingual corpora with known incidents, for scale benchmarks and tests.

Incidents fall on days spread over ``days`` days and on places drawn from a few hundred;
each has one to six reports (in Arabic or English) published on its day or up to two
days later. Embeddings are drawn around the incident's centre, which is itself drawn
around one of a few dozen topic centres, so different incidents of one topic (two
airstrikes on Idlib towns) are similar as real reports are, and the reports of one
incident are closer still. Each report names its incident's place with probability 0.7
and its killed figure (with the sources' noise) with probability 0.6.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class SyntheticCorpus:
    reports: pd.DataFrame      # report_id, source, language, published
    claims: pd.DataFrame       # the columns the pair features read
    embeddings: np.ndarray     # (n, dim) float32, L2-normalised
    gold: dict[str, str]       # report_id -> incident id


def synthetic_corpus(n_reports: int, seed: int = 0, dim: int = 128, days: int | None = None,
                     topics: int = 100, places: int = 300, incident_spread: float = 1.0,
                     report_spread: float = 0.45) -> SyntheticCorpus:
    """About ``n_reports`` reports (exactly that many) of about n/3 incidents.

    ``days`` defaults to one day per 300 reports (at least 30), about the density of a
    large multi-outlet archive.
    """
    rng = np.random.default_rng(seed)
    days = days or max(30, n_reports // 300)
    sizes = rng.integers(1, 7, size=n_reports)  # more than enough incidents
    sizes = sizes[:np.searchsorted(np.cumsum(sizes), n_reports) + 1]
    sizes[-1] -= sizes.sum() - n_reports
    n_incidents = len(sizes)
    topic_centres = _unit(rng.standard_normal((topics, dim), dtype=np.float32))
    topic = rng.integers(0, topics, n_incidents)
    centres = _unit(topic_centres[topic]
                    + incident_spread * _unit(rng.standard_normal((n_incidents, dim), dtype=np.float32)))
    incident = np.repeat(np.arange(n_incidents), sizes)
    embeddings = _unit(centres[incident]
                       + report_spread * _unit(rng.standard_normal((n_reports, dim), dtype=np.float32)))
    incident_day = rng.integers(0, days, n_incidents)
    report_day = incident_day[incident] + rng.choice([0, 0, 0, 1, 2], size=n_reports)
    published = pd.Timestamp("2015-01-01") + pd.to_timedelta(report_day, unit="D")
    report_ids = np.array([f"r{k}" for k in range(n_reports)])
    reports = pd.DataFrame({
        "report_id": report_ids,
        "source": [f"outlet-{k}" for k in rng.integers(0, 40, n_reports)],
        "language": np.where(rng.random(n_reports) < 0.5, "ar", "en"),
        "published": published.date,
    })
    claims = _claims(rng, report_ids, incident, rng.integers(0, places, n_incidents),
                     rng.integers(1, 80, n_incidents))
    gold = dict(zip(report_ids, (f"i{k}" for k in incident)))
    return SyntheticCorpus(reports, claims, embeddings.astype(np.float32), gold)


def _claims(rng: np.random.Generator, report_ids: np.ndarray, incident: np.ndarray,
            incident_place: np.ndarray, incident_killed: np.ndarray) -> pd.DataFrame:
    named = rng.random(len(report_ids)) < 0.7
    counted = rng.random(len(report_ids)) < 0.6
    noise = rng.choice([1.0, 1.0, 0.9, 1.1, 0.8], size=len(report_ids))
    value = np.where(counted, np.round(incident_killed[incident] * noise), np.nan)
    keep = named | counted
    return pd.DataFrame({
        "claim_id": [f"{r}-c1" for r in report_ids[keep]],
        "report_id": report_ids[keep],
        "category": np.where(counted[keep], "killed", "other"),
        "subject": "people",
        "value": value[keep], "lower": value[keep], "upper": value[keep],
        "qualifier": "exact",
        "location_id": np.where(named[keep], [f"syn-place-{p}" for p in incident_place[incident[keep]]], None),
        "part_of": None, "cumulative": False,
    })


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
