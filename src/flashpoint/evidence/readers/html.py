"""HTML pages: boilerplate removed with trafilatura; title, date and URL from the page metadata.

The page is data, never markup: only its text is kept. Scripts and styles are dropped, nothing is
fetched or executed. A page that trafilatura cannot extract from (truncated, or too short for its
heuristics) falls back to the visible text of the parsed tree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from flashpoint.errors import ReaderError
from flashpoint.evidence.readers.dates import parse_date
from flashpoint.evidence.readers.source import ItemError, Source, check_text, decode_text
from flashpoint.evidence.records import Document

_DROP = ("script", "style", "noscript", "template", "nav", "footer", "header", "aside", "form", "svg")
_BLOCK = re.compile(r"[ \t\f\v]*\n\s*")


def visible_text(html: str) -> str:
    """Visible text of a (possibly broken) page: lxml's forgiving parser, block elements as lines."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(tree.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in tree.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "article", "section"):
        element.tail = "\n" + (element.tail or "")
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    lines = [" ".join(line.split()) for line in _BLOCK.split(text)]
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Return the article text of an HTML page and its metadata (title, date, url, sitename)."""
    import trafilatura

    result = None
    try:
        result = trafilatura.bare_extraction(
            html,
            include_comments=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - trafilatura raises many kinds on broken pages; fall back
        result = None
    meta: dict[str, str | None] = {}
    text = ""
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        text = data.get("text") or ""
        meta = {key: data.get(key) for key in ("title", "date", "url", "sitename")}
    if len(text.strip()) < 20:
        text = visible_text(html) or text
    return text, meta


def read_html(source: Source, published: dt.date | None = None) -> Iterator[Document | ItemError]:
    """Read one HTML page as an article; the page's own date comes first, then ``published``."""
    html = decode_text(source.read_bytes(), source.origin)
    text, meta = html_to_text(html)
    if not text.strip():
        raise ReaderError(f"{source.origin}: no article text: expected an HTML page with text; got none")
    yield Document(
        text=check_text(text, source.origin),
        title=meta.get("title") or None,
        published=parse_date(meta.get("date")) or published,
        url=meta.get("url") or None,
        source=meta.get("sitename") or None,
        origin=source.origin,
    )
