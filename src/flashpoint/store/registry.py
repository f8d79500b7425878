"""SQL for the forecast registry: questions, forecasters, forecasts, resolutions (with history), links.

Every function takes a DuckDB connection (``store.con``, or the connection a transaction yields) so that
callers can group writes into one transaction. Writes are idempotent where the issue asks for it:
forecasts carry a ``source_key`` and a second insert of the same key is a no-op. Domain checks
(probabilities, dates, contradicting resolutions) happen in :mod:`flashpoint.forecasts`, not here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # pandas loads where a DataFrame is built: listings answer without it
    import pandas as pd

QUESTION_COLUMNS = [
    "question_id",
    "text",
    "resolution_criteria",
    "start_date",
    "horizon_months",
    "resolution_date",
    "source",
    "tags",
    "actors",
    "event_type",
    "url",
    "event_polarity",
]
FORECAST_COLUMNS = [
    "question_id",
    "forecaster_id",
    "kind",
    "probability",
    "probability_text",
    "made_at",
    "proposition",
    "polarity",
    "horizon_text",
    "horizon_start",
    "horizon_end",
    "event_type",
    "event_actor",
    "event_recipient",
    "run_id",
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
    "sentence_text",
    "origin",
    "note",
    "source_key",
    "model_config",
]
LINK_COLUMNS = ["source_key", "question_id", "score", "relation", "status", "details", "accepted_at"]
FORECASTER_COLUMNS = ["forecaster_id", "kind", "name", "affiliation", "actor"]
RESOLUTION_COLUMNS = [
    "question_id",
    "outcome",
    "value",
    "resolved_on",
    "source",
    "note",
    "amends",
    "reason",
]

Con = duckdb.DuckDBPyConnection


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (2024-01-31 + 1 -> 2024-02-29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df[columns].astype(object).where(df[columns].notna(), None)


def _insert(con: Con, table: str, df: pd.DataFrame, columns: list[str]) -> int:
    """Insert ``df`` (its ``columns``), skipping rows whose key exists; return the rows inserted."""
    if df.empty:
        return 0
    before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    name = f"_incoming_{table}"
    con.register(name, df)
    try:
        cols = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name} ON CONFLICT DO NOTHING")
    finally:
        con.unregister(name)
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] - before


# ---------------------------------------------------------------- forecasters


def insert_forecasters(con: Con, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
    """Add forecasters not yet known (by ``forecaster_id``); return how many were new."""
    df = _frame(rows, FORECASTER_COLUMNS).drop_duplicates("forecaster_id")
    return _insert(con, "forecasters", df, FORECASTER_COLUMNS)


def list_forecasters(con: Con) -> pd.DataFrame:
    return con.execute(
        "SELECT forecaster_id, kind, name, affiliation, actor FROM forecasters ORDER BY forecaster_id"
    ).df()


# ---------------------------------------------------------------- questions


def insert_questions(con: Con, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
    """Add questions not yet known (by ``question_id``); return how many were new."""
    df = _frame(rows, QUESTION_COLUMNS).drop_duplicates("question_id")
    # unset polarity: the yes-outcome asserts the question's event
    df["event_polarity"] = [p or "positive" for p in df["event_polarity"]]
    return _insert(con, "questions", df, QUESTION_COLUMNS)


def get_question(con: Con, question_id: str) -> dict[str, Any] | None:
    """Return one question as a dict, or None."""
    cols = ", ".join(QUESTION_COLUMNS)
    cur = con.execute(f"SELECT {cols} FROM questions WHERE question_id = ?", [question_id])
    rows = cur.fetchall()
    return dict(zip(QUESTION_COLUMNS, rows[0], strict=True)) if rows else None


def question_starts(con: Con, question_ids: Iterable[str]) -> dict[str, Any]:
    """``{question_id: start_date}`` for the registered questions among ``question_ids`` that have one."""
    ids = sorted(set(question_ids))
    if not ids:
        return {}
    rows = con.execute(
        "SELECT question_id, start_date FROM questions WHERE question_id IN (SELECT unnest(?)) "
        "AND start_date IS NOT NULL",
        [ids],
    )
    return dict(rows.fetchall())


def question_ids_with_prefixes(con: Con, prefixes: Iterable[str], source: str) -> list[str]:
    """Ids of the questions of ``source`` whose id starts with one of ``prefixes``."""
    prefixes = sorted(set(prefixes))
    if not prefixes:
        return []
    rows = con.execute("SELECT question_id FROM questions WHERE source = ? ORDER BY question_id", [source])
    heads = tuple(prefixes)
    return [r[0] for r in rows.fetchall() if r[0].startswith(heads)]


def update_question(con: Con, question_id: str, changes: Mapping[str, Any], reason: str | None) -> int:
    """Set ``changes`` (column: new value) on one question and record each change in ``question_edits``."""
    old = get_question(con, question_id) or {}
    n = 0
    for field, value in changes.items():
        if field not in QUESTION_COLUMNS or field == "question_id":
            raise ValueError(f"update_question: unknown field {field!r}")
        con.execute(f"UPDATE questions SET {field} = ? WHERE question_id = ?", [value, question_id])
        con.execute(
            "INSERT INTO question_edits (question_id, field, old_value, new_value, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                question_id,
                field,
                json.dumps(old.get(field), default=str),
                json.dumps(value, default=str),
                reason,
            ],
        )
        n += 1
    return n


def question_edits(con: Con, question_id: str) -> pd.DataFrame:
    return con.execute(
        "SELECT field, old_value, new_value, reason, edited_at FROM question_edits WHERE question_id = ? "
        "ORDER BY edit_id",
        [question_id],
    ).df()


def existing_question_ids(con: Con, question_ids: Iterable[str]) -> set[str]:
    ids = sorted(set(question_ids))
    if not ids:
        return set()
    rows = con.execute("SELECT question_id FROM questions WHERE question_id IN (SELECT unnest(?))", [ids])
    return {r[0] for r in rows.fetchall()}


_CURRENT = """
    SELECT * EXCLUDE (rn) FROM (
        SELECT r.*, row_number() OVER (PARTITION BY question_id ORDER BY resolution_id DESC) AS rn
        FROM resolutions r) WHERE rn = 1
