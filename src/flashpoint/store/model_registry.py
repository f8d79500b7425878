"""SQL for the model as a forecaster: a run's questions and forecasts, and the configurations behind them.

Called inside ``save_run``'s transaction (:func:`register_record`) and by
:func:`flashpoint.forecasts.models.register_run` (a run stored as the model's forecast on a date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from flashpoint.store.registry import (
    Con,
    _frame,
    _insert,
    add_months,
    get_question,
    insert_forecasters,
    insert_forecasts,
    insert_questions,
)

CONFIG_COLUMNS = [
    "config_id",
    "forecaster_id",
    "scenario_id",
    "scenario_sha256",
    "engine_version",
    "overrides",
    "worlds",
]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def model_config(record: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration of a run record (``save_run``'s shape): what makes two runs the same model.

    Scenario SHA-256 (after overrides), engine version, overrides and worlds; ``config_id`` is the first 12
    hex digits of the SHA-256 of their JSON. The seed and the months simulated are not part of it (a seed
    changes only Monte Carlo noise; months only which questions are answered).
    """
    sc, eng = record["scenario"], record["engine"]
    overrides = json.dumps(record.get("overrides") or {}, sort_keys=True, default=str)
    fields = {
        "scenario_id": str(sc["id"]),
        "scenario_sha256": str(sc["sha256"]),
        "engine_version": str(eng["version"]),
        "overrides": overrides,
        "worlds": int(eng["worlds"]),
    }
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    return {"config_id": digest, **fields}


def model_forecaster(config: Mapping[str, Any]) -> str:
    """``flashpoint/<scenario>`` for the scenario as shipped; ``flashpoint/<scenario>@<config_id>`` for a
    what-if (a run with overrides), so that each what-if configuration is its own forecaster."""
    base = f"flashpoint/{config['scenario_id']}"
    return base if config["overrides"] in ("{}", "") else f"{base}@{config['config_id']}"


def register_run(
    con: Con,
    *,
    run_id: str,
    scenario_id: str,
    as_of: Any,
    questions: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any] | None = None,
    made_at: Any = None,
) -> dict[str, int]:
    """Register a run's scenario questions and add its model forecasts (call inside a transaction).

    Each question (``id``, ``text``, ``resolution`` or ``resolution_criteria``, ``horizon_months``,
    ``actors``, ``event_type``, ``event_polarity`` (default positive), ``tags``, ``probability``) is
    registered with start date = the scenario's ``as_of`` and close = as_of + horizon_months. A question id
    already registered with another start date or text is registered as ``<id>@<as_of>``. The model's
    forecast is made at ``made_at`` (default ``as_of``: the firewall, the model knows only what was known
    then), by forecaster :func:`model_forecaster` of ``config`` (:func:`model_config`; without one,
    ``flashpoint/<scenario_id>``), with provenance ``run_id`` and the configuration in ``model_config``.
    Storing the same run again adds nothing.

    Returns
    -------
    dict with ``questions_added``, ``forecasts_added`` and ``forecaster``.
    """
    forecaster, qrows, frows = _run_rows(
        con,
        run_id=run_id,
        scenario_id=scenario_id,
        as_of=as_of,
        questions=questions,
        config=config,
        made_at=made_at,
    )
    return _write(con, forecaster, config, qrows, frows)


