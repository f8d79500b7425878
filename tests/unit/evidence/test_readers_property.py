"""Random and malformed input to every reader: a Document or an ItemError each time, never a crash or hang."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.evidence.readers import READERS, ItemError, iter_documents
from flashpoint.evidence.readers.source import MAX_TEXT_CHARS
from flashpoint.evidence.records import Document, content_hash

SETTINGS = settings(
    max_examples=40,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FRAGMENTS = [
    "<html>",
    "<body>",
    "<p>",
    "</p>",
    "<div class='x'>",
    "</div>",
    "<script>alert(1)</script>",
    "<b>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version='1.0'?>",
    "<rss>",
    "<channel>",
    "<item>",
    "<title>",
    "</title>",
    "<description>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<entry>",
    "<content type='html'>",
    "<!DOCTYPE x [",
    "<!ENTITY a 'aaaa'>",
    "]>",
    "&a;",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "\x00",
    "\ufeff",
    "{",
    "}",
    "[",
    "]",
    '"text": ',
    '"id": 1, ',
    '"published": "2024-02-30"',
    "\n",
    "\r\n",
    " ",
    "é",
    "ß",
    "NATO said troops moved.",
    '"We will win," Putin said.',
    "\udcff",
]


def _check(items: list) -> None:
    for item in items:
        assert isinstance(item, Document | ItemError), item
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
            assert len(item.text) <= MAX_TEXT_CHARS
            assert item.doc_id == content_hash(item.text)
        else:
            assert item.origin and item.message


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=st.binary(max_size=3000), fmt=st.sampled_from([None, *READERS]))
def test_random_bytes(tmp_path, data, fmt):
    path = _write(tmp_path, "input", data)
    _check(list(iter_documents([path], fmt=fmt)))


@SETTINGS
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=60),
    name=st.sampled_from(["a.txt", "a.html", "a.xml", "a.jsonl", "noext"]),
)
def test_malformed_markup_and_json(tmp_path, parts, name):
    data = "".join(parts).encode("utf-8", errors="surrogatepass")
    path = _write(tmp_path, name, data)
    _check(list(iter_documents([path])))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=12,
)
LINE = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "text": st.text(max_size=80) | JSON_VALUES,
        "title": JSON_VALUES,
        "published": st.sampled_from(["2024-11-05", "Nov. 5, 2024", "garbage", "2024-02-30"]) | JSON_VALUES,
        "url": JSON_VALUES,
        "source": JSON_VALUES,
    },
)


@SETTINGS
@given(lines=st.lists(LINE | JSON_VALUES, max_size=15))
def test_random_jsonl_lines_each_give_a_document_or_an_error(tmp_path, lines):
    text = "\n".join(json.dumps(line) for line in lines)
    path = _write(tmp_path, "c.jsonl", text.encode("utf-8", errors="surrogatepass"))
    items = list(iter_documents([path]))
    _check(items)
    if lines:  # one item per line: a document or that line's error
        assert len(items) == len(lines)