"""


def list_questions(
    con: Con, source: str | None = None, tag: str | None = None, *, as_rows: bool = False
) -> pd.DataFrame | list[dict[str, Any]]:
    """Questions with their current resolution (outcome, value, resolved_on) and forecast counts; with
    ``as_rows``, plain dicts (no pandas to import)."""
    sql = f"""
        SELECT q.question_id, q.text, q.source, q.start_date, q.horizon_months, q.resolution_date,
               q.tags, q.actors, q.event_type, cur.outcome, cur.value, cur.resolved_on,
               (SELECT count(*) FROM registry_forecasts f WHERE f.question_id = q.question_id)
             + (SELECT count(*) FROM question_links l
                WHERE l.question_id = q.question_id AND l.status = 'accepted') AS n_forecasts
        FROM questions q LEFT JOIN ({_CURRENT}) cur USING (question_id)
        WHERE (? IS NULL OR q.source = ?) AND (? IS NULL OR list_contains(q.tags, ?))
        ORDER BY q.question_id
    """
    cur = con.execute(sql, [source, source, tag, tag])
    if as_rows:
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    return cur.df()


# ---------------------------------------------------------------- forecasts


def insert_forecasts(con: Con, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
    """Add forecasts whose ``source_key`` is new; return how many were inserted."""
    df = _frame(rows, FORECAST_COLUMNS).drop_duplicates("source_key")
    return _insert(con, "registry_forecasts", df, FORECAST_COLUMNS)


def forecasts_for_question(con: Con, question_id: str) -> pd.DataFrame:
    """Direct forecasts and accepted links for one question; ``p_yes`` is P(question resolves yes)."""
    return con.execute(
        f"""SELECT * FROM ({_SCORABLE}) WHERE question_id = ? ORDER BY made_at, forecast_id""",
        [question_id],
    ).df()


def forecaster_history(con: Con, forecaster_id: str, question_id: str) -> pd.DataFrame:
    """One forecaster's direct forecasts on one question, in the order they count (time, then recorded)."""
    return con.execute(
        "SELECT forecast_id, probability, made_at FROM registry_forecasts "
        "WHERE forecaster_id = ? AND question_id = ? ORDER BY made_at, forecast_id",
        [forecaster_id, question_id],
    ).df()


