"""Sobol sensitivity: quantile functions, inputs, and indices that find the parameter driving a question."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from flashpoint.validity import sensitivity as sens
from flashpoint.world import distributions as d
from flashpoint.world.minimal import minimal_scenario
from flashpoint.world.overrides import apply_overrides

U = np.array([0.05, 0.25, 0.5, 0.75, 0.95])


@pytest.mark.parametrize(
    ("dist", "expected"),
    [
        (d.Uniform(kind="uniform", low=2, high=4), 2 + 2 * U),
        (d.Normal(kind="normal", mean=1, sd=2), stats.norm.ppf(U, 1, 2)),
        (d.Beta(kind="beta", a=2, b=5, low=0, high=10), 10 * stats.beta.ppf(U, 2, 5)),
        (d.Triangular(kind="triangular", low=0, mode=1, high=4), stats.triang.ppf(U, 0.25, 0, 4)),
        (d.LogNormal(kind="lognormal", median=3, sigma=0.5), 3 * np.exp(0.5 * stats.norm.ppf(U))),
        (d.Fixed(kind="fixed", value=7), np.full(5, 7.0)),
    ],
)
def test_ppf(dist, expected) -> None:
    assert np.allclose(sens.ppf(dist, U), expected)


def test_ppf_truncnormal_and_empirical() -> None:
    tn = d.TruncNormal(kind="truncnormal", mean=0, sd=1, low=-1, high=2)
    q = sens.ppf(tn, U)
    assert (q >= -1).all() and (q <= 2).all() and np.all(np.diff(q) > 0)
    emp = d.Empirical(kind="empirical", values=[3, 1, 2, 4])
    assert sens.ppf(emp, np.array([0.0, 0.3, 0.6, 0.99])).tolist() == [1, 2, 3, 4]


def test_grouped_empirical_is_one_input() -> None:
    from flashpoint.validity.dispute import dispute_scenario

    inputs = sens.uncertain_inputs(dispute_scenario("calibration"))
    names = [i["name"] for i in inputs]
    assert names.count("group:dyad") == 1
    group = inputs[names.index("group:dyad")]
    assert "actors.A.capability.cinc" in group["paths"]
    assert "alliances.defence_B1.commitment" in group["paths"]


def _toy():
    sc = minimal_scenario()
    return apply_overrides(
        sc,
        {
            "calibration.escalation_per_month": 1e6,
            "rules.contest.enabled": False,
            "theatres.dispute.cost_a": {"kind": "uniform", "low": 0.0, "high": 0.5},
            "theatres.dispute.limits.weapons_breach_per_month": {"kind": "uniform", "low": 0.0, "high": 0.01},
        },
    )


def test_saltelli_finds_the_driver() -> None:
    result = sens.sensitivity(_toy(), method="saltelli", n_base=32, n_worlds=60_000, rng=1)
    (entry,) = result["questions"]
    assert entry["id"] == "war-12m" and entry["reliable"]
    top = entry["indices"][0]
    assert top["parameter"] == "theatres.dispute.cost_a"
    assert top["ST"] > 0.5 and top["S1"] > 0.3
    inert = {r["parameter"]: r for r in entry["indices"]}["theatres.dispute.limits.weapons_breach_per_month"]
    assert inert["ST"] < 0.1
    assert result["rows"] == 32 * (len(result["parameters"]) + 2)


def test_metamodel_finds_the_driver_of_a_rare_question() -> None:
    """P(war) about 1%: brute-force rows would be noise; the fitted model still ranks the driver first."""
    cost_a = {"kind": "uniform", "low": 0.24, "high": 0.26}
    rare = apply_overrides(_toy(), {"theatres.dispute.cost_b_max": 0.26, "theatres.dispute.cost_a": cost_a})
    result = sens.sensitivity(rare, n_base=256, n_worlds=60_000, rng=2)
    (entry,) = result["questions"]
    assert 0.002 < entry["probability"] < 0.02 and entry["n_yes"] >= 100
    by = {r["parameter"]: r for r in entry["indices"]}
    assert entry["indices"][0]["parameter"] == "theatres.dispute.cost_a"
    assert entry["dominant"][0] == "theatres.dispute.cost_a"
    assert "theatres.dispute.limits.weapons_breach_per_month" not in entry["dominant"]
    inert = by["theatres.dispute.limits.weapons_breach_per_month"]
    assert by["theatres.dispute.cost_a"]["ST"] > 5 * inert["ST"]


def test_metamodel_recovers_known_indices() -> None:
    """An additive logit with known coefficients: the indices of the fit match those of the truth."""
    from flashpoint.validity import metamodel as mm

    rng = np.random.default_rng(0)
    u = rng.random((60_000, 3))
    eta = -1.0 + 2.0 * u[:, 0] - 1.0 * u[:, 1]
    y = (rng.random(len(u)) < 1 / (1 + np.exp(-eta))).astype(float)
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    from SALib.sample import sobol as sobol_sample

    design = sobol_sample.sample(problem, 1024, calc_second_order=False, seed=1)
    truth = mm._point_indices(1 / (1 + np.exp(-(-1.0 + 2.0 * design[:, 0] - design[:, 1]))), 3)[1]
    si = mm.sobol_of_fit(mm.fit(u, y), problem, design, 1)
    assert np.allclose(si["ST"], truth, atol=0.05)
    assert si["ST"][2] < 0.02


def test_same_seed_same_indices() -> None:
    a = sens.sensitivity(_toy(), n_base=64, n_worlds=8_000, rng=4)
    b = sens.sensitivity(_toy(), n_base=64, n_worlds=8_000, rng=4)
    assert a["questions"] == b["questions"]
