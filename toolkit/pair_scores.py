"""Are these two reports the same incident, and why? The pair model's probability for given pairs,
with each feature's contribution (also offered as ``toolkit.cluster.pair_probability``).

It sits above the stages, beside :mod:`toolkit.pipeline`, because it runs several of them.

The reports go through the pipeline's own steps (ingest checks, the configured extractor for
places, figures and event dates, the configured encoder), together with a *context* of other
reports: ``text_margin`` and ``best_match`` say how a pair stands out among each report's
neighbours, so they need neighbours. The context is every report of the call plus, by
default, the shipped demo corpus (49 Arabic and English reports on Syrian incidents); give
your own corpus as ``context`` when your reports are about something else.

A contribution is coefficient x (feature - its training mean): the contributions add up to the
pair's log-odds minus those of an average training pair (``baseline_logit``), so a positive
one pushed the pair towards "same incident".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.cluster.candidates import candidate_pairs, day_numbers
from toolkit.cluster.pair_model import fill_unknown, load_pair_model, model_scores
from toolkit.cluster.scores import FEATURES, ReportEvidence, pair_features

__all__ = ["PairScore", "pair_probability", "score_pairs"]


@dataclass
class PairScore:
    """One pair's probability, features and contributions (see the module docstring)."""

    report_a: str
    report_b: str
    probability: float
    features: dict[str, float]
    contributions: dict[str, float]
    baseline_logit: float
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"P(same incident | {self.report_a}, {self.report_b}) = {self.probability:.3f}"]
        for name in sorted(self.contributions, key=lambda key: -abs(self.contributions[key])):
            lines.append(f"  {name:<14} {self.features[name]:>7.3f}   {self.contributions[name]:+.3f}")
        return "\n".join(lines + [f"  ({note})" for note in self.notes])


def default_context() -> list[dict[str, Any]]:
    """The shipped demo reports, as context for the neighbour features."""
    path = resources.files("toolkit") / "data" / "demo" / "reports.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _reports_frame(records: list[dict[str, Any]], config: Any) -> pd.DataFrame:
    from toolkit.ingest.readers import RawRecords
    from toolkit.ingest.validate import ReportValidator

    rows = [{**record, "input_row": number} for number, record in enumerate(records, start=1)]
    raw = RawRecords("pairs", sorted({key for row in rows for key in row}), rows)
    reports, rejects = ReportValidator(config.input.columns, config.ingest).validate(raw)
    if rejects:
        reasons = "; ".join(f"{reject['report_id'] or 'row ' + str(reject['row'])}: {reject['reason']}"
                            for reject in rejects[:5])
        raise ValueError(f"{len(rejects)} report(s) cannot be scored: {reasons}")
    return reports


