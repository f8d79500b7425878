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


def test_position_kernels_match_their_numpy_definitions() -> None:
    from flashpoint.sim import episode_kernels, kernels

    rng = np.random.default_rng(3)
    shape = (5, 4_000)
    rung = rng.integers(0, 4, shape).astype(np.int8)
    rung[rng.random(shape) < 0.9] = 2  # crises are a few per cent of positions, as in a run
    active = rng.random(shape) < 0.8
    start = (rng.random(shape) * 60).astype(np.float32)
    qa, qb = ((rng.random(shape) * 90).astype(np.float32) for _ in range(2))
    qb[:, :50] = qa[:, :50]  # ties: side A yields
    got = episode_kernels.crisis_quits(91.3, rung, active, start, qa, qb)
    end = start + np.minimum(qa, qb)
    rows, cols = np.nonzero((rung == 1) & active & (end <= np.float32(91.3)))
    a_quits = (qa <= qb)[rows, cols].astype(np.int8)
    want = (rows, cols, end[rows, cols], (4 - a_quits).astype(np.int8), (1 + a_quits).astype(np.int8))
    assert len(rows) > 10
    for g, w in zip(got, want, strict=True):
        assert g.tobytes() == np.asarray(w, g.dtype).tobytes()

    mask = rng.random(shape) < 0.5
    u = rng.random(shape, dtype=np.float32)
    p = (rng.random(shape) * 0.3).astype(np.float32)
    assert kernels.draw_hits(mask, u, p).tolist() == np.flatnonzero(mask & (u < p)).tolist()

    seen = rung.copy()
    seen[rng.random(shape) < 0.05] = 9
    ep, seen_ep = np.ones(shape, np.int16), np.ones(shape, np.int16)
    dirty, moved = rng.random(shape) < 0.02, np.zeros(shape, bool)
    want_pos = np.nonzero((rung != seen) | dirty)
    want_moved = dirty.copy()
    pt, pw = kernels.changed_positions(rung, seen, ep, seen_ep, dirty, moved)
    assert pt.tolist() == want_pos[0].tolist() and pw.tolist() == want_pos[1].tolist()
    assert (seen == rung).all() and not dirty.any() and (moved == want_moved).all()
