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
from typing import Any

import numpy as np
import pandas as pd

from toolkit.cluster.candidates import candidate_pairs, day_numbers
from toolkit.cluster.pair_model import NEUTRAL, fill_unknown, load_pair_model, model_scores
from toolkit.cluster.scores import FEATURES, MARGIN_K, ReportEvidence, language_codes, pair_features

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


def _check_pairs(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The distinct reports of the pairs and each pair's ids; a clear error, before any work, for a
    report paired with itself or one id given two texts."""
    reports: dict[str, dict[str, Any]] = {}
    wanted = []
    for number, pair in enumerate(pairs, start=1):
        ids = []
        for side, report in zip("ab", pair):
            report = {"source": "unknown", **report}
            report.setdefault("report_id", f"pair{number}-{side}")
            key = str(report["report_id"])
            if key in reports and reports[key].get("text") != report.get("text"):
                raise ValueError(f"pair {number}: report id {key!r} was given before with another text")
            reports.setdefault(key, report)
            ids.append(key)
        if ids[0] == ids[1]:
            raise ValueError(f"pair {number}: report {ids[0]!r} is paired with itself")
        wanted.append((ids[0], ids[1]))
    return list(reports.values()), wanted


def _neighbour_features(pair: tuple[int, int], similarity: float, neighbours: dict[int, list[tuple[float, int]]],
                        codes: np.ndarray, k: int = MARGIN_K) -> tuple[float, float]:
    """(text_margin, best_match) of one pair against the candidate pairs of the call: each report's
    neighbours in its partner's language, the pair itself left out of its reports' baselines (as
    :func:`toolkit.cluster.scores.pair_features` does)."""
    baselines, best = [], 0.0
    for node, partner in (pair, pair[::-1]):
        others = [value for value, other in neighbours.get(node, [])
                  if other != partner and codes[other] == codes[partner]]
        if others:
            baselines.append(float(np.mean(others[:k])))
        best += 0.5 if not others or similarity >= others[0] else 0.0
    margin = similarity - float(np.mean(baselines)) if baselines else np.nan
    return margin, best


def score_pairs(pairs: list[tuple[dict[str, Any], dict[str, Any]]], config: Any = None,
                context: list[dict[str, Any]] | None = None) -> list[PairScore]:
    """The pair model's probability for each (report, report) pair, in one pass over all reports.

    ``config`` is a :class:`toolkit.config.RunConfig` (or a path to one; None: the defaults): its
    extractor, encoder and ``cluster`` section (scorer model, window, neighbours) are used. Each
    report is a mapping with at least ``text`` (``report_id``, ``source``, ``language``,
    ``published``, ``title`` optional). ``context=None`` adds the demo corpus; ``[]`` adds nothing;
    a context report with the same text as a report of the pairs is left out (it would be its own
    nearest neighbour). A pair's score does not depend on which other pairs are asked for, beyond
    their reports joining the context.
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
    records, wanted_ids = _check_pairs(pairs)
    texts = {str(record.get("text")) for record in records}
    for number, report in enumerate(default_context() if context is None else context):
        if not isinstance(report, dict):
            raise ValueError(f"context report {number + 1} is a {type(report).__name__}, not a mapping of fields")
        if str(report.get("text")) not in texts:
            records.append({**report, "report_id": f"context:{report.get('report_id', number)}",
                            "source": report.get("source", "context")})
    reports = _reports_frame(records, config)
    index_of = {report_id: row for row, report_id in enumerate(reports["report_id"].astype(str))}
    claims = extract_claims(reports, config.extract.build("extractor"), show_progress_bar=False)
    with make_cached_encoder_for(config) as encoder:
        vectors = report_vectors(encoder, reports, config)
    days = day_numbers(reports["published"])
    codes = language_codes(reports["language"].to_numpy(), len(reports))
    i, j, similarity = candidate_pairs(vectors, days, config.cluster.neighbours, config.cluster.window_days,
                                       groups=codes)
    neighbours: dict[int, list[tuple[float, int]]] = {}
    for a, b, value in zip(i.tolist(), j.tolist(), similarity.astype(float).tolist()):
        neighbours.setdefault(a, []).append((value, b))
        neighbours.setdefault(b, []).append((value, a))
    for values in neighbours.values():
        values.sort(key=lambda item: (-item[0], item[1]))
    wanted = [(index_of[a], index_of[b]) for a, b in wanted_ids]
    left, right = np.array([a for a, _ in wanted]), np.array([b for _, b in wanted])
    cosine = np.einsum("ij,ij->i", vectors[left], vectors[right]).astype(float)
    evidence = ReportEvidence.from_claims(reports["report_id"], claims)
    features = pair_features(left, right, cosine, days, evidence, config.cluster.window_days,
                             reports["language"].to_numpy())
    for row, pair in enumerate(wanted):  # the neighbour features against the call's candidates only
        features[row, FEATURES.index("text_margin")], features[row, FEATURES.index("best_match")] = \
            _neighbour_features(pair, float(np.clip(cosine[row], -1.0, 1.0)), neighbours, codes)
    coefficients = np.asarray(model["coefficients"], dtype=float)
    fill_values = {**NEUTRAL, **model.get("fill", {})}
    fill = np.array([fill_values[name] for name in FEATURES])
    baseline_logit = float(fill @ coefficients + model["intercept"])
    probabilities = model_scores(features, model)
    results = []
    for row, (a, b) in enumerate(wanted_ids):
        filled = fill_unknown(features[row:row + 1], model.get("fill"))[0]
        notes = [f"{name} unknown: counted as its training mean" for name, value in zip(FEATURES, features[row])
                 if np.isnan(value)]
        results.append(PairScore(
            a, b, float(probabilities[row]),
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
