"""flashpoint.ontology: PLOVER v0.8, the CAMEO->PLOVER crosswalk and the ICD 203 estimative scale.

Each is one YAML file in ``data/`` and nothing else lists their values: the enums below are built from
the files when this module is imported.

- ``plover.yaml``: event types (quad, whether a recipient is required, score, modes with scores, CAMEO
  roots), contexts and auxiliary modes -> :class:`EventType`, :class:`Context`, :class:`AuxMode`,
  :data:`EVENT_TYPES`.
- ``cameo_plover.yaml`` (derived by ``scripts/derive_cameo_crosswalk.py``) -> :data:`CAMEO`,
  :func:`cameo_to_plover`; ``crosswalk_disputes.yaml``: where the table and the manual disagree ->
  :data:`DISPUTES`.
- ``icd203.yaml`` -> :data:`ICD203`, :func:`estimative_probability`.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(name: str) -> dict[str, Any]:
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_Loader)


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    """One PLOVER event type. ``modes`` maps mode -> score (float)."""

    name: str
    quad: int
    requires_recipient: bool
    score: float
    cameo: tuple[str, ...]
    definition: str
    modes: dict[str, float]

    def mode_score(self, mode: str | None) -> float:
        return self.modes.get(mode, self.score) if mode else self.score


@dataclass(frozen=True, slots=True)
class EstimativeBand:
    """One ICD 203 band: ``term``, the probability range ``[low, high]`` and mid-point ``p``."""

    term: str
    low: float
    high: float
    p: float
    phrases: tuple[str, ...]


PLOVER: dict[str, Any] = _load("plover.yaml")
EVENT_TYPES: dict[str, EventTypeInfo] = {
    name: EventTypeInfo(
        name,
        int(spec["quad"]),
        bool(spec["requires_recipient"]),
        float(spec["score"]),
        tuple(spec["cameo"]),
        str(spec["definition"]),
        {str(m): float(s) for m, s in (spec.get("modes") or {}).items()},
    )
    for name, spec in PLOVER["event_types"].items()
}

EventType = enum.StrEnum("EventType", {name: name for name in EVENT_TYPES})
EventType.__doc__ = "The 16 PLOVER v0.8 event types (from data/plover.yaml)."
Context = enum.StrEnum("Context", {c: c for c in PLOVER["contexts"]})
Context.__doc__ = "The 37 PLOVER v0.8 contexts (from data/plover.yaml)."
AuxMode = enum.StrEnum("AuxMode", {m: m for m in PLOVER["aux_modes"]})
AuxMode.__doc__ = (
    "PLOVER auxiliary modes: historical, future, hypothetical, negation (from data/plover.yaml)."
)
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

CAMEO: dict[str, Any] = _load("cameo_plover.yaml")
#: Codes where the table and the manual disagree, with flashpoint's reading (``crosswalk_disputes.yaml``).
DISPUTES: dict[str, Any] = _load("crosswalk_disputes.yaml")["disputes"]

_ICD = _load("icd203.yaml")
ICD203: tuple[EstimativeBand, ...] = tuple(
    EstimativeBand(b["term"], float(b["low"]), float(b["high"]), float(b["p"]), tuple(b["phrases"]))
    for b in _ICD["bands"]
)


def cameo_to_plover(code: str, *, as_published: bool = False) -> dict[str, Any] | None:
    """The PLOVER ``{"event", "mode", "contexts"}`` for a CAMEO code (2-4 digits), or None.

    A code missing from the table falls back to its shorter prefix (``"0334"`` -> ``"033"`` -> ``"03"``);
    a bare root gives its event type when the root maps to exactly one. Codes in :data:`DISPUTES` give
    flashpoint's reading (163 -> SANCTION, 080 -> RETREAT) unless ``as_published``.
    """
    code = str(code)
    while code:
        if not as_published and code in DISPUTES:
            reading = DISPUTES[code]["reading"]
            return {"event": reading["event"], "mode": reading["mode"], "contexts": list(reading["contexts"])}
        entry = CAMEO["codes"].get(code)
        if entry is not None:
            return {"event": entry["event"], "mode": entry["mode"], "contexts": list(entry["contexts"])}
        if len(code) == 2:
            events = CAMEO["roots"].get(code, [])
            return {"event": events[0], "mode": None, "contexts": []} if len(events) == 1 else None
        code = code[:-1]
    return None


@functools.cache
def plover_to_cameo_root(event_type: str) -> str | None:
    """The CAMEO root code for a PLOVER event type (the first listed; e.g. ASSAULT -> "18")."""
    info = EVENT_TYPES.get(event_type)
    return info.cameo[0][:2] if info else None


@functools.cache
def plover_to_cameo(event_type: str, mode: str | None = None) -> str | None:
    """A CAMEO code for a PLOVER event type and mode: the first code of the crosswalk with that event
    and mode, else the event type's CAMEO root (``("ACCUSE", "investigate")`` -> ``"090"``)."""
    if mode:
        for code in sorted(CAMEO["codes"]):
            entry = CAMEO["codes"][code]
            if entry["event"] == event_type and entry["mode"] == mode:
                return code
    return plover_to_cameo_root(event_type)


def estimative_band(phrase: str) -> EstimativeBand | None:
    """The ICD 203 band whose phrase list contains ``phrase`` (lower-cased), else None."""
    phrase = phrase.lower().strip()
    for band in ICD203:
        if phrase in band.phrases:
            return band
    return None


def estimative_probability(phrase: str) -> float | None:
    """The ICD 203 mid-point probability for an estimative phrase ("unlikely" -> 0.32), else None."""
    band = estimative_band(phrase)
    return band.p if band else None


__all__ = [
    "CAMEO",
    "EVENT_TYPES",
    "ICD203",
    "PLOVER",
    "QUADS",
    "AuxMode",
    "Context",
    "EstimativeBand",
    "EventType",
    "EventTypeInfo",
    "cameo_to_plover",
    "estimative_band",
    "estimative_probability",
    "plover_to_cameo",
    "plover_to_cameo_root",
]
