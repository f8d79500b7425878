"""The vectorised Monte Carlo engine: :func:`simulate` steps every world of a block at once.

Randomness (SPEC 7): one Generator, from ``rng``, spawns one child per block of ``BLOCK_WORLDS`` worlds
(``Generator.spawn``), so the same seed gives the same bytes however blocks are scheduled.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from flashpoint.sim import kernels
from flashpoint.sim.defaults import MAX_MONTHS, MAX_WORLDS
from flashpoint.sim.draws import Draws
from flashpoint.sim.questions import QuestionTracker, horizon_steps
from flashpoint.sim.reduce import Gather, Reduction
from flashpoint.sim.result import THEATRE_FIELDS, SimResult
from flashpoint.sim.rules import (
    attrition,
    bargaining,
    contest,
    deterrence,
    exchange,
    ladder,
    perception,
    posture,
    spread,
)
from flashpoint.sim.schedule import Execution, Progress, Run, resolve, run_many
from flashpoint.sim.state import MONTH_DAYS, Layout, State, init_state
from flashpoint.validation import check_positive_int
from flashpoint.world.scenario import Scenario

#: Worlds per block (each block pays a fixed cost per step, about 3 ms, so blocks are large). The block layout
#: fixes the random streams (one child generator per block): changing it changes a seed's numbers, never
#: their independence of the worker count. ``flashpoint run`` adds its assumption spread's blocks
#: (``sim.assumptions.DESIGN_BLOCK_WORLDS``) to the same pool: 100,000 worlds on 2 workers are 50,000 + 10,000
#: worlds each.
BLOCK_WORLDS = 50_000


def _step(st: State, tracker: QuestionTracker, trace: dict[str, list] | None) -> None:
    t0 = st.days
    st.step += 1
    t1 = t0 + st.step_days
    perception.step(st)
    exchange.step(st)
    attrition.step(st)
    ladder.onset(st, t0)
    ladder.crisis(st, t0)
    contest.resolve(st, t1)
    _note_rungs(st)
    bargaining.war_rounds(st, t1)
    ladder.war(st)
    spread.step(st)
    posture.step(st)
    st.days = t1
    _note_rungs(st)
    pt, pw = st.arrays["changed_pos"]  # sides and rungs change only at these positions (see rules.spread)
    kernels.note_involved(
        pt.astype(np.int64, copy=False), pw.astype(np.int64, copy=False), st.side, st.rung, st.ever_involved
    )
    np.minimum(st.held_min, st.held, out=st.held_min)
    tracker.update(st)
    if trace is not None:
        _record(st, trace)


def _note_rungs(st: State) -> None:
    np.maximum(st.max_rung, st.rung, out=st.max_rung)
    np.maximum(st.ep_max_rung, st.rung, out=st.ep_max_rung)


def _record(st: State, trace: dict[str, list]) -> None:
    trace["rung"].append(st.rung.T.copy())
    for key in ("force_a", "force_b", "held"):
        trace[key].append(st.arrays[key].T.copy())


def _run_block(
    sc: Scenario, lay: Layout, rng: np.random.Generator, n: int, n_steps: int, with_trace: bool
) -> dict[str, np.ndarray]:
    draws = Draws(sc, rng, n)
    st = init_state(sc, lay, draws, rng, n)
    exchange.init(st)
    attrition.init(st)
    perception.init(st)
    deterrence.init(st)
    spread.init(st)
    contest.start(st, st.ep_active & (st.rung == 1))
    st.arrays["ever_involved"] = (st.side > 0) & (st.rung >= 2)[None]
    st.arrays["held_min"] = st.held.copy()
    tracker = QuestionTracker(sc, st)
    trace = {k: [] for k in ("rung", "force_a", "force_b", "held")} if with_trace else None
    if trace is not None:
        _record(st, trace)
    for _ in range(n_steps):
        _step(st, tracker, trace)
    out = {name: st.arrays[name].T.copy() for name in THEATRE_FIELDS if name in st.arrays}
    out["final_rung"] = st.rung.T.copy()
    out["n_joiners"] = st.first_joiners.T.copy()
    out["first_step"] = tracker.first.T.copy()
    yes = np.zeros_like(tracker.first, dtype=bool)
    for i, through in enumerate(tracker.throughout):
        yes[i] = tracker.first[i] < 0 if through else tracker.first[i] >= 0
    out["yes"] = yes.T.copy()
    out["involved"] = np.ascontiguousarray(st.ever_involved.transpose(2, 0, 1))
    for key, src in (
        ("front_force_a", "force_a"),
        ("front_force_b", "force_b"),
        ("front_held", "held"),
        ("front_held_min", "held_min"),
        ("flow_size", "flow_size"),
    ):
        out[key] = st.arrays[src].T.copy()
    out["posture_max"] = st.max_posture.copy()
    out["posture_final"] = st.posture.copy()
    for path, values in draws.uncertain().items():
        out["draw:" + path] = values
    if trace is not None:
        for key, rows in trace.items():
            out["trace:" + key] = np.stack(rows)
    return out


def _block(shared: tuple, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    scenario, lay, n_steps, trace = shared
    return _run_block(scenario, lay, rng, n, n_steps, trace)


def plan_worlds(
    scenario: Scenario,
    n_worlds: int,
    n_months: int,
    rng: np.random.Generator | int | None,
    reduction: Reduction,
    *,
    trace: bool = False,
    block_worlds: int | None = None,
) -> Run:
    """The blocks of a run of ``n_worlds`` worlds, for :func:`~flashpoint.sim.schedule.run_many`.

    Spawns one child generator per block of ``block_worlds`` (default :data:`BLOCK_WORLDS`) from ``rng``
    (now, in block order), so that what ``rng`` draws afterwards does not depend on when the blocks run.
    """
    n_worlds = check_positive_int(n_worlds, "worlds", maximum=MAX_WORLDS)
    n_months = check_positive_int(n_months, "months", maximum=MAX_MONTHS)
    rng = np.random.default_rng(rng)
    lay = Layout.build(scenario)
    n_steps = horizon_steps(n_months, scenario.step_days)
    size = BLOCK_WORLDS if block_worlds is None else check_positive_int(block_worlds, "block_worlds")
    n_blocks = math.ceil(n_worlds / size)
    children = rng.spawn(n_blocks)
    sizes = [min(size, n_worlds - i * size) for i in range(n_blocks)]
    jobs = list(zip(children, sizes, strict=True))
    return Run(_block, (scenario, lay, n_steps, trace), jobs, reduction)


def execute(runs: list[Run], settings: Execution) -> list[Any]:
    """Run planned blocks (:func:`plan_worlds`) with ``settings``: all in one pool, one result per run."""
    if not settings.scheduler:
        kernels.warm()  # compile (or load cached) kernels once, before workers fork
    return run_many(runs, settings)


def reduce_worlds(
    scenario: Scenario,
    n_worlds: int,
    n_months: int,
    rng: np.random.Generator | int | None,
    reduction: Reduction,
    *,
    trace: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Any:
    """Simulate like :func:`simulate`, keeping only what ``reduction`` keeps of each block, as blocks finish.

    Returns ``reduction.combine(partials)`` with partials in block order: the same bytes for any ``workers``
    or ``scheduler``. With :class:`~flashpoint.sim.reduce.Totals`, memory does not grow with ``n_worlds``.
    """
    planned = plan_worlds(scenario, n_worlds, n_months, rng, reduction, trace=trace)
    settings = resolve(workers, scheduler)
    if progress is not None:
        settings = replace(settings, progress=progress)
    return execute([planned], settings)[0]


def simulate(
    scenario: Scenario,
    n_worlds: int,
    n_months: int,
    rng: np.random.Generator | int | None = None,
    *,
    trace: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> SimResult:
    """Simulate ``n_worlds`` independent worlds for ``n_months`` months from the scenario's as_of state.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (``load_scenario``, ``build_scenario``, ``apply_overrides``).
    n_worlds : int
        Number of Monte Carlo worlds.
    n_months : int
        Months to simulate; the number of steps is ``round(n_months * 30.4375 / step_days)``.
    rng : numpy.random.Generator, int or None
        Converted once with ``numpy.random.default_rng``; one child generator is spawned per block.
    trace : bool
        Also keep per-step rungs and front forces (memory grows with n_worlds x n_steps).
    workers : int or None
        Processes running blocks (forked); default: an enclosing ``schedule.execution``, else
        ``$FLASHPOINT_WORKERS``, else every CPU. Results do not depend on it: each block draws from its own
        spawned generator and blocks are joined in order.
    scheduler : str or None
        A ``dask.distributed`` scheduler address (``tcp://host:8786``) running the blocks instead; default an
        enclosing ``schedule.execution``, else ``$FLASHPOINT_SCHEDULER``. Same bytes as a local run.
    progress : callable or None
        ``progress(worlds_done, worlds_total)``, called as blocks finish.

    Returns
    -------
    SimResult
    """
    n_worlds = check_positive_int(n_worlds, "worlds", maximum=MAX_WORLDS)
    lay = Layout.build(scenario)
    n_steps = horizon_steps(check_positive_int(n_months, "months", maximum=MAX_MONTHS), scenario.step_days)
    whole = reduce_worlds(
        scenario,
        n_worlds,
        n_months,
        rng,
        Gather(),
        trace=trace,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )

    def cat(key: str) -> np.ndarray:  # blocks are already joined (Gather.combine), in block order
        return whole[key]

    theatre = {name: cat(name) for name in THEATRE_FIELDS}
    keys = whole.keys()
    return SimResult(
        scenario_id=scenario.id,
        sha256=scenario.sha256(),
        as_of=scenario.as_of.isoformat(),
        step=scenario.step,
        step_days=scenario.step_days,
        n_worlds=n_worlds,
        n_steps=n_steps,
        n_months=n_months,
        actors=list(lay.actors),
        theatres=list(lay.theatres),
        fronts=[f"{t}.{f}" for t, f in lay.fronts],
        flows=list(lay.flows),
        questions=list(scenario.questions),
        horizon_steps=np.array(
            [horizon_steps(q.horizon_months, scenario.step_days) for q in scenario.questions.values()],
            np.int16,
        ),
        first_step=cat("first_step"),
        yes=cat("yes"),
        theatre=theatre,
        involved=cat("involved"),
        front_force_a=cat("front_force_a"),
        front_force_b=cat("front_force_b"),
        front_held=cat("front_held"),
        front_held_min=cat("front_held_min"),
        flow_size=cat("flow_size"),
        posture_max=cat("posture_max"),
        posture_final=cat("posture_final"),
        draws={k[5:]: cat(k) for k in keys if k.startswith("draw:")},
        trace={k[6:]: cat(k) for k in keys if k.startswith("trace:")},
    )


__all__ = ["BLOCK_WORLDS", "MONTH_DAYS", "execute", "plan_worlds", "reduce_worlds", "simulate"]
