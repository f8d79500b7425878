"""The engine's shortcuts compute what the plain code computes: the same bytes with and without them."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.sim.engine import reduce_worlds
from flashpoint.sim.reduce import Gather
from flashpoint.sim.rules import ladder
from flashpoint.sim.state import State
from flashpoint.validity.dispute import dispute_scenario
from flashpoint.world.catalog import load_scenario


def _gathered(sc, seed: int) -> dict[str, np.ndarray]:
    return reduce_worlds(sc, 3_000, 24, seed, Gather(), workers=1, trace=True)


def _plain_hazard_where(self, mask, rate, full=None):  # noqa: ANN001, ANN202 - State.hazard_where, unoptimised
    return self.hazard(rate) if full is None else full()


@pytest.mark.parametrize("shortcut", ["row_cache", "hazard_where", "both"])
@pytest.mark.parametrize("scenario", ["default", "dispute"])
def test_hazard_shortcuts_give_the_same_worlds(
    monkeypatch: pytest.MonkeyPatch, scenario: str, shortcut: str
) -> None:
    sc = load_scenario() if scenario == "default" else dispute_scenario("calibration")
    fast = _gathered(sc, 4)
    if shortcut in ("row_cache", "both"):  # hazard rows perception leaves alone are kept between steps
        monkeypatch.setattr(ladder, "ROW_CACHE", False)
    if shortcut in ("hazard_where", "both"):  # hazards computed only where the draws read them
        monkeypatch.setattr(State, "hazard_where", _plain_hazard_where)
    plain = _gathered(sc, 4)
    assert fast.keys() == plain.keys()
    for key in fast:
        assert fast[key].tobytes() == plain[key].tobytes(), key
    assert (fast["trace:rung"] >= 2).any() and (fast["n_joiners"] > 0).any()  # wars and joiners happen


def test_beta_quantiles_are_scipy_stats_beta_ppf() -> None:
    from scipy import stats

    from flashpoint.sim.assumptions import beta_ppf

    q = np.array([0.05, 0.95])
    for a, b in ((0.5, 0.5), (2.0, 30.0), (1e-3, 4.0), (250.0, 0.7)):
        assert beta_ppf(q, a, b).tobytes() == stats.beta.ppf(q, a, b).tobytes()
