"""Calibration for forecasting: recency weights, weighted targets, scores, the pass rule, the firewall."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flashpoint.validity import recency, rolling
from flashpoint.validity.dispute import targets
from flashpoint.world import history


def test_recency_weights_halve_every_half_life() -> None:
    w = recency.recency_weights(np.array([2000, 1990, 1980]), 2000, 10.0)
    assert w == pytest.approx([1.0, 0.5, 0.25])
    assert recency.recency_weights(np.array([1816, 1999]), 2000, math.inf) == pytest.approx([1.0, 1.0])
    assert recency.n_effective(np.ones(7)) == pytest.approx(7.0)
    assert recency.n_effective(np.array([1.0, 0.0, 0.0])) == pytest.approx(1.0)


def test_unweighted_targets_equal_the_derived_period_figures() -> None:
    """Origin 1946 with h = inf is the 1816-1945 period: the same shares and medians as mid_figures.json."""
    got = recency.weighted_targets(1946, math.inf)
    want = targets("calibration")
    for key in ("p_war", "p_recip", "p_joiner", "p_war_joiner", "p_war_no_joiner"):
        assert got[key][0] == pytest.approx(want[key][0], abs=1e-6), key
        assert got[key][1] == pytest.approx(want[key][1], rel=1e-3), key
    assert got["median_days"][0] == want["median_days"][0]
    assert got["median_days_war"][0] == want["median_days_war"][0]


def test_a_fit_at_an_origin_never_reads_later_disputes(monkeypatch) -> None:
    """Scramble every outcome from the origin on: the targets and drawn dyads at that origin do not move."""
    real = history.load_outcomes()
    before = recency.weighted_targets(1960, 25.0)
    rows = recency.draw_rows(1960, 25.0, np.random.default_rng(3))
    late = real["styear"] >= 1960
    scrambled = {k: v.copy() for k, v in real.items()}
    for k in ("war", "recip", "joiner"):
        scrambled[k][late] = 1 - scrambled[k][late]
    scrambled["maxdur"][late] = 99_999
    monkeypatch.setattr(recency, "load_outcomes", lambda: scrambled)
    assert recency.weighted_targets(1960, 25.0) == before
    assert np.array_equal(recency.draw_rows(1960, 25.0, np.random.default_rng(3)), rows)
    assert real["styear"][rows].max() < 1960


def test_weighted_onset_rate_matches_the_period_rate_when_unweighted() -> None:
    r = history.load_figures()["rivalry_onsets"]["calibration"]
    got = recency.onset_rate(1946, math.inf)
    assert got["value"] == pytest.approx(r["per_month"], rel=1e-3)
    assert got["se"] == pytest.approx(r["se"], rel=1e-3)


def test_scores_are_proper_and_jeffreys_rates_never_zero() -> None:
    y = np.array([1.0, 0.0, 0.0, 0.0])
    s = rolling.scores(np.full(4, 0.25), y)
    assert s["brier"] == pytest.approx([0.5625, 0.0625, 0.0625, 0.0625])
    assert s["log"][0] == pytest.approx(-math.log(0.25))
    assert rolling.jeffreys(0, 10) == pytest.approx(0.5 / 11)
    # the true rate scores best in expectation
    grid = np.linspace(0.05, 0.95, 19)
    expected = [0.25 * (p - 1) ** 2 + 0.75 * p**2 for p in grid]
    assert grid[int(np.argmin(expected))] == pytest.approx(0.25)


def test_pass_rule_is_one_sided_against_the_better_naive_forecaster() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(2_000) < 0.1).astype(float)
    naive = {"all_history": 0.5, "last_window": 0.1}
    good = rolling.compare(np.full(y.size, 0.1), naive, y)
    assert good["brier"]["better_naive"] == "last_window" and good["brier"]["passed"]
    better = rolling.compare(np.where(y == 1, 0.9, 0.02), naive, y)
    assert better["brier"]["passed"] and better["log"]["passed"]  # far better is never a failure
    worse = rolling.compare(np.full(y.size, 0.4), naive, y)
    assert not worse["brier"]["passed"] and not worse["log"]["passed"]


def test_clustered_se_is_wider_when_units_repeat_a_cluster() -> None:
    d = np.repeat(np.array([1.0, -1.0, 2.0, -2.0, 0.5]), 10)
    plain = rolling._se_mean(d, None)
    clustered = rolling._se_mean(d, np.repeat(np.arange(5), 10))
    assert clustered > 2 * plain


def test_naive_rates_read_only_the_past() -> None:
    out = history.load_outcomes()
    rates = rolling.naive_mid(1990, "war")
    past = out["styear"] < 1990
    window = past & (out["styear"] >= 1975)
    assert rates["all_history"] == pytest.approx((out["war"][past].sum() + 0.5) / (past.sum() + 1))
    assert rates["last_window"] == pytest.approx((out["war"][window].sum() + 0.5) / (window.sum() + 1))


def test_model_forecasts_follow_each_disputes_inputs() -> None:
    """Every test dispute finds the worlds with its inputs; a dyad whose side B has more pledges than
    another identical one gets at least as many joiners (here: the mean over disputes with and without)."""
    out = history.load_outcomes()
    rows = np.flatnonzero((out["styear"] >= 1975) & (out["styear"] <= 1979))
    cal = history.load_forecast_calibration()
    p = rolling.model_mid_forecasts(cal["origin_mid"]["values"], rows, 7)
    assert set(p) == set(rolling.OUTCOMES)
    assert all(v.shape == rows.shape and ((v > 0) & (v < 1)).all() for v in p.values())
    pledges = history.load_dyads()["n_def_b"][rows] + history.load_dyads()["n_def_a"][rows]
    assert p["joiner"][pledges == 0].mean() < p["joiner"][pledges > 0].mean()
