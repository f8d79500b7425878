"""Each game-theoretic rule, run through the real engine on the minimal dyad, against its closed form."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.sim import simulate
from flashpoint.sim.rules.contest import bid
from flashpoint.world.loader import build_scenario
from flashpoint.world.minimal import minimal_scenario, minimal_scenario_data
from flashpoint.world.overrides import apply_overrides

N = 40_000


def _se(p: float, n: int) -> float:
    return float(np.sqrt(max(p * (1 - p), 1e-4) / n))


@pytest.mark.parametrize(("c", "c_a"), [(0.5, 0.1), (0.3, 0.2), (0.2, 0.3)])
def test_fearon_screening_risk_of_war(c: float, c_a: float) -> None:
    sc = apply_overrides(
        minimal_scenario(),
        {
            "calibration.escalation_per_month": 1e6,
            "rules.contest.enabled": False,
            "rules.brinkmanship.enabled": False,
            "rules.ladder.enabled": False,
            "theatres.dispute.cost_b_max": c,
            "theatres.dispute.cost_a": c_a,
        },
    )
    res = simulate(sc, N, 1, np.random.default_rng(11))
    p = float(np.mean(res.theatre_field("max_rung", "dispute") >= 2))
    expected = max(0.0, (c - c_a) / (2 * c))
    assert abs(p - expected) < 4 * _se(expected, N) + 1e-9


def test_war_of_attrition_private_values_higher_value_wins_and_lasts_a_sixth() -> None:
    sc = apply_overrides(
        minimal_scenario(),
        {"calibration.escalation_per_month": 0.0, "calibration.contest_time_unit_days": 1.0},
    )
    res = simulate(sc, N, 1, np.random.default_rng(12))
    dur = res.theatre_field("duration_days", "dispute")
    va, vb = res.draws["actors.A.resolve"], res.draws["actors.B.resolve"]
    winner = res.theatre_field("winner", "dispute")
    assert np.all(np.isfinite(dur))
    assert np.all((winner == 1) == (va > vb))
    assert abs(dur.mean() - 1 / 6) < 4 * dur.std() / np.sqrt(N)
    assert np.allclose(bid(np.float32([0.5])), -0.5 - np.log(0.5), atol=1e-6)


def test_war_of_attrition_complete_information_more_resolved_wins_a_third() -> None:
    sc = apply_overrides(
        minimal_scenario(),
        {
            "calibration.escalation_per_month": 0.0,
            "rules.contest.information": "complete",
            "actors.A.resolve": 0.8,
            "actors.B.resolve": 0.4,
        },
    )
    res = simulate(sc, N, 12, np.random.default_rng(13))
    p = float(np.mean(res.theatre_field("winner", "dispute") == 1))
    assert abs(p - 1 / 3) < 4 * _se(1 / 3, N)


@pytest.mark.parametrize(
    ("r", "w", "q", "d"), [(0.1, 0.8, 0.3, -1.0), (0.5, 0.8, 0.3, -1.0), (0.2, 0.6, 0.1, -2.0)]
)
def test_brinkmanship_escalates_iff_risk_below_threshold(r: float, w: float, q: float, d: float) -> None:
    sc = apply_overrides(
        minimal_scenario(rung=2),
        {
            "rules.bargaining.enabled": False,
            "calibration.ladder_up_per_month": 1e6,
            "calibration.ladder_down_per_month": 0.0,
            "actors.A.resolve": w,
            "theatres.dispute.status_quo": q,
            "theatres.dispute.disaster": d,
            "rules.brinkmanship.risk_by_rung.3": r,
        },
    )
    res = simulate(sc, 2000, 1, np.random.default_rng(14))
    escalated = res.theatre_field("max_rung", "dispute") >= 3
    should = (1 - r) * w + r * d >= q  # expected utility of escalating vs the status quo (Powell 1987)
    assert escalated.all() if should else not escalated.any()


def test_brinkmanship_share_with_private_resolve_matches_the_threshold() -> None:
    sc = apply_overrides(
        minimal_scenario(rung=2),
        {
            "rules.bargaining.enabled": False,
            "calibration.ladder_up_per_month": 1e6,
            "calibration.ladder_down_per_month": 0.0,
            "theatres.dispute.status_quo": 0.3,
            "theatres.dispute.disaster": -1.0,
            "rules.brinkmanship.risk_by_rung.3": 0.2,
        },
    )
    res = simulate(sc, N, 1, np.random.default_rng(15))
    p = float(np.mean(res.theatre_field("max_rung", "dispute") >= 3))
    expected = 1 - (0.3 + 0.2) / (1 - 0.2)  # w uniform on [0, 1]; escalate iff w >= (q - r d)/(1 - r)
    assert abs(p - expected) < 4 * _se(expected, N)


def _iwo_front(force_b: float) -> dict:
    """Engel's Iwo Jima coefficients, 54 (thousand) US troops against ``force_b``, no reinforcements."""
    why = {"assumption": True, "reason": "test"}
    values = {
        "force_a": 54.0,
        "force_b": force_b,
        "attrition_a": 0.0544,
        "attrition_b": 0.0106,
        "reinforce_a": 0.0,
        "reinforce_b": 0.0,
        "held_share": 1.0,
        "advance_per_month": 0.0,
        "hold_ratio": 1.0,
    }
    return {"name": "Iwo Jima", **{key: {"value": v, **why} for key, v in values.items()}}