def score_pairs(pairs: list[tuple[dict[str, Any], dict[str, Any]]], config: Any = None,
                context: list[dict[str, Any]] | None = None) -> list[PairScore]:
    """The pair model's probability for each (report, report) pair, in one pass over all reports.

    ``config`` is a :class:`toolkit.config.RunConfig` (or a path to one; None: the defaults): its
    extractor, encoder and ``cluster`` section (scorer model, window, neighbours) are used. Each
    report is a mapping with at least ``text`` (``report_id``, ``source``, ``language``,
    ``published``, ``title`` optional). ``context=None`` adds the demo corpus; ``[]`` adds nothing.
    """
    from toolkit.config import RunConfig, load_config
    from toolkit.extract.claims import extract_claims
    from toolkit.stages import make_cached_encoder_for, report_vectors

    if config is None:
        config = RunConfig()
    elif not isinstance(config, RunConfig):
        config = load_config(config)
    if config.cluster.scorer != "logistic":
        raise ValueError("pair probabilities need cluster.scorer: logistic (a pair model)")
    model = load_pair_model(config.cluster.component_settings("scorer")["pair_model"])
    records, index_of = [], {}
    for number, pair in enumerate(pairs):
        for side, report in zip("ab", pair):
            report = dict(report)
            report.setdefault("report_id", f"pair{number + 1}-{side}")
            report.setdefault("source", "unknown")
            key = str(report["report_id"])
            if key not in index_of:
                index_of[key] = len(records)
                records.append(report)
    for number, report in enumerate(default_context() if context is None else context):
        records.append({**report, "report_id": f"context:{report.get('report_id', number)}",
                        "source": report.get("source", "context")})
    reports = _reports_frame(records, config)
    claims = extract_claims(reports, config.extract.build("extractor"), show_progress_bar=False)
    with make_cached_encoder_for(config) as encoder:
        vectors = report_vectors(encoder, reports, config)
    days = day_numbers(reports["published"])
    i, j, similarity = candidate_pairs(vectors, days, config.cluster.neighbours, config.cluster.window_days)
    wanted = [(index_of[str(a.get("report_id", f"pair{n + 1}-a"))], index_of[str(b.get("report_id", f"pair{n + 1}-b"))])
              for n, (a, b) in enumerate(pairs)]
    keys = set(zip(i.tolist(), j.tolist()))
    extra = [(min(a, b), max(a, b)) for a, b in wanted if (min(a, b), max(a, b)) not in keys and a != b]
    if extra:  # pairs that are not candidates (outside the window, or beyond k) are scored too
        extra_i, extra_j = np.array([a for a, _ in extra]), np.array([b for _, b in extra])
        i, j = np.concatenate([i, extra_i]), np.concatenate([j, extra_j])
        similarity = np.concatenate([similarity, np.einsum("ij,ij->i", vectors[extra_i], vectors[extra_j])])
    evidence = ReportEvidence.from_claims(reports["report_id"], claims)
    features = pair_features(i, j, similarity, days, evidence, config.cluster.window_days,
                             reports["language"].to_numpy())
    row_of = {(int(a), int(b)): row for row, (a, b) in enumerate(zip(i, j))}
    coefficients = np.asarray(model["coefficients"], dtype=float)
    fill = np.array([model.get("fill", {}).get(name, 0.0) for name in FEATURES])
    baseline_logit = float(fill @ coefficients + model["intercept"])
    results = []
    for a, b in wanted:
        if a == b:
            raise ValueError(f"a pair of report {reports['report_id'][a]!r} with itself")
        row = features[row_of[(min(a, b), max(a, b))]][None, :]
        filled = fill_unknown(row, model.get("fill"))[0]
        notes = [f"{name} unknown: counted as its training mean" for name, value in zip(FEATURES, row[0])
                 if np.isnan(value)]
        results.append(PairScore(
            str(reports["report_id"][a]), str(reports["report_id"][b]), float(model_scores(row, model)[0]),
            {name: round(float(value), 4) for name, value in zip(FEATURES, filled)},
            {name: round(float(c * (value - m)), 4) for name, c, value, m in zip(FEATURES, coefficients, filled, fill)},
            round(baseline_logit, 4), notes))
    return results


def pair_probability(report_a: dict[str, Any] | str, report_b: dict[str, Any] | str, config: Any = None,
                     context: list[dict[str, Any]] | None = None) -> PairScore:
    """P(same incident) of two reports and each feature's contribution (a text is a report too).

    Example:
        >>> from toolkit.cluster import pair_probability
        >>> score = pair_probability(  # doctest: +SKIP
        ...     {"text": "Airstrikes killed 45 civilians in Idlib.", "language": "en", "published": "2017-09-25"},
        ...     {"text": "مقتل 40 مدنيا في غارات على إدلب", "language": "ar", "published": "2017-09-26"})
        >>> print(score)  # doctest: +SKIP
    """
    as_report = lambda report: {"text": report} if isinstance(report, str) else report  # noqa: E731
    return score_pairs([(as_report(report_a), as_report(report_b))], config, context)[0]
