"""Forecasts: statements about the future, who makes them, how likely, by when, and about what.

A forecast is anchored on a clause that looks ahead:

- a verb with a future or modal auxiliary ("will", "shall", "going to"; "may", "might", "could" outside
  relative clauses), or one that is the complement of a prediction verb ("expect", "predict", "foresee",
  "I don't see ...");
- an estimative word from the ICD 203 scale ("unlikely that ...", "very little chance of ...",
  "more likely to win"), which also gives the probability (the band's mid-point; comparatives and
  modals give none) and keeps its words;
- a forward horizon ("in their final 6-8 months", "within two years").

The predictor is the speaker of the quotation the clause is in, else the subject of the speech or
belief verb it depends on ("Schuster believes that ..."), else the sentence's attributed speaker.
Polarity is negative when the clause is negated ("will not deploy"), says "little"/"no" about what it
expects ("will do little to provoke"), or when the estimative band is below even chances. The
horizon is normalised against the publication date (:func:`flashpoint.evidence.timex.horizon`), and
the PLOVER event coded inside the clause, if any, is attached; a clause about war with no coded
event gets an ASSAULT event reference with the actors its noun names.
"""

from __future__ import annotations

import re

from flashpoint.evidence.analysis import DocAnalysis
from flashpoint.evidence.records import Event, EventRef, Forecast, Speaker
from flashpoint.evidence.timex import horizon
from flashpoint.ontology import ICD203

_FUTURE = frozenset({"will", "shall", "'ll", "wo", "ll", "\u2019ll"})
_POSSIBLE = frozenset({"may", "might", "could"})
_PREDICT = frozenset({"expect", "predict", "forecast", "foresee", "anticipate", "see", "project"})
#: Verbs of plans and commitments: "plans to hold elections", "pledged to send" look ahead (issue 13).
_INTENT = frozenset({"plan", "intend", "pledge", "vow", "promise", "aim", "schedule", "slate"})
#: Words of likelihood that take "to": "favourite to win", "poised to", "on course to", "due to".
_LIKELIHOOD = frozenset({"favourite", "favorite", "poised", "bound", "due", "course", "track", "set"})
#: Nouns whose "that" clause is a statement: "a warning that strikes would intensify" (issue 13).
_STATEMENT_NOUNS = frozenset(
    {"warning", "report", "statement", "prediction", "forecast", "assessment", "expectation", "estimate"}
    | {"claim", "fear", "concern", "belief", "view", "promise", "pledge", "threat", "signal"}
)
#: Verbs of speech and belief whose complement's "would" is a reported future ("said X would ...").
_REPORTING = frozenset(
    {"say", "tell", "predict", "expect", "believe", "think", "warn", "argue", "write", "add", "insist"}
    | {"suggest", "estimate", "reckon", "fear", "note", "claim", "conclude", "assess", "judge"}
)
#: Conjunctions that make a clause concessive or a question, not a forecast.
_NOT_FORECAST_MARKS = frozenset({"whether", "although", "though"})
#: Belief verbs whose own subject holds the view they state ("officials expect", "she believes").
_BELIEF_CUES = frozenset({"expect", "believe", "think", "predict", "fear", "doubt", "hope", "reckon"})
_NEGATIVE_WORDS = frozenset({"little", "no", "never", "nothing", "none", "neither", "nor"})
_NEGATING_VERBS = frozenset({"lack", "fail", "refuse", "avoid", "unable"})
_SKIP_DEPS = frozenset({"relcl", "acl", "amod"})
_WAR_NOUNS = frozenset(
    {"war", "conflict", "attack", "invasion", "strike", "clash", "fighting", "offensive", "escalation"}
)
_COMPARATIVE = re.compile(r"\b(more|less)\s+(likely|unlikely|probable)\b", re.I)
_HORIZON_HINT = re.compile(r"\b(in|within|over|by|next|final|coming)\b", re.I)
_BANDS = sorted(((phrase, band) for band in ICD203 for phrase in band.phrases), key=lambda pb: -len(pb[0]))
_ESTIMATIVE = re.compile(r"\b(" + "|".join(re.escape(p) for p, _ in _BANDS) + r")\b", re.I)
_BAND_OF = {p: b for p, b in _BANDS}
#: Lemmas that can start an estimative phrase: a sentence without any is not scanned for one.
_ESTIMATIVE_LEMMAS = frozenset(w.split()[0] for p, _ in _BANDS for w in [p.lower()]) | {"likely", "chance"}
_LOOKAHEAD_LEMMAS = _PREDICT | {"go", "expect"} | _ESTIMATIVE_LEMMAS | _INTENT | _LIKELIHOOD


