"""Forecast questions as data: a predicate over a trajectory, checked within a horizon.

A question resolves YES when its condition ``when`` holds at some step within ``horizon_months``
(``resolves: eventually``), or at every step of it (``resolves: throughout``). Vocabulary of conditions::

    {rung_at_least: {theatre: korea, rung: 3}}      {rung_at_most: {theatre: korea, rung: 1}}
    {involved: {actor: PRK, theatre: ukraine}}      {ceasefire: ukraine}
    {posture_at_least: office}                      {posture_at_most: air}
    {flow_at_least: {flow: prk_rus_troops, size: 15}}  or  {..., ratio: 1.25}  (to the size at as_of)
    {front_held_at_most: {theatre: ukraine, front: kursk, share: 0.05}}
    {count_theatres: {rung_at_least: 4, at_least: 2, theatres: [ukraine, korea]}}   (theatres optional)
    {count_theatres: {rung_at_least: 2, at_least: 2, great_powers_opposed: true}}   (great powers in combat on
        both sides of each counted theatre: a world war)
    {any: [C, ...]}   {all: [C, ...]}   {not: C}   {question: OTHER_ID}
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from flashpoint.world.rules import POSTURE_LEVELS


class Question(BaseModel):
    """A forecast question with the metadata used to match expert statements to it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    resolution: str = Field(description="resolution criteria in words")
    horizon_months: int = Field(ge=1, le=600)
    resolves: Literal["eventually", "throughout"] = "eventually"
    when: dict[str, Any]
    actors: list[str] = Field(default_factory=list)
    event_type: str | None = Field(default=None, description="PLOVER event type, e.g. ASSAULT")
    event_polarity: Literal["positive", "negative"] = Field(
        default="positive",
        description=(
            "whether the yes-outcome asserts the question's event (positive) or denies it (negative, e.g. "
            "'stays limited to naval and air' denies a ground deployment); links to expert statements use it"
        ),
    )
    tags: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Cond:
    """A parsed condition: ``op`` and its arguments (``args``), children in ``items``."""

    op: str
    args: tuple[tuple[str, Any], ...] = ()
    items: tuple[Cond, ...] = ()

    def arg(self, name: str, default: Any = None) -> Any:
        return dict(self.args).get(name, default)


class ConditionError(ValueError):
    """A condition that does not parse; ``path`` is relative to the condition."""

    def __init__(self, path: tuple, message: str) -> None:
        super().__init__(message)
        self.path = path


_SPEC: dict[str, dict[str, type | tuple]] = {
    "rung_at_least": {"theatre": str, "rung": int},
    "rung_at_most": {"theatre": str, "rung": int},
    "involved": {"actor": str, "theatre": str},
    "front_held_at_most": {"theatre": str, "front": str, "share": float},
}


def _typed(value: Any, kind: type, path: tuple) -> Any:
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise ConditionError(path, f"expected {kind.__name__}; got {value!r}")


