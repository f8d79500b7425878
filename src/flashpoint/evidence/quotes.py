"""Quotations and reported speech, with the cue verb and the speaker.

Quotation marks are paired per paragraph (curly marks by direction, straight marks by alternation); a
quotation still open at the end of a paragraph closes there and the next paragraph that opens with a
quotation mark continues it, the journalistic convention. Each quoted paragraph is one record.

The speaker of a quotation is, in order: the subject of a speech verb ("said", "told", "according to")
in the sentence where the quotation ends or starts; the speaker of the quotation it continues; the
speaker of a speech verb in the previous sentence of the paragraph; else the document's last speaker
(a quotation with no cue of its own usually continues the current speaker). Pronoun subjects ("he
said") resolve to the last speaker, or to the last person named. Short quotations without any cue
(three words or fewer) and quoted titles ("Journal of Political Risk") are scare quotes and titles,
not speech. Reported speech is a speech or belief verb with a clausal complement and no quotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from flashpoint.evidence.analysis import DocAnalysis, PersonRef
from flashpoint.evidence.records import Quote, Speaker

_CUES = yaml.safe_load((Path(__file__).with_name("data") / "cues.yaml").read_text(encoding="utf-8"))
SPEECH = frozenset(_CUES["speech"])
BELIEF = frozenset(_CUES["belief"])
ACCORDING = frozenset(_CUES["according"])
SPEAKER_PRONOUNS = frozenset(_CUES["speaker_pronouns"])
_OPEN, _CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'
_SUBJ = ("nsubj", "nsubjpass")
_NP_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod"})
_MAX_SCARE_WORDS = 3


@dataclass(slots=True)
class QuoteSpan:
    """A quoted stretch of one paragraph: content is ``text[start:end]`` (marks excluded)."""

    start: int
    end: int
    continues: bool  # opens a paragraph and continues a quotation left open before it
    speaker: Speaker | None = None


def quote_spans(text: str) -> list[QuoteSpan]:
    """Pair the quotation marks of ``text`` paragraph by paragraph (see the module docstring)."""
    spans: list[QuoteSpan] = []
    open_at = -1
    carried = False  # the previous paragraph ended inside a quotation
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        line = text[pos:line_end]
        if line.strip():
            open_at = -1
            continues = False
            for i, ch in enumerate(line):
                if ch not in (_OPEN, _CLOSE, _STRAIGHT):
                    continue
                opening = ch == _OPEN or (ch == _STRAIGHT and open_at < 0)
                if opening and open_at < 0:
                    continues = carried and not line[:i].strip()
                    open_at = pos + i + 1
                elif not opening and open_at >= 0:
                    spans.append(QuoteSpan(open_at, pos + i, continues))
                    open_at, continues = -1, False
            if open_at >= 0:
                spans.append(QuoteSpan(open_at, pos + len(line.rstrip()), continues))
                carried = True
            else:
                carried = False
        if nl < 0:
            break
        pos = nl + 1
    return [s for s in spans if text[s.start : s.end].strip()]


class QuoteFinder:
    """Find quotations and reported speech in a :class:`DocAnalysis`; sets ``a.speakers``."""

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer

    def find(self, a: DocAnalysis) -> list[Quote]:
        doc = a.doc
        text = doc.text
        spans = quote_spans(text)
        inside = [False] * len(doc)
        span_tokens: list[tuple[int, int]] = []
        for q in spans:
            piece = doc.char_span(q.start, q.end, alignment_mode="expand")
            s, e = (piece.start, piece.end) if piece is not None else (0, 0)
            while s < e and a.tok_sent[s] < 0:
                s += 1
            while e > s and a.tok_sent[e - 1] < 0:
                e -= 1
            inside[s:e] = [True] * (e - s)
            span_tokens.append((s, e))
        a.quote_spans = spans
        a.quote_tokens = span_tokens
        a.inside_quote = inside
        a.sentence_speaker = {}
        a.cue_speaker = {}
        out: list[Quote] = []
        state = _State()
        used: set[int] = set()  # cue tokens already attached to a quotation
        qi = 0
        for k, (s, e) in enumerate(a.bounds):
            cues = [t for t in doc[s:e] if not inside[t.i] and _is_cue(t)]
            while qi < len(spans) and (
                span_tokens[qi][1] <= span_tokens[qi][0] or a.tok_sent[span_tokens[qi][0]] <= k
            ):
                q = spans[qi]
                qs, qe = span_tokens[qi]
                qi += 1
                if qe <= qs:
                    continue
                cue = self._cue_for(a, qs, qe, k, cues)
                speaker = None
                if cue is not None:
                    used.add(cue.i)
                    speaker = self._speaker(a, cue, state)
                    if speaker is not None:
                        a.cue_speaker[cue.i] = speaker
                elif q.continues and state.last_quote is not None:
                    speaker = state.last_quote
                else:
                    prev = self._previous_cue(a, k)
                    if prev is not None:
                        speaker = self._speaker(a, prev, state)
                    elif _is_scare_or_title(text[q.start : q.end]):
                        continue
                    else:
                        speaker = state.last
                if speaker is None or _is_title(text[q.start : q.end]):
                    continue
                q.speaker = speaker
                state.set(speaker, quote=True)
                for j in range(a.tok_sent[qs], a.tok_sent[qe - 1] + 1):
                    a.sentence_speaker.setdefault(j, speaker)
                cue_text = cue.text if cue is not None else None
                content = " ".join(text[q.start : q.end].split())
                out.append(
                    Quote(
                        **a.record_base(a.tok_sent[qs]),
                        speaker=speaker,
                        cue=cue_text,
                        content=content,
                        direct=True,
                    )
                )
            reported: list[tuple[int, int]] = []
            for cue in cues:
                if cue.i in used:
                    continue
                speaker = self._speaker(a, cue, state)
                if speaker is None:
                    continue
                a.cue_speaker[cue.i] = speaker
                clause = _complement(cue)
                if (
                    clause is None
                    or any(c0 <= cue.i < c1 for c0, c1 in reported)
                    or sum(inside[clause[0] : clause[1]]) * 2 > clause[1] - clause[0]
                ):
                    continue
                reported.append(clause)
                state.set(speaker, quote=False)
                a.sentence_speaker.setdefault(k, speaker)
                start = clause[0] + (doc[clause[0]].lower_ == "that")
                content = doc[start : clause[1]].text
                out.append(
                    Quote(**a.record_base(k), speaker=speaker, cue=cue.text, content=content, direct=False)
                )
        return out

    # -- cues -----------------------------------------------------------------------------------
    def _cue_for(self, a: DocAnalysis, qs: int, qe: int, k: int, cues: list) -> object | None:
        """The speech cue of the quotation in token span ``[qs, qe)``: in the sentence where it ends,
        else where it starts; the nearest to the quotation."""
        last_sent = a.tok_sent[qe - 1]
        candidates = list(cues)
        if last_sent != k:
            s, e = a.bounds[last_sent]
            candidates += [t for t in a.doc[s:e] if not a.inside_quote[t.i] and _is_cue(t)]
        candidates = [t for t in candidates if t.lemma_ in SPEECH or t.lower_ in ACCORDING or _complement(t)]
        if not candidates:
            return None
        return min(candidates, key=lambda t: min(abs(t.i - qs), abs(t.i - qe)))

    def _previous_cue(self, a: DocAnalysis, k: int) -> object | None:
        if k == 0 or a.paragraph[k - 1] != a.paragraph[k]:
            return None
        s, e = a.bounds[k - 1]
        for t in a.doc[s:e]:
            if (
                not a.inside_quote[t.i]
                and (t.lemma_ in SPEECH or t.lower_ in ACCORDING)
                and _subject(t) is not None
            ):
                return t
        return None

    # -- speakers -------------------------------------------------------------------------------
    def _speaker(self, a: DocAnalysis, cue, state: _State) -> Speaker | None:
        subj = _subject(cue)
        if subj is None:
            return None
        lower = subj.lower_
        if lower in ("he", "she"):  # the nearest person named in this or the previous sentence, else the last
            near = _last_person_before(a, subj.i, within=1)  # speaker: "Zakharova spoke. She said ..."
            return near or state.last_person or _last_person_before(a, subj.i)
        if lower in SPEAKER_PRONOUNS:
            return state.last_person or _last_person_before(a, subj.i)
        if subj.pos_ == "PRON":
            return state.last
        idx = _person_in(a, subj)
        if idx >= 0:
            ref = a.people[idx]
            if ref.affiliation is None:
                ref.affiliation = _affiliation(a, subj)
            return Speaker(ref.name, ref.affiliation, ref.actor)
        head_tokens = [
            t for t in subj.subtree if t.i == subj.i or (t.head.i == subj.i and t.dep_ in _NP_DEPS)
        ]
        start, end = min(t.i for t in head_tokens), max(t.i for t in head_tokens) + 1
        found = [f for f in a.found_in(start, end) if f.kind != "place"]
        actor = found[0].code if found else None
        name = a.doc[start:end].text
        if name.lower().startswith(("the ", "a ", "an ")):
            name = name.split(" ", 1)[1]
        return Speaker(name, _affiliation(a, subj), actor)


class _State:
    """The document's last speaker (any) and last speaker who is a named person."""

    __slots__ = ("last", "last_person", "last_quote")

    def __init__(self) -> None:
        self.last: Speaker | None = None
        self.last_person: Speaker | None = None
        self.last_quote: Speaker | None = None

    def set(self, speaker: Speaker, *, quote: bool) -> None:
        self.last = speaker
        if " " in speaker.name or speaker.name[:1].isupper():
            self.last_person = speaker
        if quote:
            self.last_quote = speaker