class ForecastFinder:
    """Find forecasts in a :class:`DocAnalysis` (after quotes and events)."""

    def find(self, a: DocAnalysis, events: list[Event]) -> list[Forecast]:
        out: list[Forecast] = []
        kept = {id(ev) for ev in events}
        anchors = [(ev, i) for ev, i in a.event_anchor if id(ev) in kept]
        for k, (s, e) in enumerate(a.bounds):
            sent = a.sentences[k]
            if sent.text.rstrip().endswith("?"):
                continue  # a question asks, it does not forecast
            out += self._sentence(a, k, s, e, anchors)
        return out

    def _sentence(self, a: DocAnalysis, k: int, s: int, e: int, anchors) -> list[Forecast]:
        doc = a.doc
        clauses: dict[int, str | None] = {}  # anchor token -> modal words
        has_estimative = False
        for tok in doc[s:e]:
            low = tok.lower_
            if low in _ESTIMATIVE_LEMMAS:
                has_estimative = True
            elif tok.dep_ == "aux" and (low in _FUTURE or low in _POSSIBLE or _reported_would(tok)):
                head = tok.head  # (a noun with an auxiliary is a verb the tagger missed: "could ... host")
                if (
                    (head.dep_ not in _SKIP_DEPS or _stated(head))
                    and head.i not in clauses
                    and _asserted(head)
                ):
                    clauses[head.i] = low
            elif tok.lemma_ in _LOOKAHEAD_LEMMAS and tok.dep_ not in _SKIP_DEPS:
                if tok.lemma_ in _ESTIMATIVE_LEMMAS:
                    has_estimative = True
                modal = _modal(tok)
                if modal is not None:
                    clauses.setdefault(tok.i, modal)
        text = a.sentences[k].text
        offset = a.sentences[k].start - a.offset
        estimatives = _estimatives(doc, text, offset) if has_estimative else []
        attached: dict[int, tuple[str, object | None]] = {}
        for head, words, band in estimatives:
            target = _attach(head, clauses)
            if target is None and head.pos_ == "ADV":
                continue  # "probably food": an adverb hedging a fact, not a forecast
            if target is None:
                target = head.i
                clauses[target] = None
            attached.setdefault(target, (words, band))
        sentence_horizon = horizon(text, a.published) if clauses or _HORIZON_HINT.search(text) else None
        forward = sentence_horizon
        top = [i for i in clauses if not any(j != i and _dominates(doc[j], doc[i]) for j in clauses)]
        spans = {i: _clause_span(doc[i]) for i in top}
        if forward is not None and forward.start is not None and a.published and forward.start > a.published:
            where = text.find(forward.text) + offset
            if not any(
                doc[lo].idx <= where < doc[hi - 1].idx + len(doc[hi - 1]) for lo, hi in spans.values()
            ):
                at = doc.char_span(where, where + len(forward.text), alignment_mode="expand")
                if at is not None:
                    head = at.root.head if at.root.head.pos_ in ("VERB", "AUX") else at.root
                    top.append(head.i)
                    spans[head.i] = (at.start, at.end) if head.i in spans else _clause_span(head)
                    clauses.setdefault(head.i, None)
        out = []
        for i in sorted(set(top)):
            anchor = doc[i]
            span = spans[i]
            clause_text = doc[span[0] : span[1]].text
            hz = horizon(clause_text, a.published) or (sentence_horizon if len(set(top)) == 1 else None)
            words, band = attached.get(i, (None, None))
            if words is None:
                for j, est in attached.items():  # an estimative hanging on a dominated clause
                    if span[0] <= j < span[1]:
                        words, band = est
                        break
            proposition = _proposition(anchor, span)
            out.append(
                Forecast(
                    **a.record_base(k),
                    predictor=self._predictor(a, anchor, k),
                    proposition=proposition,
                    polarity="negative" if _negative(anchor, band, words) else "positive",
                    probability=band.p if band is not None else None,
                    probability_text=words or clauses.get(i),
                    horizon=hz,
                    event=_event_ref(a, anchor, span, anchors),
                )
            )
        return out

    def _predictor(self, a: DocAnalysis, anchor, k: int) -> Speaker | None:
        """Speaker of the enclosing quotation, else of the cue verb the clause depends on."""
        for (qs, qe), q in zip(a.quote_tokens, a.quote_spans, strict=False):
            if qs <= anchor.i < qe and q.speaker is not None:
                return q.speaker
        t = anchor
        for _ in range(6):
            if t.i in a.cue_speaker and _speaks(t, anchor):
                return a.cue_speaker[t.i]
            for child in t.children:
                if child.i in a.cue_speaker and child.dep_ not in ("ccomp", "xcomp"):
                    return a.cue_speaker[child.i]  # "..., said Carl Schuster": the cue hangs below
            if t.head.i == t.i:
                break
            t = t.head
        if anchor.lemma_ in _INTENT:  # "NATO pledged to keep troops": who plans or pledges states it
            subj = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("PROPN", "NOUN"):
                return _committer(a, subj)
        return a.sentence_speaker.get(k)


