"""The spread over assumption draws (sim.assumptions) and who prevails (sim.prevail)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from flashpoint.sim.assumptions import assumption_spread, spread
from flashpoint.sim.engine import simulate
from flashpoint.sim.prevail import prevail_shares
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides


def test_spread_recovers_a_known_beta_of_conditional_probabilities() -> None:
    rng = np.random.default_rng(3)
    a, b = 4.0, 12.0  # P(yes | theta) ~ Beta(4, 12): mean 0.25, 90% interval from scipy
    p_g = rng.beta(a, b, 4000)
    m = np.full(4000, 200)
    k = rng.binomial(m, p_g)
    out = spread(k, m)
    lo, hi = stats.beta.ppf([0.05, 0.95], a, b)
    assert out["assumption_ci90"][0] == pytest.approx(lo, abs=0.01)
    assert out["assumption_ci90"][1] == pytest.approx(hi, abs=0.01)
    true_share = stats.beta.var(a, b) / (0.25 * 0.75)  # Var(E[Y | theta]) / Var(Y)
    assert out["assumption_share"] == pytest.approx(true_share, abs=0.02)


def test_spread_is_a_point_when_the_draws_do_not_matter() -> None:
    rng = np.random.default_rng(4)
    m = np.full(500, 100)
    k = rng.binomial(m, 0.3)  # the same probability under every draw: only binomial noise
    out = spread(k, m, p=0.3)
    lo, hi = out["assumption_ci90"]
    assert hi - lo < 0.05 and out["assumption_share"] < 0.01


def test_assumption_spread_widens_with_a_ranged_parameter() -> None:
    base = load_scenario()
    path = "rules.exchange.new_contingent_per_month"
    fixed = apply_overrides(base, {path: 0.15})
    ranged = apply_overrides(base, {path: {"kind": "uniform", "low": 0.0, "high": 1.0}})
    q = "dprk-deployment-grows-6m"
    narrow = assumption_spread(fixed, 6, np.random.default_rng(1), n_draws=100, worlds_per_draw=60)[q]
    wide = assumption_spread(ranged, 6, np.random.default_rng(1), n_draws=100, worlds_per_draw=60)[q]
    assert wide["assumption_share"] > narrow["assumption_share"] + 0.05
    assert (
        wide["assumption_ci90"][1] - wide["assumption_ci90"][0]
        > narrow["assumption_ci90"][1] - (narrow["assumption_ci90"][0])
    )


def test_prevail_shares_follow_the_first_dispute_outcome() -> None:
    sc = load_scenario()
    res = simulate(sc, 3000, 48, np.random.default_rng(2))
    shares = {t["id"]: t for t in prevail_shares(res, sc)}
    taiwan = shares["taiwan"]
    assert (taiwan["challenger"], taiwan["defender"]) == ("CHN", "TWN")
    outcome = res.theatre_field("outcome", "taiwan")
    assert taiwan["challenger_prevails"] == pytest.approx(np.isin(outcome, (1, 4)).mean(), abs=1e-6)
    assert taiwan["defender_prevails"] == pytest.approx(np.isin(outcome, (2, 3)).mean(), abs=1e-6)
    for t in shares.values():
        total = (
            t["challenger_prevails"] + t["defender_prevails"] + t["compromise"] + t["unresolved"] + t["none"]
        )
        assert total == pytest.approx(1.0, abs=1e-5)
    assert shares["ukraine"]["war"] == 1.0  # at war on as_of


def test_the_more_resolved_side_prevails_more_often() -> None:
    base = load_scenario()
    out = {}
    for v in (0.3, 0.95):
        sc = apply_overrides(base, {"actors.TWN.resolve": v})
        res = simulate(sc, 3000, 48, np.random.default_rng(9))
        out[v] = {t["id"]: t for t in prevail_shares(res, sc)}["taiwan"]["defender_prevails"]
    assert out[0.95] > out[0.3] + 0.3


def test_settlement_terms_are_counted_exactly_and_add_over_blocks() -> None:
    from flashpoint.sim.prevail import prevail_counts, shares_from_counts

    sc = load_scenario()
    res = simulate(sc, 3000, 48, np.random.default_rng(4))
    share = res.theatre["ceasefire_share_b"]
    settled = ~np.isnan(share)
    assert settled.any() and np.all((share[settled] >= 0) & (share[settled] <= 1))
    # a negotiated end is kept only with a ceasefire, and every ceasefire has its terms
    assert np.array_equal(settled, res.theatre["ceasefire_step"] >= 0)
    whole = prevail_counts(res.theatre)
    halves = [
        prevail_counts({k: v[s] for k, v in res.theatre.items()}) for s in (slice(0, 1234), slice(1234, None))
    ]
    assert np.array_equal(whole, halves[0] + halves[1])
    rows = {t["id"]: t for t in shares_from_counts(whole, res.n_worlds, res.n_months, sc)}
    for j, tid in enumerate(res.theatres):
        assert rows[tid]["settled"] == pytest.approx(settled[:, j].mean(), abs=1e-6)
        if settled[:, j].any():
            assert rows[tid]["settlement_share_b"] == pytest.approx(share[settled[:, j], j].mean(), abs=1e-4)
        else:
            assert rows[tid]["settlement_share_b"] is None


def test_a_stronger_challenger_gets_better_terms_but_not_more_settlements() -> None:
    """Fearon 1995: the balance moves a settlement's terms, not whether the war settles (same seed)."""
    base = load_scenario()
    out = {}
    for cinc in (0.038197, 0.076394):
        sc = apply_overrides(base, {"actors.RUS.capability.cinc": cinc})
        res = simulate(sc, 2000, 48, np.random.default_rng(6))
        out[cinc] = res.theatre_field("ceasefire_share_b", "ukraine")
    weak, strong = out[0.038197], out[0.076394]
    assert np.array_equal(np.isnan(weak), np.isnan(strong))
    both = ~np.isnan(weak)
    assert both.sum() > 1000 and np.all(strong[both] <= weak[both]) and np.any(strong[both] < weak[both])
