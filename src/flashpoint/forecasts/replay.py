"""Runs at a date and replays over dates: the model's forecasts as evidence arrives, with no hindsight.

:func:`run_at` evaluates the situation at a date (documents published on or before it only), applies its
updates, simulates every open question from the date to its fixed deadline and, unless told not to, stores
each probability in the registry as the model's forecast made on that date. :func:`replay` does so at every
date of a range and returns each question's probability path.

Forecaster: one per model configuration, ``flashpoint/<scenario id>@<first 8 hex of the scenario's SHA-256>``
(after ``--set`` overrides), so forecasts of a changed model never mix with an earlier one's. Questions are
registered with the scenario's own start date and horizon (the same question on every date); a forecast is
keyed by forecaster, question, date and probability, so replaying again with the same seed adds nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from flashpoint.errors import InputError
from flashpoint.forecasts.rows import check_forecast, forecast_key
from flashpoint.sim import kernels
from flashpoint.sim.runner import DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_WORLDS, execute_run
from flashpoint.situation import assess, check_date
from flashpoint.situation.advance import scenario_at
from flashpoint.store import open_store
from flashpoint.store import registry as sql
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.questions import add_months
from flashpoint.world.scenario import Scenario


def forecaster_id(sc: Scenario) -> str:
    """The registry forecaster of a model configuration (scenario id and SHA-256 prefix)."""
    return f"flashpoint/{sc.id}@{sc.sha256()[:8]}"


def _base(scenario: str | Path | Scenario | None, overrides: dict[str, Any] | None) -> Scenario:
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return apply_overrides(sc, overrides)


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
) -> dict[str, Any]:
    """Run the scenario as updated by the situation at ``on`` (the ``flashpoint run --as-of --json`` shape).

    Questions are simulated from ``on`` for the whole months left to their deadlines (at most ``months``);
    those whose deadline has passed are listed under ``closed``. With no evidence after the scenario's as_of,
    a run at the as_of gives the same probabilities as ``flashpoint run``.
    """
    base = _base(scenario, overrides)
    on = check_date(on, base)
    sit = assess(base, on, db)
    dated = scenario_at(sit)
    public: dict[str, Any] = {
        "scenario": {"id": base.id, "sha256": base.sha256(), "as_of": base.as_of.isoformat()},
        "as_of": on.isoformat(),
    }
    questions: list[dict[str, Any]] = []
    if dated.months_left:
        run_months = min(months, max(dated.months_left.values()))
        outcome = execute_run(dated.scenario, worlds=worlds, months=run_months, seed=seed, store=False)
        public["engine"] = outcome.public["engine"]
        public["elapsed_s"] = outcome.public["elapsed_s"]
        for q in outcome.public["questions"]:
            if q["id"] not in dated.deadlines:
                continue
            questions.append(
                {
                    **q,
                    "horizon_months": base.questions[q["id"]].horizon_months,
                    "deadline": dated.deadlines[q["id"]].isoformat(),
                    "months_left": dated.months_left[q["id"]],
                }
            )
    public["simulated"] = {"sha256": dated.scenario.sha256(), "from": on.isoformat()}
    public["updates"] = dated.updates
    public["closed"] = [
        {"id": qid, "deadline": add_months(base.as_of, base.questions[qid].horizon_months).isoformat()}
        for qid in dated.closed
    ]
    public["questions"] = questions
    done = {q["id"] for q in questions}
    public["left_out"] = [qid for qid in dated.months_left if qid not in done]  # deadline beyond --months
    public["proposed_resolutions"] = sit.resolutions
    if store and questions:
        public["forecaster"] = forecaster_id(base)
        public["forecasts_added"] = store_forecasts(base, on, questions, db=db)
    return public


def store_forecasts(base: Scenario, on: dt.date, questions: list[dict[str, Any]], *, db: Any = None) -> int:
    """Register the scenario's questions (start = its as_of) and add the model's forecasts made on ``on``.

    One transaction; returns the number of forecasts added (0 when all were stored before).
    """
    who = forecaster_id(base)
    with open_store(db) as st:
        qrows, frows = [], []
        for q in questions:
            spec = base.questions[q["id"]]
            qid = q["id"]
            old = sql.get_question(st.con, qid)
            if old is not None and (old["start_date"] != base.as_of or old["text"] != spec.text):
                qid = f"{qid}@{base.as_of.isoformat()}"
            qrows.append(
                {
                    "question_id": qid,
                    "text": spec.text,
                    "resolution_criteria": spec.resolution,
                    "start_date": base.as_of,
                    "horizon_months": spec.horizon_months,
                    "resolution_date": dt.date.fromisoformat(q["deadline"]),
                    "source": f"scenario:{base.id}",
                    "tags": list(spec.tags),
                    "actors": list(spec.actors),
                    "event_type": spec.event_type,
                    "event_polarity": spec.event_polarity,
                }
            )
            row = {
                "question_id": qid,
                "forecaster": who,
                "kind": "model",
                "probability": q["probability"],
                "made_at": on,
                "note": f"run at {on} ({q['months_left']} months left)",
            }
            checked = check_forecast(row, origin="replay")
            checked["source_key"] = forecast_key("model", qid, who, on, q["probability"])
            frows.append(checked)
        with st.transaction() as con:
            sql.insert_forecasters(con, [{"forecaster_id": who, "kind": "model", "name": who}])
            sql.insert_questions(con, qrows)
            return sql.insert_forecasts(con, frows)


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


def _workers(n_dates: int, workers: int | None) -> int:
    if workers is None:
        env = os.environ.get("FLASHPOINT_WORKERS")
        workers = int(env) if env else min(2, os.cpu_count() or 1)
    return max(1, min(int(workers), n_dates))


_JOB: dict[str, Any] = {}


def _run_date(day: dt.date) -> dict[str, Any]:
    # in a forked worker (or in this process): the scenario and options are inherited, not pickled
    return run_at(_JOB["base"], day, worlds=_JOB["worlds"], seed=_JOB["seed"], db=_JOB["db"], store=False)


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

    Dates run in ``workers`` forked processes (default ``$FLASHPOINT_WORKERS`` or up to 2 CPUs), each reading
    the store read-only; every date is seeded with ``seed``, so the result does not depend on ``workers``. The
    forecasts are then stored in date order, one transaction per date.

    Returns the ``flashpoint replay --json`` shape: scenario, forecaster, dates, per question its deadline and
    path ``[{date, probability, ci90}]`` (dates after its deadline have no entry), and the runs' updates.
    """
    base = _base(scenario, overrides)
    start, end = check_date(start, base, "--from"), check_date(end, base, "--to")
    dates = replay_dates(start, end, every)
    if store:
        open_store(db).close()  # create or migrate it once, before readers open it side by side
    n = _workers(len(dates), workers)
    _JOB.update(base=base, worlds=worlds, seed=seed, db=db)
    try:
        if n > 1 and "fork" in multiprocessing.get_all_start_methods():
            kernels.warm()  # compile (or load cached) kernels once, before the workers fork
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
                results = list(pool.map(_run_date, dates))
        else:
            results = [_run_date(day) for day in dates]
    finally:
        _JOB.clear()
    paths: dict[str, dict[str, Any]] = {}
    runs, added = [], 0
    for day, res in zip(dates, results, strict=True):
        if store and res["questions"]:
            added += store_forecasts(base, day, res["questions"], db=db)
        runs.append(
            {"as_of": res["as_of"], "updates": len(res["updates"]), "elapsed_s": res.get("elapsed_s", 0)}
        )
        for q in res["questions"]:
            entry = paths.setdefault(
                q["id"], {"id": q["id"], "text": q["text"], "deadline": q["deadline"], "path": []}
            )
            entry["path"].append({"date": res["as_of"], "probability": q["probability"], "ci90": q["ci90"]})
    return {
        "scenario": {"id": base.id, "sha256": base.sha256(), "as_of": base.as_of.isoformat()},
        "forecaster": forecaster_id(base) if store else None,
        "worlds": worlds,
        "seed": seed,
        "dates": [d.isoformat() for d in dates],
        "runs": runs,
        "questions": list(paths.values()),
        "forecasts_added": added,
    }
