"""The event-pattern lexicon (``data/event_patterns.yaml``) compiled into lemma lookups.

Everything is keyed by lemma string and checked once per candidate token, so coding a sentence costs a
few dictionary lookups per token.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from flashpoint.errors import InputError
from flashpoint.ontology import EVENT_TYPES

PATTERNS = Path(__file__).with_name("data") / "event_patterns.yaml"


@dataclass(frozen=True, slots=True)
class Trigger:
    """``event``/``mode`` for a lemma, optionally only with a child word (``child``)."""

    event: str
    mode: str | None
    child: str | None = None


def _entries(section: dict, where: str) -> dict[str, list[Trigger]]:
    out: dict[str, list[Trigger]] = {}
    for key, words in (section or {}).items():
        event, _, mode = str(key).partition("/")
        info = EVENT_TYPES.get(event)
        if info is None:
            raise InputError(f"{where}.{key}: expected a PLOVER event type; got {event!r}")
        if mode and mode not in info.modes:
            raise InputError(f"{where}.{key}: {mode!r} is not a PLOVER mode of {event}")
        for word in words:
            lemma, _, child = str(word).partition(" ")
            out.setdefault(lemma, []).append(Trigger(event, mode or None, child or None))
    for triggers in out.values():
        triggers.sort(key=lambda t: t.child is None)  # child-specific entries first
    return out


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    object_nouns: dict[str, list[Trigger]]
    light_verbs: frozenset[str]
    reversal_verbs: frozenset[str]
    governing: frozenset[str]
    force_nouns: frozenset[str]
    crowd_nouns: frozenset[str]
    accusation_nouns: frozenset[str]
    sending_verbs: frozenset[str]
    hosting_verbs: frozenset[str]
    captive_nouns: frozenset[str]
    negating_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    blocking_verbs: frozenset[str]
    giving_verbs: frozenset[str]
    topic_verbs: frozenset[str]
    recipient_preps: dict[str, tuple[str, ...]]
    contexts: dict[str, str]  # lemma -> context

    @staticmethod
    def _pick(triggers: list[Trigger] | None, token) -> Trigger | None:
        if not triggers:
            return None
        words = None
        for trig in triggers:
            if trig.child is None:
                return trig
            if trig.child == "+obj":  # a transitive sense only
                if any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
                    return trig
                continue
            if words is None:
                words = {c.lower_ for c in token.children} | {c.lemma_ for c in token.children}
            if trig.child in words:
                return trig
        return None

    def verb(self, token) -> Trigger | None:
        return self._pick(self.verbs.get(_lemma(token)), token)

    def noun(self, token) -> Trigger | None:
        return self._pick(self.nouns.get(_lemma(token)), token)

    def object_noun(self, token, verb: str | None = None) -> Trigger | None:
        """The event an object noun names; things given ("missiles", "food") are AID only as the object of
        a giving verb ("sent missiles"), not of "fired" or "launched"."""
        lemma = _lemma(token)
        found = self._pick(self.nouns.get(lemma), token)
        if found is not None:
            return found
        options = self.object_nouns.get(lemma)
        if (
            options
            and verb is not None
            and not (verb in self.giving_verbs or verb in self.reversal_verbs or verb in self.blocking_verbs)
        ):
            options = [t for t in options if t.event != "AID"]
        return self._pick(options, token)


def _lemma(token) -> str:
    """The lemma, lower-cased only when needed (title-case headlines: "Sends Troops to Aid")."""
    lemma = token.lemma_
    return lemma if lemma.islower() else lemma.lower()


@functools.cache
def load_lexicon(path: Path = PATTERNS) -> Lexicon:
    """Compile the event-pattern YAML at ``path`` (validated against the PLOVER ontology)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    contexts = {}
    for context, lemmas in (data.get("contexts") or {}).items():
        for lemma in lemmas:
            contexts[str(lemma)] = str(context)
    return Lexicon(
        verbs=_entries(data["verbs"], "verbs"),
        nouns=_entries(data["nouns"], "nouns"),
        object_nouns=_entries(data.get("object_nouns"), "object_nouns"),
        light_verbs=frozenset(w.split()[0] for w in data["light_verbs"]),
        reversal_verbs=frozenset(w.split()[0] for w in data["reversal_verbs"]),
        governing=frozenset(data["governing"]),
        force_nouns=frozenset(data["force_nouns"]),
        crowd_nouns=frozenset(data["crowd_nouns"]),
        accusation_nouns=frozenset(w.split()[0] for w in data["accusation_nouns"]),
        sending_verbs=frozenset(data["sending_verbs"]),
        hosting_verbs=frozenset(data["hosting_verbs"]),
        captive_nouns=frozenset(data["captive_nouns"]),
        negating_verbs=frozenset(data["negating_verbs"]),
        agent_nouns=frozenset(data["agent_nouns"]),
        blocking_verbs=frozenset(data["blocking_verbs"]),
        giving_verbs=frozenset(data["giving_verbs"]),
        topic_verbs=frozenset(data["topic_verbs"]),
        recipient_preps={k: tuple(v) for k, v in data["recipient_preps"].items()},
        contexts=contexts,
    )
