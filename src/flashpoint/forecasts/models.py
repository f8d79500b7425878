"""The model as a forecaster: register a run's forecasts, and the model configurations that made them.

A model configuration is what makes two runs the same model: the scenario's SHA-256 (after overrides), the
engine version, the overrides and the worlds (:func:`flashpoint.store.registry.model_config`). The scenario as
shipped forecasts as ``flashpoint/<scenario id>``; each configuration is a version of it
(``registry_forecasts.model_config``) and :func:`flashpoint.forecasts.score` scores each version apart
(``model_configs``), so drift between versions shows. A what-if run (``--set``) is stored as a run but enters
the registry only when asked (``flashpoint run --register``), as its own forecaster
``flashpoint/<scenario id>@<config id>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from flashpoint.forecasts.registry import Db, opened
from flashpoint.forecasts.rows import parse_time
from flashpoint.store import model_registry as sql


def register_run(
    record: Mapping[str, Any], *, made_at: str | dt.date | dt.datetime | None = None, db: Db = None
) -> dict[str, Any]:
    """Store a run as the model's forecast made at ``made_at`` (default: the scenario's ``as_of``).

    This is the one function for "this run is what the model said on date D": replays over dates call it once
    per date with the run of that date. Idempotent: the same run and date again add nothing.

    Parameters
    ----------
    record : mapping
        The run record of :func:`flashpoint.sim.runner.execute_run` (``RunOutcome.record``): ``run_id``,
        ``scenario`` (id, sha256, as_of), ``engine`` (version, worlds), ``overrides``, ``questions``
        (id, text, horizon_months, probability) and ``question_meta``.
    made_at : date, datetime or ISO text, optional
        When the model made the forecast; a bare date is midnight (UTC). Never later than the data the run
        used: the firewall is the caller's (a replay's run for date D uses only evidence published by D).
    db : Store, path or None

    Returns
    -------
    dict with ``forecaster``, ``config_id``, ``questions_added`` and ``forecasts_added``.
    """
    when = parse_time(made_at, "register_run: made_at")
    with opened(db) as store, store.transaction() as con:
        out = sql.register_record(con, record, made_at=when)
    return {**out, "config_id": sql.model_config(record)["config_id"]}


def model_configs(*, db: Db = None) -> pd.DataFrame:
    """Every registered model configuration: config_id, forecaster_id, scenario, SHA-256, engine, overrides,
    worlds."""
    with opened(db) as store:
        return sql.list_model_configs(store.con)
