"""The ``hungarian`` aligner: claims matched one to one across each pair of an incident's reports.

Two claims are compatible only if they count the same category, or one of them
has the extractor's fallback category ``other`` (then at half weight: "other"
means the extractor could not tell what was counted, not that it differs).
Their score is a weighted mean of the similarity of their sentences (numbers
masked, so disagreeing counts still match) and the compatibility of their slots
(subject, sub-count or total). Each pair of reports is then matched one to one
with the Hungarian algorithm, keeping pairs that score at least ``min_score``.
Counts themselves never enter the score: agreement is measured on the aligned
pairs afterwards, and aligning by agreement would inflate it.

Aligners are components (:class:`Aligner`, registry :data:`ALIGNERS`); the one here is
``hungarian``, whose ``similarity`` setting chooses cosine, ratio margin or CSLS for the
sentence similarity. Evaluation: :mod:`toolkit.evaluate.alignment`; the NTREX-128 figures are in
docs/alignment.md (the ``other`` and combatant-subject rules were chosen on NTREX's errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from toolkit.align.scoring import SCORINGS
from toolkit.registry import Component, ComponentSettings, Registry

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ALIGNERS", "Aligner", "HungarianAligner", "align_claims", "slot_compatibility"]

METHOD = "hungarian:masked-sentence+slots"
GENERIC_SUBJECTS = {"people", "unspecified"}
# Subjects a translation or a rephrasing often swaps ("officers", "staff", "personnel",
# "gunmen"): half credit, like a generic subject, rather than a veto.
RELATED_SUBJECTS = ({"fighters", "soldiers"},)
FALLBACK_CATEGORY = "other"
FALLBACK_CATEGORY_WEIGHT = 0.5


def slot_compatibility(a: dict, b: dict) -> float:
    """How well two claims' slots fit, 0..1 (0 when categories differ).

    Half subject credit when one subject is generic (people/unspecified) or the two
    are related (fighters/soldiers); a claim of category ``other`` fits any
    category at half weight.

    >>> slot_compatibility({"category": "killed", "subject": "civilians", "part_of": None},
    ...                    {"category": "killed", "subject": "unspecified", "part_of": None})
    0.75
    >>> slot_compatibility({"category": "killed", "subject": "people", "part_of": None},
    ...                    {"category": "other", "subject": "people", "part_of": None})
    0.5
    """
    if a["category"] == b["category"]:
        category = 1.0
    elif FALLBACK_CATEGORY in (a["category"], b["category"]):
        category = FALLBACK_CATEGORY_WEIGHT
    else:
        return 0.0
    if a["subject"] == b["subject"]:
        subject = 1.0
    elif (a["subject"] in GENERIC_SUBJECTS or b["subject"] in GENERIC_SUBJECTS
          or {a["subject"], b["subject"]} in RELATED_SUBJECTS):
        subject = 0.5
    else:
        subject = 0.0
    from pandas import isna  # imported here: this module is read to validate configs, which needs no pandas

    same_level = isna(a["part_of"]) == isna(b["part_of"])  # empty is NaN in pandas, None in dicts
    return category * (0.5 * subject + 0.5 * float(same_level))


class Aligner(Component):
    """Base of every aligner: ``align(claims, members, encode)`` -> the alignments table.

    ``claims`` is the claims table, ``members`` the (incident_id, report_id) table and
    ``encode`` a function from sentences to L2-normalised vectors (the run's cached encoder).
    """

    kind = "aligner"

    def align(self, claims: pd.DataFrame, members: pd.DataFrame,
              encode: Callable[[list[str]], np.ndarray]) -> pd.DataFrame:
        raise NotImplementedError


ALIGNERS: Registry[Aligner] = Registry("aligner", Aligner)


@ALIGNERS.register("hungarian", version="1")
class HungarianAligner(Aligner):
    """One-to-one matching of each pair of reports' claims (see the module docstring)."""

    class Settings(ComponentSettings):
        min_score: float = Field(0.5, ge=0.0, le=1.0, description="Minimum pair score to align.")
        similarity_weight: float = Field(
            0.6, ge=0.0, le=1.0, description="Weight of sentence similarity vs slot compatibility.")
        mask_numbers: bool = Field(
            True, description="Mask numbers before embedding so 45 and 40 killed still match.")
        similarity: Literal["cosine", "margin", "csls"] = Field(
            "cosine", description="Sentence similarity between two reports' claims: cosine, ratio margin or "
            "CSLS over the claims of the two reports (clipped to [0, 1]); docs/retrieval.md.")
        similarity_k: int = Field(4, ge=1, description="Neighbours for margin and CSLS similarity.")

    def align(self, claims: pd.DataFrame, members: pd.DataFrame,
              encode: Callable[[list[str]], np.ndarray]) -> pd.DataFrame:
        return _align(claims, members, encode, self.settings)


def align_claims(claims: pd.DataFrame, members: pd.DataFrame,
                 encode: Callable[[list[str]], np.ndarray], config) -> pd.DataFrame:
    """The alignments table, with the aligner an ``align`` section (:class:`AlignConfig`) names."""
    return config.build("aligner").align(claims, members, encode)


def _align(claims: pd.DataFrame, members: pd.DataFrame,
           encode: Callable[[list[str]], np.ndarray], config: HungarianAligner.Settings) -> pd.DataFrame:
    """The alignments table for every incident with claims in at least two reports.

    Only the claims of such incidents are embedded, and each claim's row is read once."""
    import pandas as pd

    from toolkit.extract.numbers import mask_numbers
    from toolkit.schema import ALIGNMENTS

    if claims.empty or members.empty:
        return ALIGNMENTS.empty_table().to_pandas()
    claims = claims.merge(members, on="report_id").sort_values(["incident_id", "claim_id"])
    claims = claims[claims.groupby("incident_id")["report_id"].transform("nunique") >= 2]
    if claims.empty:
        return ALIGNMENTS.empty_table().to_pandas()
    sentences = claims["sentence"].tolist()
    if config.mask_numbers:  # once per distinct sentence: the claims of one sentence share it
        masked = {sentence: mask_numbers(sentence) for sentence in dict.fromkeys(sentences)}
        sentences = [masked[sentence] for sentence in sentences]
    vectors = encode(sentences)
    records = claims.to_dict("records")
    by_incident: dict[str, dict[str, list[int]]] = {}
    for index, record in enumerate(records):
        by_incident.setdefault(record["incident_id"], {}).setdefault(record["report_id"], []).append(index)
    rows: list[dict] = []
    for incident_id in sorted(by_incident):
        by_report = [by_incident[incident_id][report] for report in sorted(by_incident[incident_id])]
        for first in range(len(by_report)):
            for second in range(first + 1, len(by_report)):
                rows.extend(_match_reports(incident_id, by_report[first], by_report[second], records,
                                           vectors, config))
    if not rows:
        return ALIGNMENTS.empty_table().to_pandas()
    return pd.DataFrame(rows, columns=ALIGNMENTS.names)


def _match_reports(incident_id: str, left: list[int], right: list[int], records: list[dict],
                   vectors: np.ndarray, config: HungarianAligner.Settings) -> list[dict]:
    left_records, right_records = [records[i] for i in left], [records[i] for i in right]
    left_vectors, right_vectors = vectors[left], vectors[right]
    cosine = left_vectors @ right_vectors.T
    if config.similarity != "cosine":
        cosine = SCORINGS[config.similarity](cosine, k=config.similarity_k)
    similarity = np.clip(cosine, 0.0, 1.0)
    scores = np.zeros_like(similarity, dtype=float)
    for a, claim_a in enumerate(left_records):
        for b, claim_b in enumerate(right_records):
            slots = slot_compatibility(claim_a, claim_b)
            if slots > 0:
                weight = config.similarity_weight
                scores[a, b] = weight * similarity[a, b] + (1 - weight) * slots
    from scipy.optimize import linear_sum_assignment

    rows_a, rows_b = linear_sum_assignment(-scores)
    return [
        {"incident_id": incident_id, "claim_id_a": left_records[a]["claim_id"],
         "claim_id_b": right_records[b]["claim_id"], "score": round(float(scores[a, b]), 6),
         "method": METHOD}
        for a, b in zip(rows_a, rows_b) if scores[a, b] >= config.min_score
    ]
