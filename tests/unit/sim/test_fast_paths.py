"""The engine's shortcuts compute what the plain code computes: the same bytes with and without them."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.sim.engine import reduce_worlds
from flashpoint.sim.reduce import Gather
from flashpoint.sim.rules import ladder
from flashpoint.validity.dispute import dispute_scenario
from flashpoint.world.catalog import load_scenario


def _gathered(sc, seed: int) -> dict[str, np.ndarray]:
    return reduce_worlds(sc, 3_000, 24, seed, Gather(), workers=1, trace=True)


@pytest.mark.parametrize("scenario", ["default", "dispute"])
def test_hazard_rows_kept_between_steps_give_the_same_worlds(
    monkeypatch: pytest.MonkeyPatch, scenario: str
) -> None:
    sc = load_scenario() if scenario == "default" else dispute_scenario("calibration")
    fast = _gathered(sc, 4)
    monkeypatch.setattr(ladder, "ROW_CACHE", False)
    plain = _gathered(sc, 4)
    assert fast.keys() == plain.keys()
    for key in fast:
        assert fast[key].tobytes() == plain[key].tobytes(), key
    assert (fast["trace:rung"] >= 2).any() and (fast["n_joiners"] > 0).any()  # wars and joiners happen
