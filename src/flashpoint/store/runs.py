"""Stored simulation runs: one write transaction per run, and named read queries.

``save_run(store, record)`` takes the plain record built by :func:`flashpoint.sim.runner.execute_run`::

    {"run_id", "created_at", "scenario": {"id", "sha256", "as_of", "title"},
     "engine": {"version", "worlds", "months", "seed", "step"}, "elapsed_s", "interval",
     "questions": [{"id", "text", "horizon_months", "probability", "stderr", "ci90": [lo, hi]}],
     "question_meta": {id: {"resolution", "actors", "event_type", "event_polarity", "tags", "resolves"}},
     "overrides": {path: value}, "versions": {package: version}}
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from flashpoint.errors import NotFoundError
from flashpoint.store.db import Store


def save_run(store: Store, record: dict[str, Any]) -> str:
    """Write a run and its question results in one transaction; return the run id.

    Nothing is written if any insert fails.
    """
    sc, eng = record["scenario"], record["engine"]
    run_id = record["run_id"]
    with store.transaction() as con:
        con.execute(
            "INSERT INTO runs (run_id, created_at, scenario_id, scenario_sha256, as_of, seed, worlds, months,"
            " step, engine_version, package_versions, overrides, interval_method, elapsed_s)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                record["created_at"],
                sc["id"],
                sc["sha256"],
                sc["as_of"],
                eng["seed"],
                eng["worlds"],
                eng["months"],
                eng["step"],
                eng["version"],
                json.dumps(record["versions"], sort_keys=True),
                json.dumps(record["overrides"], sort_keys=True, default=str),
                record["interval"],
                record["elapsed_s"],
            ],
        )
        if record["questions"]:  # DuckDB refuses an empty executemany
            con.executemany(
                "INSERT INTO run_questions (run_id, question_id, text, horizon_months, probability, stderr,"
                " ci90_lo, ci90_hi) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        run_id,
                        q["id"],
                        q["text"],
                        q["horizon_months"],
                        q["probability"],
                        q["stderr"],
                        q["ci90"][0],
                        q["ci90"][1],
                    ]
                    for q in record["questions"]
                ],
            )
        # --- forecasts (issues 5, 14): register the scenario's questions and this run's model forecasts in
        # the same transaction (made at the scenario's as_of; provenance = run_id and its configuration).
        # A what-if run (overrides) enters the registry only when asked (run --register). ---
        if record.get("register", not record.get("overrides")):
            from flashpoint.store import model_registry

            model_registry.register_record(con, record)
        # --- end forecasts ---
    return run_id


def list_runs(store: Store) -> pd.DataFrame:
    """All stored runs, newest first."""
    return store.query(
        "SELECT run_id, created_at, scenario_id, scenario_sha256, as_of, seed, worlds, months,"
        " engine_version, overrides FROM runs ORDER BY created_at DESC"
    )


def run_questions(store: Store, run_id: str) -> pd.DataFrame:
    """The question results of one run; raises NotFoundError for an unknown run id."""
    if store.query("SELECT count(*) AS n FROM runs WHERE run_id = ?", [run_id])["n"].iloc[0] == 0:
        raise NotFoundError(f"run {run_id!r}: expected a stored run id; got an unknown id")
    return store.query("SELECT * FROM run_questions WHERE run_id = ? ORDER BY question_id", [run_id])
