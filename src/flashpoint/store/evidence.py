"""Evidence in the store: writing pipeline results in one transaction per batch, and named queries.

Tables (``migrations/010_evidence.sql``): ``documents`` (``doc_id`` = content hash, primary key),
``sentences``, ``mentions``, ``events``, ``quotes``, ``forecasts``. Each record row holds its
``doc_id``, ``sentence`` index, the sentence's ``start_char``/``end_char`` and ``text``, and the
record's fields, nested ones flattened (``actor_code``, ``horizon_start``, ...). The named read
queries are in :mod:`flashpoint.store.evidence_queries`.

Writes go through pyarrow tables (one ``INSERT ... SELECT`` per table and batch) rather than
row-by-row ``executemany``, which DuckDB runs slowly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from flashpoint.evidence.records import DocumentResult
from flashpoint.store.db import Store, open_store

_S, _I, _D, _B, _F = pa.string(), pa.int32(), pa.date32(), pa.bool_(), pa.float64()
_RECORD = [("doc_id", _S), ("seq", _I), ("sentence", _I), ("start_char", _I), ("end_char", _I), ("text", _S)]
SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("doc_id", _S),
        ("title", _S),
        ("published", _D),
        ("url", _S),
        ("source", _S),
        ("origin", _S),
        ("ingested_at", pa.timestamp("us")),
        ("text", _S),
        ("source_id", _S),  # migration 030
    ],
    "sentences": [("doc_id", _S), ("sentence", _I), ("start_char", _I), ("end_char", _I), ("text", _S)],
    "mentions": [
        ("doc_id", _S),
        ("sentence", _I),
        ("start_char", _I),
        ("end_char", _I),
        ("text", _S),
        ("code", _S),
        ("name", _S),
        ("kind", _S),
    ],
    "events": [
        *_RECORD,
        ("event_type", _S),
        ("mode", _S),
        ("contexts", pa.list_(_S)),
        ("aux_mode", _S),
        ("actor_code", _S),
        ("actor_name", _S),
        ("actor_text", _S),
        ("recipient_code", _S),
        ("recipient_name", _S),
        ("recipient_text", _S),
        ("location_name", _S),
        ("location_country", _S),
        ("event_date", _D),
        ("cameo", _S),
        ("attribution", _S),  # migration 031
    ],
    "quotes": [
        *_RECORD,
        ("speaker_name", _S),
        ("speaker_affiliation", _S),
        ("speaker_actor", _S),
        ("cue", _S),
        ("content", _S),
        ("direct", _B),
    ],
    "forecasts": [
        *_RECORD,
        ("predictor_name", _S),
        ("predictor_affiliation", _S),
        ("predictor_actor", _S),
        ("proposition", _S),
        ("polarity", _S),
        ("probability", _F),
        ("probability_text", _S),
        ("horizon_text", _S),
        ("horizon_start", _D),
        ("horizon_end", _D),
        ("event_type", _S),
        ("event_actor", _S),
        ("event_recipient", _S),
    ],
    "quantities": [  # migrations/050_quantities.sql (issue 11)
        *_RECORD,
        ("span", _S),
        ("value", _F),
        ("high", _F),
        ("unit", _S),
        ("category", _S),
        ("qualifier", _S),
        ("increment", _B),
        ("actor", _S),
        ("recipient", _S),
        ("event_type", _S),
    ],
}
TABLES = tuple(SCHEMAS)


def _get(obj: Any, name: str) -> Any:
    return None if obj is None else getattr(obj, name)


def _rows(results: Sequence[DocumentResult], now: dt.datetime) -> Iterator[tuple[str, tuple]]:
    """Yield ``(table, row)`` for every row of ``results``, columns in :data:`SCHEMAS` order."""
    for result in results:
        d = result.document
        yield (
            "documents",
            (d.doc_id, d.title, d.published, d.url, d.source, d.origin, now, d.text, d.source_id),
        )
        for s in result.sentences:
            yield "sentences", (s.doc_id, s.index, s.start, s.end, s.text)
        for m in result.mentions:
            yield "mentions", (m.doc_id, m.sentence, m.start, m.end, m.text, m.code, m.name, m.kind)
        for seq, e in enumerate(result.events):
            a, r, loc = e.actor, e.recipient, e.location
            yield (
                "events",
                (
                    e.doc_id,
                    seq,
                    e.sentence,
                    e.start,
                    e.end,
                    e.text,
                    e.event_type,
                    e.mode,
                    list(e.contexts),
                    e.aux_mode,
                    _get(a, "code"),
                    _get(a, "name"),
                    _get(a, "text"),
                    _get(r, "code"),
                    _get(r, "name"),
                    _get(r, "text"),
                    _get(loc, "name"),
                    _get(loc, "country"),
                    e.date,
                    e.cameo,
                    e.attribution,
                ),
            )
        for seq, q in enumerate(result.quotes):
            sp = q.speaker
            yield (
                "quotes",
                (
                    q.doc_id,
                    seq,
                    q.sentence,
                    q.start,
                    q.end,
                    q.text,
                    _get(sp, "name"),
                    _get(sp, "affiliation"),
                    _get(sp, "actor"),
                    q.cue,
                    q.content,
                    q.direct,
                ),
            )
        for seq, f in enumerate(result.forecasts):
            p, h, ev = f.predictor, f.horizon, f.event
            yield (
                "forecasts",
                (
                    f.doc_id,
                    seq,
                    f.sentence,
                    f.start,
                    f.end,
                    f.text,
                    _get(p, "name"),
                    _get(p, "affiliation"),
                    _get(p, "actor"),
                    f.proposition,
                    f.polarity,
                    f.probability,
                    f.probability_text,
                    _get(h, "text"),
                    _get(h, "start"),
                    _get(h, "end"),
                    _get(ev, "event_type"),
                    _get(ev, "actor"),
                    _get(ev, "recipient"),
                ),
            )
        for seq, x in enumerate(getattr(result, "quantities", ())):
            yield (
                "quantities",
                (
                    x.doc_id,
                    seq,
                    x.sentence,
                    x.start,
                    x.end,
                    x.text,
                    x.span,
                    x.value,
                    x.high,
                    x.unit,
                    x.category,
                )
                + (x.qualifier, x.increment, x.actor, x.recipient, x.event_type),
            )


def to_arrow(results: Sequence[DocumentResult], now: dt.datetime | None = None) -> dict[str, pa.Table]:
    """Return one pyarrow table per store table holding the rows of ``results`` (empty ones omitted)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    columns: dict[str, list[list]] = {t: [[] for _ in SCHEMAS[t]] for t in TABLES}
    for table, row in _rows(results, now):
        for values, value in zip(columns[table], row, strict=True):
            values.append(value)
    out = {}
    for table, schema in SCHEMAS.items():
        if columns[table][0]:
            pairs = zip(columns[table], schema, strict=True)
            arrays = [pa.array(values, type=kind) for values, (_, kind) in pairs]
            out[table] = pa.Table.from_arrays(arrays, names=[name for name, _ in schema])
    return out


