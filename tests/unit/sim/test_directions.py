"""Each rule moves the default scenario's forecasts in its documented direction (public run API, fixed seeds).

Differences are asserted beyond four standard errors of the difference, so a pass is not Monte Carlo luck.
A case is a test only if its outcome can be seen: each case's worlds (and, for a rare war, a stressed
theatre, ``hazard_scale`` 20 in both arms) must give the rarer answer at least ``EVENTS_PER_ARM`` expected
times per arm (pooled over the arms), the rule of the mechanism checks (``flashpoint.validity.mechanisms``);
a case below it fails as a design error instead of hiding behind a floor on the standard error.
"""

from __future__ import annotations

import math

import pytest

from flashpoint.sim.runner import run
from flashpoint.validity.mechanisms import EVENTS_PER_ARM


def _p(question: str, overrides: dict, *, worlds: int, months: int, seed: int = 5) -> tuple[float, float]:
    out = run(worlds=worlds, months=months, seed=seed, overrides=overrides, store=False)
    q = next(q for q in out["questions"] if q["id"] == question)
    return q["probability"], q["stderr"]


def _assert_higher(question: str, high: dict, low: dict, *, worlds: int, months: int) -> None:
    p_hi, se_hi = _p(question, high, worlds=worlds, months=months)
    p_lo, se_lo = _p(question, low, worlds=worlds, months=months)
    pooled = (p_hi + p_lo) / 2
    events = worlds * min(pooled, 1 - pooled)
    assert events >= EVENTS_PER_ARM, (question, "expected events per arm", events, "worlds", worlds)
    se = math.sqrt(se_hi**2 + se_lo**2)
    assert p_hi - p_lo > 4 * se, (question, p_hi, p_lo, se)


THEATRES = ("ukraine", "korea", "taiwan", "middle-east", "red-sea")
STRESS_ALL = {f"theatres.{t}.hazard_scale": 20 for t in THEATRES}  # wars common everywhere

CASES = [
    # (rule, question, overrides raising it, overrides lowering it, worlds, months)
    (
        "attrition + exchange: more PRK troops",
        "russia-retakes-kursk-6m",
        {"flows.prk_rus_troops.size": 30},
        {"flows.prk_rus_troops.size": 2},
        4000,
        6,
    ),
    (
        "perception + brinkmanship: US resolve",
        "taiwan-blockade-or-invasion-48m",
        {"actors.USA.resolve": 0.2, "theatres.taiwan.hazard_scale": 20},
        {"actors.USA.resolve": 0.95, "theatres.taiwan.hazard_scale": 20},
        4000,
        48,
    ),
    (
        "spread: Russia-DPRK treaty commitment",
        "europe-asia-spread-48m",
        {"alliances.russia-dprk-treaty.commitment": 1.0, "theatres.korea.hazard_scale": 20},
        {"alliances.russia-dprk-treaty.commitment": 0.0, "theatres.korea.hazard_scale": 20},
        5000,
        48,
    ),
    (
        "spread: Leeds honour rate (deterrence off: it also makes commitments deter)",
        "korean-peninsula-war-48m",
        {
            "calibration.honour_rate": 1.0,
            "theatres.korea.hazard_scale": 20,
            "rules.deterrence.enabled": False,
        },
        {
            "calibration.honour_rate": 0.0,
            "theatres.korea.hazard_scale": 20,
            "rules.deterrence.enabled": False,
        },
        4000,
        48,
    ),
    (
        "bargaining: mutual optimism delays ceasefire",
        "russia-ukraine-ceasefire-8m",
        {"theatres.ukraine.optimism": 0.0},
        {"theatres.ukraine.optimism": 0.9},
        4000,
        8,
    ),
    (
        "bargaining: more rounds end wars sooner",
        "russia-ukraine-ceasefire-8m",
        {"calibration.negotiation_per_month": 2.0},
        {"calibration.negotiation_per_month": 0.1},
        4000,
        8,
    ),
    (
        "ladder: geography limits contain escalation",
        "nato-russia-direct-clash-24m",
        {"theatres.ukraine.limits.geography_breach_per_month": 0.2},
        {"theatres.ukraine.limits.geography_breach_per_month": 0.0},
        7000,
        24,
    ),
    (
        "brinkmanship: risk of rung 4 deters",
        "nato-russia-direct-clash-24m",
        {"theatres.ukraine.limits.geography_breach_per_month": 0.2, "rules.brinkmanship.risk_by_rung.4": 0.0},
        {"theatres.ukraine.limits.geography_breach_per_month": 0.2, "rules.brinkmanship.risk_by_rung.4": 0.9},
        7000,
        24,
    ),
    (
        "exchange: new contingents",
        "dprk-deployment-grows-6m",
        {"rules.exchange.new_contingent_per_month": 0.5},
        {"rules.exchange.new_contingent_per_month": 0.02},
        3000,
        6,
    ),
    (
        "exchange: combat experience emboldens the sender",
        "korean-peninsula-war-48m",
        {"rules.perception.rivals.PRK.experience_weight": 3.0, "theatres.korea.hazard_scale": 20},
        {"rules.perception.rivals.PRK.experience_weight": 0.0, "theatres.korea.hazard_scale": 20},
        4000,
        48,
    ),
    (
        "perception: the 2-4 year window (capability growth)",
        "taiwan-blockade-or-invasion-48m",
        {"rules.perception.rivals.CHN.confidence_growth_per_month": 0.02, "theatres.taiwan.hazard_scale": 20},
        {"rules.perception.rivals.CHN.confidence_growth_per_month": 0.0, "theatres.taiwan.hazard_scale": 20},
        4000,
        48,
    ),
    (
        "posture: consensus of the least tolerant member",
        "nato-office-indo-pacific-24m",
        {"rules.posture.members.HUN.tolerance": 1.0, "rules.posture.members.TUR.tolerance": 1.0},
        {"rules.posture.members.HUN.tolerance": 0.3},
        4000,
        24,
    ),
    (
        "spread: allies joining wars turn them into great-power wars",
        "world-war-48m",
        STRESS_ALL,
        {**STRESS_ALL, "rules.spread.enabled": False},
        18000,
        48,
    ),
]


@pytest.mark.parametrize(
    ("rule", "question", "high", "low", "worlds", "months"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_direction(rule: str, question: str, high: dict, low: dict, worlds: int, months: int) -> None:
    _assert_higher(question, high, low, worlds=worlds, months=months)


def test_same_seed_same_bytes_and_other_seed_differs() -> None:
    a = run(worlds=3000, months=12, seed=7, store=False)
    b = run(worlds=3000, months=12, seed=7, store=False)
    c = run(worlds=3000, months=12, seed=8, store=False)
    a.pop("elapsed_s"), b.pop("elapsed_s"), c.pop("elapsed_s")
    assert a == b
    assert a["questions"] != c["questions"]
