"""Dyads: PLOVER's compound events expanded into the actor -> recipient pairs of dyadic (CAMEO-style) data.

PLOVER codes "The United States and France accused Russia" as one event whose actor is a list, and a
reciprocal event ("Russia, Belarus and Kazakhstan met") with all parties as the actor and no recipient
(manual, "Compound and Reciprocal Actors"); flashpoint's records carry one event per listed actor. The manual
leaves it to the user to expand these "in a post-processing phase to multiple events with single entity
codes following the earlier conventions": :func:`dyads` does that, so the records can be compared with
CAMEO-coded data or joined to a dyadic network.
"""

from __future__ import annotations

from collections.abc import Iterable

from flashpoint.evidence.records import Event


def dyads(events: Iterable[Event]) -> list[tuple[str | None, str, str | None]]:
    """``(actor, event_type, recipient)`` triples of ``events`` with reciprocal events expanded into pairs.

    Events of one sentence with the same type and mode, no recipient and different actors are one
    reciprocal event: it becomes every ordered pair of its actors (three parties that met give six
    triples). Other events give their own triple. Codes are the events' actor and recipient codes;
    duplicates are dropped, order is kept.

    Parameters
    ----------
    events : iterable of Event
    """
    events = list(events)
    groups: dict[tuple, list[str]] = {}
    for ev in events:
        if ev.recipient is None and ev.actor is not None:
            key = (ev.doc_id, ev.sentence, ev.event_type, ev.mode)
            codes = groups.setdefault(key, [])
            if ev.actor.code not in codes:
                codes.append(ev.actor.code)
    out: list[tuple[str | None, str, str | None]] = []
    for ev in events:
        actor = ev.actor.code if ev.actor else None
        key = (ev.doc_id, ev.sentence, ev.event_type, ev.mode)
        if ev.recipient is None and actor is not None and len(groups.get(key, [])) > 1:
            triples = [(actor, ev.event_type, other) for other in groups[key] if other != actor]
        else:
            triples = [(actor, ev.event_type, ev.recipient.code if ev.recipient else None)]
        out += [t for t in triples if t not in out]
    return out
