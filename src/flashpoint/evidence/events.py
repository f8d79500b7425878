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
from flashpoint.evidence.lexicon import Lexicon, Trigger, load_lexicon
from flashpoint.evidence.roles import Roles
from flashpoint.evidence.timex import event_date
from flashpoint.evidence.records import ActorRef, Event, Location
from flashpoint.ontology import EVENT_TYPES, plover_to_cameo

_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"})
_FORCE = {  # future conflictual act -> THREATEN mode
    ("ASSAULT", None): "violence",
    ("COERCE", "restrict"): "restrict",
    ("COERCE", "curfew"): "restrict",
    ("COERCE", "arrest"): "arrest",
    ("COERCE", "seize"): "territory",
    ("SANCTION", "withdraw"): "relations",
    ("SANCTION", "expel"): "expel",
    ("SANCTION", None): "relations",
    ("SANCTION", "discontinue"): "relations",
    ("PROTEST", "boycott"): "restrict",
}
_REQUEST_MODE = {
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
}
_FUTURE = frozenset({"will", "shall", "'ll", "wo", "ll"})
_HYPOTHETICAL = frozenset({"could", "might", "may", "should"})
_INTENT = frozenset(
    {"plan", "intend", "prepare", "aim", "want", "seek", "need", "expect", "hope", "decide", "set"}
)
#: Words of declared intent: what they govern is announced ("willing to withdraw", "offered its troops").
_DECLARED = frozenset({"willing", "ready", "prepared", "prepare", "offer", "promise", "pledge", "vow", "decide",
                       "determined", "plan", "intend", "swear", "agree", "set"})  # fmt: skip
_SPEECH_MUST = frozenset({"say", "declare", "conclude", "reiterate", "insist", "state", "tell", "announce", "stress",
                          "add", "argue", "write", "remind", "maintain", "assert", "emphasize", "emphasise"})  # fmt: skip
_OBLIGATION = frozenset({"must", "should", "ought"})
_SPEECH = frozenset(
    {"say", "announce", "tell", "state", "declare", "report", "add", "confirm", "claim", "warn"}
)
_EXERCISES = frozenset({"exercise", "drill", "game", "maneuver", "manoeuvre"})
_RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT"})
#: Event types coded without a recipient: those PLOVER does not require one for (all but COOPERATE, AID
#: and SANCTION).
ONE_SIDED = frozenset(name for name, info in EVENT_TYPES.items() if not info.requires_recipient)
_CARRY_SENTENCES = 12
_TEMPORAL_PREPS = frozenset(
    {"during", "after", "before", "amid", "following", "upon", "since", "despite", "for", "at"}
)


