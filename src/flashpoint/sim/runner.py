"""The run API behind ``flashpoint run``: load, override, simulate, summarise, store.

Intervals: the 90% interval ``ci90`` is the Wilson score interval (z = 1.6449) for a binomial proportion over
the worlds (Monte Carlo error only); ``stderr`` is sqrt(p (1 - p) / n). ``assumption_ci90`` is the 90%
interval of P(yes | assumptions) over joint draws of the uncertain parameters, ``assumption_share`` the part
of the variance owed to them (:mod:`flashpoint.sim.assumptions`). ``prevail``: per theatre, who prevails in
its first dispute (:mod:`flashpoint.sim.prevail`).
"""

from __future__ import annotations

import math
import platform
import resource
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.errors import InputError
from flashpoint.sim import engine
from flashpoint.sim.assumptions import plan_design, spread_of
from flashpoint.sim.defaults import DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_WORLDS, MAX_MONTHS, MAX_WORLDS
from flashpoint.sim.prevail import prevail_counts, shares_from_counts
from flashpoint.sim.questions import horizon_steps
from flashpoint.sim.reduce import RUN_TOTALS, Totals
from flashpoint.sim.result import SimResult
from flashpoint.sim.schedule import Progress, processes, resolve
from flashpoint.store import open_store
from flashpoint.store.runs import save_run
from flashpoint.validation import check_positive_int
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.scenario import Scenario

Z90 = 1.6448536269514722

#: What a run keeps of each block: the question counts (:data:`~flashpoint.sim.reduce.RUN_TOTALS`) and
#: the prevail counts per theatre (:func:`~flashpoint.sim.prevail.prevail_counts`), all integer sums.
RUN_FIELDS = {**RUN_TOTALS, "prevail": prevail_counts}
INTERVAL = "wilson"