def _run_rows(
    con: Con,
    *,
    run_id: str,
    scenario_id: str,
    as_of: Any,
    questions: Iterable[Mapping[str, Any]],
    config: Mapping[str, Any] | None,
    made_at: Any,
) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """The forecaster, question rows and forecast rows :func:`register_run` writes."""
    start = _as_date(as_of)
    when = start if made_at is None else made_at
    forecaster = f"flashpoint/{scenario_id}" if config is None else model_forecaster(config)
    config_id = None if config is None else config["config_id"]
    qrows, frows = [], []
    for q in questions:
        months = int(q["horizon_months"])
        qid = str(q["id"])
        old = get_question(con, qid)
        if old is not None and (old["start_date"] != start or old["text"] != q["text"]):
            qid = f"{qid}@{start.isoformat()}"
        tags = list(q.get("tags") or [])
        qrows.append(
            {
                "question_id": qid,
                "text": q["text"],
                "resolution_criteria": q.get("resolution_criteria") or q.get("resolution"),
                "start_date": start,
                "horizon_months": months,
                "resolution_date": add_months(start, months),
                "source": f"scenario:{scenario_id}",
                "tags": tags,
                "actors": [str(a).upper() for a in q.get("actors") or []],
                "event_type": (q.get("event_type") or None) and str(q["event_type"]).upper(),
                "event_polarity": q.get("event_polarity") or "positive",
            }
        )
        if q.get("probability") is not None:
            key = f"run:{run_id}:{qid}" if made_at is None else f"run:{run_id}:{qid}:{when}"
            frows.append(
                {
                    "question_id": qid,
                    "forecaster_id": forecaster,
                    "kind": "model",
                    "probability": float(q["probability"]),
                    "made_at": when,
                    "run_id": str(run_id),
                    "origin": "run",
                    "source_key": key,
                    "model_config": config_id,
                }
            )
    return forecaster, qrows, frows


def _write(
    con: Con,
    forecaster: str,
    config: Mapping[str, Any] | None,
    qrows: list[dict[str, Any]],
    frows: list[dict[str, Any]],
) -> dict[str, Any]:
    insert_forecasters(con, [{"forecaster_id": forecaster, "kind": "model", "name": forecaster}])
    if config is not None:
        _insert(
            con,
            "model_configs",
            _frame([{**config, "forecaster_id": forecaster}], CONFIG_COLUMNS),
            CONFIG_COLUMNS,
        )
    added_q = insert_questions(con, qrows)
    added_f = insert_forecasts(con, frows)
    return {"questions_added": added_q, "forecasts_added": added_f, "forecaster": forecaster}


def list_model_configs(con: Con) -> pd.DataFrame:
    """Every model configuration that made a registered forecast."""
    return con.execute(f"SELECT {', '.join(CONFIG_COLUMNS)} FROM model_configs ORDER BY config_id").df()


def register_record(con: Con, record: Mapping[str, Any], made_at: Any = None) -> dict[str, Any]:
    """:func:`register_run` for a run record of ``save_run``'s shape (call inside a transaction)."""
    sc = record["scenario"]
    meta = record.get("question_meta") or {}
    return register_run(
        con,
        run_id=record["run_id"],
        scenario_id=sc["id"],
        as_of=sc["as_of"],
        questions=[{**meta.get(q["id"], {}), **q} for q in record["questions"]],
        config=model_config(record),
        made_at=made_at,
    )


def register_records(con: Con, items: Iterable[tuple[Mapping[str, Any], Any]]) -> dict[str, Any]:
    """:func:`register_record` for several ``(record, made_at)`` pairs of one model configuration (a replay's
    dates), with one insert per table (call inside a transaction). The same rows as one call per pair."""
    items = list(items)
    if not items:
        return {"questions_added": 0, "forecasts_added": 0, "forecaster": None}
    configs = {model_config(record)["config_id"] for record, _ in items}
    if len(configs) != 1:
        raise ValueError(f"register_records: expected one model configuration; got {sorted(configs)}")
    config = model_config(items[0][0])
    qrows: list[dict[str, Any]] = []
    frows: list[dict[str, Any]] = []
    forecaster = model_forecaster(config)
    for record, made_at in items:
        sc, meta = record["scenario"], record.get("question_meta") or {}
        _, q, f = _run_rows(
            con,
            run_id=record["run_id"],
            scenario_id=sc["id"],
            as_of=sc["as_of"],
            questions=[{**meta.get(x["id"], {}), **x} for x in record["questions"]],
            config=config,
            made_at=made_at,
        )
        qrows += q
        frows += f
    return _write(con, forecaster, config, qrows, frows)
