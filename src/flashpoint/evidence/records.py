"""Plain records that the evidence pipeline produces and the store keeps.

Every record points back to its sentence: ``doc_id``, ``sentence`` (0-based index in the document),
``start`` and ``end`` (character offsets of the sentence in the document text) and ``text`` (the
sentence); ``source_id`` is the input's own id for the document (a JSONL line's ``id``, a feed entry's id,
else where it was read from: the file path, ``path:line``, ``-``), so results join back to a corpus.
``to_json()`` gives the JSONL shape documented in docs/evidence.md, with ``kind`` first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_hash(text: str) -> str:
    """Return the document id: the SHA-256 of the UTF-8 text, hex, first 16 characters."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``doc_id`` is the content hash of ``text`` (see :func:`content_hash`); ``source_id`` is
    the input's id for it (default: ``origin``)."""

    text: str
    doc_id: str = ""
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # where it was read from: a path, 'path:line', a feed entry, '-'
    source_id: str | None = None  # the input's id: a JSONL 'id', a feed entry id; else origin

    def __post_init__(self) -> None:
        if not self.doc_id:
            object.__setattr__(self, "doc_id", content_hash(self.text))
        if self.source_id is None and self.origin is not None:
            object.__setattr__(self, "source_id", self.origin)


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as coded: ``code`` (ISO alpha-3 for states; NATO, ...), ``name``, the ``text`` seen."""

    code: str
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None  # ISO alpha-3


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person or body that speaks or predicts, with affiliation and the actor it resolves to."""

    name: str
    affiliation: str | None = None
    actor: str | None = None  # actor code


@dataclass(frozen=True, slots=True)
class Horizon:
    text: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class EventRef:
    event_type: str
    actor: str | None = None
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention in a sentence (character offsets are document offsets of the mention)."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    code: str
    name: str
    kind: str  # state | organisation | group | person | place


@dataclass(frozen=True, slots=True)
class Event:
    doc_id: str
    source_id: str | None = field(default=None, kw_only=True)
    sentence: int
    start: int
    end: int
    text: str
    event_type: str
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    aux_mode: str | None = None  # None | future | hypothetical | negation | historical
    attribution: str | None = (
        None  # None (the text asserts it) | reported | desired (evidence/attribution.py)
    )
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    location: Location | None = None
    date: dt.date | None = None
    cameo: str | None = None
    kind: str = "event"

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    source_id: str | None = field(default=None, kw_only=True)
    sentence: int
    start: int
    end: int
    text: str
    speaker: Speaker
    cue: str | None
    content: str
    direct: bool
    kind: str = "quote"

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


@dataclass(frozen=True, slots=True)
class Forecast:
    doc_id: str
    source_id: str | None = field(default=None, kw_only=True)
    sentence: int
    start: int
    end: int
    text: str
    predictor: Speaker | None
    proposition: str
    polarity: str  # positive | negative
    probability: float | None = None
    probability_text: str | None = None
    horizon: Horizon | None = None
    event: EventRef | None = None
    kind: str = "forecast"

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A reported number (see :mod:`flashpoint.evidence.quantities`): value, unit, qualifier, and the flow
    it describes (``actor`` the sender, ``recipient``, ``event_type`` of the sentence's event)."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    span: str  # the words read, e.g. 'more than 10,000 soldiers'
    value: float
    unit: str  # soldiers, brigades, ships, usd, percent, ...
    category: str  # troops | money | ships | aircraft | drones | munitions | vehicles | share
    high: float | None = None  # upper number of a range ('10,000 to 12,000 soldiers'); value is the lower
    qualifier: str = "exact"  # exact | range | about | at_least | up_to
    increment: bool = False  # adds to an earlier number ('3,000 more')
    actor: str | None = None
    recipient: str | None = None
    event_type: str | None = None
    kind: str = "quantity"
    source_id: str | None = field(default=None, kw_only=True)

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


def _record_json(record: Any) -> dict[str, Any]:
    data = _jsonable(record)
    return {"kind": data.pop("kind"), **data}


@dataclass(slots=True)
class DocumentResult:
    """What the pipeline extracts from one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    def records(self) -> list[Event | Quote | Forecast | Quantity]:
        """Events, quotes, forecasts and quantities in document order."""
        out: list[Event | Quote | Forecast | Quantity] = [
            *self.events,
            *self.quotes,
            *self.forecasts,
            *self.quantities,
        ]
        return sorted(out, key=lambda r: (r.sentence, r.start, r.kind))
