"""What the extractors share about one parsed document: sentences, paragraphs, actor and person spans.

Built once per document from the spaCy ``Doc``; every extractor reads token attributes and these
per-token lists (``tok_sent``, ``tok_mention``, ``tok_person``) instead of re-scanning the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flashpoint.evidence.records import Document, Mention, Sentence


@dataclass(slots=True)
class Found:
    """An actor or place found in the text (token span ``[start, end)`` of the spaCy doc).

    ``kind``: actor, demonym, capital, metonym, person or place (the gazetteer alias kind).
    ``code``: the actor code it resolves to (for places, the country; may be None).
    """

    start: int
    end: int
    kind: str
    code: str | None
    name: str
    text: str
    category: str = "STATE"
    place: str | None = None  # place name when the span names a location (places and capitals)


@dataclass(slots=True)
class PersonRef:
    """A person named in the document, with what the gazetteer or the text says about them."""

    name: str
    actor: str | None = None
    affiliation: str | None = None
    role: str | None = None


@dataclass(slots=True)
class DocAnalysis:
    doc: object  # spacy.tokens.Doc
    document: Document
    offset: int  # character offset of this piece in the document text
    first_sentence: int  # index of this piece's first sentence in the document
    sentences: list[Sentence] = field(default_factory=list)
    bounds: list[tuple[int, int]] = field(default_factory=list)  # token [start, end) per sentence
    paragraph: list[int] = field(default_factory=list)  # paragraph number per sentence
    tok_sent: list[int] = field(default_factory=list)  # sentence (local index) per token, -1 for none
    found: list[Found] = field(default_factory=list)
    tok_mention: list[int] = field(default_factory=list)  # index into found per token, -1 for none
    people: list[PersonRef] = field(default_factory=list)
    tok_person: list[int] = field(default_factory=list)  # index into people per token, -1 for none
    mentions: list[Mention] = field(default_factory=list)
    # set by the quote finder: quoted character spans, their token spans, per-token "inside a quotation",
    # and the speaker of each sentence that has one (local sentence index -> Speaker)
    quote_spans: list = field(default_factory=list)
    quote_tokens: list[tuple[int, int]] = field(default_factory=list)
    inside_quote: list[bool] = field(default_factory=list)
    sentence_speaker: dict = field(default_factory=dict)
    cue_speaker: dict = field(default_factory=dict)  # speech/belief cue token -> Speaker
    event_anchor: list = field(default_factory=list)  # (Event, anchor token index), set by the event coder
    dateline: set = field(default_factory=set)  # tokens of a wire dateline ("KYIV, Ukraine —"), set by actors
    _dates: dict | None = None

    @property
    def published(self) -> dt.date | None:
        return self.document.published

    @classmethod
    def build(cls, doc, document: Document, offset: int = 0, first_sentence: int = 0) -> DocAnalysis:
        n = len(doc)
        self = cls(doc, document, offset, first_sentence, tok_sent=[-1] * n)
        text = doc.text
        para, prev_end = 0, 0
        for span in doc.sents:
            s, e = span.start, span.end
            while s < e and doc[s].is_space:
                s += 1
            while e > s and doc[e - 1].is_space:
                e -= 1
            if s == e:
                continue
            start_char = doc[s].idx
            end_char = doc[e - 1].idx + len(doc[e - 1])
            if self.sentences and "\n" in text[prev_end:start_char]:
                para += 1
            prev_end = end_char
            local = len(self.sentences)
            self.sentences.append(
                Sentence(
                    document.doc_id,
                    first_sentence + local,
                    offset + start_char,
                    offset + end_char,
                    text[start_char:end_char],
                )
            )
            self.bounds.append((s, e))
            self.paragraph.append(para)
            self.tok_sent[s:e] = [local] * (e - s)
        self.tok_mention = [-1] * n
        self.tok_person = [-1] * n
        return self

    # -- helpers used by the extractors ---------------------------------------------------------
    def dates_in(self, local: int) -> list[tuple[int, int]]:
        """Token spans of the DATE entities in local sentence ``local`` (computed once per document)."""
        if self._dates is None:
            self._dates = {}
            for ent in self.doc.ents:
                if ent.label_ == "DATE":
                    self._dates.setdefault(self.tok_sent[ent.start], []).append((ent.start, ent.end))
        return self._dates.get(local, [])

    def sentence_of(self, token_i: int) -> int:
        return self.tok_sent[token_i]

    def record_base(self, local: int) -> dict:
        """The provenance fields every record carries, for local sentence ``local``."""
        sent = self.sentences[local]
        return {
            "doc_id": sent.doc_id,
            "sentence": sent.index,
            "start": sent.start,
            "end": sent.end,
            "text": sent.text,
        }

    def found_in(self, start: int, end: int) -> list[Found]:
        """Actors/places found in token range ``[start, end)``, in order, each once."""
        out, seen = [], set()
        tm = self.tok_mention
        for i in range(start, end):
            m = tm[i]
            if m >= 0 and m not in seen:
                seen.add(m)
                out.append(self.found[m])
        return out
