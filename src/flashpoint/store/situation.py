"""Named read queries behind ``flashpoint situation``: evidence published on or before a date.

The firewall of a dated run is here: every query takes ``until`` and returns only rows of documents whose
``published`` date is on or before it. Documents without a publication date are never returned (nothing
proves they were known by then); :func:`undated_documents` counts them so the situation can say so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from flashpoint.store.db import Store

_DOC = "d.published, d.source, d.title, d.url"


def events_until(store: Store, until: dt.date) -> pd.DataFrame:
    """Coded events of documents published on or before ``until``, in publication order.

    Columns: doc_id, sentence, text, event_type, aux_mode, actor_code, recipient_code, event_date, published,
    source, title, url.
    """
    return store.query(
        f"""SELECT e.doc_id, e.sentence, e.text, e.event_type, e.aux_mode, e.actor_code, e.recipient_code,
                   e.event_date, {_DOC}
            FROM events e JOIN documents d USING (doc_id)
            WHERE d.published IS NOT NULL AND d.published <= ?
            ORDER BY d.published, e.doc_id, e.seq""",
        [until],
    )


def quantities_until(store: Store, until: dt.date) -> pd.DataFrame:
    """Quantities of documents published on or before ``until``, in publication order.

    Columns: doc_id, sentence, text, span, value, high, unit, category, qualifier, increment, actor,
    recipient, event_type, published, source, title, url.
    """
    return store.query(
        f"""SELECT q.doc_id, q.sentence, q.text, q.span, q.value, q.high, q.unit, q.category, q.qualifier,
                   q.increment, q.actor, q.recipient, q.event_type, {_DOC}
            FROM quantities q JOIN documents d USING (doc_id)
            WHERE d.published IS NOT NULL AND d.published <= ?
            ORDER BY d.published, q.doc_id, q.seq""",
        [until],
    )


def has_table(store: Store, name: str) -> bool:
    """Whether the store has table ``name`` (a store opened read-only is not migrated)."""
    rows = store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows.fetchall()[0][0])


def published_between(store: Store, after: dt.date, until: dt.date) -> list[dt.date]:
    """Publication dates of the documents published after ``after`` and on or before ``until``."""
    rows = store.con.execute(
        "SELECT published FROM documents WHERE published > ? AND published <= ? ORDER BY published",
        [after, until],
    ).fetchall()
    return [pd.Timestamp(r[0]).date() for r in rows]


def undated_documents(store: Store) -> int:
    """Number of stored documents without a publication date (never used by a dated situation)."""
    return int(store.con.execute("SELECT count(*) FROM documents WHERE published IS NULL").fetchall()[0][0])