def _is_cue(token) -> bool:
    lemma = token.lemma_
    if token.lower_ in ACCORDING:
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children)
    return (lemma in SPEECH or lemma in BELIEF) and token.pos_ in ("VERB", "AUX")


def _subject(cue):
    """The speaker phrase of a cue: its subject, or the object of 'according to'."""
    if cue.lower_ in ACCORDING:
        for prep in cue.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None
    token = cue
    for _ in range(3):
        for child in token.children:
            if child.dep_ in _SUBJ:
                return child
        if token.dep_ in ("conj", "xcomp") and token.head.i != token.i:
            token = token.head
        else:
            break
    return None


def _complement(cue) -> tuple[int, int] | None:
    """The token span of a cue's clausal complement ("said [that NATO will ...]"), if any."""
    for child in cue.children:
        if child.dep_ == "ccomp":
            return child.left_edge.i, child.right_edge.i + 1
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "via", "through")):
        for noun in (p for p in prep.children if p.dep_ == "pobj"):  # "said in a statement that ..."
            for clause in noun.children:
                if clause.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in clause.children):
                    return clause.left_edge.i, clause.right_edge.i + 1
    return None


def _person_in(a: DocAnalysis, subj) -> int:
    if a.tok_person[subj.i] >= 0:
        return a.tok_person[subj.i]
    for t in subj.children:
        if t.dep_ in ("compound", "appos") and a.tok_person[t.i] >= 0 and t.i < subj.i:
            return a.tok_person[t.i]
    if subj.pos_ == "NOUN":  # "a senior Western diplomat, Anna Keller, said": the name beside the description
        for t in subj.children:
            if t.dep_ == "appos" and a.tok_person[t.i] >= 0:
                return a.tok_person[t.i]
    return -1