def list_statements(con: Con, unlinked_only: bool = False) -> pd.DataFrame:
    """Expert statements not tied to a question (``question_id`` null), optionally only those with no link."""
    sql = "SELECT * FROM registry_forecasts WHERE question_id IS NULL"
    if unlinked_only:
        sql += " AND forecast_id NOT IN (SELECT forecast_id FROM question_links WHERE status = 'accepted')"
    return con.execute(sql + " ORDER BY forecast_id").df()


def list_forecasts(con: Con, forecaster_id: str | None = None) -> pd.DataFrame:
    return con.execute(
        "SELECT * EXCLUDE (created_at) FROM registry_forecasts WHERE (? IS NULL OR forecaster_id = ?) "
        "ORDER BY forecast_id",
        [forecaster_id, forecaster_id],
    ).df()


# ---------------------------------------------------------------- resolutions


def current_resolution(con: Con, question_id: str) -> dict[str, Any] | None:
    cur = con.execute(f"SELECT * FROM ({_CURRENT}) WHERE question_id = ?", [question_id])
    rows = cur.fetchall()
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True)) if rows else None


def current_resolutions(con: Con, question_ids: Iterable[str] | None = None) -> pd.DataFrame:
    df = con.execute(_CURRENT).df()
    if question_ids is not None:
        df = df[df["question_id"].isin(set(question_ids))]
    return df


def insert_resolutions(con: Con, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
    """Append resolutions (history is never rewritten); return how many were added."""
    df = _frame(rows, RESOLUTION_COLUMNS)
    return _insert(con, "resolutions", df, RESOLUTION_COLUMNS)


def resolution_history(con: Con, question_id: str | None = None) -> pd.DataFrame:
    return con.execute(
        "SELECT * FROM resolutions WHERE (? IS NULL OR question_id = ?) ORDER BY question_id, resolution_id",
        [question_id, question_id],
    ).df()


# ---------------------------------------------------------------- links


def upsert_links(con: Con, rows: Iterable[Mapping[str, Any]]) -> int:
    """Record proposed links; an existing link keeps its status but takes the new score."""
    n = 0
    for row in rows:
        con.execute(
            """INSERT INTO question_links (forecast_id, question_id, score, relation, status, details)
               VALUES (?, ?, ?, ?, 'proposed', ?)
               ON CONFLICT (forecast_id, question_id) DO UPDATE
               SET score = excluded.score, relation = excluded.relation, details = excluded.details""",
            [row["forecast_id"], row["question_id"], row["score"], row["relation"], row.get("details")],
        )
        n += 1
    return n


def forecast_ids_by_key(con: Con, keys: Iterable[str]) -> dict[str, int]:
    """``{source_key: forecast_id}`` for the stored forecasts among ``keys``."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    rows = con.execute(
        "SELECT source_key, forecast_id FROM registry_forecasts WHERE source_key IN (SELECT unnest(?))",
        [keys],
    )
    return {k: int(v) for k, v in rows.fetchall()}


def restore_links(con: Con, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert imported links (``forecast_id``, ``question_id``, ...) not yet stored; return how many were new.

    A link already stored keeps its row, except that an imported ``accepted`` status accepts it.
    """
    n = 0
    for row in rows:
        key = [int(row["forecast_id"]), row["question_id"]]
        exists = con.execute(
            "SELECT status FROM question_links WHERE forecast_id = ? AND question_id = ?", key
        ).fetchall()
        if not exists:
            con.execute(
                "INSERT INTO question_links (forecast_id, question_id, score, relation, status, details, "
                "accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    *key,
                    row["score"],
                    row["relation"],
                    row["status"],
                    row.get("details"),
                    row.get("accepted_at"),
                ],
            )
            n += 1
        elif exists[0][0] != "accepted" and row["status"] == "accepted":
            con.execute(
                "UPDATE question_links SET status = 'accepted', accepted_at = ? "
                "WHERE forecast_id = ? AND question_id = ?",
                [row.get("accepted_at"), *key],
            )
            n += 1
    return n


