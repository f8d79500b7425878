"""The participants of an event: its actors and its recipient, from the parse and the lexicon.

See :mod:`flashpoint.evidence.roles` for the phrase-level rules (subjects, objects, pronouns); this module
adds the event-level ones: light-verb nouns, complements of governing verbs, generic subjects that stand
for a state named elsewhere, reciprocal subjects, and CAMEO's domestic targets.
"""

from __future__ import annotations

from flashpoint.evidence.analysis import DocAnalysis, Found
from flashpoint.evidence.clauses import object_of
from flashpoint.evidence.lexicon import Lexicon
from flashpoint.evidence.roles import Roles, coordinated
from flashpoint.ontology import EVENT_TYPES

_RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT"})
#: Reciprocal events coded with a compound actor and no recipient (COOPERATE requires a recipient).
_COMPOUND = frozenset({"AGREE", "CONSULT", "ASSAULT"})
#: Event types coded without a recipient: those PLOVER does not require one for (all but COOPERATE, AID
#: and SANCTION).
ONE_SIDED = frozenset(name for name, info in EVENT_TYPES.items() if not info.requires_recipient)
#: Prepositions that name the target of an act named by a noun ("sanctions against", "war on").
_TARGET_PREPS = ("against", "on", "upon")
#: Nouns that are no event of their own but name a target the same way ("a war against X", "action on X").
_TARGET_NOUNS = frozenset({"war", "action", "campaign", "measure", "step", "move", "operation"})


#: Verbs whose "in" phrase names an act their subject takes part in ("engaged in", "took part in").
_PARTAKING = frozenset({"engage", "involve", "participate", "take", "join", "persist", "continue"})


def _partaking(noun) -> bool:
    """Whether event noun ``noun`` is the "in" object of a verb of taking part ("were engaged in attacks")."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.lemma_ in _PARTAKING


def _same(tok, other) -> bool:
    """Whether two spaCy tokens are the same token (token objects are created anew on each access)."""
    return other is not None and tok.i == other.i


TEMPORAL_PREPS = frozenset(
    {"during", "after", "before", "amid", "following", "upon", "since", "despite", "for", "at"}
)


def _direct(a: DocAnalysis, recipient: Found | None, anchor) -> bool:
    """Whether a recipient is the act's own object or its partner "with"/"to" ("X and Y met with Z")."""
    if recipient is None or recipient.start < 0:
        return False
    head = a.doc[recipient.end - 1]
    while head.dep_ in ("compound", "amod", "poss", "nmod") and head.head.i != head.i:
        head = head.head
    return (head.dep_ == "dobj" and head.head.i == anchor.i) or (
        head.dep_ == "pobj" and head.head.lower_ in ("with", "to") and head.head.head.i == anchor.i
    )


