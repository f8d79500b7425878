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

from flashpoint.errors import InputError
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
        When the model made the forecast; a bare date is midnight (UTC). Not before the scenario's ``as_of``
        (refused: the run used data of that date); that the run used only evidence published by ``made_at``
        is the caller's firewall (a replay's run for date D).
    db : Store, path or None

    Returns
    -------
    dict with ``forecaster``, ``config_id``, ``questions_added`` and ``forecasts_added``.
    """
    when = parse_time(made_at, "register_run: made_at")
    as_of = parse_time(record["scenario"]["as_of"], "register_run: scenario.as_of")
    if when is not None and as_of is not None and when < as_of:
        raise InputError(
            f"register_run: made_at {when.date()} is before the scenario's as_of {as_of.date()}; a forecast "
            "cannot be made before the data it used (the as_of firewall)."
        )
    with opened(db) as store, store.transaction() as con:
        out = sql.register_record(con, record, made_at=when)
    return {**out, "config_id": sql.model_config(record)["config_id"]}


def model_configs(*, db: Db = None) -> pd.DataFrame:
    """Every registered model configuration: config_id, forecaster_id, scenario, SHA-256, engine, overrides,
    worlds."""
    with opened(db) as store:
        return sql.list_model_configs(store.con)
