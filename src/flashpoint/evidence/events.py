"""The PLOVER event coder: verb and noun patterns (``data/event_patterns.yaml``) over the dependency parse.

For each sentence: find trigger tokens (a verb in the lexicon; a light verb whose object is an event
noun, "held talks"; a reversal verb, "lifted the curfew"; an event noun with its own actor, "Israel's
strikes on Iran"), resolve actor and recipient (:mod:`flashpoint.evidence.roles`), read the auxiliary
mode off auxiliaries, negation and conditionals, and apply PLOVER's coding rules:

- a verb that governs another event's clause ("agreed to cooperate", "demanded that X withdraw",
  "threatened to strike") codes one event, its own, with a mode from the clause it governs;
- announced future cooperation is AGREE, announced future force or restriction is THREATEN;
- crowds that "strike", "block" or "protest" make PROTEST; a state that "protests" makes ACCUSE;
- a speaker calling something an escalation, breach or violation ACCUSEs its actor;
- an event whose type requires a recipient and has none is not coded; nor is one without an actor.
"""

from __future__ import annotations

from flashpoint.evidence.analysis import DocAnalysis, Found
from flashpoint.evidence.attribution import attribution_of, speaker_acts
from flashpoint.evidence.clauses import (
    DECLARED,
    SPEECH_MUST,
    announced,
    aux_mode,
    complements,
    condition,
    depth,
    object_of,
    obliged_clause,
)
from flashpoint.evidence.event_rules import (
    _CARRY_SENTENCES,
    _COOPERATIVE,
    _EXERCISES,
    _FORCE,
    _REQUEST_MODE,
    _USE,
    _armed,
    _distinct,
    _peacekeeping,
    _ref,
    _reverse,
)
from flashpoint.evidence.lexicon import Lexicon, Trigger, load_lexicon
from flashpoint.evidence.participants import ONE_SIDED, Participants
from flashpoint.evidence.records import ActorRef, Event, Location
from flashpoint.evidence.roles import Roles
from flashpoint.evidence.timex import event_date
from flashpoint.evidence.transfers import ANNOUNCING, amount, attacker, giver, named_in, visitor
from flashpoint.ontology import EVENT_TYPES, plover_to_cameo


