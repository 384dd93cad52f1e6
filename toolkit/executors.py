"""Executors: where a stage's batches are computed, beneath the stages.

A stage forms its batches itself (deterministically: their composition never depends on
the executor or the worker count) and hands them to ``executor.imap(function, batches)``
(or ``map``, its list), which yields one result per batch, in order. Three executors:

- :class:`LocalExecutor` calls the function here, one batch after another;
- :class:`ProcessExecutor` (``executor: local`` with ``workers`` above 1, the default on a
  machine with several cores) calls it on worker processes of this machine;
- the Ray executor (:mod:`toolkit.ray_executor`) calls it on a Ray cluster.

Stages never know which one runs them, and every executor returns the same results: a
batch's result depends only on the batch, and the worker processes pin their BLAS and
OpenMP threads as the run pins its own.

``function`` must be picklable for the process and Ray executors: a module-level function
or a ``functools.partial`` of one over components (a component pickles as its recipe, see
:class:`toolkit.registry.Component`). ``shared`` is a large read-only argument (an
embedding matrix) passed first to every call.

Example:
    >>> LocalExecutor().map(len, [[1, 2], [3]])
    [2, 1]
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """What every executor provides."""

    name: str

    def imap(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
             progress: str | None = None) -> Iterator[R]:
        """``function(item)`` (or ``function(shared, item)``) for each item, yielded in the order of
        ``items`` as they finish (so a caller can store each result before the next is done)."""
        ...

    def map(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
            progress: str | None = None) -> list[R]:
        """``list(imap(...))``."""
        ...


def _bar(total: int, progress: str | None):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=progress, unit="batch", disable=progress is None or not total, delay=2.0)


class ListMap:
    """``map`` as the list of ``imap``, for the executors here (the Ray executor, which this module
    imports, has its own, so that it imports nothing from here)."""

    def map(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
            progress: str | None = None) -> list[R]:
        return list(self.imap(function, items, shared, progress))  # type: ignore[attr-defined]


class LocalExecutor(ListMap):
    """Runs every call here, in order (``progress``: a tqdm description, or None)."""

    name = "local"
    workers = 1

    def imap(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
             progress: str | None = None) -> Iterator[R]:
        with _bar(len(items), progress) as bar:
            for item in items:
                yield function(item) if shared is None else function(shared, item)
                bar.update()


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


# The function a worker process last unpickled, by the digest of its pickle: an extractor or an
# encoder inside it is rebuilt once per worker, not once per batch.
_WORKER_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _start_worker(threads: int) -> None:
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
        os.environ[variable] = str(threads)  # before any numerical library loads in this process


def _run_in_worker(digest: str, payload: bytes, item: Any) -> Any:
    function = _WORKER_FUNCTIONS.get(digest)
    if function is None:
        _WORKER_FUNCTIONS.clear()
        # The parent pickled this function itself and sent it over the pool's own pipe (as concurrent.futures
        # sends every task): never a file a user hands us.
        function = _WORKER_FUNCTIONS[digest] = pickle.loads(payload)
    return function(item)


class WorkerStartError(RuntimeError):
    """The worker processes of a :class:`ProcessExecutor` could not run; the message says why."""


class ProcessExecutor(ListMap):
    """Runs calls on ``workers`` processes of this machine, results in the order of the items.

    Workers are started (spawned, so no thread state is forked) at the first map that is worth
    them and live until :meth:`close`. A map runs here instead when it has fewer than
    ``min_items_per_worker`` items per worker (starting workers costs about two seconds, more
    than they would save) or a ``shared`` argument (copying an embedding matrix to every call
    costs more than the neighbour search it serves). At most two calls per worker are in flight,
    so memory stays flat however many items there are.
    """

    name = "local"

    def __init__(self, workers: int, threads: int = 1, min_items_per_worker: int = 4) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers, self.threads, self.min_items_per_worker = workers, threads, min_items_per_worker
        self._pool = None
        self._here = LocalExecutor()

    def _runs_here(self, items: Sequence[Any], shared: Any) -> bool:
        return self.workers == 1 or shared is not None or len(items) < self.min_items_per_worker * self.workers

    def imap(self, function: Callable[..., R], items: Sequence[T], shared: Any = None,
             progress: str | None = None) -> Iterator[R]:
        if self._runs_here(items, shared):
            yield from self._here.imap(function, items, shared, progress)
            return
        payload = pickle.dumps(function, protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.sha256(payload).hexdigest()
        from concurrent.futures.process import BrokenProcessPool

        pool = self._start()
        pending: deque = deque()
        try:
            with _bar(len(items), progress) as bar:
                for item in items:
                    pending.append(pool.submit(_run_in_worker, digest, payload, item))
                    if len(pending) >= 2 * self.workers:
                        yield pending.popleft().result()
                        bar.update()
                while pending:
                    yield pending.popleft().result()
                    bar.update()
        except BrokenProcessPool as error:
            raise WorkerStartError(
                "a worker process ended abruptly (killed for memory, or it could not start). A Python script "
                "that runs CrossTally with workers > 1 must do so under `if __name__ == \"__main__\":`, "
                "as multiprocessing requires; or set workers: 1 to run everything in this process") from error

    def _start(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(self.threads,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@contextmanager
def executor_session(name: str, address: str | None = None, workers: int = 1,
                     threads: int = 1) -> Iterator[Executor]:
    """The executor a config names (``local`` with its ``workers``, or ``ray``), open for a run."""
    if name == "local":
        if workers == 1:
            yield LocalExecutor()
            return
        executor = ProcessExecutor(workers, threads)
        try:
            yield executor
        finally:
            executor.close()
        return
    if name != "ray":
        raise ValueError(f"unknown executor {name!r}; known executors: local, ray")
    from toolkit.ray_executor import RayExecutor

    with RayExecutor.session(address) as executor:
        yield executor
