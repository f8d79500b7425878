"""Indicators: what evidence a scenario listens to, the parameter or state each one sets, and its rule.

A scenario's ``indicators:`` section declares, for each indicator, its ``kind``, the evidence that counts
(``evidence:``, a :class:`Match` over coded events or extracted quantities), the evidence that contradicts
it (``against:``, shown beside it, never applied), how much evidence it needs (``needs:``) and its rule in
words (``rule:``). The rules themselves are evaluated in :mod:`flashpoint.situation`. Kinds:

``fact``
    ``sets: {PATH: VALUE, ...}``: state facts (troops in combat, a rung raised, a flow stopped, a ceasefire).
``quantity``
    ``parameter: PATH``: reported numbers (``units:`` converts each unit to the parameter's unit, plus
    ``offset:``) combined into a triangular distribution over the reports' spread.
``rate``
    ``parameter: PATH``: events per month against ``baseline_per_month`` (a gamma prior worth
    ``prior_months`` months of the baseline), a gamma-Poisson update that scales the parameter.
``settles``
    ``question: ID`` and ``outcome: yes|no``: proposed as the question's resolution, for the analyst to
    confirm with ``flashpoint resolve``; never applied by itself.

Every indicator carries provenance like a parameter: ``source:`` or ``assumption: true`` with ``reason:``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from flashpoint.world.params import Param, _Provenance

KINDS = ("fact", "quantity", "rate", "settles")


class Match(BaseModel):
    """Which extracted records count: coded events (type, actor, recipient or dyad, words) or quantities.

    ``actor``/``recipient``: actor codes, any of them; ``dyad``: two codes, either direction; ``words``: a
    regular expression searched case-insensitively in the sentence; ``flow``: quantities attached to this
    flow (its sender and kind); ``units``: quantity units that count. Events coded as future, hypothetical
    or negated never count.
    """

    model_config = ConfigDict(extra="forbid")

    event_types: list[str] = Field(default_factory=list)
    actor: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    dyad: list[str] | None = None
    words: str | None = None
    flow: str | None = None
    units: list[str] = Field(default_factory=list)

    @field_validator("event_types")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.upper() for v in value]

    @field_validator("dyad")
    @classmethod
    def _pair(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(value) != 2:
            raise ValueError(f"expected two actor codes; got {value!r}")
        return value

    @field_validator("words")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"expected a regular expression; got {value!r} ({exc})") from None
        return value


class Needs(BaseModel):
    """How much evidence an indicator needs: distinct documents (``reports``) and distinct publishers
    (``sources``; a document without a source counts as its own)."""

    model_config = ConfigDict(extra="forbid")

    reports: int = Field(default=1, ge=1)
    sources: int = Field(default=1, ge=1)


class Indicator(_Provenance):
    """One declared indicator (see the module docstring for the kinds)."""

    kind: Literal["fact", "quantity", "rate", "settles"]
    rule: str = Field(min_length=1, description="the rule in words")
    evidence: Match
    against: Match | None = None
    needs: Needs = Field(default_factory=Needs)
    sets: dict[str, Any] = Field(default_factory=dict)
    parameter: str | None = None
    units: dict[str, float] = Field(default_factory=dict)
    offset: float = 0.0
    baseline_per_month: Param | None = None
    prior_months: float | None = Field(default=None, gt=0)
    question: str | None = None
    outcome: Literal["yes", "no"] = "yes"

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Indicator:
        need = {
            "fact": ("sets",),
            "quantity": ("parameter", "units"),
            "rate": ("parameter", "baseline_per_month", "prior_months"),
            "settles": ("question",),
        }[self.kind]
        missing = [name for name in need if not getattr(self, name)]
        if missing:
            raise ValueError(f"expected `{'`, `'.join(missing)}:` for kind {self.kind}; got none")
        return self

    def targets(self) -> list[str]:
        """The parameter paths this indicator sets (none for ``settles``)."""
        if self.kind == "fact":
            return list(self.sets)
        return [self.parameter] if self.parameter else []


def _path_exists(data: Any, path: str) -> bool:
    cur = data
    for part in path.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return False
    return True


def indicator_issues(indicators: dict[str, Indicator], data: dict[str, Any]) -> list[tuple[tuple, str]]:
    """Cross-reference problems of the indicators against the dumped scenario ``data``: (path, message)."""
    out: list[tuple[tuple, str]] = []
    for iid, ind in indicators.items():
        base = ("indicators", iid)
        for key in ind.targets():
            if not _path_exists(data, key):
                out.append(((*base, "sets" if ind.kind == "fact" else "parameter"), f"unknown path {key!r}"))
        if ind.kind in ("quantity", "rate") and ind.parameter and _path_exists(data, ind.parameter):
            node = data
            for part in ind.parameter.split("."):
                node = node[part]
            if not (isinstance(node, dict) and "value" in node and "dist" in node):
                out.append(((*base, "parameter"), f"expected a numeric parameter; got {ind.parameter!r}"))
        flow = ind.evidence.flow
        if flow is not None and flow not in data.get("flows", {}):
            out.append(((*base, "evidence", "flow"), f"unknown flow {flow!r}"))
        if ind.kind == "settles" and ind.question not in data.get("questions", {}):
            out.append(((*base, "question"), f"unknown question {ind.question!r}"))
    return out
