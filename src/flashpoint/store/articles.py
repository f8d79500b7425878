"""Named read queries for the workspace (web pages, API and the HTML report): articles, filter choices,
evidence counts and runs. Every function takes an open :class:`~flashpoint.store.db.Store` and returns plain
data or a DataFrame; the evidence lists themselves come from :mod:`flashpoint.store.evidence_queries`.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from flashpoint.errors import NotFoundError, StoreError
from flashpoint.store.db import Store

EVIDENCE_TABLES = ("documents", "events", "quotes", "forecasts")


def connect_store(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A long-lived connection for a server (no progress bar on stderr); the schema must exist already."""
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from None
    con.execute("SET enable_progress_bar = false")
    return con


def cursor_store(cursor: duckdb.DuckDBPyConnection, path: str) -> Store:
    """A :class:`Store` over one cursor of a shared connection (each request its own cursor, closed by
    the caller), so that the named queries that take a store run on it."""
    store = Store.__new__(Store)
    store.path = path
    store.memory = False
    store.read_only = False  # the connection decides; migrations never run on a cursor store
    store.timeout = 0.0
    store._con = cursor
    store._depth = 1  # held: release() leaves the cursor to its caller
    return store


def _tables(store: Store) -> set[str]:
    rows = store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {row[0] for row in rows}


def evidence_counts(store: Store) -> dict[str, int]:
    """Rows in each evidence table (0 for a table the store does not have yet)."""
    have = _tables(store)
    return {
        t: int(store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) if t in have else 0
        for t in EVIDENCE_TABLES
    }


def get_document(store: Store, doc_id: str) -> dict[str, Any]:
    """One article: doc_id, title, published, url, origin, text and its sentences (offsets and text).

    Raises
    ------
    NotFoundError
        For an id the store does not hold.
    """
    row = store.con.execute(
        "SELECT doc_id, title, published, url, origin, text FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"article {doc_id!r}: expected a stored doc_id; got an unknown id")
    sentences = store.con.execute(
        "SELECT sentence, start_char, end_char FROM sentences WHERE doc_id = ? ORDER BY sentence", [doc_id]
    ).fetchall()
    keys = ("doc_id", "title", "published", "url", "origin", "text")
    out = dict(zip(keys, row, strict=True))
    out["published"] = out["published"].isoformat() if out["published"] is not None else None
    out["sentences"] = [{"sentence": s, "start": a, "end": b} for s, a, b in sentences]
    return out


def filter_choices(store: Store) -> dict[str, list[str]]:
    """The values the evidence filters offer: event types, actor codes and speakers, each sorted."""
    have = _tables(store)
    if "events" not in have:
        return {"event_types": [], "actors": [], "speakers": []}

    def column(sql: str) -> list[str]:
        return sorted(str(r[0]) for r in store.con.execute(sql).fetchall() if r[0])

    return {
        "event_types": column("SELECT DISTINCT event_type FROM events"),
        "actors": column(
            "SELECT actor_code FROM events UNION SELECT recipient_code FROM events "
            "UNION SELECT speaker_actor FROM quotes"
        ),
        "speakers": column(
            "SELECT speaker_name FROM quotes UNION SELECT predictor_name FROM forecasts LIMIT 500"
        ),
    }


def latest_run(store: Store, scenario_id: str, *, whatif: bool = False) -> dict[str, Any] | None:
    """The newest stored run of a scenario (without overrides unless ``whatif``), or None."""
    if "runs" not in _tables(store):
        return None
    sql = "SELECT * FROM runs WHERE scenario_id = ?"
    if not whatif:
        sql += " AND (overrides IS NULL OR overrides = '{}')"
    frame = store.query(sql + " ORDER BY created_at DESC LIMIT 1", [scenario_id])
    return None if frame.empty else frame.iloc[0].to_dict()


def get_run(store: Store, run_id: str) -> dict[str, Any]:
    """One stored run's header row; raises NotFoundError for an unknown id."""
    frame = store.query("SELECT * FROM runs WHERE run_id = ?", [run_id])
    if frame.empty:
        raise NotFoundError(f"run {run_id!r}: expected a stored run id; got an unknown id")
    return frame.iloc[0].to_dict()


def list_runs_page(store: Store, limit: int = 50) -> pd.DataFrame:
    """The newest ``limit`` runs with their question counts."""
    return store.query(
        "SELECT r.run_id, r.created_at, r.scenario_id, r.as_of, r.seed, r.worlds, r.months, r.overrides,"
        " (SELECT count(*) FROM run_questions q WHERE q.run_id = r.run_id) AS n_questions"
        " FROM runs r ORDER BY r.created_at DESC LIMIT ?",
        [int(limit)],
    )


def question_history(store: Store, question_id: str) -> pd.DataFrame:
    """Every stored run's probability for a question, oldest as_of first (a replay over dates when the
    runs' as_of differ): run_id, as_of, created_at, overrides, worlds, probability, ci90_lo, ci90_hi."""
    return store.query(
        "SELECT r.run_id, r.as_of, r.created_at, r.overrides, r.worlds, q.probability, q.ci90_lo, q.ci90_hi"
        " FROM run_questions q JOIN runs r USING (run_id) WHERE q.question_id = ?"
        " ORDER BY r.as_of, r.created_at",
        [question_id],
    )


def statement_sources(store: Store, forecast_ids: list[int]) -> pd.DataFrame:
    """Where registry forecasts came from: forecast_id, forecaster_id, doc_id, sentence, char_start,
    char_end, sentence_text, proposition, probability_text, the article's title and published date."""
    if not forecast_ids:
        return pd.DataFrame()
    return store.query(
        "SELECT f.forecast_id, f.forecaster_id, f.doc_id, f.sentence, f.char_start, f.char_end,"
        " f.sentence_text, f.proposition, f.probability_text, d.title, d.published"
        " FROM registry_forecasts f LEFT JOIN documents d USING (doc_id)"
        " WHERE list_contains(?, f.forecast_id) ORDER BY f.forecast_id",
        [[int(i) for i in forecast_ids]],
    )