class EventCoder:
    """Code PLOVER events in a :class:`DocAnalysis` (after quotes, which set speakers)."""

    def __init__(self, gazetteer=None, lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteer
        self.lex = lexicon or load_lexicon()

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
        for tok in doc[s:e]:
            pos = tok.pos_
            if pos in ("VERB", "AUX") or (pos == "ADJ" and tok.dep_ == "ROOT"):
                lemma = tok.lemma_
                obj = _object(tok)
                own = lex.verb(tok)
                if obj is not None and (
                    own is None or lemma in lex.light_verbs or lemma in lex.reversal_verbs
                ):
                    noun, trig = self._object_event(obj)
                    if trig is not None and lemma in lex.reversal_verbs:
                        trig = _reverse(trig, noun)
                    elif trig is not None and lemma in _DECLARED:  # "offered troops", "pledged aid"
                        trig = Trigger("AGREE", None) if trig.event in _COOPERATIVE else trig
                    elif (
                        trig is not None and lemma in ("sign", "ratify", "conclude") and trig.event == "AGREE"
                    ):
                        trig = Trigger("SUPPORT", None)  # signing a formal agreement (CAMEO 057)
                    elif trig is not None and lemma in lex.blocking_verbs:
                        trig = Trigger("SANCTION", "discontinue") if trig.event in _COOPERATIVE else None
                    if trig is not None:  # "held talks", "lifted the curfew", "completed their withdrawal"
                        found[tok.i] = (trig, tok, noun)
                        continue
                if lemma in _SPEECH_MUST and _obliged_clause(tok) is not None:  # "said X must withdraw"
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
        return found

    def _object_event(self, obj):
        """The event an object noun names: itself, a compound modifier ("mediation effort"), or the
        noun of its "of" phrase ("a state of emergency", "dollars of aid")."""
        lex = self.lex
        trig = lex.object_noun(obj)
        if trig is not None:
            return obj, trig
        for child in obj.children:
            if child.dep_ == "compound" and (trig := lex.noun(child)) is not None:
                return obj, trig
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (trig := lex.object_noun(pobj)) is not None:
                        return pobj, trig
        return None, None

    # -- one sentence -------------------------------------------------------------------------------
    def _sentence(self, a: DocAnalysis, roles: Roles, k: int, s: int, e: int) -> list[Event]:
        cands = self._candidates(a, s, e)
        if not cands:
            return self._accusations(a, roles, k, s, e, [])
        absorbed: dict[int, int] = {}  # complement token -> governor token
        for i, (trig, _, _) in cands.items():
            if trig.event in self.lex.governing:
                for j in _complements(a.doc[i]):
                    if j in cands:
                        absorbed[j] = i
        events: list[Event] = []
        seen: set[tuple] = set()
        for i, (trig, anchor, noun) in sorted(cands.items(), key=lambda c: (_depth(c[1][1]), c[0])):
            if i in absorbed:
                continue
            tok = a.doc[i]
            event, mode = trig.event, trig.mode
            comp = next((a.doc[j] for j, g in absorbed.items() if g == i), None)
            clause = comp
            if clause is None and event in self.lex.governing:  # "demanded that the DPRK forsake ..."
                clause = next(
                    (a.doc[j] for j in _complements(anchor) if a.doc[j].pos_ in ("VERB", "AUX")), None
                )
            if (
                clause is None and noun is not None and event in self.lex.governing
            ):  # "its demand that Israel ease"
                clause = next(
                    (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ == "VERB"), None
                )
            actors, recipient = self._roles(a, roles, anchor, noun, event, clause)
            if not actors and not (event in ("ASSAULT", "COERCE") and recipient is not None):
                continue  # an act with no known actor is kept only for reported violence against a known victim
            aux = _aux_mode(anchor, self.lex)
            if comp is not None:
                mode = self._governed_mode(event, cands[comp.i][0]) or mode
                if (
                    event == "AGREE"
                    and cands[comp.i][0].event not in _COOPERATIVE
                    and tok.lemma_ in ("vow", "pledge")
                ):
                    event, mode = "THREATEN", _FORCE.get((cands[comp.i][0].event, None), "violence")
            event, mode, aux = self._rules(
                a, roles, tok, anchor, actors[0] if actors else None, event, mode, aux
            )
            if recipient is None and actors and event != "MOBILIZE":
                recipient = self._domestic(a, roles, anchor, noun, actors[0], clause, event)
            if recipient is None and actors and event != "MOBILIZE":
                # a sentence that names exactly one other party: the act is directed at it
                recipient = roles.only_other(anchor, actors[0].code)
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
                and recipient is not None
                and recipient.kind in ("person", "actor")
            ):
                actors, recipient, event, mode = [recipient], actors[0], "CONSULT", "visit"  # visitor = actor
            if event == "RETREAT" and mode == "release" and not self._captive(a, anchor):
                continue
            for actor in actors or [None]:
                rec = (
                    recipient
                    if recipient is not None and (actor is None or _distinct(recipient, actor, event))
                    else None
                )
                if rec is None and info.requires_recipient and actor is not None:
                    rec = self._implicit_recipient(event, actor, k)
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
            if not (
                ev.event_type == "MOBILIZE"
                and ev.recipient is None
                and any(o.event_type in ("AID", "ASSAULT") and o.actor == ev.actor for o in events)
            )
        ]
        return events + self._accusations(a, roles, k, s, e, events)

    def _domestic(
        self, a: DocAnalysis, roles: Roles, anchor, noun, actor: Found, clause, event: str
    ) -> Found | None:
        """CAMEO's domestic target: an act on people or bodies the text does not place ("jailed 52
        members", "lifted the curfew in West Darfur") targets the actor's own state."""
        actor_info = self.gaz.actors.get(actor.code) if self.gaz else None
        if actor_info is None or actor_info.category in ("IGO", "NGO", "IMG"):
            return None
        state = actor_info.code if actor_info.category == "STATE" else actor_info.country
        if not state:
            return None
        heads = [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
        if noun is not None:
            heads += [g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if clause is not None:
            heads += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        lex = self.lex
        people = lex.agent_nouns | lex.crowd_nouns | lex.captive_nouns
        if any(h.lemma_ in people and a.tok_mention[h.i] < 0 for h in heads):
            return Found(-1, -1, "actor", state, actor_info.name, "", "STATE")
        loc = roles.location(anchor)
        if loc is not None and loc.code == state:
            return Found(-1, -1, "actor", state, actor_info.name, loc.text, "STATE")
        if event == "PROTEST" and actor_info.category == "STATE":  # protest with no stated target: at home
            return Found(-1, -1, "actor", state, actor_info.name, "", "STATE")
        return None

    def _generic(self, a: DocAnalysis, subj) -> bool:
        """Whether a subject is an office, a body or a named person the gazetteer does not place."""
        lex = self.lex
        return (
            subj.lemma_ in lex.agent_nouns
            or subj.lemma_ in lex.crowd_nouns
            or subj.pos_ == "NUM"
            or subj.tag_ in ("NNS", "NNPS")
            or (subj.ent_type_ == "PERSON" and a.tok_mention[subj.i] < 0)
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

    def _captive(self, a: DocAnalysis, anchor) -> bool:
        """Whether what is released is people (PERSON, a captive noun), not an image or a report."""
        for child in anchor.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return (
                    a.tok_person[child.i] >= 0
                    or child.lemma_ in self.lex.captive_nouns
                    or child.ent_type_
                    in (
                        "PERSON",
                        "NORP",
                    )
                )
        return False

    def _roles(self, a, roles: Roles, anchor, noun, event: str, comp):
        """Actors (list) and recipient of the event anchored at ``anchor`` (``noun``: its event noun)."""
        lex = self.lex
        preps = lex.recipient_preps.get(event, ())
        actors: list[Found] = []
        recipient: Found | None = None
        from_noun = noun is not None
        if noun is not None:
            own = roles.actor_of(noun)
            if own is not None:
                actors = [own]
            for pobj in roles.by_prep(noun, preps + ("by",)):
                found = roles.actor_of(pobj, full=True)
                if found is None:
                    continue
                if pobj.head.lower_ == "by" and not actors:
                    actors = [found]
                elif recipient is None and pobj.head.lower_ != "by":
                    recipient = found
        verb = anchor if anchor.pos_ in ("VERB", "AUX", "ADJ") else None
        if verb is None and noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in _TEMPORAL_PREPS:
            verb = noun.head.head  # "after a meeting with X", "for talks on": the clause's subject acts
        subj, passive = None, False
        if verb is not None and not actors:
            subj, passive = roles.subject(verb)
            if (
                passive
                and event in ("REJECT", "SUPPORT", "AGREE")
                and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
            ):
                passive = False  # "is opposed to", "is committed to": a stance, not a passive
            agent = roles.agent(verb) if passive else None
            if agent is not None:
                actors = roles.conj_actors(agent)
            elif subj is not None and (not passive or subj.lemma_ in lex.force_nouns):
                actors = roles.conj_actors(subj)
                if not actors and subj.lemma_ in lex.force_nouns:
                    actors = [f for f in [roles.actor_of(subj, full=True)] if f]
            if passive and subj is not None and recipient is None and subj.lemma_ not in lex.force_nouns:
                recipient = roles.actor_of(subj, full=True)
        if verb is not None and recipient is None:
            recipient = self._verb_recipient(roles, verb, preps, event, comp, noun)
        if not actors and verb is not None:
            obj = _object(verb)
            if obj is not None and obj.lemma_ in lex.force_nouns:
                actors = [f for f in [roles.actor_of(obj)] if f]
        if not actors and verb is not None and (subj is None or passive or self._generic(a, subj)):
            # no subject, or one that names no state ("the president", "rebels", "Askar Akayev"): the
            # nearest actor in the sentence, before the verb if there is one, else after it
            exclude = recipient.code if recipient else None
            before = subj if subj is not None and subj.i < anchor.i else anchor
            if passive and subj is not None:
                before = subj.left_edge  # the patient's own words do not name the actor
            own = (
                roles.actor_of(subj, full=True)
                if subj is not None and subj.pos_ != "PRON" and not passive
                else None
            )
            found = (
                own  # "students throughout Indonesia", "rebels in the Ivory Coast"
                or roles.nearest(before, before=True, exclude=exclude)
                or roles.nearest(anchor, before=False, exclude=exclude, within=anchor)
                or roles.nearest(before, before=True, exclude=None)  # the only state named: it acts
                or roles.nearest(anchor, before=False, exclude=None, within=anchor)
            )
            actors = [found] if found is not None else []
        if recipient is None and actors:
            if len(actors) > 1 and event in _RECIPROCAL:  # "X and Y agreed": one event, X with Y
                actors, recipient = actors[:1], actors[1]
            elif verb is not None and event not in ONE_SIDED:
                recipient = roles.after_in_subtree(verb, actors[0].code)
        if recipient is None and event not in ("MOBILIZE",):
            # whom the act concerns, from the rest of its clause: "threatened to break relations with
            # Russia", "lifted a state of emergency in West Darfur" (a domestic act: the same state)
            recipient = roles.in_scope(anchor, exclude=[f.start for f in actors])
        return actors, recipient

    def _verb_recipient(self, roles: Roles, verb, preps, event, comp, noun) -> Found | None:
        lex = self.lex
        if comp is not None:  # "demanded that Israel ease", "urged the EC to support"
            obj = _object(verb)
            if obj is not None and obj.lemma_ not in lex.force_nouns and (found := roles.actor_of(obj)):
                return found
            subj, _ = roles.subject(comp)
            if subj is not None and subj.head.i == comp.i and (found := roles.actor_of(subj)):
                return found
            for pobj in roles.by_prep(
                comp, lex.recipient_preps.get(event, ()) + ("to", "on", "against", "with")
            ):
                if found := roles.actor_of(pobj, full=True):
                    return found
        obj = _object(verb)
        if obj is not None and obj.lemma_ not in lex.force_nouns and obj is not noun:
            found = roles.actor_of(obj)
            if found is not None:
                return found
        candidates = [verb] + ([obj] if obj is not None else [])
        for head in candidates:
            for pobj in roles.by_prep(head, preps):
                found = roles.actor_of(pobj, full=True)
                if found is not None:
                    return found
        for child in verb.children:  # purpose clause: "sent troops to aid Russia"
            if child.dep_ in ("advcl", "xcomp") and (obj2 := _object(child)) is not None:
                found = roles.actor_of(obj2)
                if found is not None:
                    return found
        return None

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
            and tok.lemma_ == "protest"
            and actor.kind in ("actor", "capital")
        ):
            event, mode = "ACCUSE", "disapprove"
        if tok.lemma_ == "welcome" and (obj := _object(anchor)) is not None and a.tok_person[obj.i] >= 0:
            event, mode = "CONSULT", "visit"
        if aux == "negation" and event in ("AGREE", "SUPPORT"):  # "will not accept", "failed to agree"
            event, mode, aux = "REJECT", None, None
        condition = _condition(anchor)
        if condition == "unless" and aux != "negation":  # "will withdraw unless ...": a threat
            event, mode = "THREATEN", _FORCE.get((event, mode)) or _FORCE.get((event, None)) or "relations"
        elif aux in ("future", "hypothetical") and self._announced(anchor):
            if event in _COOPERATIVE or event in ("RETREAT", "CONCEDE"):  # intent to cooperate or yield
                if event != "AGREE" and not (event == "RETREAT" and condition == "if"):
                    event, mode = "AGREE", None
            elif (event, mode) in _FORCE or (event, None) in _FORCE:  # announced force or restriction
                mode = _FORCE.get((event, mode)) or _FORCE[(event, None)]
                event = "THREATEN"
        elif condition == "if" and ((event, mode) in _FORCE or (event, None) in _FORCE):
            mode = _FORCE.get((event, mode)) or _FORCE[(event, None)]
            event = "THREATEN"
        return event, mode, aux

    @staticmethod
    def _announced(anchor) -> bool:
        """Whether a future act is announced: "will", "shall", "would", or a word of declared intent
        ("willing to", "ready to", "prepared to", "vowed to"), not merely "need" or "expect"
        (PLOVER's AGREE and THREATEN rules)."""
        if any(c.dep_ == "aux" and c.lower_ in (*_FUTURE, "would") for c in anchor.children):
            return True
        t = anchor
        for _ in range(3):
            if t.dep_ not in ("xcomp", "acomp", "pcomp", "prep", "conj") or t.head.i == t.i:
                return False
            t = t.head
            if t.lemma_ in _DECLARED:
                return True
        return False

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


def _distinct(recipient: Found, actor: Found, event: str) -> bool:
    """Whether a recipient is another party than the actor. The same state is another party only as a
    domestic target: a group it names by demonym ("Croatian extremists"), an unnamed one, or the people
    of a place it rules when it restricts, yields or uses force there ("a curfew in Abidjan")."""
    if recipient.code != actor.code:
        return True
    if recipient.start == actor.start or recipient.category != "STATE":
        return False
    if recipient.start < 0 or recipient.kind in ("demonym", "person"):
        return True
    return event not in _COOPERATIVE and event != "CONSULT"  # another body or place of the same state


def _ref(found: Found) -> ActorRef:
    return ActorRef(found.code or "", found.name, found.text)


def _object(tok):
    for child in tok.children:
        if child.dep_ in ("dobj", "attr", "oprd") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    for child in tok.children:  # passive light verb: "talks were held", "a curfew was imposed"
        if child.dep_ == "nsubjpass" and child.pos_ == "NOUN":
            return child
    return None


def _reverse(trig: Trigger, noun) -> Trigger | None:
    """What undoing the event ``trig`` names is (CAMEO 08, 16): lifting a curfew, ban or emergency is
    CONCEDE; lifting a blockade, sanctions or a mobilisation, and ending violence, is RETREAT; ending
    aid or cooperation is SANCTION, ending talks or mediation is SANCTION withdraw."""
    if trig.event in ("COERCE", "PROTEST", "THREATEN"):
        if noun is not None and noun.lemma_ in ("blockade", "siege"):
            return Trigger("RETREAT", "withdraw")
        return Trigger("CONCEDE", None)
    if trig.event in ("SANCTION", "MOBILIZE"):
        return Trigger("RETREAT", None)
    if trig.event == "ASSAULT":
        return Trigger("RETREAT", "ceasefire")
    if trig.event in ("AID", "COOPERATE", "SUPPORT"):
        return Trigger("SANCTION", "discontinue")
    if trig.event == "CONSULT":
        return Trigger("SANCTION", "withdraw")
    return None


def _condition(tok) -> str | None:
    """ "if" or "unless" when a conditional clause hangs on ``tok`` (or on the verb it complements)."""
    for t in (tok, tok.head):
        for child in t.children:
            if child.dep_ == "advcl":
                for g in child.children:
                    if g.dep_ == "mark" and g.lower_ in ("if", "unless"):
                        return g.lower_
            if child.dep_ == "mark" and child.lower_ in ("if", "unless") and t is tok:
                return None  # tok itself is the condition
    return None


def _depth(tok) -> int:
    """Steps from ``tok`` to its sentence root: main-clause events come first."""
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def _obliged_clause(tok):
    """The clausal complement of ``tok`` that states an obligation ("... that Libya must hand over")."""
    for child in tok.children:
        if child.dep_ == "ccomp":
            for g in child.children:
                if g.dep_ == "aux" and g.lower_ in _OBLIGATION:
                    return child
                if g.dep_ == "xcomp" and child.lemma_ == "have" and any(x.lower_ == "to" for x in g.children):
                    return child
    return None


def _complements(tok) -> list[int]:
    out = []
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp"):
            out.append(child.i)
        elif child.dep_ == "prep":
            out += [g.i for g in child.children if g.dep_ == "pcomp"]
        elif child.dep_ in ("dobj", "pobj") and child.pos_ == "NOUN":
            out += [g.i for g in child.children if g.dep_ in ("acl", "relcl") and g.i > child.i]
    return out


def _aux_mode(tok, lex: Lexicon) -> str | None:
    """negation > hypothetical > future (> historical, set from the date by the caller)."""
    chain = [tok]
    t = tok
    for _ in range(5):  # "will not be able to deploy", "plans to send", "is not capable of fighting"
        if t.head.i == t.i or t.dep_ == "prep" and t.lower_ not in ("of", "to", "from", "in", "about", "for"):
            break
        if t.dep_ in ("xcomp", "conj", "acomp", "pcomp", "prep", "acl", "dobj", "pobj"):
            t = t.head
            chain.append(t)
        else:
            break
    negated = hypothetical = future = False
    for t in chain:
        for child in t.children:
            dep, low = child.dep_, child.lower_
            if dep == "neg" or (dep == "det" and low == "no") or low == "never":
                negated = True
            elif dep == "aux":
                if low in _FUTURE:
                    future = True
                elif low in _HYPOTHETICAL:
                    hypothetical = True
                elif low == "would":
                    if t.dep_ == "ccomp" and t.head.lemma_ in _SPEECH:
                        future = True
                    else:
                        hypothetical = True
            elif dep == "mark" and low in ("if", "unless"):
                hypothetical = True
            elif dep == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in child.children
            ):
                hypothetical = True
        if t is not tok and (t.lemma_ in _INTENT or t.lemma_ in _DECLARED):
            future = True
        if t is not tok and t.lemma_ in lex.negating_verbs:
            negated = True
        if t.lemma_ == "go" and any(c.dep_ == "xcomp" for c in t.children) and t.tag_ == "VBG":
            future = True
    if negated:
        return "negation"
    if hypothetical:
        return "hypothetical"
    if future:
        return "future"
    return None
