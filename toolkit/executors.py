"""Executors: where a stage's batches are computed, beneath the stages.

A stage forms its batches itself (deterministically: their composition never depends on
the executor or the worker count) and hands them to ``executor.map(function, batches)``,
which returns one result per batch, in order. The local executor calls the function
here; the Ray executor (:mod:`toolkit.ray_executor`) calls it on a Ray cluster. Stages
never know which one runs them.

``function`` must be picklable for a remote executor: a module-level function or a
``functools.partial`` of one over components (a component pickles as its recipe, see
:class:`toolkit.registry.Component`). ``shared`` is a large read-only argument (an
embedding matrix) passed first to every call, and sent to a cluster once.

Example:
    >>> LocalExecutor().map(len, [[1, 2], [3]])
    [2, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """What every executor provides."""

    name: str

    def map(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
            progress: str | None = None) -> list[R]:
        """``[function(item)]`` (or ``function(shared, item)``) in the order of ``items``."""
        ...


class LocalExecutor:
    """Runs every call here, in order (``progress``: a tqdm description, or None)."""

    name = "local"

    def map(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
            progress: str | None = None) -> list[R]:
        from tqdm.auto import tqdm

        bar = tqdm(items, desc=progress, unit="batch", disable=progress is None or not items, delay=2.0)
        if shared is None:
            return [function(item) for item in bar]
        return [function(shared, item) for item in bar]


@contextmanager
def executor_session(name: str, address: str | None = None) -> Iterator[Executor]:
    """The executor a config names (``local`` or ``ray``), open for the length of a run."""
    if name == "local":
        yield LocalExecutor()
        return
    if name != "ray":
        raise ValueError(f"unknown executor {name!r}; known executors: local, ray")
    from toolkit.ray_executor import RayExecutor

    with RayExecutor.session(address) as executor:
        yield executor
