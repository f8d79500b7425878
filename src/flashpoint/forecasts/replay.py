"""Runs at a date and replays over dates: the model's forecasts as evidence arrives, with no hindsight.

:func:`run_at` evaluates the situation at a date (documents published on or before it only), applies its
updates, simulates every open question from the date to its fixed deadline and, unless told not to, registers
each probability as the model's forecast made on that date. :func:`replay` does so at every date of a range
(dates in parallel, the store read once) and returns each question's probability path.

Registry: a dated run enters through the registry's model-configuration path
(:func:`flashpoint.store.model_registry.register_record`), as a plain ``flashpoint run`` does, with
``made_at`` = its date. **Rule:** the configuration is the scenario as given (its SHA-256 after ``--set``
overrides, before the date's updates), the engine version, the overrides and the worlds; the situation's
updates on a date are inputs of that date, not a new configuration. The indicators and their rules are part
of the scenario file, hence of its hash; what they read on a date is data, as the founding article is data for
a run at the as_of. So a replay's dates, ``run --as-of`` and a plain ``run`` of one scenario at one number of
worlds are one model whose forecasts over time ``score`` averages (``brier_time_avg``); were each date's
updated scenario a configuration, each would hold a single forecast and no path could be scored. The
forecaster is the registry's: ``flashpoint/<scenario id>``, or ``flashpoint/<scenario id>@<config id>`` for a
what-if (overrides; registered only when asked).

Idempotence: a dated run's id (the registry's provenance ``run_id``; dated runs are not kept in ``runs``) is
the SHA-256 of its configuration, the simulated scenario's SHA-256 (the scenario updated at the date), the
date, the seed and the months simulated. One seed and a deterministic engine make equal ids equal forecasts,
so replaying again with the same seed and evidence adds nothing; another seed, or evidence that changes a
date's updates, adds a revision on that date (the one recorded last counts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from flashpoint.errors import InputError
from flashpoint.sim import kernels
from flashpoint.sim.defaults import MAX_WORLDS
from flashpoint.sim.engine import reduce_worlds
from flashpoint.sim.questions import horizon_steps
from flashpoint.sim.reduce import RUN_TOTALS, Totals
from flashpoint.sim.runner import (
    DEFAULT_MONTHS,
    DEFAULT_SEED,
    DEFAULT_WORLDS,
    RunTotals,
    execute_run,
    summarise,
)
from flashpoint.sim.schedule import processes, resolve
from flashpoint.situation import Situation, assess, check_date
from flashpoint.situation.advance import Dated, scenario_at
from flashpoint.situation.evidence import read_corpora
from flashpoint.store import model_registry, open_store
from flashpoint.validation import check_positive_int
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.questions import add_months
from flashpoint.world.scenario import Scenario


def _base(scenario: str | Path | Scenario | None, overrides: dict[str, Any] | None) -> Scenario:
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return apply_overrides(sc, overrides)


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise InputError(f"--seed: expected an integer in [0, 2**63 - 1]; got {seed!r}")
    return seed


def engine_version() -> str:
    """The engine version a configuration names (the installed flashpoint's, as ``flashpoint run``)."""
    try:
        return metadata.version("flashpoint")
    except metadata.PackageNotFoundError:
        return "unknown"


def _dated_questions(base: Scenario, dated: Dated, summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The open questions of a run at a date, each with its own horizon, deadline and months left."""
    return [
        {
            **q,
            "horizon_months": base.questions[q["id"]].horizon_months,
            "deadline": dated.deadlines[q["id"]].isoformat(),
            "months_left": dated.months_left[q["id"]],
        }
        for q in summary
        if q["id"] in dated.deadlines
    ]


def dated_record(
    base: Scenario,
    run: dict[str, Any],
    *,
    worlds: int,
    seed: int,
    overrides: dict[str, Any] | None,
    version: str,
) -> dict[str, Any]:
    """The registry record of a run at a date (the shape of ``model_registry.register_record``).

    ``run``: ``as_of`` (the date), ``simulated.sha256``, ``months`` and ``questions`` (id, text,
    horizon_months, probability), as :func:`run_at` and :func:`replay` build it. The configuration is the
    base scenario's (see the module docstring); ``run_id`` is the dated run's content address.
    """
    record: dict[str, Any] = {
        "scenario": {"id": base.id, "sha256": base.sha256(), "as_of": base.as_of.isoformat()},
        "engine": {"version": version, "worlds": int(worlds)},
        "overrides": dict(overrides or {}),
        "questions": [
            {k: q[k] for k in ("id", "text", "horizon_months", "probability")} for q in run["questions"]
        ],
        "question_meta": {
            qid: {
                "resolution": q.resolution,
                "actors": list(q.actors),
                "event_type": q.event_type,
                "event_polarity": q.event_polarity,
                "tags": list(q.tags),
            }
            for qid, q in base.questions.items()
        },
    }
    config = model_registry.model_config(record)
    inputs = {
        "config_id": config["config_id"],
        "simulated": run["simulated"]["sha256"],
        "date": run["as_of"],
        "seed": int(seed),
        "months": int(run["months"]),
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()
    record["run_id"] = f"dated:{digest[:24]}"
    record["config_id"] = config["config_id"]
    return record


def register_dated(records: list[dict[str, Any]], *, db: Any = None) -> dict[str, Any]:
    """Register dated runs (:func:`dated_record`, each with ``made_at``, one configuration) in one
    transaction, one insert per table (``model_registry.register_records``).

    Returns ``{forecaster, config_id, forecasts_added}`` (0 added when all were registered before).
    """
    items = [(rec, dt.datetime.combine(dt.date.fromisoformat(rec["made_at"]), dt.time())) for rec in records]
    with open_store(db) as st, st.transaction() as con:
        out = model_registry.register_records(con, items)
    return {
        "forecaster": out["forecaster"],
        "config_id": records[0]["config_id"] if records else None,
        "forecasts_added": out["forecasts_added"],
    }


def _public(base: Scenario, on: dt.date, sit: Situation, dated: Dated) -> dict[str, Any]:
    return {
        "scenario": {"id": base.id, "sha256": base.sha256(), "as_of": base.as_of.isoformat()},
        "as_of": on.isoformat(),
        "simulated": {"sha256": dated.scenario.sha256(), "from": on.isoformat()},
        "updates": dated.updates,
        "closed": [
            {"id": qid, "deadline": add_months(base.as_of, base.questions[qid].horizon_months).isoformat()}
            for qid in dated.closed
        ],
    }


def run_at(
    scenario: str | Path | Scenario | None,
    on: dt.date | str,
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
    """Run the scenario as updated by the situation at ``on`` (the ``flashpoint run --as-of --json`` shape).

    Questions are simulated from ``on`` for the whole months left to their deadlines (at most ``months``);
    those whose deadline has passed are listed under ``closed``. With no evidence after the scenario's as_of,
    a run at the as_of gives the same probabilities as ``flashpoint run``. With ``store``, the forecasts are
    registered as the model's, made on ``on`` (``forecaster``, ``config_id``, ``forecasts_added``): the same
    forecasts a replay stores for that date (same seed and worlds), so either adds nothing after the other.
    ``workers`` and ``scheduler`` are as for ``flashpoint run``; the result does not depend on them.
    """
    base = _base(scenario, overrides)
    on = check_date(on, base)
    seed = _check_seed(seed)
    sit = assess(base, on, db)
    dated = scenario_at(sit)
    public = _public(base, on, sit, dated)
    questions: list[dict[str, Any]] = []
    if dated.months_left:
        run_months = min(months, max(dated.months_left.values()))
        outcome = execute_run(
            dated.scenario,
            worlds=worlds,
            months=run_months,
            seed=seed,
            store=False,
            workers=workers,
            scheduler=scheduler,
        )
        public["engine"] = outcome.public["engine"]
        public["elapsed_s"] = outcome.public["elapsed_s"]
        questions = _dated_questions(base, dated, outcome.public["questions"])
    public["questions"] = questions
    done = {q["id"] for q in questions}
    public["left_out"] = [qid for qid in dated.months_left if qid not in done]  # deadline beyond --months
    public["proposed_resolutions"] = sit.resolutions
    if store and questions:
        run = {**public, "months": public["engine"]["months"]}
        version = public["engine"]["version"]
        rec = dated_record(base, run, worlds=worlds, seed=seed, overrides=overrides, version=version)
        public.update(register_dated([{**rec, "made_at": on.isoformat()}], db=db))
    return public


_EVERY = re.compile(r"^(\d+)([dwm])$")


def replay_dates(start: dt.date, end: dt.date, every: str) -> list[dt.date]:
    """The dates from ``start`` to ``end`` (inclusive) every ``Nd``, ``Nw`` or ``Nm`` (calendar months)."""
    m = _EVERY.match(every.strip().lower())
    if not m or int(m.group(1)) < 1:
        raise InputError(f"--every: expected a step such as 1m, 2w or 10d; got {every!r}")
    if end < start:
        raise InputError(f"--to: expected a date on or after --from {start}; got {end}")
    n, unit = int(m.group(1)), m.group(2)
    out, i = [], 0
    while True:
        if unit == "m":
            day = add_months(start, n * i)
        else:
            day = start + dt.timedelta(days=n * i * (7 if unit == "w" else 1))
        if day > end:
            return out
        out.append(day)
        i += 1


def replay_workers(n_dates: int, workers: int | None = None) -> int:
    """Processes a replay of ``n_dates`` dates uses: ``workers``, else an enclosing
    ``sim.schedule.execution``, else ``$FLASHPOINT_WORKERS``, else every CPU; at most one per date, and one
    where forking is not possible."""
    settings = resolve(workers, None)
    return processes(replace(settings, scheduler=None), n_dates)


_JOB: dict[str, Any] = {}


def _run_date(day: dt.date) -> dict[str, Any]:
    """One date of a replay: the situation from the corpus read once, the updated scenario, its worlds.

    Runs in a forked worker (or in this process): the scenario, corpora and options are inherited, not
    pickled. The simulation is ``execute_run``'s main run (same seed, same worlds, same months, so the same
    probabilities as ``run --as-of``) without the assumption spread, which a replay does not report.
    """
    started = time.perf_counter()
    base, worlds, seed = _JOB["base"], _JOB["worlds"], _JOB["seed"]
    sit = assess(base, day, corpus=_JOB["corpora"][day])
    dated = scenario_at(sit)
    out = _public(base, day, sit, dated)
    out["questions"], out["months"] = [], 0
    if dated.months_left:
        sc = dated.scenario
        months = min(DEFAULT_MONTHS, max(dated.months_left.values()))
        counts = reduce_worlds(sc, worlds, months, seed, Totals(RUN_TOTALS), workers=_JOB["block_workers"])
        totals = RunTotals(
            questions=list(sc.questions),
            n_worlds=worlds,
            n_steps=horizon_steps(months, sc.step_days),
            horizon_steps=[horizon_steps(q.horizon_months, sc.step_days) for q in sc.questions.values()],
            counts=counts,
        )
        out["questions"], out["months"] = _dated_questions(base, dated, summarise(totals, sc)), months
    out["elapsed_s"] = round(time.perf_counter() - started, 3)
    return out


def replay(
    scenario: str | Path | Scenario | None,
    start: dt.date | str,
    end: dt.date | str,
    *,
    every: str = "1m",
    worlds: int = DEFAULT_WORLDS,
    seed: int = DEFAULT_SEED,
    overrides: dict[str, Any] | None = None,
    db: str | Path | None = None,
    store: bool = True,
    workers: int | None = None,
) -> dict[str, Any]:
    """Run at every date from ``start`` to ``end`` and return each question's probability path.

    The scenario is loaded and the store read once (:func:`~flashpoint.situation.evidence.read_corpora`:
    each date still sees only documents published by then). Dates run in :func:`replay_workers` forked
    processes (default every CPU), each date seeded with ``seed``, so the result does not depend on
    ``workers``. With ``store``, every date's forecasts are then registered in one transaction as the model's
    forecasts made on that date (see the module docstring for the configuration rule).

    Returns the ``flashpoint replay --json`` shape: scenario, forecaster, config_id, worlds, seed, dates, runs
    ``[{as_of, updates, elapsed_s}]``, per question its deadline and path ``[{date, probability, ci90}]``
    (dates after its deadline have no entry), and forecasts_added.
    """
    base = _base(scenario, overrides)
    start, end = check_date(start, base, "--from"), check_date(end, base, "--to")
    seed = _check_seed(seed)
    worlds = check_positive_int(worlds, "--worlds", maximum=MAX_WORLDS)
    dates = replay_dates(start, end, every)
    if store:
        open_store(db).close()  # create or migrate it before simulating: a bad store fails in seconds
    n = replay_workers(len(dates), workers)
    # dates side by side, each in one process; or one date at a time, its blocks of worlds side by side
    block_workers = 1 if n > 1 else resolve(workers, None).workers
    corpora = read_corpora(base, dates, db)
    _JOB.update(base=base, worlds=worlds, seed=seed, corpora=corpora, block_workers=block_workers)
    try:
        if n > 1:
            kernels.warm()  # compile (or load cached) kernels once, before the workers fork
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
                results = list(pool.map(_run_date, dates))
        else:
            results = [_run_date(day) for day in dates]
    finally:
        _JOB.clear()
    paths: dict[str, dict[str, Any]] = {}
    runs, records = [], []
    version = engine_version()
    for res in results:
        if res["questions"]:
            rec = dated_record(base, res, worlds=worlds, seed=seed, overrides=overrides, version=version)
            records.append({**rec, "made_at": res["as_of"]})
        runs.append({"as_of": res["as_of"], "updates": len(res["updates"]), "elapsed_s": res["elapsed_s"]})
        for q in res["questions"]:
            entry = paths.setdefault(
                q["id"], {"id": q["id"], "text": q["text"], "deadline": q["deadline"], "path": []}
            )
            entry["path"].append({"date": res["as_of"], "probability": q["probability"], "ci90": q["ci90"]})
    registered = {"forecaster": None, "config_id": None, "forecasts_added": 0}
    if store and records:
        registered = register_dated(records, db=db)
    return {
        "scenario": {"id": base.id, "sha256": base.sha256(), "as_of": base.as_of.isoformat()},
        "forecaster": registered["forecaster"],
        "config_id": registered["config_id"],
        "worlds": worlds,
        "seed": seed,
        "dates": [d.isoformat() for d in dates],
        "runs": runs,
        "questions": list(paths.values()),
        "forecasts_added": registered["forecasts_added"],
    }
