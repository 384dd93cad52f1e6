"""Evaluation tasks as objects, in the manner of MTEB's tasks.

A task carries its metadata (name, what it measures, its dataset and where it comes
from, the dataset's license, its main score, a reference) and ``evaluate(...)`` returns
a dict of scores. :func:`run_task` adds the task's metadata and the toolkit's version and
writes the result as JSON, so every figure a document quotes names the task, data and
code that produced it. ``crosstally eval list`` prints the registry.

Example:
    >>> sorted(TASKS)[:3]
    ['alignment/demo', 'alignment/ntrex', 'clustering']
    >>> TASKS["alignment/ntrex"].metadata.main_score
    'f1'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from toolkit.evaluate.alignment import (demo_alignment_task, evaluate_alignment, ntrex_alignment_task,
                                        run_alignment)
from toolkit.evaluate.clustering import clustering_scores
from toolkit.evaluate.extraction import field_scores
from toolkit.evaluate.retrieval import evaluate_retrieval
from toolkit.extract import extract_claims
from toolkit.extract.numbers import mask_numbers
from toolkit.io import write_json
from toolkit.version import __version__


@dataclass(frozen=True)
class TaskMetadata:
    """What a task measures and on what data."""

    name: str
    kind: str  # extraction, retrieval, alignment or clustering
    description: str
    dataset: str
    source: str  # where the data comes from (a folder of the package, or "given by the user")
    license: str
    main_score: str
    reference: str = ""


class EvaluationTask:
    """Base of every task: ``metadata`` and ``evaluate(**inputs) -> scores``."""

    metadata: ClassVar[TaskMetadata]

    def evaluate(self, **inputs: Any) -> dict[str, Any]:
        raise NotImplementedError


class TaskRegistry(dict):
    """Tasks by name; ``kind`` lists the tasks of one kind by their short names."""

    def register(self, cls: type[EvaluationTask]) -> type[EvaluationTask]:
        if cls.metadata.name in self:
            raise ValueError(f"task {cls.metadata.name!r} is already registered")
        self[cls.metadata.name] = cls
        return cls

    def of_kind(self, kind: str) -> dict[str, type[EvaluationTask]]:
        return {name.split("/", 1)[-1]: cls for name, cls in sorted(self.items()) if cls.metadata.kind == kind}

    def get_task(self, kind: str, short_name: str) -> EvaluationTask:
        tasks = self.of_kind(kind)
        if short_name not in tasks:
            raise ValueError(f"unknown task {short_name!r}; known tasks: {', '.join(tasks)}")
        return tasks[short_name]()


TASKS = TaskRegistry()


def run_task(task: EvaluationTask, out_file: Path | None = None, **inputs: Any) -> dict[str, Any]:
    """Evaluate ``task`` and return (and, with ``out_file``, write) its JSON result."""
    scores = task.evaluate(**inputs)
    metadata = asdict(task.metadata)
    result = {**scores, "evaluation": {**metadata, "main_score_value": _main_score(scores, task.metadata.main_score),
                                       "toolkit_version": __version__}}
    if out_file is not None:
        write_json(out_file, result)
    return result


def _main_score(scores: dict[str, Any], key: str) -> Any:
    value: Any = scores
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@TASKS.register
class ExtractionTask(EvaluationTask):
    """Extracted claims against hand-annotated gold claims (docs/annotation.md)."""

    metadata = TaskMetadata(
        name="extraction", kind="extraction",
        description="Precision, recall and F1 per claim field, claims matched by span.",
        dataset="passages and gold claims given by the user", source="given by the user",
        license="that of the user's data", main_score="category+subject+value.f1")

    def evaluate(self, reports: pd.DataFrame, gold: pd.DataFrame, extractor: Any,
                 rejected_inputs: int = 0) -> dict[str, Any]:
        scores = field_scores(gold, extract_claims(reports, extractor), reports=reports["report_id"])
        scores["counts"]["rejected_inputs"] = rejected_inputs
        return scores


@TASKS.register
class RetrievalTask(EvaluationTask):
    """Bitext retrieval: each sentence's translation among all the others (Tatoeba protocol)."""

    metadata = TaskMetadata(
        name="retrieval", kind="retrieval",
        description="P@1 and MRR of finding each line's translation, both directions.",
        dataset="line-aligned files given by the user (e.g. Tatoeba ara-eng)", source="given by the user",
        license="that of the user's data", main_score="src_to_tgt_p1",
        reference="Artetxe and Schwenk 2019, TACL 7 (the Tatoeba protocol)")

    def evaluate(self, source_texts: list[str], target_texts: list[str], encoder: Any, scoring: str = "margin",
                 k: int | None = None, batch_size: int = 64) -> dict[str, Any]:
        return evaluate_retrieval(source_texts, target_texts, encoder, scoring, k, batch_size)


