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


@dataclass(frozen=True)
class Run:
    """One run's blocks: ``block_fn(shared, rng, n)`` for each ``(rng, n)`` of ``jobs``, each reduced by
    ``reduction`` where it ran; :func:`run_many` combines the partials in job order."""

    block_fn: BlockFn
    shared: Any
    jobs: list[tuple[np.random.Generator, int]]
    reduction: Reduction


def run_blocks(
    block_fn: BlockFn,
    shared: Any,
    jobs: list[tuple[np.random.Generator, int]],
    reduction: Reduction,
    settings: Execution,
) -> Any:
    """Run ``block_fn(shared, rng, n)`` for each job, reduce each block where it ran, combine in job order."""
    return run_many([Run(block_fn, shared, jobs, reduction)], settings)[0]


def run_many(runs: list[Run], settings: Execution) -> list[Any]:
    """Run the blocks of several runs in one pool, so that a short run (``flashpoint run``'s assumption
    spread) keeps busy the cores a long one leaves idle at its end; one combined result per run.

    Each block keeps its own generator and each run combines its partials in job order, so every result is
    the same bytes as the run alone, for any worker count or scheduler. ``progress`` counts the worlds of
    every run.
    """
    tasks = [(r, i) for r, run in enumerate(runs) for i in range(len(run.jobs))]
    total = sum(n for run in runs for _, n in run.jobs)
    done = 0
    partials: list[dict[int, Any]] = [{} for _ in runs]

    def finished(task: tuple[int, int], part: Any) -> None:
        nonlocal done
        r, i = task
        partials[r][i] = part
        done += runs[r].jobs[i][1]
        if settings.progress is not None:
            settings.progress(done, total)

    if settings.scheduler:
        from flashpoint.sim import cluster  # dask.distributed loads only when a cluster is asked for

        for r, run in enumerate(runs):
            cluster.run(
                settings.scheduler,
                run.block_fn,
                run.shared,
                run.jobs,
                run.reduction,
                lambda i, part, r=r: finished((r, i), part),
            )
    elif processes(settings, len(tasks)) > 1:
        _run_forked(runs, tasks, processes(settings, len(tasks)), finished)
    else:
        for r, i in tasks:
            run = runs[r]
            rng, n = run.jobs[i]
            finished((r, i), run.reduction.partial(run.block_fn(run.shared, rng, n)))
    return [
        run.reduction.combine([partials[r][i] for i in range(len(run.jobs))]) for r, run in enumerate(runs)
    ]


_FORKED: dict[str, Any] = {}


def _can_fork() -> bool:
    """Fork is available, and this is not a daemonic process (which may not have children): else serial."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _forked_block(r: int, i: int) -> Any:
    # runs in a forked worker: the runs (block functions, shared inputs, jobs) are inherited, not pickled
    run = _FORKED["runs"][r]
    rng, n = run.jobs[i]
    return run.reduction.partial(run.block_fn(run.shared, rng, n))


def _run_forked(
    runs: list[Run],
    tasks: list[tuple[int, int]],
    workers: int,
    finished: Callable[[tuple[int, int], Any], None],
) -> None:
    """At most ``2 * workers`` blocks in flight, so finished partials never pile up."""
    _FORKED.update(runs=runs)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        todo = iter(tasks)
        pending = {
            pool.submit(_forked_block, *task): task for _, task in zip(range(2 * workers), todo, strict=False)
        }
        while pending:
            ready, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(ready, key=pending.get):
                finished(pending.pop(fut), fut.result())
                nxt = next(todo, None)
                if nxt is not None:
                    pending[pool.submit(_forked_block, *nxt)] = nxt
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        _FORKED.clear()


__all__ = [
    "ClusterError",
    "Execution",
    "Run",
    "check_workers",
    "cpu_count",
    "execution",
    "processes",
    "resolve",
    "run_blocks",
    "run_many",
]
