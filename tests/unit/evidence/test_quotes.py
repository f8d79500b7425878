from __future__ import annotations

import datetime as dt

from flashpoint.evidence.quotes import quote_spans
from flashpoint.evidence.records import Document


def _spans(text):
    return [(text[s.start : s.end], s.continues) for s in quote_spans(text)]


def test_quotation_marks_pair_per_paragraph():
    text = 'He said "one" and \u201ctwo\u201d.\n"Open paragraph ends open.\n"Continues here," he said.'
    assert _spans(text) == [
        ("one", False),
        ("two", False),
        ("Open paragraph ends open.", False),
        ("Continues here,", True),
    ]
    assert quote_spans("no quotes at all") == []
    assert quote_spans('an unpaired " mark') == [] or all(
        s.end > s.start for s in quote_spans('an unpaired " mark')
    )


def _quotes(extractor, text, published=dt.date(2024, 11, 5)):
    result = next(extractor.extract([Document(text=text, published=published)]))
    return result.quotes


def test_speakers_through_appositives_pronouns_and_continued_paragraphs(extractor):
    text = (
        '"We are monitoring the border closely," said Maria Lopez, an analyst at the '
        "Baltic Security Institute.\n\n"
        '"The next months will be decisive," she told reporters.\n\n'
        '"Nobody wants a wider war. But the risk is real.\n\n'
        '"And the alliance must prepare for it," she added.\n\n'
        'NATO Secretary General Mark Rutte called it a "dangerous escalation" of the war.'
    )
    quotes = [q for q in _quotes(extractor, text) if q.direct]
    speakers = [(q.content[:20], q.speaker.name) for q in quotes]
    assert speakers[:4] == [
        ("We are monitoring th", "Maria Lopez"),
        ("The next months will", "Maria Lopez"),
        ("Nobody wants a wider", "Maria Lopez"),
        ("And the alliance mus", "Maria Lopez"),
    ]
    assert quotes[0].speaker.affiliation == "Baltic Security Institute"
    assert quotes[0].cue == "said" and quotes[1].cue == "told"
    rutte = quotes[-1]
    assert rutte.content == "dangerous escalation" and rutte.speaker.name == "Mark Rutte"
    assert rutte.speaker.actor == "NATO" and rutte.speaker.affiliation == "NATO"


def test_scare_quotes_and_titles_are_not_speech(extractor):
    text = 'The so-called "axis of evil" met again. He writes for the "Journal of Political Risk" every week.'
    assert [q for q in _quotes(extractor, text) if q.direct] == []


def test_reported_speech_and_provenance(extractor):
    text = "Officials met on Monday.\nPutin said that Russia would respond to any attack."
    quotes = _quotes(extractor, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert (
        not q.direct and q.cue == "said" and q.speaker.name == "Vladimir Putin" and q.speaker.actor == "RUS"
    )
    assert q.content.startswith("Russia would respond")
    assert q.sentence == 1 and text[q.start : q.end] == q.text
    assert q.to_json()["kind"] == "quote"
