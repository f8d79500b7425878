"""The evidence a situation reads: coded events and quantities published by a date, matched to indicators.

Firewall: only documents published on or before the date are read (:mod:`flashpoint.store.situation`).
Evidence published on or before the scenario's own ``as_of`` is already in the scenario: it is shown as
``known_at_as_of`` and never applied again. Events coded as future, hypothetical or negated never count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from flashpoint.settings import default_db_path
from flashpoint.store import open_store
from flashpoint.store import situation as sql
from flashpoint.world.indicators import Match, Needs
from flashpoint.world.scenario import Scenario

NOT_FACT = ("future", "hypothetical", "negation")
_EVENT_COLUMNS = ["doc_id", "sentence", "text", "event_type", "aux_mode", "actor_code", "recipient_code"]
_QUANTITY_COLUMNS = ["doc_id", "sentence", "text", "span", "value", "unit", "category", "qualifier"]


@dataclass
class Corpus:
    """What the store holds up to a date: events and quantities (DataFrames), and coverage counts."""

    on: dt.date
    events: pd.DataFrame
    quantities: pd.DataFrame
    documents_after_as_of: int
    undated_documents: int
    store: str | None


def read_corpus(sc: Scenario, on: dt.date, db: str | Path | None = None) -> Corpus:
    """Read the evidence published on or before ``on``; a store that does not exist holds no evidence."""
    return read_corpora(sc, [on], db)[on]


def _cut(frame: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[pd.to_datetime(frame["published"]).dt.date <= on].reset_index(drop=True)


def read_corpora(sc: Scenario, dates: list[dt.date], db: str | Path | None = None) -> dict[dt.date, Corpus]:
    """The corpus at each of ``dates`` from one read of the store (a replay's dates).

    The rows published on or before the last date are read once and cut at each date: the rows are in
    publication order, so each date gets the same rows, in the same order, as a read at that date.
    """
    days = sorted(set(dates))
    path = Path(db) if db is not None else default_db_path()
    empty_e = pd.DataFrame(columns=[*_EVENT_COLUMNS, "event_date", "published", "source", "title", "url"])
    empty_q = pd.DataFrame(columns=[*_QUANTITY_COLUMNS, "increment", "actor", "recipient", "event_type"])
    if not days or not path.exists():
        return {on: Corpus(on, empty_e, empty_q, 0, 0, None) for on in days}
    last = days[-1]
    with open_store(path, read_only=True) as store:  # read-only: dated runs may read it side by side
        if not sql.has_table(store, "documents"):
            return {on: Corpus(on, empty_e, empty_q, 0, 0, str(path)) for on in days}
        events = sql.events_until(store, last)
        quantities = sql.quantities_until(store, last) if sql.has_table(store, "quantities") else empty_q
        published = sql.published_between(store, sc.as_of, last)
        undated = sql.undated_documents(store)
    return {
        on: Corpus(
            on,
            events if on == last else _cut(events, on),
            quantities if on == last else _cut(quantities, on),
            sum(1 for d in published if d <= on),
            undated,
            str(path),
        )
        for on in days
    }


def _codes(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _has_words(texts: pd.Series, pattern: str) -> pd.Series:
    rx = re.compile(pattern, re.IGNORECASE)
    return texts.map(lambda t: bool(rx.search(t))).astype(bool)


def _day(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date().isoformat()


def match_events(df: pd.DataFrame, m: Match) -> pd.DataFrame:
    """Rows of an events frame that ``m`` selects (asserted events only), one per document sentence."""
    if df.empty:
        return df
    keep = ~df["aux_mode"].isin(NOT_FACT)
    if m.event_types:
        keep &= df["event_type"].isin(m.event_types)
    if m.actor:
        keep &= df["actor_code"].isin(m.actor)
    if m.recipient:
        keep &= df["recipient_code"].isin(m.recipient)
    if m.dyad:
        a, b = m.dyad
        pair = (df["actor_code"] == a) & (df["recipient_code"] == b)
        pair |= (df["actor_code"] == b) & (df["recipient_code"] == a)
        # "Israel and Iran exchanged strikes": both coded as actors of one sentence without a recipient
        keys = [df["doc_id"], df["sentence"]]
        both = df["actor_code"].eq(a).groupby(keys).transform("any")
        both &= df["actor_code"].eq(b).groupby(keys).transform("any")
        keep &= pair | (both.astype(bool) & df["actor_code"].isin([a, b]))
    if m.words:
        keep &= _has_words(df["text"], m.words)
    return df[keep].drop_duplicates(["doc_id", "sentence"])


def match_quantities(df: pd.DataFrame, m: Match, sc: Scenario) -> pd.DataFrame:
    """Rows of a quantities frame that ``m`` selects (``m.flow``: the flow's sender and kind)."""
    if df.empty:
        return df
    keep = pd.Series(True, index=df.index)
    if m.flow is not None:
        flow = sc.flows[m.flow]
        keep &= (df["actor"] == flow.sender) & (df["category"] == flow.kind)
        keep &= df["recipient"].isna() | (df["recipient"] == flow.recipient)
    if m.units:
        keep &= df["unit"].isin(m.units)
    if m.event_types:
        keep &= df["event_type"].isin(m.event_types)
    if m.actor:
        keep &= df["actor"].isin(m.actor)
    if m.recipient:
        keep &= df["recipient"].isin(m.recipient)
    if m.words:
        keep &= _has_words(df["text"], m.words)
    return df[keep]


def cite(rows: pd.DataFrame) -> list[dict]:
    """The evidence items of matched rows: doc_id, sentence (the text), sentence_index, published, source."""
    out = []
    spans = rows["span"].tolist() if "span" in rows.columns else None
    columns = ("doc_id", "text", "sentence", "published", "source")
    for i, (doc_id, text, sentence, published, source) in enumerate(
        zip(*(rows[c].tolist() for c in columns), strict=True)
    ):
        item = {
            "doc_id": doc_id,
            "sentence": text,
            "sentence_index": int(sentence),
            "published": _day(published),
            "source": _codes(source),
        }
        if spans is not None:
            item["quantity"] = spans[i]
        out.append(item)
    return out


def enough(rows: pd.DataFrame, needs: Needs) -> bool:
    """Whether ``rows`` come from at least ``needs.reports`` documents and ``needs.sources`` publishers."""
    if rows.empty:
        return False
    docs = rows["doc_id"].nunique()
    sources = {(_codes(s) or f"doc:{d}") for s, d in zip(rows["source"], rows["doc_id"], strict=True)}
    return docs >= needs.reports and len(sources) >= needs.sources


def split_known(rows: pd.DataFrame, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(known at the scenario's as_of, published after it)."""
    if rows.empty:
        return rows, rows
    published = pd.to_datetime(rows["published"]).dt.date
    return rows[published <= as_of], rows[published > as_of]