class EventCoder:
    """Code PLOVER events in a :class:`DocAnalysis` (after quotes, which set speakers)."""

    def __init__(self, gazetteer=None, lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteer
        self.lex = lexicon or load_lexicon()
        self.parts = Participants(gazetteer, self.lex)

    def code(self, a: DocAnalysis) -> list[Event]:
        roles = Roles(a, self.gaz)
        out: list[Event] = []
        # event type -> recipient code -> (times coded, last sentence, Found): the document's usual recipient
        self._recent: dict[str, dict[str, tuple[int, int, Found]]] = {}
        for k, (s, e) in enumerate(a.bounds):
            out += self._sentence(a, roles, k, s, e)
        return out

    # -- candidates ---------------------------------------------------------------------------------
    def _candidates(self, a: DocAnalysis, s: int, e: int) -> dict[int, tuple[Trigger, object, object]]:
        """token index -> (trigger, anchor token for roles, event noun or None)."""
        lex = self.lex
        doc = a.doc
        found: dict[int, tuple[Trigger, object, object]] = {}
        named: set[int] = set()
        for tok in doc[s:e]:
            pos = tok.pos_
            if pos in ("VERB", "AUX") or (pos == "ADJ" and tok.dep_ == "ROOT"):
                lemma = tok.lemma_
                obj = object_of(tok) or amount(tok)  # "announced $2 billion in aid"
                own = lex.verb(tok)
                if (
                    own is not None
                    and own.child not in (None, "+obj")
                    and not (obj is not None and obj.lemma_ in lex.force_nouns)  # troops: the rules below
                ):  # "accepted demands": a verb-and-object pattern names the act
                    found[tok.i] = (own, tok, None)
                    continue
                implicit = own is None and lemma not in lex.topic_verbs
                if obj is not None and (implicit or lemma in lex.light_verbs or lemma in lex.reversal_verbs):
                    noun, trig = self._object_event(obj)
                    if trig is not None and lemma in lex.reversal_verbs:
                        trig = _reverse(trig, noun)
                    elif trig is not None and (lemma in DECLARED or lemma in ANNOUNCING):  # "offered troops"
                        yielding = trig.event in _COOPERATIVE or trig.event in ("RETREAT", "CONCEDE")
                        trig = Trigger("AGREE", None) if yielding else trig  # CAMEO 033, 035
                    elif (
                        trig is not None and lemma in ("sign", "ratify", "conclude") and trig.event == "AGREE"
                    ):
                        trig = Trigger("SUPPORT", None)  # signing a formal agreement (CAMEO 057)
                    elif trig is not None and lemma in lex.blocking_verbs:
                        trig = Trigger("SANCTION", "discontinue") if trig.event in _COOPERATIVE else None
                    if trig is not None:  # "held talks", "lifted the curfew", "completed their withdrawal"
                        found[tok.i] = (trig, tok, noun)
                        named.add(getattr(noun, "i", -1))  # the noun is this act's, not one of its own
                        continue
                if lemma in SPEECH_MUST and obliged_clause(tok) is not None:  # "said X must withdraw"
                    found[tok.i] = (Trigger("REQUEST", None), tok, None)
                    continue
                if obj is not None and obj.lemma_ in lex.force_nouns:
                    if lemma in lex.sending_verbs:
                        if any(
                            c.dep_ in ("advcl", "xcomp") and lex.verb(c) is not None for c in tok.children
                        ):
                            continue  # "sent troops to aid Russia": the purpose is the act
                        found[tok.i] = (Trigger("MOBILIZE", "troops"), tok, None)  # "deployed troops to X"
                        continue
                    if lemma in lex.hosting_verbs:  # "received inspectors": allows involvement
                        found[tok.i] = (Trigger("RETREAT", "access"), tok, None)
                        continue
                if own is not None:
                    found[tok.i] = (own, tok, None)
            elif pos in ("NOUN", "PROPN") and tok.dep_ not in ("dobj", "compound", "attr", "oprd"):
                trig = lex.noun(tok)
                if trig is not None and not (tok.dep_ == "pobj" and tok.head.lower_ in ("under", "of")):
                    found[tok.i] = (trig, tok, tok)
        return {i: c for i, c in found.items() if i not in named}

    def _object_event(self, obj):
        """The event an object noun names: itself, a compound modifier ("mediation effort"), or the
        noun of its "of" phrase ("a state of emergency", "dollars of aid")."""
        lex = self.lex
        verb = obj.head.lemma_
        trig = lex.object_noun(obj, verb)
        if trig is not None:
            return obj, trig
        for child in obj.children:
            if child.dep_ == "compound" and (trig := lex.noun(child)) is not None:
                return obj, trig
        pobj = named_in(obj)  # "a state of emergency", "dollars of aid", "$2 billion in aid"
        if pobj is not None and (trig := lex.object_noun(pobj, verb)) is not None:
            return pobj, trig
        return None, None

    # -- one sentence -------------------------------------------------------------------------------
    def _sentence(self, a: DocAnalysis, roles: Roles, k: int, s: int, e: int) -> list[Event]:
        cands = self._candidates(a, s, e)
        givers = {}  # verb -> who acts on its subject: "received tanks from Poland", "came under fire from"
        for tok in a.doc[s:e]:
            if tok.pos_ == "VERB" and (found := giver(tok, object_of(tok), a, roles)) is not None:
                givers[tok.i] = found
                cands[tok.i] = (Trigger("AID", None), tok, None)
            elif tok.pos_ == "VERB" and (found := attacker(tok, roles)) is not None:  # "came under fire from"
                givers[tok.i] = found
                cands[tok.i] = (Trigger("ASSAULT", None), tok, None)
        if not cands:
            return self._accusations(a, roles, k, s, e, [])
        absorbed: dict[int, int] = {}  # complement token -> governor token
        for i, (trig, _, _) in cands.items():
            if trig.event in self.lex.governing:
                for j in complements(a.doc[i]):
                    if j in cands:
                        absorbed[j] = i
        events: list[Event] = []
        seen: set[tuple] = set()
        for i, (trig, anchor, noun) in sorted(cands.items(), key=lambda c: (depth(c[1][1]), c[0])):
            if i in absorbed:
                continue
            tok = a.doc[i]
            event, mode = trig.event, trig.mode
            comp = next((a.doc[j] for j, g in absorbed.items() if g == i), None)
            clause = comp
            if clause is None and event in self.lex.governing:  # "demanded that the DPRK forsake ..."
                clause = next(
                    (a.doc[j] for j in complements(anchor) if a.doc[j].pos_ in ("VERB", "AUX")), None
                )
            if (
                clause is None and noun is not None and event in self.lex.governing
            ):  # "its demand that Israel ease"
                clause = next(
                    (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ == "VERB"), None
                )
            actors, recipient = self.parts.roles(a, roles, anchor, noun, event, clause)
            if i in givers:
                subj, _ = roles.subject(anchor)
                actors, recipient = [givers[i]], roles.actor_of(subj, full=True) if subj is not None else None
            if not actors and not (event in ("ASSAULT", "COERCE") and recipient is not None):
                continue  # without a known actor, only reported violence against a known victim is kept
            aux = aux_mode(anchor, self.lex)
            if comp is not None:
                mode = self._governed_mode(event, cands[comp.i][0]) or mode
                if (
                    event == "AGREE"
                    and cands[comp.i][0].event not in _COOPERATIVE
                    and tok.lemma_ in ("vow", "pledge", "swear")
                    and not _peacekeeping(object_of(comp) or comp)  # pledged peacekeepers: aid (CAMEO 074)
                ):
                    event, mode = "THREATEN", _FORCE.get((cands[comp.i][0].event, None), "violence")
            event, mode, aux = self._rules(
                a, roles, tok, anchor, actors[0] if actors else None, event, mode, aux
            )
            if recipient is None and len(actors) == 1 and event != "MOBILIZE":  # not a compound actor
                recipient = self.parts.domestic(a, roles, anchor, noun, actors[0], clause, event)
            if recipient is None and len(actors) == 1 and event != "MOBILIZE":
                # a sentence that names exactly one other party: the act is directed at it
                recipient = roles.only_other(anchor, actors[0])
            if recipient is None and not actors and event == "ASSAULT":  # "civilians were killed in Baghdad"
                loc = roles.location(anchor)
                if loc is not None and loc.code:
                    recipient = Found(-1, -1, "actor", loc.code, loc.name, loc.text, "STATE")
            if (
                event == "MOBILIZE"
                and noun is not None
                and noun.lemma_ in _EXERCISES
                and (len(actors) > 1 or recipient)
            ):
                event, mode = "COOPERATE", None  # joint exercises (PLOVER: single-country ones are MOBILIZE)
            date = event_date(a, anchor)
            if (
                aux is None
                and date is not None
                and a.published is not None
                and (a.published - date).days > 30
            ):
                aux = "historical"
            info = EVENT_TYPES[event]
            loc = roles.location(anchor)
            location = Location(loc.place or loc.name, loc.code) if loc is not None else None
            contexts = self._contexts(a, s, e)
            if (
                tok.lemma_ in self.lex.hosting_verbs
                and i not in givers
                and recipient is not None
                and (recipient.kind in ("person", "actor") or visitor(object_of(anchor)))
            ):
                actors, recipient, event, mode = [recipient], actors[0], "CONSULT", "visit"  # visitor = actor
            if event == "RETREAT" and mode == "release" and not self.parts.captive(a, anchor):
                continue
            if mode == "visit" and actors and location is not None and location.country == actors[0].code:
                continue  # no one visits their own country: the visitor is another party
            for actor in actors or [None]:
                rec = (
                    recipient
                    if recipient is not None and (actor is None or _distinct(recipient, actor, event))
                    else None
                )
                if rec is None and info.requires_recipient and actor is not None:  # mutual: the partner
                    mutual = event == "COOPERATE"
                    rec = next((o for o in actors if o.code != actor.code and mutual), None)
                    rec = rec or self._implicit_recipient(event, actor, k)
                if rec is None and event not in ONE_SIDED:
                    continue
                if rec is not None:
                    n, _, _ = self._recent.setdefault(event, {}).get(rec.code, (0, k, rec))
                    self._recent[event][rec.code] = (n + 1, k, rec)
                key = (event, actor.code if actor else None, rec.code if rec else None)
                if key in seen:
                    continue
                seen.add(key)
                events.append(
                    Event(
                        **a.record_base(k),
                        event_type=event,
                        mode=mode,
                        contexts=contexts,
                        aux_mode=aux,
                        attribution=attribution_of(anchor, roles, actor.code if actor else None, event),
                        actor=_ref(actor) if actor else None,
                        recipient=_ref(rec) if rec else None,
                        location=location,
                        date=date,
                        cameo=plover_to_cameo(event, mode),
                    )
                )
                a.event_anchor.append((events[-1], anchor.i))
        events = [
            ev
            for ev in events
            if ev.recipient is not None
            or not any(  # the same act with its recipient named elsewhere in the sentence
                o.actor == ev.actor
                and (
                    o.event_type == ev.event_type
                    and o.recipient is not None
                    or ev.event_type == "MOBILIZE"
                    and o.event_type in _USE
                )
                for o in events
            )
        ]
        anchors = {}  # this sentence's events -> trigger token (the coder appended them last)
        for ev, i in reversed(a.event_anchor):
            if i < s:
                break
            anchors[id(ev)] = i
        return (
            speaker_acts(a, roles, k, events, anchors) + events + self._accusations(a, roles, k, s, e, events)
        )

    def _implicit_recipient(self, event: str, actor: Found, k: int) -> Found | None:
        """The recipient a text leaves implicit ("other than supplying drones"): the one this document
        has coded most often for this event type, if coded within the last few sentences."""
        options = [
            (n, last, rec)
            for n, last, rec in self._recent.get(event, {}).values()
            if rec.code != actor.code and k - last <= _CARRY_SENTENCES
        ]
        if not options:
            return None
        return max(options, key=lambda o: (o[0], o[1]))[2]

    def _governed_mode(self, event: str, governed: Trigger) -> str | None:
        if event in ("REQUEST", "REJECT"):
            if governed.event == "CONSULT":
                return "meet"
            return _REQUEST_MODE.get(governed.event, "change")
        if event == "THREATEN":
            return _FORCE.get((governed.event, governed.mode)) or _FORCE.get((governed.event, None))
        return None

    def _rules(self, a, roles, tok, anchor, actor: Found, event, mode, aux):
        lex = self.lex
        subj, _ = roles.subject(anchor) if anchor.pos_ in ("VERB", "AUX", "ADJ") else (None, False)
        people = subj is not None and subj.lemma_ in lex.crowd_nouns
        demonym_people = (
            subj is not None
            and subj.tag_ in ("NNS", "NNPS")
            and a.tok_mention[subj.i] >= 0
            and a.found[a.tok_mention[subj.i]].kind == "demonym"
        )
        crowd = people or demonym_people
        blocking = tok.lemma_ in ("block", "obstruct", "blockade")
        if (crowd and blocking and event in ("REJECT", "COERCE")) or (
            people and (event == "COERCE" or (event == "ACCUSE" and mode == "disapprove"))
        ):
            event, mode = "PROTEST", "obstruct" if blocking else "demo"
        elif crowd and event == "ASSAULT" and tok.lemma_ == "strike":
            event, mode = "PROTEST", "strike"
        elif (
            event == "PROTEST"
            and not crowd
            and "protest" in (tok.lemma_, getattr(object_of(anchor), "lemma_", None))
            and actor.kind in ("actor", "capital")
        ):  # a state's protest, "lodged a protest with X": a diplomatic protest (manual, ACCUSE)
            event, mode = "ACCUSE", "disapprove"
        if event == "CONSULT" and mode == "visit" and (armed := _armed(subj)) is not None:
            # troops that "arrived in" a country make no visit: peacekeepers AID (CAMEO 074), others MOBILIZE
            event, mode = ("AID", None) if _peacekeeping(armed) else ("MOBILIZE", "troops")
        if tok.lemma_ == "welcome" and (obj := object_of(anchor)) is not None and a.tok_person[obj.i] >= 0:
            event, mode = "CONSULT", "visit"
        if aux == "negation" and event in ("AGREE", "SUPPORT"):  # "will not accept", "failed to agree"
            event, mode, aux = "REJECT", None, None
        elif aux == "negation" and event == "CONCEDE":  # "would not meet demands": refuse to yield (124)
            event, mode, aux = "REJECT", "yield", None
        cond = condition(anchor)
        if cond == "unless" and aux != "negation":  # "will withdraw unless ...": a threat
            event, mode = "THREATEN", _FORCE.get((event, mode)) or _FORCE.get((event, None)) or "relations"
        elif aux in ("future", "hypothetical") and announced(anchor):
            if event in _COOPERATIVE or event in ("RETREAT", "CONCEDE"):  # intent to cooperate or yield
                if event != "AGREE" and not (event == "RETREAT" and cond == "if"):
                    event, mode = "AGREE", None
            elif (event, mode) in _FORCE or (event, None) in _FORCE:  # announced force or restriction
                mode = _FORCE.get((event, mode)) or _FORCE[(event, None)]
                event = "THREATEN"
        elif cond == "if" and ((event, mode) in _FORCE or (event, None) in _FORCE):
            mode = _FORCE.get((event, mode)) or _FORCE[(event, None)]
            event = "THREATEN"
        return event, mode, aux

    def _accusations(self, a, roles: Roles, k: int, s: int, e: int, events: list[Event]) -> list[Event]:
        """A speaker who calls something "an escalation", "a breach", "a violation" accuses its actor."""
        speaker = a.sentence_speaker.get(k)
        if speaker is None or not speaker.actor:
            return []
        out = []
        for tok in a.doc[s:e]:
            if tok.lemma_ not in self.lex.accusation_nouns or tok.dep_ not in (
                "attr",
                "pobj",
                "dobj",
                "oprd",
                "appos",
            ):
                continue
            clause = tok.head if tok.dep_ != "pobj" else tok.head.head
            subj, _ = roles.subject(clause) if clause.pos_ in ("VERB", "AUX") else (None, False)
            target = roles.actor_of(subj, full=True) if subj is not None else None
            if target is None or target.code == speaker.actor:
                continue
            if any(
                ev.event_type == "ACCUSE" and ev.recipient and ev.recipient.code == target.code
                for ev in events + out
            ):
                continue
            actor = self.gaz.actors.get(speaker.actor) if self.gaz else None
            out.append(
                Event(
                    **a.record_base(k),
                    event_type="ACCUSE",
                    mode="disapprove",
                    contexts=self._contexts(a, s, e),
                    aux_mode=None,
                    actor=ActorRef(speaker.actor, actor.name if actor else speaker.actor, speaker.name),
                    recipient=_ref(target),
                    cameo=plover_to_cameo("ACCUSE", "disapprove"),
                )
            )
        return out

    def _contexts(self, a: DocAnalysis, s: int, e: int) -> list[str]:
        ctx = self.lex.contexts
        found = {ctx[t.lemma_] for t in a.doc[s:e] if t.lemma_ in ctx}
        return sorted(found)
