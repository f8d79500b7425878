"""The ``calibration:`` and ``rules:`` blocks of a scenario.

``calibration`` holds the base hazards and base rates that history fixes (the validity work overwrites them
with figures fitted on 1816-1945 MID data, with their source). ``rules`` switches each mechanism of the engine
on or off and holds its parameters. Defaults are engine defaults marked as assumptions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flashpoint.world.params import NonNegative, Param, Positive, Probability

POSTURE_LEVELS = ("none", "naval", "air", "office", "ground")


def _default(value: float, reason: str) -> Param:
    return Param(value=value, assumption=True, reason=reason)


def _d(value: float, reason: str):  # noqa: ANN202 - a pydantic default factory
    return Field(default_factory=lambda: _default(value, reason))


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Calibration(_Block):
    """Base hazards and base rates (per month unless stated)."""

    crisis_onset_per_month: NonNegative = _d(0.0, "engine default: no new disputes unless set")
    escalation_per_month: NonNegative = _d(0.1, "engine default rate of forceful demands in a crisis")
    honour_rate: Probability = Field(
        default_factory=lambda: Param(
            value=0.745,
            source="Leeds, Long & Mitchell 2000, J. Conflict Resolution 44(5): allies honoured "
            "commitments in 74.5% of alliance-relevant wars 1816-1944",
        )
    )
    crisis_join_scale: Probability = _d(0.1, "engine default: joining a crisis is rarer than joining a war")
    joiner_war_multiplier: NonNegative = _d(3.0, "engine default: each joiner multiplies escalation hazard")
    contest_time_unit_days: Positive = _d(
        60.0, "engine default: days per unit of the attrition-contest clock"
    )
    recip_min_days: NonNegative = _d(1.0, "engine default: B reciprocates if it holds out at least a day")
    negotiation_per_month: NonNegative = _d(1.0, "engine default: one bargaining round a month at war")
    optimism_decay_per_month: NonNegative = _d(0.1, "engine default: fighting reveals 10% of the gap a month")
    ladder_up_per_month: NonNegative = _d(0.05, "engine default rate of opportunities to escalate a rung")
    ladder_down_per_month: NonNegative = _d(0.05, "engine default rate of stepping down a rung at war")
    relapse_multiplier: NonNegative = _d(2.0, "engine default: a theatre after a ceasefire relapses faster")


class Toggle(_Block):
    enabled: bool = True


class AttritionRule(Toggle):
    max_substep_days: float = Field(default=7.0, gt=0, description="longest integration substep")


class ContestRule(Toggle):
    information: Literal["private", "complete"] = "private"
    cost_per_unit: Positive = _d(1.0, "Powell's normalisation: unit cost of holding out per time unit")


class BrinkmanshipRule(Toggle):
    risk_by_rung: dict[int, Probability] = Field(
        default_factory=lambda: {
            2: _default(0.05, "engine default"),
            3: _default(0.1, "engine default"),
            4: _default(0.2, "engine default"),
            5: _default(0.5, "engine default"),
        }
    )


class LadderRule(Toggle):
    gp_clash_rung: int = Field(default=4, ge=2, le=5)


class DeterrenceRule(Toggle):
    enabled: bool = False
    reference_resolve: Probability = _d(
        0.6, "engine default defender resolve at which the stated risks apply"
    )
    initiation_elasticity: NonNegative = _d(1.0, "engine default: initiation hazards scale as 1/D")


class Rival(_Block):
    theatre: str
    protector_alliance: str | None = None
    perception_bias: Param = _d(1.0, "engine default: unbiased perception of the protector's resolve")
    confidence_growth_per_month: Param = _d(0.0, "engine default: no capability trend")
    experience_weight: NonNegative | None = Field(
        default=None, description="confidence per unit of own capability gain; none: gains do not count"
    )


class PerceptionRule(Toggle):
    western_actor: str | None = None
    support_flow: str | None = None
    learning_rate: Probability = _d(0.1, "engine default share of the gap closed each month")
    hazard_sensitivity: NonNegative = _d(2.0, "engine default log-hazard change per unit of confidence gap")
    reference_resolve: Probability = _d(0.6, "engine default resolve at which risk is as stated")
    weight_revealed: NonNegative = _d(1.0, "engine default signal weight")
    weight_support: NonNegative = _d(1.0, "engine default signal weight")
    weight_posture: NonNegative = _d(0.5, "engine default signal weight")
    weight_distraction: NonNegative = _d(0.5, "engine default signal weight")
    opportunism: NonNegative = _d(0.0, "engine default: no extra hazard while the West fights a great power")
    rivals: dict[str, Rival] = Field(default_factory=dict)


class ExchangeRule(Toggle):
    troops_flow: str | None = None
    payment_flows: list[str] = Field(default_factory=list)
    new_contingent_per_month: Probability = _d(0.1, "engine default")
    contingent_ratio: NonNegative = _d(0.3, "engine default: a new contingent adds 30% of the first")
    experience_per_month: Probability = _d(0.05, "engine default share of the experience gap closed a month")
    experience_effect: NonNegative = _d(0.5, "engine default: full experience raises effectiveness 50%")
    resource_effect: NonNegative = _d(0.1, "engine default capability gain per year of payments")
    withdrawal_per_month: NonNegative = _d(0.0, "engine default: troops stay whatever the payments")


class PostureMember(_Block):
    tolerance: Probability


class PostureRule(Toggle):
    bloc: str | None = None
    initial: Literal["none", "naval", "air", "office", "ground"] = "none"
    review_per_month: Probability = _d(0.1, "engine default")
    threat_sensitivity: NonNegative = _d(2.0, "engine default levels per unit of threat")
    weight_troops_in_europe: NonNegative = _d(0.2, "engine default")
    weight_korea: NonNegative = _d(0.5, "engine default")
    weight_taiwan: NonNegative = _d(0.5, "engine default")
    korea_theatre: str | None = None
    taiwan_theatre: str | None = None
    members: dict[str, PostureMember] = Field(default_factory=dict)


class Rules(_Block):
    """Each mechanism of the engine, switchable and parameterised."""

    attrition: AttritionRule = Field(default_factory=AttritionRule)
    bargaining: Toggle = Field(default_factory=Toggle)
    contest: ContestRule = Field(default_factory=ContestRule)
    brinkmanship: BrinkmanshipRule = Field(default_factory=BrinkmanshipRule)
    ladder: LadderRule = Field(default_factory=LadderRule)
    deterrence: DeterrenceRule = Field(default_factory=DeterrenceRule)
    spread: Toggle = Field(default_factory=Toggle)
    perception: PerceptionRule = Field(default_factory=PerceptionRule)
    exchange: ExchangeRule = Field(default_factory=ExchangeRule)
    posture: PostureRule = Field(default_factory=PostureRule)