class Participants:
    """Actor and recipient resolution for events (one per document, with its :class:`Roles`)."""

    def __init__(self, gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gazetteer
        self.lex = lexicon

    def domestic(
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

    def generic(self, a: DocAnalysis, subj) -> bool:
        """Whether a subject is an office, a body or a named person the gazetteer does not place."""
        lex = self.lex
        return (
            subj.lemma_ in lex.agent_nouns
            or subj.lemma_ in lex.crowd_nouns
            or subj.pos_ == "NUM"
            or subj.tag_ in ("NNS", "NNPS")
            or (subj.ent_type_ == "PERSON" and a.tok_mention[subj.i] < 0)
        )

    def captive(self, a: DocAnalysis, anchor) -> bool:
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

    def roles(self, a, roles: Roles, anchor, noun, event: str, comp):
        """Actors (list) and recipient of the event anchored at ``anchor`` (``noun``: its event noun)."""
        lex = self.lex
        preps = lex.recipient_preps.get(event, ())
        actors: list[Found] = []
        recipient: Found | None = None
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
        if (
            verb is None and noun is not None and _partaking(noun)
        ):  # "forces were engaged in ethnic cleansing"
            verb = noun.head.head
        if verb is None and noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in TEMPORAL_PREPS:
            verb = noun.head.head  # "after a meeting with X", "for talks on": the clause's subject acts
        subj, passive = None, False
        if verb is not None and not actors:
            subj, passive = roles.subject(verb)
            passive = passive and not (noun is not None and _partaking(noun))  # "were engaged in": they act
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
            recipient = self.verb_recipient(roles, verb, preps, event, comp, noun)
        if not actors and verb is not None:
            obj = object_of(verb)
            if obj is not None and obj.lemma_ in lex.force_nouns:
                actors = [f for f in [roles.actor_of(obj)] if f]
        if not actors and verb is not None and (subj is None or passive or self.generic(a, subj)):
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
            )
            if found is None:  # the only state named: it acts, and on its own people or bodies
                found = roles.nearest(before, before=True, exclude=None) or roles.nearest(
                    anchor, before=False, exclude=None, within=anchor
                )
                if (
                    found is not None
                    and event != "MOBILIZE"
                    and (recipient is not None and recipient.code == found.code or found.start > anchor.i)
                ):
                    # "President Mwanawasa reneged on his commitment to the Zambian people", "a judge
                    # opened investigations against Chilean officials": CAMEO's domestic event
                    recipient = recipient or found
                    found = Found(-1, -1, "actor", found.code, found.name, "", found.category)
            if found is None and subj is not None and not passive and self.generic(a, subj):
                # a group the sentence does not place ("Protesters clashed with police") belongs to the state
                # the previous sentence named ("Georgia's parliament passed the law.")
                found = roles.context_state(anchor)
            actors = [found] if found is not None else []
        if len(actors) > 1 and event in _RECIPROCAL and not _direct(a, recipient, anchor):
            if event in _COMPOUND and subj is not None and coordinated(subj):
                # "X and Y agreed", "X and Y clashed": PLOVER's reciprocal event, all of them the actor
                # and no recipient (manual, "Compound and Reciprocal Actors")
                return actors, recipient if recipient is not None and recipient.code not in {
                    f.code for f in actors
                } else None
            actors, recipient = actors[:1], actors[1]  # "they both pledged": one event, X with Y
        if recipient is None and actors and verb is not None and event not in ONE_SIDED:
            recipient = roles.after_in_subtree(verb, actors[0].code)
        if recipient is None and event not in ("MOBILIZE",):
            # whom the act concerns, from the rest of its clause: "threatened to break relations with
            # Russia", "lifted a state of emergency in West Darfur" (a domestic act: the same state)
            recipient = roles.in_scope(anchor, exclude=[f.start for f in actors])
        return actors, recipient

    def verb_recipient(self, roles: Roles, verb, preps, event, comp, noun) -> Found | None:
        lex = self.lex
        if comp is not None:  # "demanded that Israel ease", "urged the EC to support"
            obj = object_of(verb)
            if (
                obj is not None
                and not _same(obj, noun)  # "reiterated its demand that Israel ease": the noun is the act
                and obj.lemma_ not in lex.force_nouns
                and (found := roles.actor_of(obj))
            ):
                return found
            subj, _ = roles.subject(comp)
            if subj is not None and subj.head.i == comp.i and (found := roles.actor_of(subj)):
                return found
            for pobj in roles.by_prep(
                comp, lex.recipient_preps.get(event, ()) + ("to", "on", "against", "with")
            ):
                if found := roles.actor_of(pobj, full=True):
                    return found
        obj = object_of(verb)
        if obj is not None and obj.lemma_ not in lex.force_nouns and not _same(obj, noun):
            found = roles.actor_of(obj)
            if found is not None:
                return found
        candidates = [verb] + ([obj] if obj is not None else [])
        for head in candidates:
            for pobj in roles.by_prep(head, preps):
                found = roles.actor_of(pobj, full=True)
                if found is not None:
                    return found
        for head in candidates:  # an act named by a noun it governs: "called for sanctions against X",
            for child in head.children:  # "mobilized reservists for a possible war against X"
                if child.dep_ != "prep":
                    continue
                for pobj in child.children:
                    if (
                        pobj.dep_ == "pobj"
                        and not _same(pobj, noun)
                        and (pobj.lemma_ in _TARGET_NOUNS or lex.noun(pobj) is not None)
                    ):
                        for target in roles.by_prep(pobj, _TARGET_PREPS):
                            if found := roles.actor_of(target, full=True):
                                return found
        for child in verb.children:  # purpose clause: "sent troops to aid Russia"
            if child.dep_ in ("advcl", "xcomp") and (obj2 := object_of(child)) is not None:
                found = roles.actor_of(obj2)
                if found is not None:
                    return found
        return None