def test_lanchester_square_law_is_conserved_and_reinforcements_land_on_schedule() -> None:
    data = minimal_scenario_data(rung=2, step="day")
    data["rules"] = {
        "bargaining": {"enabled": False},
        "ladder": {"enabled": False},
        "attrition": {"max_substep_days": 1.0},
    }
    data["theatres"]["dispute"]["fronts"] = {"iwo": _iwo_front(21.5)}
    res = simulate(build_scenario(data), 2, 1, np.random.default_rng(0), trace=True)
    x, y = res.trace["force_a"][:, 0, 0].astype(float), res.trace["force_b"][:, 0, 0].astype(float)
    invariant = 0.0106 * x**2 - 0.0544 * y**2
    assert np.allclose(invariant[:15], invariant[0], rtol=1e-3)
    assert x[1] < 54.0 and y[1] < 21.5
    data["theatres"]["dispute"]["fronts"]["iwo"]["schedule_a"] = {2: 6.0}
    res = simulate(build_scenario(data), 2, 1, np.random.default_rng(0), trace=True)
    jump = res.trace["force_a"][3, 0, 0] - res.trace["force_a"][2, 0, 0]
    assert jump > 4.0  # 6,000 landed at the start of day 3, less a day's losses


def test_lanchester_spent_side_stops_firing() -> None:
    data = minimal_scenario_data(rung=2, step="day")
    why = {"assumption": True, "reason": "test"}
    data["rules"] = {"bargaining": {"enabled": False}, "ladder": {"enabled": False}}
    data["theatres"]["dispute"]["fronts"] = {"iwo": _iwo_front(5.0)}
    res = simulate(build_scenario(data), 2, 1, np.random.default_rng(0), trace=True)
    x, y = res.trace["force_a"][:, 0, 0].astype(float), res.trace["force_b"][:, 0, 0].astype(float)
    spent = int(np.argmax(y <= 0))
    assert y[spent] == 0.0 and 0 < spent < len(y) - 5
    assert np.all(np.diff(x) <= 1e-6)  # without reinforcements the survivor never grows
    assert np.all(x[spent:] == x[spent])
    data["theatres"]["dispute"]["fronts"]["iwo"]["reinforce_a"] = {"value": 30.4375, **why}
    res = simulate(build_scenario(data), 2, 1, np.random.default_rng(0), trace=True)
    x = res.trace["force_a"][:, 0, 0].astype(float)
    assert np.allclose(np.diff(x[spent + 1 :]), 1.0, atol=1e-3)  # then only its reinforcements (1 a day)


@pytest.mark.parametrize("step", ["week", "day"])
def test_shorter_steps_keep_the_fearon_risk(step: str) -> None:
    sc = apply_overrides(
        minimal_scenario(step=step),
        {
            "calibration.escalation_per_month": 1e6,
            "rules.contest.enabled": False,
            "rules.brinkmanship.enabled": False,
            "rules.ladder.enabled": False,
        },
    )
    res = simulate(sc, 20_000, 1, np.random.default_rng(16))
    assert res.n_steps == (4 if step == "week" else 30)
    p = float(np.mean(res.theatre_field("war_onset_step", "dispute") == 1))
    assert abs(p - 0.4) < 4 * _se(0.4, 20_000)


def test_same_bytes_for_any_number_of_worker_processes() -> None:
    sc = minimal_scenario()
    one = simulate(sc, 60_000, 3, np.random.default_rng(17), workers=1)  # two blocks
    two = simulate(sc, 60_000, 3, np.random.default_rng(17), workers=2)
    assert np.array_equal(one.yes, two.yes) and np.array_equal(one.first_step, two.first_step)
    for name, values in one.theatre.items():
        assert np.array_equal(values, two.theatre[name], equal_nan=values.dtype.kind == "f"), name
    assert one.draws.keys() == two.draws.keys()
    assert all(np.array_equal(one.draws[k], two.draws[k]) for k in one.draws)


def test_wartime_bargaining_a_demand_scaled_down_is_caught() -> None:
    """The war-round rule against Fearon's screening offer, by hand for c = 0.5, c_A = 0.1, one round a step:
    y1 = 0.2, y2 = 0.05, y3 = 0, so B accepts in round 1 w.p. 0.6, round 2 w.p. 0.3, round 3 w.p. 0.1."""
    from flashpoint.validity.theory import ceasefire_by

    sure = 1e6  # a round every month
    assert ceasefire_by(0.5, 0.1, sure, 1) == pytest.approx(0.6)
    assert ceasefire_by(0.5, 0.1, sure, 2) == pytest.approx(0.9)
    assert ceasefire_by(0.5, 0.1, sure, 3) == pytest.approx(1.0)
    sc = apply_overrides(
        minimal_scenario(rung=2),
        {
            "calibration.negotiation_per_month": sure,
            "calibration.optimism_decay_per_month": 0.0,
            "rules.contest.enabled": False,
            "rules.brinkmanship.enabled": False,
            "rules.ladder.enabled": False,
            "theatres.dispute.optimism": 0.0,
            "theatres.dispute.cost_b_max": 0.5,
            "theatres.dispute.cost_a": 0.1,
        },
    )
    res = simulate(sc, N, 3, np.random.default_rng(16))
    step = res.theatre_field("ceasefire_step", "dispute")
    for k, share in ((1, 0.6), (2, 0.3), (3, 0.1)):
        assert abs(float(np.mean(step == k)) - share) < 4 * _se(share, N)
