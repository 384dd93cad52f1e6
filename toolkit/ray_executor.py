"""The Ray executor (``executor: ray``): a stage's batches computed on a Ray cluster.

It implements :class:`toolkit.executors.Executor`: ``imap(function, items)`` sends the
function once to a pool of Ray actors (so an encoder or extractor inside it is rebuilt
once per worker, not once per batch), runs the items on them and returns the results in
the order of the items. The batches themselves are formed by the stages exactly as for
the local executor, so results equal the local executor's (``tests/test_ray.py``).

The address is ``ray_address`` from the config, else ``RAY_ADDRESS``, else a local Ray
instance is started (and stopped at the end of the run). Every node needs CrossTally
installed (same version) and the input file readable at the same path. Nothing in the
toolkit imports this module but :func:`toolkit.executors.executor_session`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


class _Worker:
    """A Ray actor holding one function for the length of one ``map``."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def run(self, shared: Any, item: Any) -> Any:
        return self.function(item) if shared is None else self.function(shared, item)


class RayExecutor:
    """Maps batches over Ray actors, one per available CPU (at most one per item)."""

    name = "ray"

    @classmethod
    @contextmanager
    def session(cls, address: str | None) -> Iterator[RayExecutor]:
        """Connect to Ray (see the module docstring); shut down only what this session started."""
        import ray

        started = False
        if not ray.is_initialized():
            ray.init(address=address or os.environ.get("RAY_ADDRESS") or None, include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
            started = True
        try:
            yield cls()
        finally:
            if started:
                ray.shutdown()

    def imap(self, function: Callable[..., Any], items: Sequence[Any], shared: Any = None,
             progress: str | None = None) -> Iterator[Any]:
        import ray
        from ray.util import ActorPool

        if not items:
            return
        workers = max(1, min(len(items), int(ray.available_resources().get("CPU", 1))))
        remote = ray.remote(num_cpus=1)(_Worker)
        function_ref = ray.put(function)
        actors = [remote.remote(function_ref) for _ in range(workers)]
        shared_ref = ray.put(shared) if shared is not None else None
        try:
            yield from ActorPool(actors).map(lambda actor, item: actor.run.remote(shared_ref, item), items)
        finally:
            for actor in actors:
                ray.kill(actor)

    def map(self, function: Callable[..., Any], items: Sequence[Any], shared: Any = None,
            progress: str | None = None) -> list[Any]:
        return list(self.imap(function, items, shared, progress))
