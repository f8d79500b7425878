from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from flashpoint.errors import InputError, NotFoundError
from flashpoint.evidence.records import (
    ActorRef,
    Document,
    DocumentResult,
    Event,
    EventRef,
    Forecast,
    Horizon,
    Location,
    Mention,
    Quote,
    Sentence,
    Speaker,
)
from flashpoint.store import open_store
from flashpoint.store.evidence import TABLES, EvidenceStore, to_arrow
from flashpoint.store.evidence_queries import (
    query_events,
    query_forecasts,
    query_quotes,
    to_json_records,
)

PRK = ActorRef("PRK", "North Korea", "Pyongyang")
RUS = ActorRef("RUS", "Russia", "Russia")


def make_result(text: str, published: dt.date | None = dt.date(2024, 11, 5), n: int = 1) -> DocumentResult:
    """A result with every field filled (and, for the second record of each kind, every optional empty)."""
    doc = Document(text=text, title="T [b]x[/b]", published=published, url="https://e.x/1", origin="a.txt")
    i = doc.doc_id
    s0 = Sentence(i, 0, 0, 10, text[:10])
    s1 = Sentence(i, 1, 11, len(text), text[11:])
    events = [
        Event(
            i,
            0,
            0,
            10,
            s0.text,
            "MOBILIZE",
            mode="troops",
            contexts=["military"],
            aux_mode=None,
            attribution="reported",
            actor=PRK,
            recipient=RUS,
            location=Location("Kursk", "RUS"),
            date=dt.date(2024, 10, 28),
            cameo="15",
        ),
        Event(i, 1, 11, len(text), s1.text, "CONSULT"),
    ][: n + 1]
    quotes = [
        Quote(
            i, 0, 0, 10, s0.text, Speaker("Mark Rutte", "NATO Secretary General", "NATO"), "said", "x", True
        ),
        Quote(i, 1, 11, len(text), s1.text, Speaker("Carl Schuster"), None, "y", False),
    ]
    forecasts = [
        Forecast(
            i,
            1,
            11,
            len(text),
            s1.text,
            Speaker("Anders Corr", "Corr Analytics", None),
            "NATO will not",
            "negative",
            0.2,
            "unlikely",
            Horizon("soon", dt.date(2024, 11, 5), dt.date(2025, 11, 5)),
            EventRef("MOBILIZE", "NATO", None),
        ),
        Forecast(i, 1, 11, len(text), s1.text, None, "something", "positive"),
    ]
    mentions = [Mention(i, 0, 0, 9, "Pyongyang", "PRK", "North Korea", "state")]
    # the pipeline gives every record its document's source_id (here the origin: no id was given)
    events, quotes, forecasts = (
        [dataclasses.replace(r, source_id=doc.source_id) for r in records]
        for records in (events, quotes, forecasts)
    )
    return DocumentResult(doc, [s0, s1], mentions, events, quotes, forecasts)


TEXTS = ["Pyongyang sent troops. Rutte said so.", "Another text here. And a second sentence."]


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "fp.duckdb") as s:
        yield s


def test_migration_creates_every_table(store):
    names = set(store.query("SELECT table_name FROM information_schema.tables")["table_name"])
    assert set(TABLES) <= names


def test_write_is_idempotent_and_counts(store):
    sink = EvidenceStore(store)
    results = [make_result(t) for t in TEXTS]
    assert sink.write(results) == 2
    first = sink.counts()
    assert {k: v for k, v in first.items() if k != "quantities"} == {
        "documents": 2,
        "sentences": 4,
        "mentions": 2,
        "events": 4,
        "quotes": 4,
        "forecasts": 4,
    }
    assert first == {**first, "quantities": 0}
    assert sink.write(results) == 0
    assert sink.write([make_result(TEXTS[0]), make_result("New one. Yes.")]) == 1
    assert sink.counts()["documents"] == 3 and sink.counts()["events"] == 6
    assert sink.known([results[0].document.doc_id, "nope"]) == {results[0].document.doc_id}
    assert sink.known([]) == set()


def test_a_failed_batch_writes_nothing(store):
    import duckdb

    sink = EvidenceStore(store)
    bad = make_result(TEXTS[0])
    bad.sentences.append(Sentence(bad.document.doc_id, 2, 0, 1, None))  # NOT NULL fails after documents
    with pytest.raises(duckdb.ConstraintException):
        sink.write([make_result(TEXTS[1]), bad])
    assert set(sink.counts().values()) == {0}
    assert sink.write([make_result(TEXTS[1])]) == 1  # the store is usable afterwards