class _AlignmentTask(EvaluationTask):
    """Claim alignment against gold pairs; subclasses build the claims and the gold (``build``),
    which is done once per set of options however often ``load`` is asked."""

    def __init__(self) -> None:
        self._loaded: dict[tuple, Any] = {}

    def build(self, data: Path | None, **options: Any):
        raise NotImplementedError

    def load(self, data: Path | None = None, **options: Any):
        key = (data, *sorted(options.items()))
        if key not in self._loaded:
            self._loaded[key] = self.build(data, **options)
        return self._loaded[key]

    def evaluate(self, encode: Callable[[list[str]], np.ndarray], data: Path | None = None,
                 align: Any = None, **options: Any) -> dict[str, Any]:
        task = self.load(data, **options)
        return evaluate_alignment(task, run_alignment(task, encode, align))

    def sentences(self, data: Path | None = None, **options: Any) -> list[str]:
        """The masked claim sentences the aligner will embed (for an encoder fitted on them)."""
        return [mask_numbers(text) for text in self.load(data, **options).claims["sentence"]]


@TASKS.register
class NtrexAlignment(_AlignmentTask):
    metadata = TaskMetadata(
        name="alignment/ntrex", kind="alignment",
        description="English/Arabic claim alignment on NTREX-128 translations; exact positional gold.",
        dataset="NTREX-128 newstest2019 English and Arabic", source="toolkit/data/ntrex128-ar-en",
        license="CC BY-SA 4.0", main_score="f1",
        reference="Federmann, Kocmi and Xin 2022, NTREX-128 (SUMEval 2022)")

    def build(self, data: Path | None, unit: str = "document", documents: int | None = None, **_: Any):
        return ntrex_alignment_task(data, unit=unit, documents=documents)


@TASKS.register
class DemoAlignment(_AlignmentTask):
    metadata = TaskMetadata(
        name="alignment/demo", kind="alignment",
        description="Claim alignment on the demo's gold claims; gold pairs derived from their slots.",
        dataset="CrossTally demo corpus", source="toolkit/data/demo", license="CC BY 4.0",
        main_score="f1")

    def build(self, data: Path | None, **_: Any):
        return demo_alignment_task(data)


@TASKS.register
class ClusteringTask(EvaluationTask):
    """Predicted incidents against gold incidents."""

    metadata = TaskMetadata(
        name="clustering", kind="clustering",
        description="B-cubed, CEAF-e, pairwise F1, ARI and AMI of incidents against gold.",
        dataset="gold incidents given by the user", source="given by the user",
        license="that of the user's data", main_score="b3_f1",
        reference="Bagga and Baldwin 1998 (B-cubed); Luo 2005 (CEAF)")

    def evaluate(self, gold: dict[str, str], predicted: dict[str, str]) -> dict[str, Any]:
        return clustering_scores(gold, predicted)


def describe_tasks() -> list[dict[str, str]]:
    """One row per registered task, for ``crosstally eval list``."""
    return [{"task": name, "kind": cls.metadata.kind, "main score": cls.metadata.main_score,
             "dataset": cls.metadata.dataset, "license": cls.metadata.license}
            for name, cls in sorted(TASKS.items())]


@TASKS.register
class ParallelConsistencyTask(EvaluationTask):
    """Arabic claims against the English claims of the same sentence, over a line-aligned corpus.

    A human translation states the same counts, so the English extraction (the stronger one) is a
    silver standard for the Arabic: on the lines whose English side has a claim, the Arabic claims
    are scored by (category, value) multiset matching against the English ones.
    """

    metadata = TaskMetadata(
        name="extraction/parallel", kind="extraction",
        description="F1 of Arabic (category, value) claims against the English claims of the same line.",
        dataset="line-aligned Arabic and English files (e.g. the UN Parallel Corpus v1.0 dev set)",
        source="given by the user; tests/data/un-parallel-2015-dev holds the UN dev set",
        license="that of the user's data (UN: free use with acknowledgement)",
        main_score="category+value.f1",
        reference="Ziemski, Junczys-Dowmunt and Pouliquen 2016, LREC (the UN Parallel Corpus v1.0)")

    def evaluate(self, arabic: list[str], english: list[str], extractor: Any,
                 exclude: set[int] = frozenset()) -> dict[str, Any]:
        from toolkit.evaluate.extraction import extraction_scores

        if len(arabic) != len(english):
            raise ValueError(f"the files are not line-aligned: {len(arabic)} Arabic and {len(english)} English lines")
        lines = [n for n in range(len(arabic)) if n not in exclude and arabic[n].strip() and english[n].strip()]

        def claims(texts: list[str], language: str) -> pd.DataFrame:
            reports = pd.DataFrame({"report_id": [f"line-{n + 1}" for n in lines], "language": language,
                                    "text": [texts[n] for n in lines], "published": None})
            return extract_claims(reports, extractor)

        silver, predicted = claims(english, "en"), claims(arabic, "ar")
        scores = {key: extraction_scores(silver, predicted, fields)
                  for key, fields in (("category+value", ("category", "value")), ("value", ("value",)))}
        scores["counts"] = {"lines": len(lines), "lines_with_english_claims": int(silver["report_id"].nunique())
                            if len(silver) else 0, "excluded": len(exclude)}
        return scores