def wilson(k: int, n: int, z: float = Z90) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (two-sided, coverage set by ``z``)."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the forked workers)."""
    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("flashpoint", "numpy", "pydantic", "pyyaml", "duckdb"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


@dataclass
class RunTotals:
    """What a run keeps of its worlds: sums over worlds, reduced as blocks finish (``sim.reduce.RUN_TOTALS``).

    ``counts["yes"]`` : ndarray of shape (n_questions,), dtype int64, worlds where each question is YES.
    """

    questions: list[str]
    n_worlds: int
    n_steps: int
    horizon_steps: list[int]
    counts: dict[str, np.ndarray]

    def complete(self, question_id: str) -> bool:
        """True when the run covers the question's whole horizon."""
        return self.horizon_steps[self.questions.index(question_id)] <= self.n_steps


def summarise(res: RunTotals | SimResult, sc: Scenario) -> list[dict[str, Any]]:
    """One entry per question whose horizon the run covers: probability, stderr and the 90% interval.

    ``res`` is a run's totals, or a :class:`~flashpoint.sim.result.SimResult` (``flashpoint.simulate``, as the
    workspace's what-if uses), whose YES worlds are counted here.
    """
    if isinstance(res, SimResult):
        res = RunTotals(
            questions=list(res.questions),
            n_worlds=res.n_worlds,
            n_steps=res.n_steps,
            horizon_steps=[int(h) for h in res.horizon_steps],
            counts={"yes": np.count_nonzero(res.yes, axis=0).astype(np.int64)},
        )
    out = []
    for i, qid in enumerate(res.questions):
        if not res.complete(qid):
            continue
        k = int(res.counts["yes"][i])
        n = res.n_worlds
        p = k / n
        lo, hi = wilson(k, n)
        out.append(
            {
                "id": qid,
                "text": sc.questions[qid].text,
                "horizon_months": sc.questions[qid].horizon_months,
                "probability": round(p, 6),
                "stderr": round(math.sqrt(p * (1 - p) / n), 6),
                "ci90": [round(lo, 6), round(hi, 6)],
            }
        )
    return out


@dataclass
class RunOutcome:
    """``public``: the JSON shape of ``flashpoint run --json``; ``record``: what ``save_run`` stores.

    ``execution``: how it ran, which the results do not depend on (kept out of ``public``, so that the same
    seed gives the same JSON): ``workers`` (0 on a cluster), ``scheduler``, ``cpu_s`` (CPU seconds of this
    process and its workers while simulating; None on a cluster).
    """

    public: dict[str, Any]
    record: dict[str, Any]
    run_id: str | None
    result: RunTotals
    execution: dict[str, Any]


def execute_run(
    scenario: str | Path | Scenario | None = None,
    *,
    worlds: int = DEFAULT_WORLDS,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    overrides: dict[str, Any] | None = None,
    db: str | Path | None = None,
    store: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> RunOutcome:
    """Validate everything, simulate, summarise and (optionally) store in one transaction.

    Worlds are reduced to counts as blocks finish, so memory does not grow with ``worlds``. ``workers``,
    ``scheduler`` and ``progress`` are as for :func:`~flashpoint.sim.engine.simulate`; the results do not
    depend on them. Nothing is written unless the whole run succeeded.
    """
    worlds = check_positive_int(worlds, "--worlds", maximum=MAX_WORLDS)
    months = check_positive_int(months, "--months", maximum=MAX_MONTHS)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed < 2**63:
        raise InputError(f"--seed: expected an integer in [0, 2**63 - 1]; got {seed!r}")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    sc = apply_overrides(sc, overrides)
    shortest = min((q.horizon_months for q in sc.questions.values()), default=None)
    if shortest is None or shortest > months:
        raise InputError(
            f"--months {months}: expected at least the shortest question horizon of {sc.id} "
            f"({shortest} months); got no question to forecast"
        )
    if store:  # open (migrate, wait for the lock) before simulating: a bad store fails in seconds, not after
        open_store(db).close()
    settings = resolve(workers, scheduler)
    if progress is not None:
        settings = replace(settings, progress=progress)
    cpu0 = _cpu_s()
    started = time.perf_counter()
    rng = np.random.default_rng(int(seed))
    main = engine.plan_worlds(sc, worlds, months, rng, Totals(RUN_FIELDS))
    # from the same generator, after the main run's blocks are spawned: the spread over assumption draws
    # (sim.assumptions); its blocks run in the same pool as the main run's, so no core idles at the end
    design = plan_design(sc, months, rng.spawn(1)[0])
    counts, design_worlds = engine.execute([main, design.run], settings)
    n_steps = horizon_steps(months, sc.step_days)
    res = RunTotals(
        questions=list(sc.questions),
        n_worlds=worlds,
        n_steps=n_steps,
        horizon_steps=[horizon_steps(q.horizon_months, sc.step_days) for q in sc.questions.values()],
        counts=counts,
    )
    questions = summarise(res, sc)
    spread = spread_of(design, design_worlds, centre={q["id"]: q["probability"] for q in questions})
    elapsed = time.perf_counter() - started
    cpu = _cpu_s() - cpu0
    questions = [{**q, **spread[q["id"]]} for q in questions]
    public = {
        "scenario": {"id": sc.id, "sha256": sc.sha256(), "as_of": sc.as_of.isoformat()},
        "engine": {
            "version": _versions()["flashpoint"],
            "worlds": worlds,
            "months": months,
            "seed": int(seed),
        },
        "elapsed_s": round(elapsed, 3),
        "questions": questions,
        "prevail": shares_from_counts(res.counts["prevail"], worlds, months, sc),
    }
    execution = {
        "workers": processes(settings, len(main.jobs) + len(design.run.jobs)),
        "scheduler": settings.scheduler,
        "cpu_s": None if settings.scheduler else round(cpu, 3),
    }
    record = {
        **public,
        "run_id": uuid.uuid4().hex,
        "created_at": datetime.now(UTC).replace(tzinfo=None),
        "scenario": {**public["scenario"], "title": sc.title},
        "engine": {**public["engine"], "step": sc.step},
        "interval": INTERVAL,
        "question_meta": {
            qid: {
                "resolution": q.resolution,
                "actors": list(q.actors),
                "event_type": q.event_type,
                "event_polarity": q.event_polarity,
                "tags": list(q.tags),
                "resolves": q.resolves,
            }
            for qid, q in sc.questions.items()
        },
        "overrides": dict(overrides or {}),
        "versions": _versions(),
    }
    run_id = None
    if store:
        with open_store(db) as st:
            run_id = save_run(st, record)
    return RunOutcome(public=public, record=record, run_id=run_id, result=res, execution=execution)


def run(
    scenario: str | Path | Scenario | None = None,
    *,
    worlds: int = DEFAULT_WORLDS,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    overrides: dict[str, Any] | None = None,
    db: str | Path | None = None,
    store: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """Run a scenario and return ``{"scenario", "engine", "elapsed_s", "questions"}`` (the ``--json`` shape).

    The same for any ``workers`` or ``scheduler``, except ``elapsed_s``.

    Parameters
    ----------
    scenario : str, Path, Scenario or None
        A shipped scenario id, a YAML file, a Scenario, or None for ``kursk-2024-11``.
    worlds, months, seed : int
        Monte Carlo worlds, months simulated, seed of the one Generator.
    overrides : dict of str to value, optional
        What-if values by parameter path (``--set PATH=VALUE``).
    db : str or Path, optional
        Store file (default ``$FLASHPOINT_HOME/flashpoint.duckdb``).
    store : bool
        Write the run and its question results to the store (one transaction).
    workers, scheduler : int or str, optional
        Worker processes (default every CPU) or a Dask scheduler address; the results do not depend on them.
    """
    return execute_run(
        scenario,
        worlds=worlds,
        months=months,
        seed=seed,
        overrides=overrides,
        db=db,
        store=store,
        workers=workers,
        scheduler=scheduler,
    ).public
