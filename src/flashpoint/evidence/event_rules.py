"""Constants and small rules of the PLOVER event coder (:mod:`flashpoint.evidence.events`): which acts are
cooperative, what a future act threatens, what a request asks, whether a recipient is another party, what
undoing an act is, and which subjects are armed forces."""

from __future__ import annotations

from flashpoint.evidence.analysis import Found
from flashpoint.evidence.lexicon import Trigger
from flashpoint.evidence.records import ActorRef

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
_EXERCISES = frozenset({"exercise", "drill", "game", "maneuver", "manoeuvre"})
_CARRY_SENTENCES = 12
_USE = frozenset({"AID", "ASSAULT"})  # what forces moved are used for: MOBILIZE with them is the same act
#: Armed forces (not delegations, inspectors or observers, whose arrival is a visit).
_ARMED = frozenset(
    {"troop", "force", "soldier", "unit", "brigade", "battalion", "division", "army", "navy", "fleet"}
    | {"warship", "jet", "aircraft", "peacekeeper", "marine", "militia", "contingent", "regiment", "tank"}
)


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


def _armed(subj):
    """The armed-force noun a subject names ("troops", "a first batch of peacekeeping troops"), or None."""
    if subj is None or subj.lemma_ in _ARMED:
        return subj
    of = [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return next((g for g in of if g.dep_ == "pobj" and g.lemma_ in _ARMED), None)


def _peacekeeping(tok) -> bool:
    """Whether a force noun names peacekeepers ("peacekeepers", "peacekeeping troops")."""
    return any(t.lower_.startswith(("peacekeep", "peace-keep")) for t in tok.subtree if t.i <= tok.i)


def _ref(found: Found) -> ActorRef:
    return ActorRef(found.code or "", found.name, found.text)


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
