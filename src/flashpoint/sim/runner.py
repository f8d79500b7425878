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
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.errors import InputError
from flashpoint.sim.assumptions import assumption_spread
from flashpoint.sim.engine import simulate
from flashpoint.sim.prevail import prevail_shares
from flashpoint.sim.result import SimResult
from flashpoint.store import open_store
from flashpoint.store.runs import save_run
from flashpoint.validation import check_positive_int
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.scenario import Scenario

DEFAULT_WORLDS = 20_000
DEFAULT_MONTHS = 48
DEFAULT_SEED = 0
Z90 = 1.6448536269514722
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


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("flashpoint", "numpy", "pydantic", "pyyaml", "duckdb"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def summarise(res: SimResult, sc: Scenario) -> list[dict[str, Any]]:
    """One entry per question whose horizon the run covers: probability, stderr and the 90% interval."""
    out = []
    for i, qid in enumerate(res.questions):
        if not res.complete(qid):
            continue
        k = int(np.count_nonzero(res.yes[:, i]))
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
    """``public``: the JSON shape of ``flashpoint run --json``; ``record``: what ``save_run`` stores."""

    public: dict[str, Any]
    record: dict[str, Any]
    run_id: str | None
    result: SimResult


def execute_run(
    scenario: str | Path | Scenario | None = None,
    *,
    worlds: int = DEFAULT_WORLDS,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    overrides: dict[str, Any] | None = None,
    db: str | Path | None = None,
    store: bool = True,
) -> RunOutcome:
    """Validate everything, simulate, summarise and (optionally) store in one transaction.

    Nothing is written unless the whole run succeeded.
    """
    worlds = check_positive_int(worlds, "--worlds", maximum=10_000_000)
    months = check_positive_int(months, "--months", maximum=600)
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
    started = time.perf_counter()
    rng = np.random.default_rng(int(seed))
    res = simulate(sc, worlds, months, rng)
    # after the run, from the same generator: the spread over assumption draws (sim.assumptions)
    questions = summarise(res, sc)
    centre = {q["id"]: q["probability"] for q in questions}
    spread = assumption_spread(sc, months, rng.spawn(1)[0], centre=centre)
    elapsed = time.perf_counter() - started
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
        "prevail": prevail_shares(res, sc),
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
    return RunOutcome(public=public, record=record, run_id=run_id, result=res)


def run(
    scenario: str | Path | Scenario | None = None,
    *,
    worlds: int = DEFAULT_WORLDS,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    overrides: dict[str, Any] | None = None,
    db: str | Path | None = None,
    store: bool = True,
) -> dict[str, Any]:
    """Run a scenario and return ``{"scenario", "engine", "elapsed_s", "questions"}`` (the ``--json`` shape).

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
    """
    return execute_run(
        scenario, worlds=worlds, months=months, seed=seed, overrides=overrides, db=db, store=store
    ).public