def test_rows_round_trip_to_the_record_json(store):
    result = make_result(TEXTS[0])
    EvidenceStore(store).write([result])
    for kind, query in (("event", query_events), ("quote", query_quotes), ("forecast", query_forecasts)):
        got = to_json_records(kind, query(store))
        want = [r.to_json() for r in result.records() if r.kind == kind]
        assert got == want, kind
        assert {r["source_id"] for r in got} == {"a.txt"}
        json.dumps(got)  # plain JSON data


def test_source_id_is_stored_and_backfilled_for_older_documents(tmp_path):
    with open_store(tmp_path / "fp.duckdb") as store:
        doc = Document(text="Russia sent troops.", origin="corpus.jsonl#7", source_id="7")
        EvidenceStore(store).write([DocumentResult(doc)])
        old = Document(text="An older article.", origin="old.txt")
        EvidenceStore(store).write([DocumentResult(old)])
        store.con.execute("UPDATE documents SET source_id = NULL WHERE doc_id = ?", [old.doc_id])
        store.con.execute("DELETE FROM schema_migrations WHERE name = '030_document_source_id.sql'")
        assert store.migrate() == ["030_document_source_id.sql"]  # re-applied: the column is kept
        rows = dict(store.con.execute("SELECT origin, source_id FROM documents").fetchall())
    assert rows == {"corpus.jsonl#7": "7", "old.txt": "old.txt"}


def test_to_arrow_column_types():
    tables = to_arrow([make_result(TEXTS[0], published=None)])
    assert tables["documents"].schema.field("published").type.__str__() == "date32[day]"
    assert tables["documents"].column("published").null_count == 1
    assert tables["events"].column("contexts").to_pylist() == [["military"], []]


@pytest.fixture
def filled(store):
    sink = EvidenceStore(store)
    sink.write([make_result(TEXTS[0], dt.date(2024, 11, 5)), make_result(TEXTS[1], dt.date(2024, 1, 1))])
    return store


def test_event_filters(filled):
    assert len(query_events(filled)) == 4
    assert len(query_events(filled, actor="prk")) == 2  # code, any case
    assert len(query_events(filled, actor="Russia")) == 2  # recipient name
    assert len(query_events(filled, actor="Pyongyang")) == 2  # a mention's text resolves to PRK
    assert len(query_events(filled, actor="USA")) == 0
    assert len(query_events(filled, event_type="consult")) == 2
    # the event's own date when known (2024-10-28), else the article's
    since = query_events(filled, since="2024-10-01")
    assert sorted(since["event_type"]) == ["CONSULT", "MOBILIZE", "MOBILIZE"]
    oldest = query_events(filled, limit=1)  # ordered by that date: the January article's CONSULT
    assert list(oldest["event_type"]) == ["CONSULT"] and list(oldest["published"].dt.year) == [2024]
    assert list(oldest["published"].dt.month) == [1]
    frame = query_events(filled)
    assert {"published", "title", "url", "origin", "actor_code"} <= set(frame.columns)


def test_quote_and_forecast_filters(filled):
    assert len(query_quotes(filled, speaker="rutte")) == 2
    assert len(query_quotes(filled, actor="NATO")) == 2
    assert len(query_quotes(filled, direct=False)) == 2
    assert len(query_quotes(filled, since=dt.date(2024, 6, 1))) == 2
    assert len(query_forecasts(filled, speaker="CORR")) == 2
    assert len(query_forecasts(filled, actor="nato")) == 2  # the predicted event's actor
    assert len(query_forecasts(filled, event_type="MOBILIZE", since="2024-11-05")) == 1


def test_bad_since_and_missing_store(filled, tmp_path):
    with pytest.raises(InputError, match="since: expected a date YYYY-MM-DD; got 'last week'"):
        query_events(filled, since="last week")
    with pytest.raises(NotFoundError, match="run `flashpoint ingest` first"):
        query_events(tmp_path / "none.duckdb")


def test_query_by_path_opens_the_store(tmp_path):
    path = tmp_path / "fp.duckdb"
    with open_store(path) as store:
        EvidenceStore(store).write([make_result(TEXTS[0])])
    assert len(query_quotes(path)) == 2
