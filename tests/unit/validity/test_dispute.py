"""The generic-dispute family draws inputs from the right historical period and reads its outcomes right."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flashpoint.validity import dispute
from flashpoint.world.history import load_dyads


@pytest.mark.parametrize("period", ["calibration", "holdout"])
def test_dyads_come_from_the_period(period: str) -> None:
    sc = dispute.dispute_scenario(period)
    lo, hi = dispute.period_years(period)
    dy = load_dyads()
    keep = (dy["styear"] >= lo) & (dy["styear"] <= hi)
    cinc_a = sc.actors["A"].capability.cinc.dist
    assert cinc_a.kind == "empirical" and cinc_a.group == "dyad"
    assert np.allclose(cinc_a.values, dy["cap_share_a"][keep])
    for k in range(1, dispute.N_ALLIES + 1):
        pledge = sc.alliances[f"defence_B{k}"].commitment.dist
        assert pledge.group == "dyad"
        assert np.array_equal(np.array(pledge.values), (dy["n_def_b"][keep] >= k).astype(float))


def test_calibration_values_carry_their_source() -> None:
    sc = dispute.dispute_scenario("calibration")
    shipped = dispute.load_calibration()
    for key in dispute.CAL_KEYS:
        param = getattr(sc.calibration, key)
        assert param.value == pytest.approx(shipped["values"][key])
        assert "1816-1945" in param.source


def test_figures_of_a_small_run() -> None:
    res = dispute.simulate_disputes("calibration", 3_000, np.random.default_rng(5))
    fig = dispute.dispute_figures(res)
    for key in ("p_war", "p_recip", "p_joiner", "p_war_joiner", "p_war_no_joiner"):
        assert 0.0 <= fig[key] <= 1.0 and math.isfinite(fig["se_" + key])
    assert 0 < fig["median_days"] < fig["median_days_war"]
    # reciprocation: every war counts as reciprocated, and joiners raise the share of wars
    assert fig["p_recip"] >= fig["p_war"]
    assert fig["p_war_joiner"] > fig["p_war_no_joiner"]


def test_allies_only_join_where_a_pledge_exists() -> None:
    sc = dispute.dispute_scenario("calibration")
    from flashpoint.sim.engine import simulate

    res = simulate(sc, 3_000, 12, np.random.default_rng(2))
    no_pledge = np.ones(res.n_worlds, bool)
    for side in "AB":
        no_pledge &= res.draws[f"alliances.defence_{side}1.commitment"] == 0
    assert (res.theatre_field("n_joiners", "dispute")[no_pledge] == 0).all()


def test_targets_and_check_labels() -> None:
    obs = dispute.targets("calibration")
    assert set(obs) == set(dispute.CHECKED)
    fig = {k: v for k, (v, _) in obs.items()} | {"se_" + k: 0.0 for k in obs} | {"n": 1}
    checks = dispute.history_checks("calibration", fig)
    assert all(c.passed and c.sample == "in" and c.kind == "history" for c in checks)
    shifted = dict(fig, p_war=fig["p_war"] + 10 * obs["p_war"][1])
    (war,) = [c for c in dispute.history_checks("calibration", shifted) if c.id.endswith(".p_war")]
    assert not war.passed
    gml = dispute.targets("all", "gml")
    assert set(gml) == {"p_war", "p_joiner", "p_war_joiner", "p_war_no_joiner"}
    assert {c.sample for c in dispute.history_checks("holdout", fig | {"p_recip": 0.5})} == {"out"}


def test_nuclear_shadow_covariates_follow_the_first_tests() -> None:
    dy = load_dyads()
    either = dispute.shadow_flags(dy, "either")
    # no state was nuclear-armed before the US in 1945; after 1949 the shadow covers most disputes
    assert not either[dy["styear"] < 1945].any()
    assert either[dy["styear"] >= 1950].mean() > 0.5
    mutual, opponent = dispute.shadow_flags(dy, "mutual"), dispute.shadow_flags(dy, "opponent")
    assert (mutual <= opponent).all() and (opponent <= either).all()
    with pytest.raises(ValueError, match="shadow"):
        dispute.shadow_flags(dy, "both")


def test_nuclear_disaster_is_drawn_with_the_dyad() -> None:
    data = dispute.dispute_scenario_data("holdout", nuclear_disaster=-50.0, shadow="opponent")
    d = data["theatres"]["dispute"]["disaster"]["dist"]
    dy = load_dyads()
    lo, hi = dispute.period_years("holdout")
    keep = (dy["styear"] >= lo) & (dy["styear"] <= hi)
    assert d["group"] == "dyad"
    assert np.array_equal(np.array(d["values"]) == -50.0, dispute.shadow_flags(dy, "opponent")[keep])
    assert set(d["values"]) == {-50.0, -1.0}
    # off by default: one conventional disaster for every dispute, as calibrated
    assert dispute.dispute_scenario_data("holdout")["theatres"]["dispute"]["disaster"]["value"] == -1.0


def test_the_nuclear_bound_deters_every_shadowed_dispute() -> None:
    sc = dispute.dispute_scenario("holdout", nuclear_disaster=-1e6, shadow="either")
    from flashpoint.sim.engine import simulate

    res = simulate(sc, 4_000, 12, np.random.default_rng(3))
    shadowed = res.draws["theatres.dispute.disaster"] < -1.0
    war = res.theatre_field("max_rung", "dispute") >= 2
    assert shadowed.mean() > 0.5 and not war[shadowed].any() and war[~shadowed].any()
