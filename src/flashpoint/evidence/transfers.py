"""Transfers the event coder reads against the grain of the sentence.

- **Receiving reverses roles**: "Ukraine received 40 tanks from Poland", "Armenia obtained shells from
  India": the giver (the ``from`` phrase) is the actor of AID and the subject its recipient (CAMEO 07 codes
  the provider). Receiving a person or a delegation stays a visit (the lexicon's "receive +obj").
- **Coming under fire reverses roles too**: "UN peacekeepers came under fire from Israeli tanks": ASSAULT by
  the ``from``/``by`` party on the subject.
- **Announced aid is AGREE**: "announced $2 billion in military aid to Taiwan", "unveiled a package of
  aid": an announcement of cooperation is a commitment, not the delivery (PLOVER manual: future
  cooperative acts are AGREE). The object's "in"/"of" phrase names the aid ("$2 billion in aid").
"""

from __future__ import annotations

#: Verbs of getting: their subject is the recipient of what a "from" phrase gives.
RECEIVING = frozenset({"receive", "obtain", "get", "acquire", "accept", "take"})
#: Verbs that announce a commitment: cooperation they name by their object is AGREE.
ANNOUNCING = frozenset({"announce", "unveil", "approve", "promise", "pledge", "earmark"})
#: Objects of "receive" that make a visit, not a transfer.
_VISITORS = frozenset(
    {"delegation", "visitor", "envoy", "minister", "president", "leader", "mission", "observer", "guest"}
    | {"inspector", "team", "ambassador", "official", "counterpart", "diplomat", "monitor", "premier"}
    | {"chancellor", "king", "queen", "prince", "secretary", "chief", "commander", "general", "foreign"}
)


def visitor(obj) -> bool:
    """Whether an object noun names a person or a delegation received ("the Hungarian prime minister")."""
    return obj is not None and obj.lemma_.lower() in _VISITORS


def giver(tok, obj, a, roles):
    """The actor a "from" phrase of receiving verb ``tok`` names, when ``obj`` is a thing received (not a
    person or a delegation); else None."""
    if tok.lemma_ not in RECEIVING or obj is None or obj.lemma_ in _VISITORS or a.tok_person[obj.i] >= 0:
        return None
    if a.tok_mention[obj.i] >= 0 and a.found[a.tok_mention[obj.i]].kind not in ("place",):
        return None  # "received the Chinese premier": an actor is received, not a thing
    heads = [tok, obj] + [n for n in [named_in(obj)] if n is not None]  # "a shipment of shells from India"
    for head in heads:
        for pobj in roles.by_prep(head, ("from",)):
            found = roles.actor_of(pobj, full=True)
            if found is not None:
                return found
    return None


def named_in(obj):
    """The noun of ``obj``'s "in" or "of" phrase ("$2 billion in aid", "a package of aid"), or None."""
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def amount(verb):
    """An amount object whose "in"/"of" phrase names what it counts ("$2 billion in aid"), or None."""
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NUM" and named_in(c) is not None), None
    )


#: What one "comes under": attack nouns whose "from"/"by" phrase names the attacker.
_UNDER = frozenset({"fire", "attack", "shelling", "bombardment", "assault", "bombing", "siege"})


def attacker(tok, roles):
    """The actor of a "from"/"by" phrase when ``tok`` is "came under fire/attack from X", else None."""
    if tok.lemma_ != "come":
        return None
    for noun in roles.by_prep(tok, ("under",)):
        if noun.lemma_ in _UNDER:
            for head in (noun, tok):
                for pobj in roles.by_prep(head, ("from", "by")):
                    found = roles.actor_of(pobj, full=True)
                    if found is not None:
                        return found
    return None
