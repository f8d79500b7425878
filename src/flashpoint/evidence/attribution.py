"""Attribution-aware events: whether the text asserts an event, or someone in it reports or wants it.

An event coded inside the clause of a speech, claim or belief verb ("Iran said Israeli jets struck", "Russia
claimed that Kyiv shelled", "..., according to the ministry") is ``reported``; one inside the clause of a
wish or request verb ("Serbia wants NATO to withdraw", "urged Japan to release") is ``desired``. Neither is
asserted as having happened: :attr:`Event.attribution` says so, and consumers that count what happened
skip them. The speaker's own act is coded as PLOVER asks (the manual: code the act of the source):

- a claim or allegation of a conflictual act (quad 3 or 4) by another party is ACCUSE ``allege`` by the
  claimant against that party ("Iran claimed that Israeli jets struck a base": ACCUSE IRN -> ISR);
- wanting another party to act is REQUEST by the one who wants it, with the mode of what is asked
  ("Serbia wants NATO to withdraw": REQUEST SRB -> NATO ``yield``).

Verbs the lexicon already codes with the clause they govern ("accused X of", "demanded that X") code one
event, their own (:mod:`flashpoint.evidence.events`); these rules cover the verbs that code nothing alone.
The verb lists are general English reporting and desire verbs (lemmas), not tuned to any one sentence.
"""

from __future__ import annotations

from flashpoint.evidence.analysis import DocAnalysis
from flashpoint.evidence.event_rules import _REQUEST_MODE, _ref
from flashpoint.evidence.records import Event
from flashpoint.ontology import EVENT_TYPES, plover_to_cameo

#: Verbs whose complement clause is someone's statement or belief, not the text's own assertion.
REPORTING = frozenset(
    ["say", "tell", "report", "announce", "state", "declare", "add", "confirm", "write", "note", "claim"]
    + ["allege", "charge", "contend", "assert", "maintain", "insist", "argue", "suggest", "believe", "think"]
    + ["suspect", "fear", "deny", "testify", "acknowledge", "admit", "reveal", "disclose", "explain", "warn"]
    + ["estimate", "assess", "conclude"]
)
#: Of those, the verbs that present the clause as a contested claim: the speaker accuses its actor.
CLAIMING = frozenset(["claim", "allege", "charge", "contend", "assert", "maintain", "insist", "accuse"])
#: Verbs whose complement clause is wanted, not done ("call" is left out: "calling them an army" names).
DESIRING = frozenset(
    ["want", "wish", "hope", "desire", "prefer", "ask", "urge", "demand", "request", "appeal", "press"]
    + ["plead", "beg", "seek", "exhort", "implore"]
)
#: Of those, the verbs the lexicon does not code as REQUEST with their clause: wanting another party to act.
WISHING = frozenset(["want", "wish", "hope", "desire", "prefer"])
#: Dependency labels that attach a clause to the verb that reports or wants it.
_CLAUSAL = frozenset({"ccomp", "xcomp", "parataxis", "oprd"})
ATTRIBUTIONS = ("reported", "desired")


def attribution_of(anchor, roles=None, actor_code: str | None = None, event: str | None = None) -> str | None:
    """``reported``, ``desired`` or None (asserted) for the event whose trigger is token ``anchor``.

    Walks from the trigger up to the sentence root: a clause attached to a reporting verb makes the event
    reported, to a wish or request verb desired (the innermost such verb decides: "said it wants X to
    withdraw" is desired). A sentence sourced with "according to" reports everything in it. A verbal act
    (quad 1 or 3: AGREE, THREATEN, ...) that the speaker states about itself is the statement itself
    ("the US announced it would send aid": AGREE), so it stays asserted (with ``roles`` and ``actor_code``).
    """
    t = anchor
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head is t:
            break
        head = t.head
        if t.dep_ in _CLAUSAL or (t.dep_ == "advcl" and head.lemma_ in REPORTING):
            if head.lemma_ in DESIRING:
                return "desired"
            if head.lemma_ in REPORTING:
                if roles is not None and event is not None and EVENT_TYPES[event].quad in (1, 3):
                    subj, _ = roles.subject(head)
                    speaker = roles.actor_of(subj, full=True) if subj is not None else None
                    if speaker is not None and speaker.code == actor_code:
                        return None
                return "reported"
        t = head
    root = t
    for tok in root.subtree:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            return "reported"
    return None


def _governor(anchor, verbs: frozenset[str]):
    """The innermost verb of ``verbs`` whose clause holds ``anchor``, or None."""
    t = anchor
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head is t:
            return None
        if t.dep_ in _CLAUSAL and t.head.lemma_ in verbs:
            return t.head
        t = t.head
    return None


def speaker_acts(a: DocAnalysis, roles, k: int, events: list[Event], anchors: dict[int, int]) -> list[Event]:
    """The acts of those who claim or want the events of sentence ``k`` (see the module docstring).

    Parameters
    ----------
    a : DocAnalysis
    roles : Roles
        The sentence roles reader of the event coder.
    k : int
        Local sentence index.
    events : list of Event
        The events coded in the sentence.
    anchors : dict
        ``id(event) -> trigger token index`` for ``events``.
    """
    out: list[Event] = []
    have = {(e.event_type, _code(e.actor), _code(e.recipient)) for e in events}
    for ev in events:
        if ev.attribution is None or ev.actor is None or id(ev) not in anchors:
            continue
        anchor = a.doc[anchors[id(ev)]]
        if ev.attribution == "reported":
            verb, event_type = _governor(anchor, CLAIMING), "ACCUSE"
            if verb is None or EVENT_TYPES[ev.event_type].quad < 3:
                continue
            mode = "allege"
        else:
            verb, event_type = _governor(anchor, WISHING), "REQUEST"
            if verb is None:
                continue
            mode = _REQUEST_MODE.get(ev.event_type, "change")
        subj, _ = roles.subject(verb)
        speaker = roles.actor_of(subj, full=True) if subj is not None else None
        if speaker is None or not speaker.code or speaker.code == ev.actor.code:
            continue  # a party's own intent or claim about itself is no act towards another
        key = (event_type, speaker.code, ev.actor.code)
        if key in have:
            continue
        have.add(key)
        out.append(
            Event(
                **a.record_base(k),
                event_type=event_type,
                mode=mode,
                contexts=list(ev.contexts),
                aux_mode=None,
                actor=_ref(speaker),
                recipient=ev.actor,
                location=ev.location,
                date=ev.date,
                cameo=plover_to_cameo(event_type, mode),
            )
        )
        a.event_anchor.append((out[-1], verb.i))
    return out


def _code(ref) -> str | None:
    return ref.code if ref is not None else None
