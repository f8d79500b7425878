"""Random and malformed text through the real pipeline (spaCy loaded once): no crash, no hang."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.evidence.ingest import get_extractor
from flashpoint.evidence.records import Document

WORDS = [
    "NATO",
    "Russia",
    "North Korea",
    "Kim Jong Un",
    "Putin",
    "Rutte",
    "Pyongyang",
    "Kremlin",
    "Ukraine",
    "he",
    "she",
    "they",
    "said",
    "told",
    "warned",
    "will",
    "not",
    "likely",
    "unlikely",
    "probably",
    "may",
    "attack",
    "deploy",
    "troops",
    "to",
    "in",
    "the",
    "next",
    "two",
    "four",
    "years",
    "by",
    "2025",
    "soon",
    "Monday",
    "Oct. 28",
    "according to",
    "experts",
    "an instructor at Hawaii Pacific University",
    ",",
    ".",
    ";",
    ":",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "\n\n",
    "-",
    "—",
    "%",
    "70",
    "percent",
    "chance",
    "?",
    "!",
]


@pytest.fixture(scope="module")
def extractor():
    return get_extractor()


def _check(extractor, texts: list[str], published: dt.date | None) -> None:
    documents = [Document(text=t, published=published) for t in texts]
    results = list(extractor.extract(documents))
    assert [r.document.doc_id for r in results] == [d.doc_id for d in documents]
    for result in results:
        text = result.document.text
        for sentence in result.sentences:
            assert 0 <= sentence.start <= sentence.end <= len(text)
            assert text[sentence.start : sentence.end] == sentence.text
        for record in result.records():
            assert record.doc_id == result.document.doc_id
            assert 0 <= record.start <= record.end <= len(text)
            record.to_json()


SETTINGS = settings(
    max_examples=25,
    deadline=5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join), min_size=1, max_size=3),
    published=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_newsy_word_salad(extractor, texts, published):
    _check(extractor, texts, published)


@SETTINGS
@given(texts=st.lists(st.text(max_size=300), min_size=1, max_size=3))
def test_arbitrary_unicode(extractor, texts):
    _check(extractor, [t.encode("utf-8", errors="replace").decode("utf-8") for t in texts], None)