class EvidenceStore:
    """The evidence tables of one :class:`Store`: the ingest :class:`~flashpoint.evidence.ingest.Sink`.

    Parameters
    ----------
    store : Store
        An open, migrated store.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def known(self, doc_ids: Sequence[str]) -> set[str]:
        """Return those of ``doc_ids`` already in ``documents``."""
        if not doc_ids:
            return set()
        with self.store.session() as con:  # released at once: ingest holds no lock while it extracts
            rows = con.execute(
                "SELECT d.doc_id FROM documents d"
                " JOIN (SELECT unnest(?::VARCHAR[]) AS doc_id) k USING (doc_id)",
                [list(doc_ids)],
            ).fetchall()
        return {row[0] for row in rows}

    def write(self, results: Sequence[DocumentResult]) -> int:
        """Write the documents of ``results`` not yet stored, all rows in one transaction.

        Returns
        -------
        int
            The number of documents written (already stored ones are left as they are).
        """
        views: list[str] = []
        with self.store.session() as con, contextlib.ExitStack() as cleanup:
            cleanup.callback(lambda: [con.unregister(view) for view in views])
            with self.store.transaction():
                stored = self.known([r.document.doc_id for r in results])
                fresh = [r for r in results if r.document.doc_id not in stored]
                for table, arrow in to_arrow(fresh).items():
                    views.append(f"_fp_batch_{table}")
                    con.register(views[-1], arrow)
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {views[-1]}")
        return len(fresh)

    def counts(self) -> dict[str, int]:
        """Return the number of rows in each evidence table."""
        sql = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in TABLES)
        return {t: int(n) for t, n in self.store.con.execute(sql).fetchall()}


def ingest(
    paths: str | Path | Iterable[str | Path],
    *,
    db: Store | str | Path | None = None,
    published: dt.date | None = None,
    model: str | None = None,
    gazetteer: Sequence[Path] | None = None,
    n_process: int | None = None,
    progress: Any = None,
    batch_documents: int | None = None,
    stdin: bytes | None = None,
    extractor: Any = None,
):  # -> IngestSummary
    """Read, extract and store every new article under ``paths`` (see
    :func:`flashpoint.evidence.ingest.run_ingest`); return the :class:`IngestSummary`.

    Idempotent (documents are keyed by content hash), one transaction per batch, resumable.
    Failed items are listed in the summary; call ``summary.raise_for_errors()`` to turn them into
    an exception.
    """
    from flashpoint.evidence.ingest import BATCH_DOCUMENTS, run_ingest

    def run(store: Store):
        return run_ingest(
            paths,
            EvidenceStore(store),
            published=published,
            model=model,
            gazetteer=gazetteer,
            n_process=n_process,
            progress=progress,
            stdin=stdin,
            extractor=extractor,
            batch_documents=batch_documents or BATCH_DOCUMENTS,
        )

    if isinstance(db, Store):
        return run(db)
    with open_store(db) as store:
        return run(store)
