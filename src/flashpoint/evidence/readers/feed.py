"""RSS and Atom feeds: one article per entry, parsed with feedparser after a defensive XML check.

Feeds are untrusted XML. Before feedparser sees a byte, the feed is refused when it declares
entities (the "billion laughs" and external-entity attacks need an ``<!ENTITY`` declaration) or when
defusedxml objects to it. Entry HTML is reduced to its visible text; nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections.abc import Iterator

from flashpoint.errors import ReaderError
from flashpoint.evidence.readers.html import visible_text
from flashpoint.evidence.readers.source import ItemError, Source, check_text, decode_text
from flashpoint.evidence.records import Document

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def check_xml_safe(data: bytes, origin: str) -> None:
    """Raise :class:`ReaderError` when ``data`` declares XML entities (a possible XML bomb).

    Malformed XML without entity declarations passes: feedparser's forgiving parser reads what it can.
    """
    if _ENTITY_DECL.search(data):
        raise ReaderError(
            f"{origin}: refused: the feed declares XML entities (<!ENTITY>), which feeds do not need "
            "and XML bombs do"
        )
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree
    from defusedxml import DefusedXmlException

    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReaderError(f"{origin}: refused: unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError:
        pass


def _entry_date(entry: dict) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _entry_html(entry: dict) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def read_feed(source: Source, published: dt.date | None = None) -> Iterator[Document | ItemError]:
    """Read an RSS or Atom feed: one :class:`Document` per entry with text, or an error per entry.

    An entry's date comes from the entry (published, updated, created), else ``published``.
    """
    import feedparser

    data = source.read_bytes()
    decode_text(data, source.origin)  # same UTF-8/binary/empty checks as any other input
    check_xml_safe(data, source.origin)
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser raises e.g. ValueError on &#x110000;
        raise ReaderError(
            f"{source.origin}: expected an RSS or Atom feed; got one feedparser cannot read "
            f"({type(exc).__name__}: {exc})"
        ) from None
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        got = f"not a feed ({why})" if why else "a feed without entries"
        raise ReaderError(f"{source.origin}: expected an RSS or Atom feed with entries; got {got}")
    feed_title = (parsed.get("feed") or {}).get("title") or None
    for number, entry in enumerate(entries, start=1):
        origin = f"{source.origin}#{number}"
        title = entry.get("title") or None
        body = visible_text(_entry_html(entry)) if _entry_html(entry) else ""
        text = f"{title}\n\n{body}" if title and body else body
        if not body.strip():
            yield ItemError(origin, "feed entry without text: expected a summary or content; got none")
            continue
        try:
            text = check_text(text, origin)
        except ReaderError as exc:
            yield ItemError(origin, str(exc).removeprefix(f"{origin}: "))
            continue
        yield Document(
            text=text,
            title=title,
            published=_entry_date(entry) or published,
            url=entry.get("link") or None,
            source=feed_title,
            origin=origin,
            source_id=_entry_id(entry) or origin,
        )


def _entry_id(entry) -> str | None:
    """The entry's own id (Atom ``id``, RSS ``guid``), else its link."""
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
