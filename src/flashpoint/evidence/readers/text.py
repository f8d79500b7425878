"""Plain-text articles: the whole file is the article; a dateline near the top gives the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flashpoint.evidence.readers.dates import find_dateline
from flashpoint.evidence.readers.source import ItemError, Source, check_text, decode_text
from flashpoint.evidence.records import Document


def first_line_title(text: str) -> str | None:
    """Return the first non-empty line when it is short enough to be a headline (<= 200 characters)."""
    for line in text.split("\n", 50)[:50]:
        stripped = line.strip()
        if stripped:
            return stripped if len(stripped) <= 200 else None
    return None


def read_text(source: Source, published: dt.date | None = None) -> Iterator[Document | ItemError]:
    """Read one plain-text article (UTF-8).

    The publication date is the first dateline in the top 40 lines (``11/5/2024 Updated: ...``),
    else ``published``.
    """
    text = check_text(decode_text(source.read_bytes(), source.origin), source.origin)
    yield Document(
        text=text,
        title=first_line_title(text),
        published=find_dateline(text) or published,
        origin=source.origin,
    )
