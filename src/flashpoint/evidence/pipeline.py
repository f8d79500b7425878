"""The evidence pipeline: documents in, sentences, actor mentions, events, quotes and forecasts out.

One spaCy parse per document, then cheap passes over token attributes:

1. sentences (the parser's, also split at line breaks so that paragraphs never merge),
2. actor mentions from the gazetteer (:mod:`flashpoint.evidence.actors`),
3. quotes and their speakers (:mod:`flashpoint.evidence.quotes`),
4. PLOVER events (:mod:`flashpoint.evidence.events`),
5. forecasts (:mod:`flashpoint.evidence.forecasts`), which reuse the speakers and events.

With ``n_process > 1`` each worker process parses *and* extracts, so only the small result records
travel back to the parent; results come back in input order.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.evidence.actors import ActorFinder
from flashpoint.evidence.analysis import DocAnalysis
from flashpoint.evidence.events import EventCoder
from flashpoint.evidence.forecasts import ForecastFinder
from flashpoint.evidence.gazetteer import load_gazetteer
from flashpoint.evidence.nlp import load_nlp
from flashpoint.evidence.quantities import find_quantities
from flashpoint.evidence.quotes import QuoteFinder
from flashpoint.evidence.records import Document, DocumentResult

#: Texts longer than this are cut at line breaks into pieces the parser takes one at a time.
MAX_PIECE_CHARS = 200_000


class Extractor:
    """Extract evidence records from documents.

    Parameters
    ----------
    model : str or None
        spaCy pipeline (installed package name or path); ``None`` for the default
        (:data:`flashpoint.evidence.nlp.DEFAULT_MODEL`).
    gazetteer : list of Path or None
        User gazetteer YAML files added to the built-in one (see docs/evidence.md).
    entities : str
        Where names come from: ``rules`` (default), ``ner`` or ``ner+rules``
        (:data:`flashpoint.evidence.nlp.ENTITY_SOURCES`).
    """

    def __init__(
        self, model: str | None = None, gazetteer: list[Path] | None = None, entities: str = "rules"
    ) -> None:
        self.nlp = load_nlp(model, entities)
        self.gazetteer = load_gazetteer(gazetteer or [])
        self.actors = ActorFinder(self.nlp, self.gazetteer)
        self.quotes = QuoteFinder(self.gazetteer)
        self.events = EventCoder(self.gazetteer)
        self.forecasts = ForecastFinder()

    # -- one document -------------------------------------------------------------------------
    def _analyse(self, doc, document: Document, offset: int, first_sentence: int) -> DocAnalysis:
        analysis = DocAnalysis.build(doc, document, offset, first_sentence)
        self.actors.annotate(analysis)
        return analysis

    def extract_doc(
        self, doc, document: Document, offset: int = 0, first_sentence: int = 0
    ) -> DocumentResult:
        """Extract records from an already parsed spaCy ``doc`` of ``document`` (or a piece of it)."""
        analysis = self._analyse(doc, document, offset, first_sentence)
        quotes = self.quotes.find(analysis)
        events = self.events.code(analysis)
        forecasts = self.forecasts.find(analysis, events)
        quantities = find_quantities(analysis.sentences, analysis.mentions, events, analysis.paragraph)
        if document.source_id is not None:
            sid = document.source_id
            events = [dataclasses.replace(r, source_id=sid) for r in events]
            quotes = [dataclasses.replace(r, source_id=sid) for r in quotes]
            forecasts = [dataclasses.replace(r, source_id=sid) for r in forecasts]
            quantities = [dataclasses.replace(r, source_id=sid) for r in quantities]
        return DocumentResult(
            document=document,
            sentences=list(analysis.sentences),
            mentions=list(analysis.mentions),
            events=events,
            quotes=quotes,
            forecasts=forecasts,
            quantities=quantities,
        )

    # -- many documents -----------------------------------------------------------------------
    def extract(
        self, documents: Iterable[Document], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[DocumentResult]:
        """Yield one :class:`DocumentResult` per document, lazily and in input order.

        Parameters
        ----------
        documents : iterable of Document
        n_process : int
            Worker processes; each parses and extracts its share. 1 runs in this process.
        batch_size : int
            Documents per spaCy batch (and per task sent to a worker).
        """
        if n_process < 1 or batch_size < 1:
            raise InputError(f"n_process and batch_size must be >= 1; got {n_process} and {batch_size}")
        if n_process == 1:
            for chunk in _chunks(documents, batch_size):
                yield from self._extract_chunk(chunk)
            return
        yield from self._extract_parallel(documents, n_process, batch_size)

    def _extract_chunk(self, chunk: list[Document]) -> list[DocumentResult]:
        pairs = []
        for doc_no, document in enumerate(chunk):
            for piece_offset, piece in _pieces(document.text):
                pairs.append((piece, (doc_no, document, piece_offset, 0)))
        merged: dict[int, DocumentResult] = {}
        for doc_no, result in self._extract_docs_renumbered(pairs):
            if doc_no in merged:
                _merge(merged[doc_no], result)
            else:
                merged[doc_no] = result
        return [merged[i] for i in range(len(chunk))]

    def _extract_docs_renumbered(self, pairs):
        # Sentence indexes continue across the pieces of one long document.
        next_sentence: dict[int, int] = collections.defaultdict(int)
        for doc, (doc_no, document, offset, _) in self.nlp.pipe(pairs, as_tuples=True, batch_size=32):
            result = self.extract_doc(doc, document, offset, next_sentence[doc_no])
            next_sentence[doc_no] += len(result.sentences)
            yield doc_no, result

    def _extract_parallel(self, documents: Iterable[Document], n_process: int, batch_size: int):
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        global _WORKER
        _WORKER = self  # inherited by forked workers; spawned ones rebuild it in _init_worker
        spec = (self._model_spec, self._gazetteer_spec, self.nlp.meta["flashpoint_entities"])
        in_flight: collections.deque = collections.deque()
        with ctx.Pool(n_process, initializer=_init_worker, initargs=spec) as pool:
            for chunk in _chunks(documents, batch_size):
                in_flight.append(pool.apply_async(_work, (chunk,)))
                if len(in_flight) >= 2 * n_process:
                    yield from in_flight.popleft().get()
            while in_flight:
                yield from in_flight.popleft().get()

    @property
    def _model_spec(self) -> str | None:
        return self.nlp.meta.get("flashpoint_model")

    @property
    def _gazetteer_spec(self) -> list[Path]:
        return list(self.gazetteer.user_files)


_WORKER: Extractor | None = None


def _init_worker(model: str | None, gazetteer: list[Path], entities: str) -> None:
    global _WORKER
    if _WORKER is None:  # spawned, not forked
        _WORKER = Extractor(model, gazetteer, entities)


def _work(chunk: list[Document]) -> list[DocumentResult]:
    assert _WORKER is not None
    return _WORKER._extract_chunk(chunk)


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        for item in chunk:
            if not isinstance(item, Document):
                raise InputError(f"extract: expected Document objects; got {type(item).__name__}")
        yield chunk


def _pieces(text: str) -> list[tuple[int, str]]:
    """Cut ``text`` at line breaks into pieces of at most :data:`MAX_PIECE_CHARS` characters."""
    if len(text) <= MAX_PIECE_CHARS:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + MAX_PIECE_CHARS, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + MAX_PIECE_CHARS // 2, end)
            end = cut + 1 if cut > 0 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _merge(into: DocumentResult, more: DocumentResult) -> None:
    into.sentences += more.sentences
    into.mentions += more.mentions
    into.events += more.events
    into.quotes += more.quotes
    into.forecasts += more.forecasts
    into.quantities += more.quantities


_DEFAULT: dict[tuple, Extractor] = {}


def extract_text(
    text: str, published: dt.date | str | None = None, *, model: str | None = None
) -> DocumentResult:
    """Extract records from one text (a convenience over :class:`Extractor`).

    Parameters
    ----------
    text : str
        The article text.
    published : date or ISO string or None
        Publication date; relative time expressions ("next month") are read against it.
    model : str or None
        spaCy pipeline; the default when ``None``.
    """
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError as exc:
            raise InputError(f"published: expected an ISO date (YYYY-MM-DD); got {published!r}") from exc
    key = (model,)
    if key not in _DEFAULT:
        _DEFAULT[key] = Extractor(model)
    return next(_DEFAULT[key].extract([Document(text=text, published=published)]))
