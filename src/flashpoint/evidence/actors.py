"""Finding actors, places and persons in a parsed document.

Gazetteer aliases are matched with one spaCy ``PhraseMatcher`` (case-sensitive, longest match wins).
Persons come from the gazetteer and from the parser's PERSON entities; within a document a later bare
surname ("Schuster") refers back to the full name met earlier ("Carl Schuster").
"""

from __future__ import annotations

import re

from flashpoint.evidence.analysis import DocAnalysis, Found, PersonRef
from flashpoint.evidence.gazetteer import Gazetteer
from flashpoint.evidence.records import Mention

_MENTION_KIND = {"actor": None, "demonym": "state", "capital": "place", "metonym": "state", "place": "place"}
_HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Gen.", "Sen.", "Prof."})


#: "X-based", "X-occupied": the name says where something is, not who acts (a place, never an actor).
_LOCATIVE = frozenset({"based", "occupied", "held", "controlled", "registered", "headquartered", "flagged"})


def _locative_modifier(doc, end: int) -> bool:
    """Whether the name ending at token ``end`` is glued by a hyphen to a locative participle."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _LOCATIVE


#: An all-capital heading glued to the name after it by lost whitespace ("BREAKINGJohn", "ANALYSISMaria").
_HEADING_GLUED = re.compile(r"^[A-Z]{2,}(?=[A-Z][a-z])")
_CURRENCY_WORDS = frozenset({"$", "dollar", "dollars", "cents"})


def _currency(doc, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` qualifies money ("US $50 million", "U.S. dollars")."""
    return end < len(doc) and doc[end].lower_ in _CURRENCY_WORDS


_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})


def _datelines(a: DocAnalysis) -> set[int]:
    """Tokens of wire datelines: a sentence that opens with a place in capitals ("KYIV, Ukraine —", "BEIRUT
    (Reuters) -", "MOSCOW, Nov 5 (Reuters) -", "WASHINGTON —": a comma, a bracket or the dash next) and has a
    dash within its first 12 tokens, up to and including the dash. Not an organisation ("NATO — ...")."""
    doc = a.doc
    out: set[int] = set()
    for s, e in a.bounds:
        while s < e and doc[s].is_space:
            s += 1
        first = doc[s] if s < e else None
        if first is None or not (first.is_upper and first.is_alpha and len(first) > 2):
            continue
        m = a.tok_mention[first.i]
        if m >= 0 and a.found[m].kind == "actor" and a.found[m].category != "STATE":
            continue  # "NATO — the alliance — said": an organisation, not a place line
        if s + 1 < e and doc[s + 1].text not in (",", "(") and doc[s + 1].text not in _DASHES:
            continue
        for i in range(s + 1, min(e, s + 12)):
            if doc[i].text in _DASHES:
                out.update(range(s, i + 1))
                break
    return out


def _as_place(f: Found) -> Found:
    return Found(f.start, f.end, "place", f.code, f.name, f.text, f.category, f.place or f.text)