def _committer(a: DocAnalysis, subj) -> Speaker:
    """The subject of a plan or pledge as a predictor: its words (without a leading article) and actor."""
    words = [t for t in subj.subtree if t.i <= subj.i and t.dep_ != "det"]
    actors = [a.found[a.tok_mention[t.i]] for t in words if a.tok_mention[t.i] >= 0]
    actor = next((f.code for f in actors if f.kind != "place"), None)
    return Speaker(" ".join(t.text for t in words), None, actor)


def _speaks(cue, anchor) -> bool:
    """Whether the subject of cue verb ``cue`` is the one who forecasts: not the subject of a passive
    ("Russia is expected to launch": Russia predicts nothing), nor of a forecast verb that only looks like
    speech ("the fighting will continue")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return False
    return not (cue.i == anchor.i and cue.lemma_ not in _PREDICT and cue.lemma_ not in _BELIEF_CUES)


def _reported_would(aux) -> bool:
    """ "would" as the future of reported speech ("said the ceasefire would collapse", "a warning that
    strikes would intensify"), not a counterfactual ("would have ended")."""
    if aux.lower_ not in ("would", "\u2019d", "'d"):
        return False
    verb = aux.head
    if any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children):
        return False  # "would have ended": counterfactual
    if any(c.dep_ == "advcl" and any(g.lower_ == "if" for g in c.children) for c in verb.children):
        return False  # "would ... if": hypothetical
    return (verb.dep_ == "ccomp" and verb.head.lemma_ in _REPORTING) or _stated(verb)


def _stated(verb) -> bool:
    """Whether ``verb`` heads the "that" clause of a statement noun ("a warning that ...")."""
    return (
        verb.dep_ in ("acl", "ccomp")
        and verb.head.lemma_ in _STATEMENT_NOUNS
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)
    )


def _asserted(verb) -> bool:
    """False for a clause that asks or concedes ("whether Beijing could invade", "although it may")."""
    t = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in _NOT_FORECAST_MARKS for c in t.children):
            return False
        if any(c.dep_ == "advmod" and c.lower_ == "even" for c in t.children) and any(
            c.dep_ == "mark" and c.lower_ == "if" for c in t.children
        ):
            return False  # "even if the talks succeed"
        if t.dep_ not in ("ccomp", "xcomp", "conj") or t.head is t:
            return True
        t = t.head
    return True


def _modal(tok) -> str | None:
    """The look-ahead words of a clause: a future or modal auxiliary, "going to", a prediction verb, a plan
    ("plans to hold"), or a word of likelihood with "to" ("favourite to win", "poised to")."""
    for child in tok.children:
        if child.dep_ == "aux" and (child.lower_ in _FUTURE or child.lower_ in _POSSIBLE):
            return child.lower_
    to_clause = any(
        c.dep_ in ("xcomp", "acl", "relcl") and any(g.lower_ == "to" for g in c.children)
        for c in tok.children
    )
    if tok.lemma_ in _INTENT and to_clause and tok.pos_ == "VERB":
        return tok.lemma_
    if tok.lemma_ in _LIKELIHOOD and to_clause and (tok.lemma_ != "course" or tok.head.lower_ == "on"):
        return tok.text
    if tok.lemma_ == "go" and tok.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in tok.children):
        return "going to"
    predicts = tok.lemma_ in _PREDICT and any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children)
    if predicts and (tok.lemma_ != "see" or any(c.lower_ in ("i", "we") for c in tok.children)):
        return tok.lemma_
    return None


