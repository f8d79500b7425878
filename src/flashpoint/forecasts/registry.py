"""The registry API: add and show questions, add forecasts, resolve questions (with amendment history).

Each function takes ``db``: an open :class:`~flashpoint.store.Store`, a path, or None for the default store,
and returns plain data. Bad input raises :class:`~flashpoint.errors.InputError` (or a subclass) before
anything is written; writes happen in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.errors import ConflictError, InputError, NotFoundError
from flashpoint.forecasts.rows import (
    check_forecast,
    check_question,
    check_resolution,
    content_key,
    stamp,
)
from flashpoint.store import Store, open_store
from flashpoint.store import registry as sql

if TYPE_CHECKING:  # pandas loads where a DataFrame is used: listings answer without it
    import pandas as pd

Db = Store | Path | str | None


@contextlib.contextmanager
def opened(db: Db, *, read_only: bool = False) -> Iterator[Store]:
    """Yield ``db`` if it is an open store, else open the store at that path (or the default) and close it.

    ``read_only`` (for reads) lets other readers share the file while this one is open.
    """
    if isinstance(db, Store):
        yield db
        return
    store = open_store(db, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _plain(value: Any) -> Any:
    pd = sys.modules.get("pandas")  # plain rows (no pandas loaded) hold no pandas values
    if value is None or (pd is not None and value is pd.NaT):  # NaT is a datetime subclass: test it first
        return None
    if pd is not None and isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return stamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    if pd is None:
        return None if isinstance(value, float) and value != value else value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def records(df: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A DataFrame (or plain rows) as JSON-ready dicts (dates as ISO strings, NaN as None)."""
    rows = df if isinstance(df, list) else df.to_dict(orient="records")
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def same_question(old: dict[str, Any], new: dict[str, Any]) -> bool:
    keys = ("text", "resolution_criteria", "start_date", "horizon_months", "resolution_date")
    return all(_plain(old.get(k)) == _plain(new.get(k)) for k in keys)


def add_question(
    question_id: str,
    text: str,
    *,
    resolution_criteria: str | None = None,
    resolution_date: str | dt.date | None = None,
    start_date: str | dt.date | None = None,
    horizon_months: int | None = None,
    source: str = "user",
    tags: Sequence[str] = (),
    actors: Sequence[str] = (),
    event_type: str | None = None,
    url: str | None = None,
    event_polarity: str | None = None,
    db: Db = None,
) -> dict[str, Any]:
    """Register a question. The same question again is a no-op; a different one under the same id is refused.

    Linking uses ``actors``, ``event_type`` (PLOVER), ``event_polarity`` (``negative`` when yes denies the
    event) and the words of ``text`` and ``resolution_criteria``; scoring uses ``start_date`` (forecasts
    before it do not count) and the close (``resolution_date``, or ``start_date`` + ``horizon_months``).

    Returns
    -------
    dict: the question, plus ``status`` ('added' or 'unchanged').
    """
    row = check_question(locals())
    with opened(db) as store:
        old = sql.get_question(store.con, row["question_id"])
        if old is not None:
            if same_question(old, row):
                return {**{k: _plain(v) for k, v in old.items()}, "status": "unchanged"}
            raise ConflictError(
                f"question {row['question_id']} already exists with a different text or dates; "
                "choose another id."
            )
        with store.transaction() as con:
            sql.insert_questions(con, [row])
    return {**{k: _plain(v) for k, v in row.items()}, "status": "added"}


EDITABLE = ("text", "resolution_criteria", "tags", "actors", "event_type", "event_polarity", "url")