def parse_condition(obj: Any, path: tuple = ()) -> Cond:
    """Parse a condition mapping into a :class:`Cond`, raising :class:`ConditionError` with a path."""
    if not isinstance(obj, dict) or len(obj) != 1:
        raise ConditionError(
            path, f"expected a mapping with exactly one condition key ({', '.join(sorted(OPS))}); got {obj!r}"
        )
    ((op, val),) = obj.items()
    where = (*path, op)
    if op not in OPS:
        raise ConditionError(path, f"expected one of {', '.join(sorted(OPS))}; got {op!r}")
    if op in ("any", "all"):
        if not isinstance(val, list) or not val:
            raise ConditionError(where, f"expected a non-empty list of conditions; got {val!r}")
        return Cond(op, items=tuple(parse_condition(v, (*where, i)) for i, v in enumerate(val)))
    if op == "not":
        return Cond(op, items=(parse_condition(val, where),))
    if op in ("ceasefire", "question"):
        return Cond(op, ((("theatre" if op == "ceasefire" else "id"), _typed(val, str, where)),))
    if op in ("posture_at_least", "posture_at_most"):
        if val not in POSTURE_LEVELS:
            raise ConditionError(where, f"expected one of {', '.join(POSTURE_LEVELS)}; got {val!r}")
        return Cond(op, (("level", POSTURE_LEVELS.index(val)),))
    if not isinstance(val, dict):
        raise ConditionError(where, f"expected a mapping; got {val!r}")
    if op == "flow_at_least":
        spec: dict[str, type] = {"flow": str}
        spec.update({"size": float} if "size" in val else {"ratio": float})
    elif op == "count_theatres":
        spec = {"rung_at_least": int, "at_least": int}
    else:
        spec = _SPEC[op]
    optional = {"theatres", "great_powers_opposed"} if op == "count_theatres" else set()
    unknown = set(val) - set(spec) - optional
    if unknown:
        raise ConditionError((*where, sorted(unknown)[0]), f"unknown field; expected {', '.join(spec)}")
    args = []
    for key, kind in spec.items():
        if key not in val:
            raise ConditionError((*where, key), f"required field missing (expected {kind.__name__})")
        args.append((key, _typed(val[key], kind, (*where, key))))
    if "theatres" in val:
        theatres = val["theatres"]
        if not isinstance(theatres, list) or not all(isinstance(t, str) for t in theatres):
            raise ConditionError((*where, "theatres"), f"expected a list of theatre ids; got {theatres!r}")
        args.append(("theatres", tuple(theatres)))
    if "great_powers_opposed" in val:
        opposed = val["great_powers_opposed"]
        if not isinstance(opposed, bool):
            raise ConditionError((*where, "great_powers_opposed"), f"expected true or false; got {opposed!r}")
        args.append(("great_powers_opposed", opposed))
    for key in ("rung", "rung_at_least"):
        rung = dict(args).get(key)
        if rung is not None and not 0 <= rung <= 5:
            raise ConditionError((*where, key), f"expected a rung in [0, 5]; got {rung}")
    share = dict(args).get("share")
    if share is not None and not 0.0 <= share <= 1.0:
        raise ConditionError((*where, "share"), f"expected a share in [0, 1]; got {share}")
    return Cond(op, tuple(args))


OPS = frozenset(
    [
        *_SPEC,
        "any",
        "all",
        "not",
        "ceasefire",
        "question",
        "posture_at_least",
        "posture_at_most",
        "flow_at_least",
        "count_theatres",
    ]
)


def references(cond: Cond, path: tuple = ()) -> list[tuple[str, str, tuple]]:
    """Return (kind, id, path) for every actor, theatre, flow and question the condition names."""
    found: list[tuple[str, str, tuple]] = []
    where = (*path, cond.op)
    if cond.op in ("any", "all"):
        for i, item in enumerate(cond.items):
            found += references(item, (*where, i))
        return found
    if cond.op == "not":
        return references(cond.items[0], where)
    for key, value in cond.args:
        if key in ("theatre", "actor", "flow"):
            found.append((key, value, (*where, key) if cond.op not in ("ceasefire",) else where))
        elif key == "id":
            found.append(("question", value, where))
        elif key == "theatres":
            found += [("theatre", t, (*where, "theatres", i)) for i, t in enumerate(value)]
    return found


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (2024-01-31 + 1 -> 2024-02-29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(as_of: date, question: Question) -> date:
    """A question's fixed deadline: the scenario's ``as_of`` plus its horizon in calendar months.

    Re-running the scenario at a later date forecasts the same question: the time left is
    ``deadline - date``, and a question whose deadline has passed is not simulated.
    """
    return add_months(as_of, question.horizon_months)


def months_left(on: date, until: date) -> int:
    """Whole months (30.4375 days, rounded; at least 1) from ``on`` to ``until``; 0 once ``until`` is reached.

    The engine steps in months, so the time left to a deadline is simulated as this many whole months.
    """
    days = (until - on).days
    if days <= 0:
        return 0
    return max(1, int(round(days / 30.4375)))
