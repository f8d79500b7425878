"""Reported numbers with their unit and qualifier, attached to the event or flow they describe.

"more than 10,000 soldiers", "about 3,000 more", "$2 billion", "12 ships", "approximately two brigades of
troops", "about 60% of the territory". Each :class:`~flashpoint.evidence.records.Quantity` carries:

- ``value`` (the number, scaled: "2 billion" -> 2e9), ``unit`` (the noun as counted, plural: soldiers,
  brigades, ships, usd, percent) and ``category`` (troops, money, ships, aircraft, drones, munitions,
  vehicles, share, other);
- ``qualifier``: exact, range, about, at_least (more than, over, at least), up_to (up to, as many as, at most,
  fewer than, under);
- ``increment``: the number adds to an earlier one ("3,000 more", "a further 2,000", "additional");
- the flow it describes: ``actor`` (the sender: the first actor named before the number in the sentence,
  or, for a sentence with none, the first actor of the previous sentence in the same paragraph), ``recipient``
  (an actor after "to" in the sentence), and ``event_type`` (the sentence's coded event whose actor is the
  sender, else its first event).

Rules, not statistics: they read numbers as written in English news. A range ("10,000 to 12,000 soldiers",
"between 5 and 8 ships") is one quantity: ``value`` its lower and ``high`` its upper number (qualifier
``range``). Dates and years are not quantities (a four-digit 1800-2099 without a thousands separator reads as
a year, so "2005 soldiers" is missed; "2,005 soldiers" is read).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flashpoint.evidence.records import Event, Mention, Quantity, Sentence
from flashpoint.evidence.timex import CARDINALS

_WORDS = {
    **CARDINALS,
    "a dozen": 12,
    "dozens of": 24,
    "hundreds of": 200,
    "thousands of": 2000,
}
_FRACTIONS = {
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two-thirds": 200 / 3,
    "a quarter": 25.0,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = {
    "troops": "troops",
    "soldiers": "troops",
    "personnel": "troops",
    "fighters": "troops",
    "servicemen": "troops",
    "brigades": "troops",
    "battalions": "troops",
    "divisions": "troops",
    "ships": "ships",
    "vessels": "ships",
    "warships": "ships",
    "aircraft": "aircraft",
    "jets": "aircraft",
    "drones": "drones",
    "missiles": "munitions",
    "shells": "munitions",
    "rockets": "munitions",
    "rounds": "munitions",
    "tanks": "vehicles",
    "vehicles": "vehicles",
}
_SINGULAR = {u.rstrip("s"): u for u in _UNITS if u.endswith("s")} | {
    "aircraft": "aircraft",
    "personnel": "personnel",
}
_QUALIFIERS = [
    (r"about|approximately|around|roughly|some|nearly|almost|an estimated|estimated|close to", "about"),
    (r"more than|over|at least|upwards of|in excess of", "at_least"),
    (r"up to|as many as|at most|fewer than|less than|under", "up_to"),
]
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_FRAC = "|".join(sorted((re.escape(w) for w in _FRACTIONS), key=len, reverse=True))
_QUAL = "|".join(q for q, _ in _QUALIFIERS)
_PATTERN = re.compile(
    rf"(?P<qual>\b(?:{_QUAL})\s+)?(?P<pre>\b(?:a further|another|an additional|additional|further)\s+)?"
    rf"(?:(?P<usd>\$\s?)(?P<money>{_NUM})(?:\s+(?P<mscale>thousand|million|billion|trillion))?"
    rf"|(?P<num>{_NUM})(?:\s*(?:-|\u2013|to|and)\s*(?P<num2>{_NUM}))?"
    rf"(?:\s*(?P<pct>%|percent\b|per cent\b))?(?:\s+(?P<scale>thousand|million|billion))?"
    rf"|\b(?P<word>{_WORD_NUM})\b|\b(?P<frac>{_FRAC})\b)"
    rf"(?P<more>\s+more)?"
    rf"(?:\s+(?:[A-Z][\w'-]*\s+){{0,2}}(?P<unit>[a-z]+))?",
)
_YEARS = re.compile(r"^(1[89]|20)\d\d$")
_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|"
    r"Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$"
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _qualifier(text: str | None) -> str:
    if not text:
        return "exact"
    word = text.strip().lower()
    for pattern, name in _QUALIFIERS:
        if re.fullmatch(pattern, word):
            return name
    return "exact"


def _unit(m: re.Match) -> tuple[str | None, int]:
    """The unit and where the quantity's words end."""
    if m.group("usd"):
        return "usd", m.end("mscale") if m.group("mscale") else m.end("money")
    word = m.group("unit")
    if word in _UNITS or word in _SINGULAR:
        return (word if word in _UNITS else _SINGULAR[word]), m.end("unit")
    if m.group("pct") or m.group("frac"):
        return "percent", m.end("pct") if m.group("pct") else m.end("frac")
    return None, m.end()