def _last_person_before(a: DocAnalysis, i: int, within: int | None = None) -> Speaker | None:
    """The last person named before token ``i`` (within ``within`` sentences of it and outside quotation
    marks, if given)."""
    for j in range(i - 1, -1, -1):
        if within is not None and a.tok_sent[i] - a.tok_sent[j] > within:
            return None
        if within is not None and a.inside_quote and a.inside_quote[j]:
            continue  # a name inside quotation marks is talked about, not talking
        idx = a.tok_person[j]
        if idx >= 0:
            ref: PersonRef = a.people[idx]
            return Speaker(ref.name, ref.affiliation, ref.actor)
    return None


def _affiliation(a: DocAnalysis, subj) -> str | None:
    """The organisation an appositive names ("an instructor ... at Hawaii Pacific University"), or an
    organisation or state modifying the name ("NATO Secretary-General Mark Rutte")."""
    for appos in (c for c in subj.children if c.dep_ == "appos"):
        orgs = []
        for t in appos.subtree:
            if (
                t.dep_ == "pobj"
                and t.head.lower_ in ("at", "with", "of", "for")
                and t.ent_type_ in ("ORG", "GPE")
            ):
                ent = _entity(a.doc, t)
                orgs.append((("at", "with", "for", "of").index(t.head.lower_), ent))
        if orgs:
            return min(orgs, key=lambda o: o[0])[1]
        found = [f for f in a.found_in(appos.left_edge.i, appos.right_edge.i + 1) if f.kind != "place"]
        if found:
            return found[0].text
    for t in subj.lefts:
        f = a.tok_mention[t.i]
        if f >= 0 and a.found[f].kind in ("actor", "demonym", "metonym"):
            return a.found[f].text
        for tt in t.subtree:
            f = a.tok_mention[tt.i]
            if f >= 0 and a.found[f].kind in ("actor", "demonym", "metonym"):
                return a.found[f].text
    return None


def _entity(doc, token) -> str:
    if token.ent_iob_ in ("B", "I"):
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text.lstrip('"\u201c ').removeprefix("the ").strip()
    return token.text


def _is_title(content: str) -> bool:
    words = [w for w in content.strip(" ,.").split() if w.isalpha()]
    small = {"of", "the", "and", "for", "in", "on", "a", "an", "to"}
    return bool(words) and len(words) <= 8 and all(w[0].isupper() or w in small for w in words)


def _is_scare_or_title(content: str) -> bool:
    return len(content.split()) <= _MAX_SCARE_WORDS or _is_title(content)
