from __future__ import annotations

import datetime as dt
import types

import pytest

from flashpoint.errors import InputError
from flashpoint.evidence import pipeline
from flashpoint.evidence.nlp import load_nlp
from flashpoint.evidence.pipeline import Extractor, extract_text
from flashpoint.evidence.records import Document

TEXT = (
    "North Korea has sent troops to aid Russia, NATO said on Monday.\n\n"
    '"This is a dangerous escalation," Rutte said.\n\n'
    "Analysts expect that Russia will deploy them to the Kursk region soon."
)


def test_results_come_lazily_in_input_order_with_provenance(extractor):
    docs = [Document(text=f"{TEXT}\n\nItem {i}.", published=dt.date(2024, 11, 5)) for i in range(5)]
    results = extractor.extract(iter(docs), batch_size=2)
    assert isinstance(results, types.GeneratorType)
    results = list(results)
    assert [r.document.doc_id for r in results] == [d.doc_id for d in docs]
    r = results[0]
    assert [s.index for s in r.sentences] == list(range(len(r.sentences)))
    for rec in [*r.sentences, *r.events, *r.quotes, *r.forecasts]:
        assert r.document.text[rec.start : rec.end] == rec.text
    for m in r.mentions:
        assert r.document.text[m.start : m.end] == m.text
    assert {m.code for m in r.mentions} >= {"PRK", "RUS", "NATO"}
    assert r.records() == sorted(r.records(), key=lambda x: (x.sentence, x.start, x.kind))


def test_paragraphs_never_merge_into_one_sentence(extractor):
    r = next(
        extractor.extract([Document(text="A caption without a full stop\nThe next paragraph starts here.")])
    )
    assert [s.text for s in r.sentences] == [
        "A caption without a full stop",
        "The next paragraph starts here.",
    ]


def test_worker_processes_give_the_same_results(extractor):
    docs = [Document(text=f"{TEXT} Item {i}.", published=dt.date(2024, 11, 5)) for i in range(6)]
    one = [r.records() for r in extractor.extract(docs, batch_size=2)]
    two = [r.records() for r in extractor.extract(docs, n_process=2, batch_size=2)]
    assert one == two


def test_long_texts_are_cut_at_line_breaks_and_merged(extractor, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_PIECE_CHARS", 300)
    text = "\n".join([TEXT] * 4)
    r = next(extractor.extract([Document(text=text, published=dt.date(2024, 11, 5))]))
    assert [s.index for s in r.sentences] == list(range(len(r.sentences)))
    for rec in [*r.sentences, *r.events, *r.quotes]:
        assert text[rec.start : rec.end] == rec.text
    assert sum(q.direct for q in r.quotes) == 4 and len(r.quotes) == 12  # 1 direct + 2 reported per copy


def test_empty_and_odd_input(extractor):
    r = next(extractor.extract([Document(text="")]))
    assert r.sentences == [] and r.records() == []
    r = next(extractor.extract([Document(text="\x00\ufeff ]]>  \n\n \u202e")]))
    assert r.records() == []
    with pytest.raises(InputError, match="expected Document"):
        list(extractor.extract(["just a string"]))
    with pytest.raises(InputError, match="n_process"):
        list(extractor.extract([], n_process=0))


def test_extract_text_and_model_errors():
    r = extract_text(TEXT, published="2024-11-05")
    assert r.document.published == dt.date(2024, 11, 5) and r.events
    with pytest.raises(InputError, match="ISO date"):
        extract_text(TEXT, published="5 Nov")
    with pytest.raises(InputError, match="not-a-model"):
        load_nlp("not-a-model")


def test_entity_sources_are_checked_and_each_finds_a_speaker():
    from flashpoint.evidence.nlp import ENTITY_SOURCES

    with pytest.raises(InputError, match="entities: expected one of rules, ner, ner\\+rules; got 'crf'"):
        Extractor(entities="crf")
    text = '"We will not retreat," said Ngozi Adeyemi, a spokeswoman for the Nigerian army, on Monday.'
    for source in ENTITY_SOURCES:
        ex = Extractor(entities=source)
        assert ex.nlp.meta["flashpoint_entities"] == source
        assert ("ner" in ex.nlp.pipe_names) == (source != "rules")
        result = next(ex.extract([Document(text=text)]))
        assert [q.speaker.name for q in result.quotes] == ["Ngozi Adeyemi"], source
