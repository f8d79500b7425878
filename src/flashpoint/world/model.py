"""Typed domain objects of a scenario: actors, alliances, support flows, theatres and their fronts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flashpoint.world.params import Fact, NonNegative, Param, Positive, Probability, bounded, bounded_fact

RUNGS = (
    "none",
    "crisis",
    "limited conventional",
    "full conventional",
    "strikes on supporters / direct great-power clash",
    "nuclear use",
)
FLOW_KINDS = ("troops", "munitions", "drones", "components", "cash", "oil", "food", "raw_materials")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Capability(_Model):
    """Material capability (COW NMC): ``cinc`` share of world capability; military spending and personnel."""

    cinc: bounded(0.0, 1.0)
    milex: NonNegative | None = Field(default=None, description="military expenditure, thousand current US$")
    milper: NonNegative | None = Field(default=None, description="military personnel, thousands")


class Actor(_Model):
    """A state, bloc or non-state armed actor."""

    name: str
    kind: Literal["state", "bloc", "nonstate"] = "state"
    capability: Capability | None = Field(
        default=None,
        description="national capability; required of the actors that can fight in a theatre (a side or a "
        "supporter of one, an alliance member, a troops flow's sender), the only ones whose capability acts",
    )
    nuclear: Fact
    great_power: Fact
    resolve: Probability | None = Field(
        default=None,
        description="value the actor puts on prevailing, in [0, 1] (private); required of the actors that "
        "lead a side of a theatre and of the perception's western_actor, the only ones whose resolve acts",
    )


class Alliance(_Model):
    """A treaty or commitment among members; each honours it with probability honour_rate x commitment."""

    name: str
    kind: Literal["defense", "mutual_assistance", "ambiguous", "consultation", "partnership"] = "defense"
    members: list[str] = Field(min_length=2)
    commitment: Probability
    member_commitment: dict[str, Probability] = Field(default_factory=dict)
    scope: list[str] | None = Field(default=None, description="theatre ids it covers; none = all")
    trigger_rung: int = Field(default=2, ge=1, le=5)
    signed: date | None = None


class Flow(_Model):
    """A typed support flow from ``sender`` to ``recipient``."""

    sender: str
    recipient: str
    kind: Literal["troops", "munitions", "drones", "components", "cash", "oil", "food", "raw_materials"]
    unit: str
    size: NonNegative
    theatre: str | None = None
    front: str | None = None
    share_of_capacity: Probability | None = Field(
        default=None, description="share of the recipient's combat power this flow provided at as_of"
    )
    drift: Param | None = Field(default=None, description="monthly log-drift of the size")
    volatility: NonNegative | None = Field(default=None, description="monthly log-volatility of the size")
    in_combat: Fact | None = Field(default=None, description="troops: already fighting at as_of")
    commit_per_month: NonNegative | None = Field(
        default=None, description="troops: hazard of entering combat"
    )
    stops_at_ceasefire: bool = True


class Front(_Model):
    """A Lanchester battle in a theatre; ``held_share`` is the share of the contested ground B holds."""

    name: str
    force_a: NonNegative
    force_b: NonNegative
    attrition_a: NonNegative = Field(description="A's losses per day per unit of B (Lanchester a)")
    attrition_b: NonNegative = Field(description="B's losses per day per unit of A (Lanchester b)")
    reinforce_a: NonNegative = Field(description="A's own reinforcements per month")
    reinforce_b: NonNegative = Field(description="B's own reinforcements per month")
    held_share: bounded(0.0, 1.0)
    advance_per_month: NonNegative = Field(description="change of held share per unit log force ratio")
    hold_ratio: Positive = Field(description="force ratio A:B at which the line does not move")
    schedule_a: dict[int, float] = Field(default_factory=dict, description="step -> reinforcements landed")
    schedule_b: dict[int, float] = Field(default_factory=dict)


class Limits(_Model):
    """Explicit limits: contained geography caps the ladder below rung 4, limited weapons below rung 5."""

    geography_contained: Fact
    weapons_limited: Fact
    geography_breach_per_month: Probability
    weapons_breach_per_month: Probability


class Theatre(_Model):
    """A theatre of conflict with its belligerents, supporters and current rung."""

    name: str
    rung: bounded_fact(0, 5)
    side_a: list[str] = Field(min_length=1, description="challenger side; its lead actor proposes")
    side_b: list[str] = Field(min_length=1)
    supporters_a: list[str] = Field(default_factory=list)
    supporters_b: list[str] = Field(default_factory=list)
    ceasefire: bool = False
    sector_of: str | None = Field(default=None, description="parent theatre id (for sub-theatres)")
    rival: str | None = Field(default=None, description="actor whose perception drives this theatre")
    hazard_scale: NonNegative
    cost_a: bounded(0.0, 1.0)
    cost_b_max: bounded(1e-9, 1.0)
    optimism: bounded(0.0, 1.0)
    status_quo: Param
    disaster: Param
    limits: Limits
    entry_a_per_month: NonNegative | None = Field(default=None, description="supporters_a entering combat")
    entry_b_per_month: NonNegative | None = Field(default=None, description="supporters_b entering combat")
    entry_per_month: dict[str, NonNegative] = Field(
        default_factory=dict,
        description="a supporter's own hazard of entering combat while the theatre is at war, in place of "
        "its side's entry_a/b_per_month",
    )
    fronts: dict[str, Front] = Field(default_factory=dict)


__all__ = [
    "Actor",
    "Alliance",
    "Capability",
    "Flow",
    "Front",
    "Limits",
    "Theatre",
    "RUNGS",
    "FLOW_KINDS",
    "Fact",
    "Param",
    "Probability",
]
