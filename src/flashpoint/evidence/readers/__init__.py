"""Readers: one per input format, registered in :data:`READERS` by format name.

A reader takes a :class:`Source` and the fallback publication date and yields :class:`Document`
records, or an :class:`ItemError` for an item inside the input that cannot be read (a JSONL line, a
feed entry). An input that cannot be read at all raises :class:`~flashpoint.errors.ReaderError`.
:func:`iter_documents` walks paths (files, folders recursively, ``-`` for stdin), picks the reader by
extension or by sniffing the first bytes, and turns every failure into an ``ItemError``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from flashpoint.errors import ReaderError
from flashpoint.evidence.readers.feed import read_feed
from flashpoint.evidence.readers.html import read_html
from flashpoint.evidence.readers.jsonl import read_jsonl
from flashpoint.evidence.readers.source import (
    MAX_INPUT_BYTES,
    MAX_TEXT_CHARS,
    ItemError,
    Source,
)
from flashpoint.evidence.readers.text import read_text
from flashpoint.evidence.records import Document

Reader = Callable[[Source, dt.date | None], Iterator[Document | ItemError]]

#: Readers by format name. Add an entry (and, optionally, extensions in :data:`EXTENSIONS`) to
#: support another format.
READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "feed": read_feed,
    "jsonl": read_jsonl,
}

#: File extensions (lower case, with the dot) and their format; other files are sniffed.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

__all__ = [
    "EXTENSIONS",
    "MAX_INPUT_BYTES",
    "MAX_TEXT_CHARS",
    "READERS",
    "ItemError",
    "Reader",
    "Source",
    "count_items",
    "iter_documents",
    "iter_sources",
    "read_path",
    "sniff_format",
]


def sniff_format(head: bytes) -> str:
    """Guess the format from the first bytes of an input: feed, html, jsonl or text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{"):
        return "jsonl"
    window = start[:2048]
    if start.startswith(b"<"):
        if b"<rss" in window or b"<feed" in window or b"<rdf:rdf" in window:
            return "feed"
        return "html"
    return "text"


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _stdin_buffer() -> Any:
    """``sys.stdin``'s byte stream; a :class:`ReaderError` when stdin is closed (``<&-``) or not binary."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ReaderError("-: expected articles on standard input; got a closed stdin (pipe a file into it)")
    return stream


def iter_sources(paths: Iterable[str | Path], *, stdin: bytes | None = None) -> Iterator[Source | ItemError]:
    """Expand paths into sources: files, folders (recursive), ``-`` for stdin.

    Parameters
    ----------
    paths : iterable of str or Path
        What to read.
    stdin : bytes, optional
        The bytes of ``-``; read from ``sys.stdin`` (up to the size limit) when not given.
    """
    for raw in paths:
        name = str(raw)
        if name == "-":
            if stdin is not None:
                yield Source("-", data=stdin, fmt=sniff_format(stdin[:4096]))
                continue
            stream = _stdin_buffer()
            if not hasattr(stream, "peek"):
                stream = io.BufferedReader(stream)  # type: ignore[arg-type]
            yield Source("-", stream=stream, fmt=sniff_format(stream.peek(4096)[:4096]))
            continue
        if not name.strip():  # Path("") is "." and would read the whole working folder
            yield ItemError(repr(name), "empty path: expected a file, a folder or -")
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield Source(str(file), path=file)
            if not found:
                yield ItemError(name, "empty folder: expected articles in it; got no files")
        elif path.is_file():
            yield Source(name, path=path)
        elif path.exists():
            yield ItemError(name, "not a regular file or folder")
        else:
            yield ItemError(name, "no such file or folder")


def _format_of(source: Source) -> str:
    if source.fmt is not None:
        return source.fmt
    if source.path is not None:
        fmt = EXTENSIONS.get(source.path.suffix.lower())
        if fmt:
            return fmt
    try:
        with source.open() as stream:
            return sniff_format(stream.read(4096))
    except ReaderError:
        return "text"


def iter_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    fmt: str | None = None,
    stdin: bytes | None = None,
) -> Iterator[Document | ItemError]:
    """Read every document under ``paths``; each failure is an :class:`ItemError`, never an exception.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, folders (recursive) and ``-`` for stdin.
    published : date, optional
        The publication date for documents whose input gives none.
    fmt : str, optional
        Force one format from :data:`READERS` instead of choosing by extension or content.
    stdin : bytes, optional
        The bytes of ``-`` (tests); default: ``sys.stdin``.
    """
    if fmt is not None and fmt not in READERS:
        raise ReaderError(f"unknown input format {fmt!r}: expected one of {', '.join(READERS)}")
    for source in iter_sources(paths, stdin=stdin):
        if isinstance(source, ItemError):
            yield source
            continue
        reader = READERS[fmt or _format_of(source)]
        try:
            yield from reader(source, published)
        except ReaderError as exc:
            yield ItemError(source.origin, str(exc).removeprefix(f"{source.origin}: "))
        except RecursionError:
            yield ItemError(source.origin, "cannot read: the input is nested too deeply")
        except Exception as exc:  # noqa: BLE001 - a parser's bug on one input must not stop the batch
            yield ItemError(source.origin, f"cannot read: {type(exc).__name__}: {exc}")


def read_path(
    path: str | Path | Iterable[str | Path],
    *,
    published: dt.date | None = None,
    errors: list[ItemError] | None = None,
) -> list[Document]:
    """Read the articles in a file, folder or ``-`` (stdin), or in several of them.

    Parameters
    ----------
    path : str, Path or iterable of them
        What to read.
    published : date, optional
        The publication date for documents whose input gives none.
    errors : list of ItemError, optional
        Where to collect items that cannot be read. Without it the first such item raises.

    Returns
    -------
    list of Document
        The documents read, in input order.

    Raises
    ------
    ReaderError
        When ``errors`` is not given and an item cannot be read.
    """
    paths = [path] if isinstance(path, str | Path) else list(path)
    documents = []
    for item in iter_documents(paths, published=published):
        if isinstance(item, ItemError):
            if errors is None:
                raise ReaderError(str(item))
            errors.append(item)
        else:
            documents.append(item)
    return documents


def _count_in_file(path: Path) -> int:
    fmt = EXTENSIONS.get(path.suffix.lower())
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
            fmt = fmt or sniff_format(head)
            if fmt not in ("jsonl", "feed"):
                return 1
            if fmt == "feed" and path.stat().st_size > MAX_INPUT_BYTES:
                return 1
            count, tail, data = 0, b"", b""
            chunk = head
            while chunk:
                data = tail + chunk
                if fmt == "jsonl":
                    count += data.count(b"\n")
                    tail = b""
                else:
                    count += data.count(b"<item") + data.count(b"<entry")
                    tail = data[-6:]
                    count -= tail.count(b"<item") + tail.count(b"<entry")
                chunk = stream.read(1 << 20)
            if fmt == "jsonl" and data and not data.endswith(b"\n"):
                count += 1
            return max(count, 1)
    except OSError:
        return 1


def _count_stdin(stdin: bytes | None) -> int | None:
    if stdin is not None:
        head = stdin[:4096]
    else:
        stream = _stdin_buffer()
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b"{"
    if sniff_format(head) not in ("jsonl", "feed"):
        return 1
    if stdin is None:
        return None
    return stdin.count(b"\n") + (not stdin.endswith(b"\n")) if sniff_format(head) == "jsonl" else None


def count_items(paths: Iterable[str | Path], *, stdin: bytes | None = None) -> int | None:
    """Estimate how many items (articles, JSONL lines, feed entries) ``paths`` hold, cheaply.

    Used for progress bars and to choose the number of worker processes; None when it cannot be
    known (a JSONL corpus or a feed streamed on stdin).
    """
    total = 0
    for raw in paths:
        name = str(raw)
        if name == "-":
            count = _count_stdin(stdin)
            if count is None:
                return None
            total += count
            continue
        if not name.strip():
            total += 1
            continue
        path = Path(name)
        if path.is_dir():
            total += sum(_count_in_file(file) for file in _walk(path)) or 1
        else:
            total += _count_in_file(path) if path.is_file() else 1
    return total
