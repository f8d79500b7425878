"""JSONL corpora: one article per line, ``{"id", "text", "title"?, "published"?, "url"?, "source"?}``.

The file is streamed line by line, so a corpus may be any size; each line is held to the per-file
limit. A bad line (not JSON, not an object, no text, a wrong type, a date that is not a date, bytes
that are not UTF-8) becomes an :class:`ItemError` naming ``path:line``; the other lines are read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from flashpoint.errors import ReaderError
from flashpoint.evidence.readers.dates import parse_date
from flashpoint.evidence.readers.source import (
    MAX_INPUT_BYTES,
    ItemError,
    Source,
    check_not_binary,
    check_text,
    decode_text,
)
from flashpoint.evidence.records import Document

_OPTIONAL = ("title", "url", "source")


def _lines(source: Source, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line_number, bytes)``; ``bytes`` is None for a line over ``limit`` (its rest is skipped)."""
    with source.open() as stream:
        number = 0
        while True:
            line = stream.readline(limit + 1)
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = stream.readline(1 << 20)
                yield number, None
                continue
            yield number, line


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_line(obj: Any, origin: str, published: dt.date | None) -> Document:
    """Turn one decoded JSONL value into a :class:`Document` (raises ``ValueError`` with the reason)."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object with 'text'; got {type(obj).__name__} {_describe(obj)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"'text' must be a non-empty string; got {_describe(text)}")
    ident = obj.get("id")
    if (ident is not None and not isinstance(ident, str | int)) or isinstance(ident, bool):
        raise ValueError(f"'id' must be a string or an integer; got {_describe(ident)}")
    fields: dict[str, str | None] = {}
    for key in _OPTIONAL:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string; got {_describe(value)}")
        fields[key] = value or None
    date = published
    if obj.get("published") is not None:
        date = parse_date(obj["published"])
        if date is None:
            got = _describe(obj["published"])
            raise ValueError(f"'published' must be a date such as 2024-11-05, not after today; got {got}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        check_text(text, origin)
    except ReaderError as exc:
        raise ValueError(str(exc).removeprefix(f"{origin}: ")) from None
    source_id = str(ident) if ident is not None and ident != "" else None  # else the origin
    return Document(text=text, published=date, origin=origin, source_id=source_id, **fields)


def read_jsonl(
    source: Source, published: dt.date | None = None, *, limit: int = MAX_INPUT_BYTES
) -> Iterator[Document | ItemError]:
    """Read a JSONL corpus; ``published`` is the date for lines without one.

    A document's ``origin`` is ``path#id`` when the line has an ``id``, else ``path:line``.
    """
    if source.path is not None or source.data is not None:
        with source.open() as stream:
            check_not_binary(stream.read(65536), source.origin)
    any_line = False
    for number, raw in _lines(source, limit):
        where = f"{source.origin}:{number}"
        if raw is None:
            any_line = True
            yield ItemError(where, f"line too long: the limit is {limit / 1e6:,.0f} MB per line")
            continue
        if not raw.strip():
            continue
        any_line = True
        try:
            obj = json.loads(decode_text(raw, where))
        except ReaderError as exc:
            yield ItemError(where, str(exc).removeprefix(f"{where}: "))
            continue
        except json.JSONDecodeError as exc:
            yield ItemError(where, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield ItemError(where, "not usable JSON: nested too deeply")
            continue
        ident = obj.get("id") if isinstance(obj, dict) else None
        origin = f"{source.origin}#{ident}" if isinstance(ident, str | int) and ident != "" else where
        try:
            yield parse_line(obj, origin, published)
        except ValueError as exc:
            yield ItemError(where, str(exc))
    if not any_line:
        raise ReaderError(f"{source.origin}: empty input: expected JSONL, one article per line; got no lines")