def _estimatives(doc, text: str, offset: int) -> list[tuple[object, str, object | None]]:
    """(head token, words, ICD 203 band or None) for each estimative phrase of a sentence; attributive
    uses ("a likely response") are not estimates. Comparatives ("more likely") have no band."""
    out = []
    taken: list[tuple[int, int]] = []
    for rx in (_COMPARATIVE, _ESTIMATIVE):
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            span = doc.char_span(offset + m.start(), offset + m.end(), alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            if head.dep_ == "amod":
                continue
            taken.append((m.start(), m.end()))
            band = None if rx is _COMPARATIVE else _BAND_OF[m.group(0).lower()]
            out.append((head, m.group(0), band))
    return out


def _attach(head, clauses: dict[int, str | None]) -> int | None:
    """The look-ahead clause an estimative qualifies: the verb it modifies ("will likely not get
    involved"), or the clause its predicate governs ("it's unlikely that NATO forces will enter")."""
    if head.head.i in clauses:
        return head.head.i
    for t in (head, head.head):
        for child in t.children:
            if child.dep_ in ("ccomp", "xcomp", "acl", "prep"):
                for sub in child.subtree:
                    if sub.i in clauses:
                        return sub.i
    return None


def _proposition(anchor, span: tuple[int, int]) -> str:
    """The words of what is forecast: for an estimative noun, its "of" phrase ("another world war at
    this time"); else the clause, without a leading "that"."""
    doc = anchor.doc
    if anchor.pos_ == "NOUN":
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                return " ".join(doc[child.i + 1 : child.right_edge.i + 1].text.split())
            if child.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in child.children):
                lo = next(g.i for g in child.subtree if g.lower_ == "that") + 1  # "no doubt that X": X
                return " ".join(doc[lo : child.right_edge.i + 1].text.split()).rstrip(" .")
    lo, hi = span
    if doc[lo].lower_ == "that":
        lo += 1
    return " ".join(doc[lo:hi].text.split())


def _negative(anchor, band, words: str | None = None) -> bool:
    if band is not None and band.p < 0.5:
        return True
    own = set((words or "").lower().split())  # "no doubt that": the "no" belongs to the estimative words
    for t in (anchor, anchor.head):
        for child in t.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children):
                return True
        if t.lemma_ in _NEGATING_VERBS:
            return True
    for child in anchor.children:
        if child.dep_ in ("dobj", "advmod", "npadvmod", "det") and child.lower_ in _NEGATIVE_WORDS - own:
            return True
        if child.dep_ == "dobj" and any(
            g.dep_ == "det" and g.lower_ in _NEGATIVE_WORDS for g in child.children
        ):
            return True
    return False


def _dominates(outer, inner) -> bool:
    t = inner
    for _ in range(8):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == outer.i:
            return True
        if t.dep_ in ("ccomp", "advcl", "conj") and t.i != outer.i and t.head.i != outer.i:
            return False
    return False


def _clause_span(anchor) -> tuple[int, int]:
    """The tokens of the forecast clause: the anchor's subtree without clauses it merely frames."""
    left, right = anchor.left_edge.i, anchor.right_edge.i + 1
    for child in anchor.children:
        framing = child.dep_ == "parataxis" or (
            child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ != "to" for g in child.children)
        )
        if framing and child.i > anchor.i:
            right = min(right, child.left_edge.i)
        if (
            child.dep_ == "punct"
            and child.i > anchor.i
            and child.lower_ in (",", ";")
            and any(c.dep_ == "nsubj" and c.i > child.i for c in anchor.children)
        ):
            right = min(right, child.i)
    while right > left and (anchor.doc[right - 1].is_punct or anchor.doc[right - 1].is_space):
        right -= 1
    return left, max(right, left + 1)


def _event_ref(a: DocAnalysis, anchor, span: tuple[int, int], anchors) -> EventRef | None:
    """The PLOVER event coded inside the forecast clause, else an ASSAULT reference for a war noun."""
    lo, hi = span
    inside = [ev for ev, i in anchors if lo <= i < hi and a.tok_sent[i] == a.tok_sent[anchor.i]]
    if inside:
        ev = min(inside, key=lambda e: 0 if e.actor else 1)
        return EventRef(
            ev.event_type, ev.actor.code if ev.actor else None, ev.recipient.code if ev.recipient else None
        )
    for t in a.doc[lo:hi]:
        if t.lemma_ in _WAR_NOUNS and t.pos_ == "NOUN":
            actors = [a.found[a.tok_mention[c.i]].code for c in t.subtree if a.tok_mention[c.i] >= 0]
            actors = [c for c in actors if c]
            return EventRef("ASSAULT", actors[0] if actors else None, actors[1] if len(actors) > 1 else None)
    return None