def find_quantities(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    events: Sequence[Event],
    paragraph: Sequence[int] | None = None,
) -> list[Quantity]:
    """Return the quantities of a document's sentences, each attached to its actor, recipient and event.

    Parameters
    ----------
    sentences, mentions, events : sequences of records of one document
        As the pipeline produces them (mentions and events carry their sentence index).
    paragraph : sequence of int, optional
        Paragraph number per sentence (same order as ``sentences``); the previous sentence lends its actor
        only within a paragraph.
    """
    by_sentence: dict[int, list[Mention]] = {}
    text_of = {sent.index: sent for sent in sentences}
    for mention in mentions:
        sent = text_of.get(mention.sentence)
        before = sent.text[: mention.start - sent.start].rstrip().lower() if sent else ""
        if mention.code and not before.endswith(
            (" in", " at", " near", " from", " of")
        ):  # places are not actors
            by_sentence.setdefault(mention.sentence, []).append(mention)
    events_in: dict[int, list[Event]] = {}
    for event in events:
        events_in.setdefault(event.sentence, []).append(event)
    out: list[Quantity] = []
    for pos, sent in enumerate(sentences):
        found = list(_PATTERN.finditer(sent.text))
        for m in found:
            quantity = _read(m, sent)
            if quantity is None:
                continue
            value, high, unit, span = quantity
            here = [x for x in by_sentence.get(sent.index, []) if x.start - sent.start < m.start()]
            to_actor = _after_to(sent, by_sentence.get(sent.index, []))
            senders = [x for x in here if x.code != to_actor][-1:]  # the nearest before the number
            if not senders and pos > 0 and (paragraph is None or paragraph[pos] == paragraph[pos - 1]):
                prev = sentences[pos - 1]
                prev_to = _after_to(prev, by_sentence.get(prev.index, []))
                senders = [x for x in by_sentence.get(prev.index, []) if x.code != prev_to][:1]  # its subject
                to_actor = to_actor or prev_to
            actor = senders[0].code if senders else None
            sentence_events = events_in.get(sent.index, [])
            event = next((e for e in sentence_events if e.actor and e.actor.code == actor), None)
            event = event or (sentence_events[0] if sentence_events else None)
            out.append(
                Quantity(
                    doc_id=sent.doc_id,
                    sentence=sent.index,
                    start=sent.start,
                    end=sent.end,
                    text=sent.text,
                    span=span,
                    value=value,
                    unit=unit,
                    category="share" if unit == "percent" else ("money" if unit == "usd" else _UNITS[unit]),
                    high=high,
                    qualifier="range" if high is not None else _qualifier(m.group("qual")),
                    increment=bool(m.group("more") or m.group("pre")),
                    actor=actor,
                    recipient=to_actor,
                    event_type=event.event_type if event else None,
                )
            )
    return out


def _read(m: re.Match, sent: Sentence) -> tuple[float, float | None, str, str] | None:
    unit, end = _unit(m)
    high = None
    if unit is None:
        return None
    if m.group("money"):
        value = _number(m.group("money")) * _SCALE.get(m.group("mscale") or "", 1.0)
    elif m.group("num"):
        raw = m.group("num")
        if _YEARS.match(raw) and not m.group("pct") or _MONTHS.search(sent.text[: m.start("num")]):
            return None
        value = _number(raw) * _SCALE.get(m.group("scale") or "", 1.0)
        if m.group("num2"):  # a range: "10,000 to 12,000 soldiers", "between 5 and 8 ships"
            high = _number(m.group("num2")) * _SCALE.get(m.group("scale") or "", 1.0)
            value, high = min(value, high), max(value, high)
    elif m.group("word"):
        value = float(_WORDS[m.group("word").lower()])
    else:
        value = _FRACTIONS[m.group("frac").lower()]
    span = sent.text[m.start() : end].strip()
    return value, high, unit, span


def _after_to(sent: Sentence, mentions: Sequence[Mention]) -> str | None:
    for x in mentions:
        before = sent.text[: x.start - sent.start].rstrip().lower()
        if (before.endswith(" to") or before.endswith(" into")) and not before.endswith("according to"):
            return x.code
    return None