def accept_links(con: Con, pairs: Iterable[tuple[int, str]], when: dt.datetime) -> int:
    n = 0
    for forecast_id, question_id in pairs:
        con.execute(
            "UPDATE question_links SET status = 'accepted', accepted_at = ? "
            "WHERE forecast_id = ? AND question_id = ? AND status <> 'accepted'",
            [when, int(forecast_id), question_id],
        )
        n += 1
    return n


def list_links(con: Con, status: str | None = None) -> pd.DataFrame:
    return con.execute(
        """SELECT l.forecast_id, l.question_id, l.score, l.relation, l.status, l.details,
                  f.forecaster_id, f.proposition, f.probability, f.probability_text, f.polarity
           FROM question_links l JOIN registry_forecasts f USING (forecast_id)
           WHERE (? IS NULL OR l.status = ?) ORDER BY l.forecast_id, l.score DESC""",
        [status, status],
    ).df()


# ---------------------------------------------------------------- scoring input

# Direct forecasts and accepted links, each as P(question yes): a 'negated' link turns p into 1 - p.
_SCORABLE = """
    SELECT f.forecast_id, f.question_id, f.forecaster_id, f.kind, f.probability AS p_yes, f.made_at,
           f.probability_text, 'direct' AS via, f.model_config
    FROM registry_forecasts f WHERE f.question_id IS NOT NULL
    UNION ALL
    SELECT f.forecast_id, l.question_id, f.forecaster_id, f.kind,
           CASE WHEN l.relation = 'negated' THEN 1 - f.probability ELSE f.probability END AS p_yes,
           f.made_at, f.probability_text, 'link' AS via, f.model_config
    FROM question_links l JOIN registry_forecasts f USING (forecast_id)
    WHERE l.status = 'accepted'
"""


def scoring_frame(con: Con, forecaster_id: str | None = None) -> pd.DataFrame:
    """Every forecast on a question, joined with the question and its current resolution.

    Returns one row per forecast: forecast_id, question_id, forecaster_id, kind, p_yes, made_at,
    probability_text, via, source, tags, close_date (the question's resolution date), outcome, value,
    resolved_on (null when unresolved).
    """
    sql = f"""
        SELECT s.*, q.source, q.tags, q.start_date AS open_date, q.resolution_date AS close_date,
               cur.outcome, cur.value, cur.resolved_on
        FROM ({_SCORABLE}) s JOIN questions q USING (question_id)
        LEFT JOIN ({_CURRENT}) cur USING (question_id)
        WHERE (? IS NULL OR s.forecaster_id = ?)
        ORDER BY s.forecaster_id, s.question_id, s.made_at, s.forecast_id
    """
    return con.execute(sql, [forecaster_id, forecaster_id]).df()


# ---------------------------------------------------------------- export


def export_frame(con: Con, what: str) -> pd.DataFrame:
    """The rows of ``questions``, ``forecasts`` or ``resolutions`` for export (all history)."""
    if what == "questions":
        return con.execute(f"SELECT {', '.join(QUESTION_COLUMNS)} FROM questions ORDER BY question_id").df()
    if what == "forecasts":
        return con.execute(
            f"SELECT {', '.join(FORECAST_COLUMNS)} FROM registry_forecasts ORDER BY forecast_id"
        ).df()
    if what == "links":
        return con.execute(
            """SELECT f.source_key, l.question_id, l.score, l.relation, l.status, l.details, l.accepted_at
               FROM question_links l JOIN registry_forecasts f USING (forecast_id)
               ORDER BY l.forecast_id, l.question_id"""
        ).df()
    if what == "resolutions":
        return con.execute(
            f"SELECT {', '.join(RESOLUTION_COLUMNS)}, recorded_at FROM resolutions ORDER BY resolution_id"
        ).df()
    raise ValueError(f"export: unknown table {what!r}")
