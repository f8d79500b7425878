"""Named read queries over the evidence tables, returning DataFrames, and their JSONL form.

Filters: ``actor`` (a code such as ``PRK``, or a name resolved to codes through the stored
mentions and events), ``event_type`` (PLOVER, case-insensitive), ``speaker`` (part of a name),
``since`` (a date). :func:`to_json_records` turns rows back into the records' JSONL shape, the
same as ``flashpoint extract`` prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError, NotFoundError
from flashpoint.ontology import EVENT_TYPES
from flashpoint.settings import default_db_path
from flashpoint.store.db import Store, open_store

if TYPE_CHECKING:
    import pandas as pd


@contextlib.contextmanager
def _opened(db: Store | str | Path | None) -> Iterator[Store]:
    if isinstance(db, Store):
        yield db
        return
    path = Path(db) if db is not None else default_db_path()
    if not path.exists():
        raise NotFoundError(
            f"{path}: no store there: expected a flashpoint store; run `flashpoint ingest` first"
        )
    with open_store(path, read_only=True) as store:
        yield store


def _actor_codes(store: Store, actor: str) -> list[str]:
    """Codes that ``actor`` names: itself as a code, and codes whose name or mention text it is."""
    rows = store.con.execute(
        """
        SELECT upper(?) UNION
        SELECT DISTINCT code FROM mentions WHERE lower(name) = lower(?) OR lower(text) = lower(?) UNION
        SELECT DISTINCT actor_code FROM events WHERE lower(actor_name) = lower(?) AND actor_code IS NOT NULL
        UNION
        SELECT DISTINCT recipient_code FROM events
        WHERE lower(recipient_name) = lower(?) AND recipient_code IS NOT NULL
        """,
        [actor] * 5,
    ).fetchall()
    return sorted({row[0].upper() for row in rows if row[0]})


def _since(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"since: expected a date YYYY-MM-DD; got {value!r}") from None


def _event_type(value: str | None, option: str = "--type") -> str | None:
    """``value`` as a PLOVER event type (case-insensitive); an :class:`InputError` naming the types if not."""
    if not value:
        return None
    if value.upper() not in EVENT_TYPES:
        raise InputError(f"{option}: expected a PLOVER event type ({', '.join(EVENT_TYPES)}); got {value!r}")
    return value.upper()


def _select(
    store: Store,
    table: str,
    where: list[str],
    params: list[Any],
    date_expr: str,
    limit: int | None,
    as_rows: bool = False,
) -> pd.DataFrame | list[dict[str, Any]]:
    sql = (
        f"SELECT r.* EXCLUDE (seq), d.published, d.title, d.url, d.origin, d.source_id FROM {table} r "
        f"JOIN documents d USING (doc_id)"
    )
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    sql += f" ORDER BY {date_expr} NULLS FIRST, r.doc_id, r.seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.rows(sql, params) if as_rows else store.query(sql, params)


def query_events(
    db: Store | str | Path | None = None,
    *,
    actor: str | None = None,
    event_type: str | None = None,
    since: dt.date | str | None = None,
    limit: int | None = None,
    as_rows: bool = False,
) -> pd.DataFrame | list[dict[str, Any]]:
    """Events in the store, oldest first.

    Parameters
    ----------
    db : Store, path or None
        The store (default ``$FLASHPOINT_HOME/flashpoint.duckdb``).
    actor : str, optional
        An actor code (``PRK``, ``NATO``) or name; matches the actor or the recipient.
    event_type : str, optional
        A PLOVER event type (``MOBILIZE``); case-insensitive.
    since : date or ISO string, optional
        Keep events dated on or after it (the event's date, else the article's publication date).
    limit : int, optional
        At most this many rows.
    as_rows : bool
        Return plain dicts (Python values) instead of a DataFrame, without importing pandas (listings).

    Returns
    -------
    DataFrame
        One row per event: the ``events`` columns plus the article's ``published``, ``title``,
        ``url``, ``origin`` and ``source_id``.
    """
    where: list[str] = []
    params: list[Any] = []
    date_expr = "coalesce(r.event_date, d.published)"
    _event_type(event_type)
    with _opened(db) as store:
        if actor:
            where.append("list_contains(?, r.actor_code) OR list_contains(?, r.recipient_code)")
            params += [_actor_codes(store, actor)] * 2
        if event_type:
            where.append("upper(r.event_type) = upper(?)")
            params.append(event_type)
        if since is not None:
            where.append(f"{date_expr} >= ?")
            params.append(_since(since))
        return _select(store, "events", where, params, date_expr, limit, as_rows)


def query_quotes(
    db: Store | str | Path | None = None,
    *,
    actor: str | None = None,
    speaker: str | None = None,
    direct: bool | None = None,
    since: dt.date | str | None = None,
    limit: int | None = None,
    as_rows: bool = False,
) -> pd.DataFrame | list[dict[str, Any]]:
    """Quotes in the store, oldest article first.

    Parameters
    ----------
    db : Store, path or None
        The store.
    actor : str, optional
        The actor the speaker resolves to: a code or a name.
    speaker : str, optional
        Part of the speaker's name, case-insensitive (``rutte``).
    direct : bool, optional
        True for direct quotations only, False for reported speech only.
    since : date or ISO string, optional
        Keep quotes from articles published on or after it.
    limit : int, optional
        At most this many rows.
    as_rows : bool
        Return plain dicts (Python values) instead of a DataFrame, without importing pandas (listings).

    Returns
    -------
    DataFrame
        One row per quote: the ``quotes`` columns plus the article's ``published``, ``title``,
        ``url``, ``origin`` and ``source_id``.
    """
    where: list[str] = []
    params: list[Any] = []
    with _opened(db) as store:
        if actor:
            where.append("list_contains(?, r.speaker_actor)")
            params.append(_actor_codes(store, actor))
        if speaker:
            where.append("contains(lower(r.speaker_name), lower(?))")
            params.append(speaker)
        if direct is not None:
            where.append("r.direct = ?")
            params.append(direct)
        if since is not None:
            where.append("d.published >= ?")
            params.append(_since(since))
        return _select(store, "quotes", where, params, "d.published", limit, as_rows)


def query_forecasts(
    db: Store | str | Path | None = None,
    *,
    actor: str | None = None,
    event_type: str | None = None,
    speaker: str | None = None,
    since: dt.date | str | None = None,
    limit: int | None = None,
    as_rows: bool = False,
) -> pd.DataFrame | list[dict[str, Any]]:
    """Forecasts in the store, oldest article first.

    Parameters
    ----------
    db : Store, path or None
        The store.
    actor : str, optional
        A code or name: the predictor's actor, or the actor or recipient of the predicted event.
    event_type : str, optional
        The PLOVER type of the predicted event.
    speaker : str, optional
        Part of the predictor's name, case-insensitive.
    since : date or ISO string, optional
        Keep forecasts from articles published on or after it.
    limit : int, optional
        At most this many rows.
    as_rows : bool
        Return plain dicts (Python values) instead of a DataFrame, without importing pandas (listings).

    Returns
    -------
    DataFrame
        One row per forecast: the ``forecasts`` columns plus the article's ``published``,
        ``title``, ``url``, ``origin`` and ``source_id``.
    """
    where: list[str] = []
    params: list[Any] = []
    _event_type(event_type)
    with _opened(db) as store:
        if actor:
            codes = _actor_codes(store, actor)
            where.append(
                "list_contains(?, r.predictor_actor) OR list_contains(?, r.event_actor) "
                "OR list_contains(?, r.event_recipient)"
            )
            params += [codes] * 3
        if event_type:
            where.append("upper(r.event_type) = upper(?)")
            params.append(event_type)
        if speaker:
            where.append("contains(lower(r.predictor_name), lower(?))")
            params.append(speaker)
        if since is not None:
            where.append("d.published >= ?")
            params.append(_since(since))
        return _select(store, "forecasts", where, params, "d.published", limit, as_rows)


def _plain(value: Any) -> Any:
    """A DataFrame cell as plain JSON data: dates as ISO strings, missing values as None."""
    if value is None:
        return None
    pd = sys.modules.get("pandas")  # a DataFrame cell may be NaT (a datetime too); plain rows never are
    if pd is not None and value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _nested(row: dict[str, Any], prefix: str, names: Sequence[str], key: str) -> dict[str, Any] | None:
    """``{name: row[prefix_name]}``, or None when the key column ``prefix_key`` is missing."""
    if row.get(f"{prefix}_{key}") is None:
        return None
    return {name: row.get(f"{prefix}_{name}") for name in names}


def to_json_records(kind: str, frame: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn rows of :func:`query_events`, :func:`query_quotes` or :func:`query_forecasts` into the
    JSONL records of ``Event/Quote/Forecast.to_json()``.

    Parameters
    ----------
    kind : {"event", "quote", "forecast"}
        What the rows are.
    frame : DataFrame
        Rows as returned by the query.
    """
    out = []
    for raw in frame if isinstance(frame, list) else frame.to_dict("records"):
        row = {k: _plain(v) for k, v in raw.items()}
        record: dict[str, Any] = {
            "kind": kind,
            "doc_id": row["doc_id"],
            "source_id": row.get("source_id"),
            "sentence": row["sentence"],
            "start": row["start_char"],
            "end": row["end_char"],
            "text": row["text"],
        }
        if kind == "event":
            record |= {
                "event_type": row["event_type"],
                "mode": row["mode"],
                "contexts": row["contexts"] or [],
                "aux_mode": row["aux_mode"],
                "attribution": row.get("attribution"),
                "actor": _nested(row, "actor", ("code", "name", "text"), "code"),
                "recipient": _nested(row, "recipient", ("code", "name", "text"), "code"),
                "location": _nested(row, "location", ("name", "country"), "name"),
                "date": row["event_date"],
                "cameo": row["cameo"],
            }
        elif kind == "quote":
            record |= {
                "speaker": _nested(row, "speaker", ("name", "affiliation", "actor"), "name"),
                "cue": row["cue"],
                "content": row["content"],
                "direct": row["direct"],
            }
        elif kind == "forecast":
            horizon = _nested(row, "horizon", ("text", "start", "end"), "text")
            record |= {
                "predictor": _nested(row, "predictor", ("name", "affiliation", "actor"), "name"),
                "proposition": row["proposition"],
                "polarity": row["polarity"],
                "probability": row["probability"],
                "probability_text": row["probability_text"],
                "horizon": horizon,
                "event": None
                if row["event_type"] is None
                else {
                    "event_type": row["event_type"],
                    "actor": row["event_actor"],
                    "recipient": row["event_recipient"],
                },
            }
        else:
            raise ValueError(f"kind must be 'event', 'quote' or 'forecast'; got {kind!r}")
        out.append(record)
    return out