def edit_question(
    question_id: str, *, reason: str | None = None, db: Db = None, **changes: Any
) -> dict[str, Any]:
    """Change a question's wording or linking fields (:data:`EDITABLE`); each change is kept with ``reason``.

    Dates are not edited here: :func:`close_question` closes a question early. Values are checked as
    :func:`add_question` checks them.

    Returns
    -------
    dict: the question after the edit, plus ``changed`` (the fields that changed).
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(
            f"questions edit: cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}."
        )
    given = {k: v for k, v in changes.items() if v is not None and v != () and v != []}
    if not given:
        raise InputError("questions edit: nothing to change; give at least one field.")
    with opened(db) as store:
        old = sql.get_question(store.con, question_id)
        if old is None:
            raise NotFoundError(
                f"question {question_id!r} is not registered; see `flashpoint questions list`."
            )
        row = check_question({**old, **given})
        changed = {k: row[k] for k in given if _plain(row[k]) != _plain(old.get(k))}
        if changed:
            with store.transaction() as con:
                sql.update_question(con, question_id, changed, reason)
        now = sql.get_question(store.con, question_id)
    return {**{k: _plain(v) for k, v in now.items()}, "changed": sorted(changed)}


def close_question(
    question_id: str, *, date: str | dt.date, reason: str | None = None, db: Db = None
) -> dict[str, Any]:
    """Close a question early: its close (``resolution_date``) becomes ``date``, so forecasts made from then
    on do not count. ``date`` must not be before the question opens nor after its current close.

    Returns
    -------
    dict: the question after closing, plus ``changed``.
    """
    from flashpoint.forecasts.rows import parse_date

    when = parse_date(date, f"questions close {question_id}: --date")
    if when is None:
        raise InputError(f"questions close {question_id}: --date YYYY-MM-DD is required; got nothing.")
    with opened(db) as store:
        old = sql.get_question(store.con, question_id)
        if old is None:
            raise NotFoundError(
                f"question {question_id!r} is not registered; see `flashpoint questions list`."
            )
        start, close = old.get("start_date"), old.get("resolution_date")
        if start is not None and when < start:
            raise InputError(f"questions close {question_id}: {when} is before the question opens ({start}).")
        if close is not None and when > close:
            raise InputError(
                f"questions close {question_id}: {when} is after its close ({close}); only an earlier close."
            )
        changed = {"resolution_date": when} if when != close else {}
        if changed and old.get("horizon_months") is not None:
            changed["horizon_months"] = None  # the close no longer follows from start + horizon
        if changed:
            with store.transaction() as con:
                sql.update_question(con, question_id, changed, reason)
        now = sql.get_question(store.con, question_id)
    return {**{k: _plain(v) for k, v in now.items()}, "changed": sorted(changed)}


def list_questions(
    *, source: str | None = None, tag: str | None = None, db: Db = None, as_rows: bool = False
) -> pd.DataFrame | list[dict[str, Any]]:
    """All questions (optionally of one source or tag) with their current resolution and forecast count;
    with ``as_rows``, plain dicts (no pandas to import: ``flashpoint questions list``)."""
    with opened(db, read_only=True) as store:
        return sql.list_questions(store.con, source=source, tag=tag, as_rows=as_rows)


def show_question(question_id: str, *, db: Db = None) -> dict[str, Any]:
    """One question with its resolution history, its forecasts (direct and linked) and proposed links."""
    with opened(db, read_only=True) as store:
        q = sql.get_question(store.con, question_id)
        if q is None:
            raise NotFoundError(
                f"question {question_id!r} is not registered; see `flashpoint questions list`."
            )
        links = sql.list_links(store.con)
        return {
            "question": {k: _plain(v) for k, v in q.items()},
            "resolutions": records(sql.resolution_history(store.con, question_id)),
            "forecasts": records(sql.forecasts_for_question(store.con, question_id)),
            "links": records(links[links["question_id"] == question_id]),
            "edits": records(sql.question_edits(store.con, question_id)),
        }


def require_questions(store: Store, question_ids: Sequence[str]) -> None:
    """Raise :class:`NotFoundError` naming the first question id that is not registered."""
    known = sql.existing_question_ids(store.con, question_ids)
    for qid in question_ids:
        if qid not in known:
            raise NotFoundError(
                f"question {qid!r} is not registered; add it first (`flashpoint questions add`)."
            )


def check_open(store: Store, rows: Sequence[dict[str, Any]], when: str, what: str) -> list[InputError | None]:
    """Per row: an InputError when its ``when`` time is before its question opens (start_date), else None."""
    import pandas as pd

    opens = sql.question_starts(store.con, [r["question_id"] for r in rows])
    out: list[InputError | None] = []
    for row in rows:
        start = opens.get(row["question_id"])
        t = row[when]
        if start is not None and t is not None and pd.Timestamp(t) < pd.Timestamp(start):
            out.append(
                InputError(
                    f"{what} of {row['question_id']}: {stamp(pd.Timestamp(t).to_pydatetime())} is before the "
                    f"question opens ({_plain(start)})."
                )
            )
        else:
            out.append(None)
    return out


def add_forecast(
    question_id: str,
    probability: Any = None,
    *,
    forecaster: str,
    kind: str = "user",
    made_at: str | dt.date | None = None,
    probability_text: str | None = None,
    note: str | None = None,
    db: Db = None,
) -> dict[str, Any]:
    """Record a forecast P(yes) on a registered question, as a number, ICD 203 words, or both (agreeing).

    ``made_at`` is a date (midnight) or a date-time, default now (UTC). Each forecast is a revision: the
    latest one made before a question's cut-off counts, so 0.3 -> 0.7 -> 0.3 on one day ends at 0.3.
    Entering the forecaster's current forecast again (same probability and time) changes nothing.

    Returns
    -------
    dict: the forecast, plus ``status`` ('added' or 'unchanged').
    """
    import pandas as pd

    row = check_forecast(
        {
            "question_id": question_id,
            "probability": probability,
            "forecaster": forecaster,
            "kind": kind,
            "made_at": made_at,
            "probability_text": probability_text,
            "note": note,
        },
        origin="cli",
    )
    with opened(db) as store:
        require_questions(store, [row["question_id"]])
        early = check_open(store, [row], "made_at", "forecast")[0]
        if early is not None:
            raise early
        mine = sql.forecaster_history(store.con, row["forecaster_id"], row["question_id"])
        last = mine.iloc[-1] if len(mine) else None
        if (
            last is not None
            and float(last["probability"]) == row["probability"]
            and pd.Timestamp(last["made_at"]) == pd.Timestamp(row["made_at"])
        ):
            return {**{k: _plain(v) for k, v in row.items()}, "status": "unchanged"}
        row["source_key"] = content_key(row, occurrence=len(mine))
        with store.transaction() as con:
            sql.insert_forecasters(con, [{"forecaster_id": row["forecaster_id"], "kind": row["kind"]}])
            added = sql.insert_forecasts(con, [row])
    return {**{k: _plain(v) for k, v in row.items()}, "status": "added" if added else "unchanged"}


def _same_resolution(current: dict[str, Any], row: dict[str, Any]) -> bool:
    return (
        current["outcome"] == row["outcome"]
        and _plain(current["resolved_on"]) == _plain(row["resolved_on"])
        and _plain(current["value"]) == _plain(row["value"])
    )


def resolve(
    question_id: str,
    outcome: str,
    *,
    date: str | dt.date,
    source: str | None = None,
    note: str | None = None,
    amend: bool = False,
    reason: str | None = None,
    value: float | None = None,
    db: Db = None,
) -> dict[str, Any]:
    """Resolve a question yes | no | annulled | ambiguous on ``date``, citing ``source``.

    A question resolves once. The same resolution again is a no-op; a different one is refused with
    :class:`ConflictError` unless ``amend=True`` with a ``reason``; then it is appended and the earlier one
    kept in the history. A provisional resolution (ForecastBench's crowd value for an open question) is
    replaced by a final one without ``amend``.

    Returns
    -------
    dict: the resolution, plus ``status`` ('resolved', 'amended' or 'unchanged') and ``history`` (count).
    """
    row = check_resolution(
        {
            "question_id": question_id,
            "outcome": outcome,
            "resolved_on": date,
            "source": source,
            "note": note,
            "reason": reason,
            "value": value,
        }
    )
    with opened(db) as store:
        require_questions(store, [row["question_id"]])
        status = store_resolution(store, row, amend=amend)
        n = len(sql.resolution_history(store.con, question_id))
    return {**{k: _plain(v) for k, v in row.items()}, "status": status, "history": n}


def _decide(current: dict[str, Any] | None, row: dict[str, Any], amend: bool) -> str:
    qid = row["question_id"]
    if current is not None and _same_resolution(current, row):
        return "unchanged"
    if current is not None and current["outcome"] != "provisional":
        if not amend:
            raise ConflictError(
                f"question {qid} is already resolved {current['outcome']} on "
                f"{_plain(current['resolved_on'])}; got {row['outcome']} on {_plain(row['resolved_on'])}. "
                "To replace it, pass --amend with --reason TEXT (the history is kept)."
            )
        if not row.get("reason"):
            raise InputError(f"resolution of {qid}: --amend needs --reason TEXT saying why; got none.")
        return "amended"
    if amend and current is None:
        raise InputError(f"resolution of {qid}: nothing to amend; the question has no resolution yet.")
    return "resolved"


def write_resolutions(
    store: Store, rows: Sequence[dict[str, Any]], *, amend: bool = False
) -> tuple[list[str | None], list[tuple[int, InputError]]]:
    """Write checked resolutions under the rules of :func:`resolve`, in one transaction.

    Returns
    -------
    statuses : list
        Per row: 'resolved', 'amended', 'unchanged', or None where the row was refused.
    errors : list of (row index, the InputError refusing it)
    """
    import pandas as pd

    ids = sorted({r["question_id"] for r in rows})
    cur = sql.current_resolutions(store.con, ids)
    current: dict[str, dict[str, Any]] = {r["question_id"]: r for r in cur.to_dict(orient="records")}
    statuses: list[str | None] = []
    errors: list[tuple[int, InputError]] = []
    new = []
    early = check_open(store, rows, "resolved_on", "resolution")
    for i, row in enumerate(rows):
        old = current.get(row["question_id"])
        try:
            if early[i] is not None:
                raise early[i]
            status = _decide(old, row, amend)
        except InputError as exc:
            statuses.append(None)
            errors.append((i, exc))
            continue
        statuses.append(status)
        if status == "unchanged":
            continue
        rid = None if old is None else old.get("resolution_id")
        new.append({**row, "amends": None if rid is None or pd.isna(rid) else int(rid)})
        current[row["question_id"]] = {**row, "resolution_id": None}
    if new:
        with store.transaction() as con:
            sql.insert_resolutions(con, new)
    return statuses, errors


def store_resolution(store: Store, row: dict[str, Any], *, amend: bool) -> str:
    """Write one checked resolution under the rules of :func:`resolve`; return the status."""
    statuses, errors = write_resolutions(store, [row], amend=amend)
    if errors:
        raise errors[0][1]
    return statuses[0] or "unchanged"
