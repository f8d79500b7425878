"""Where blocks of worlds run: in this process, in forked worker processes, or on a Dask cluster.

Every block draws from its own generator, spawned from the run's one Generator in block order, and its partial
(see :mod:`flashpoint.sim.reduce`) is kept under its block number; so a run gives the same bytes in one
process, in N worker processes, or on a ``dask.distributed`` cluster.

Settings, first found wins: the ``workers``/``scheduler`` arguments of ``simulate``; an enclosing
:func:`execution` block (how the CLI hands ``--workers``/``--scheduler`` to sensitivity and calibration, which
call ``simulate`` many times); ``$FLASHPOINT_WORKERS``/``$FLASHPOINT_SCHEDULER``; else every CPU of this
machine (``os.sched_getaffinity``) and no cluster.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from flashpoint.errors import FlashpointError, InputError
from flashpoint.sim.reduce import Block, Reduction

#: ``block_fn(shared, rng, n_worlds) -> Block``: runs one block; ``shared`` is sent once per run.
BlockFn = Callable[[Any, np.random.Generator, int], Block]
#: ``progress(worlds_done, worlds_total)``, called in this process as blocks finish.
Progress = Callable[[int, int], None]


class ClusterError(FlashpointError, RuntimeError):
    """The Dask scheduler cannot be reached, or its workers run another flashpoint."""


@dataclass(frozen=True)
class Execution:
    """How to run blocks: ``workers`` processes here (None: default) or a Dask ``scheduler`` address."""

    workers: int | None = None
    scheduler: str | None = None
    progress: Progress | None = None


_CURRENT: ContextVar[Execution | None] = ContextVar("flashpoint_execution", default=None)


@contextmanager
def execution(
    workers: int | None = None, scheduler: str | None = None, progress: Progress | None = None
) -> Iterator[Execution]:
    """Run every ``simulate`` inside the block with these settings (None keeps the enclosing one)."""
    outer = _CURRENT.get() or Execution()
    inner = Execution(
        workers=outer.workers if workers is None else check_workers(workers, "--workers"),
        scheduler=outer.scheduler if scheduler is None else (scheduler or None),
        progress=outer.progress if progress is None else progress,
    )
    token = _CURRENT.set(inner)
    try:
        yield inner
    finally:
        _CURRENT.reset(token)


def check_workers(value: Any, what: str) -> int:
    """A worker count: a positive integer, or raise :class:`InputError` naming ``what``."""
    try:
        n = int(str(value).strip())
    except ValueError:
        n = 0
    if n <= 0:
        raise InputError(f"{what}: expected a positive integer number of worker processes; got {value!r}")
    return n


def cpu_count() -> int:
    """CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve(workers: int | None = None, scheduler: str | None = None) -> Execution:
    """The settings a run uses (see the module docstring for the order)."""
    ctx = _CURRENT.get() or Execution()
    if workers is None:
        workers = ctx.workers
    if workers is None and os.environ.get("FLASHPOINT_WORKERS", "").strip():
        workers = check_workers(os.environ["FLASHPOINT_WORKERS"], "FLASHPOINT_WORKERS")
    if scheduler is None:
        scheduler = ctx.scheduler or os.environ.get("FLASHPOINT_SCHEDULER", "").strip() or None
    return replace(
        ctx,
        workers=cpu_count() if workers is None else check_workers(workers, "--workers"),
        scheduler=scheduler,
    )


def processes(settings: Execution, n_blocks: int) -> int:
    """Local processes that run ``n_blocks`` blocks (0 on a cluster): one where forking is not possible."""
    if settings.scheduler:
        return 0
    return max(1, min(settings.workers or 1, n_blocks)) if _can_fork() else 1


def run_blocks(
    block_fn: BlockFn,
    shared: Any,
    jobs: list[tuple[np.random.Generator, int]],
    reduction: Reduction,
    settings: Execution,
) -> Any:
    """Run ``block_fn(shared, rng, n)`` for each job, reduce each block where it ran, combine in job order."""
    total = sum(n for _, n in jobs)
    done = 0
    partials: dict[int, Any] = {}

    def finished(i: int, part: Any) -> None:
        nonlocal done
        partials[i] = part
        done += jobs[i][1]
        if settings.progress is not None:
            settings.progress(done, total)

    if settings.scheduler:
        from flashpoint.sim import cluster  # dask.distributed loads only when a cluster is asked for

        cluster.run(settings.scheduler, block_fn, shared, jobs, reduction, finished)
    elif processes(settings, len(jobs)) > 1:
        _run_forked(block_fn, shared, jobs, reduction, processes(settings, len(jobs)), finished)
    else:
        for i, (rng, n) in enumerate(jobs):
            finished(i, reduction.partial(block_fn(shared, rng, n)))
    return reduction.combine([partials[i] for i in range(len(jobs))])


_FORKED: dict[str, Any] = {}


def _can_fork() -> bool:
    """Fork is available, and this is not a daemonic process (which may not have children): else serial."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _forked_block(i: int) -> Any:
    # runs in a forked worker: the block function, shared inputs and jobs are inherited, not pickled
    rng, n = _FORKED["jobs"][i]
    return _FORKED["reduction"].partial(_FORKED["block_fn"](_FORKED["shared"], rng, n))


def _run_forked(
    block_fn: BlockFn,
    shared: Any,
    jobs: list[tuple[np.random.Generator, int]],
    reduction: Reduction,
    workers: int,
    finished: Callable[[int, Any], None],
) -> None:
    """At most ``2 * workers`` blocks in flight, so finished partials never pile up."""
    _FORKED.update(block_fn=block_fn, shared=shared, jobs=jobs, reduction=reduction)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        todo = iter(range(len(jobs)))
        pending = {pool.submit(_forked_block, i): i for _, i in zip(range(2 * workers), todo, strict=False)}
        while pending:
            ready, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(ready, key=pending.get):
                finished(pending.pop(fut), fut.result())
                nxt = next(todo, None)
                if nxt is not None:
                    pending[pool.submit(_forked_block, nxt)] = nxt
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        _FORKED.clear()


__all__ = [
    "ClusterError",
    "Execution",
    "check_workers",
    "cpu_count",
    "execution",
    "processes",
    "resolve",
    "run_blocks",
]