class ActorFinder:
    """Annotate a :class:`DocAnalysis` with gazetteer matches and persons."""

    def __init__(self, nlp, gazetteer: Gazetteer) -> None:
        from spacy.matcher import PhraseMatcher

        self.gaz = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.key_alias: dict[int, str] = {}
        # Surname -> gazetteer person, for resolving persons the text names in full in another form.
        self.surnames: dict[str, str] = {}
        texts = sorted(gazetteer.aliases)
        for text, doc in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
            key = nlp.vocab.strings.add("fp:" + text)
            self.key_alias[key] = text
            self.matcher.add("fp:" + text, [doc])
        for person in gazetteer.persons.values():
            self.surnames.setdefault(person.name.split()[-1], person.name)

    def annotate(self, a: DocAnalysis) -> None:
        doc = a.doc
        date = a.published
        spans = sorted(self.matcher(doc), key=lambda m: (m[1], m[1] - m[2]))
        taken_until = -1
        for key, start, end in spans:
            if start < taken_until:
                continue
            alias = self.gaz.aliases[self.key_alias[key]]
            if alias.kind != "person" and _inside_person(doc, start, end):
                continue
            found = self._found(alias, doc, start, end, date, a)
            if found is None:
                continue
            if found.kind != "person" and _currency(doc, start, end):
                continue  # "US $50 million", "50 million U.S. dollars": money, not an actor
            if found.kind != "person" and _locative_modifier(doc, end):  # "a London-based group"
                found = Found(
                    start, end, "place", found.code, found.name, found.text, found.category, found.text
                )
            taken_until = end
            a.tok_mention[start:end] = [len(a.found)] * (end - start)
            a.found.append(found)
        a.dateline = _datelines(a)
        a.found[:] = [_as_place(f) if f.start in a.dateline else f for f in a.found]  # a dateline places
        self._people(a)
        for f in a.found:
            local = a.tok_sent[f.start]
            if local < 0:
                continue
            kind = _MENTION_KIND.get(f.kind) or ("person" if f.kind == "person" else _actor_kind(f.category))
            sent = a.sentences[local]
            a.mentions.append(
                Mention(
                    sent.doc_id,
                    sent.index,
                    a.offset + doc[f.start].idx,
                    a.offset + doc[f.end - 1].idx + len(doc[f.end - 1]),
                    f.text,
                    f.code or "",
                    f.name,
                    kind,
                )
            )

    def _found(self, alias, doc, start: int, end: int, date, a: DocAnalysis) -> Found | None:
        text = doc[start:end].text
        gaz = self.gaz
        if alias.kind == "person":
            person = gaz.persons[alias.key]
            code = person.actor_on(date)
            actor = gaz.actors.get(code) if code else None
            role = person.role_on(date)
            a.tok_person[start:end] = [len(a.people)] * (end - start)
            a.people.append(
                PersonRef(person.name, code, actor.short if actor else None, role.role if role else None)
            )
            return Found(start, end, "person", code, person.name, text, actor.category if actor else "STATE")
        if alias.kind == "place":
            place = gaz.places[alias.key]
            return Found(start, end, "place", place.country, place.name, text, "STATE", place.name)
        actor = gaz.actors.get(alias.key)
        if actor is None:
            return None
        place = text if alias.kind == "capital" else None
        return Found(start, end, alias.kind, actor.code, actor.name, text, actor.category, place)

    def _people(self, a: DocAnalysis) -> None:
        """Register PERSON entities; resolve bare surnames to full names met earlier in the text."""
        doc = a.doc
        by_surname: dict[str, int] = {}
        for i, ref in enumerate(a.people):
            by_surname.setdefault(ref.name.split()[-1], i)
        tokens_person = a.tok_person
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            s, e = ent.start, ent.end
            while s < e and (doc[s].text in _HONORIFICS or not doc[s].is_alpha and doc[s].text not in "-'"):
                s += 1
            while e > s and (doc[e - 1].is_punct or doc[e - 1].text == "'s"):
                e -= 1
            if s >= e or tokens_person[s] >= 0 or any(m >= 0 for m in a.tok_mention[s:e]):
                continue
            words = _HEADING_GLUED.sub("", doc[s:e].text)  # "BREAKINGJohn Kirby": the heading is no name
            surname = doc[e - 1].text
            if e - s == 1 and surname in by_surname:
                idx = by_surname[surname]
            elif e - s == 1 and surname in self.surnames:
                idx = self._gazetteer_person(a, self.surnames[surname])
                by_surname[surname] = idx
            else:
                if surname in self.surnames and self.surnames[surname].split()[0] == doc[s].text:
                    idx = self._gazetteer_person(a, self.surnames[surname])
                else:
                    idx = len(a.people)
                    a.people.append(PersonRef(words))
                by_surname[surname] = idx
            tokens_person[s:e] = [idx] * (e - s)
        # Surnames the entity recogniser missed ("Corr said") still refer back; a one-word name
        # met with a capitalised first name before it ("Anders Corr, principal at ...") gets it.
        for token in doc:
            if token.pos_ != "PROPN" or token.text not in by_surname:
                continue
            idx = by_surname[token.text]
            if tokens_person[token.i] < 0:
                tokens_person[token.i] = idx
            prev = doc[token.i - 1] if token.i else None
            ref = a.people[idx]
            if (
                prev is not None
                and " " not in ref.name
                and prev.pos_ == "PROPN"
                and prev.dep_ == "compound"
                and prev.head.i == token.i
                and prev.is_title
                and a.tok_mention[prev.i] < 0
            ):
                ref.name = f"{prev.text} {ref.name}"
                tokens_person[prev.i] = idx

    def _gazetteer_person(self, a: DocAnalysis, name: str) -> int:
        for i, ref in enumerate(a.people):
            if ref.name == name:
                return i
        person = self.gaz.persons[name]
        code = person.actor_on(a.published)
        actor = self.gaz.actors.get(code) if code else None
        role = person.role_on(a.published)
        a.people.append(PersonRef(name, code, actor.short if actor else None, role.role if role else None))
        return len(a.people) - 1


def _inside_person(doc, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside a longer PERSON entity ("Jordan Peterson")."""
    first = doc[start]
    if first.ent_type_ != "PERSON":
        return False
    return first.ent_iob_ == "I" or (end < len(doc) and doc[end].ent_iob_ == "I")


def _actor_kind(category: str) -> str:
    return {"STATE": "state", "IGO": "organisation", "NGO": "organisation"}.get(category, "group")
