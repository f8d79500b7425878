"""Each default question's predicate on worlds built on either side of its edge (world 0 YES, world 1 NO).

For ``throughout`` questions the predicate is the condition that must hold at every step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from flashpoint.sim.draws import Draws
from flashpoint.sim.questions import compile_condition
from flashpoint.sim.rules import attrition, exchange
from flashpoint.sim.state import SIDE_A, SIDE_B, Layout, State, init_state
from flashpoint.world.catalog import load_scenario

SC = load_scenario()


def _state() -> State:
    rng = np.random.default_rng(0)
    lay = Layout.build(SC)
    st = init_state(SC, lay, Draws(SC, rng, 2), rng, 2)
    exchange.init(st)
    attrition.init(st)
    st.rung[...] = 1  # every theatre in a crisis, nobody beyond its base side
    return st


def _set(st: State, theatre: str, rung: tuple[int, int]) -> None:
    st.rung[st.lay.t[theatre]] = rung


def _side(st: State, actor: str, theatre: str, side: tuple[int, int]) -> None:
    st.side[st.lay.a[actor], st.lay.t[theatre]] = side


def _flow(st: State, ratio: tuple[float, float]) -> None:
    k = st.lay.k["prk_rus_troops"]
    st.flow_size[k] = st.flow0[k] * np.array(ratio, np.float32)


def _world_war(st: State) -> None:
    # world 0: Russia vs the US in Ukraine and China vs the US over Taiwan, at once
    # world 1: the US fights at rung 4 in Ukraine, the Red Sea and the Middle East, but great powers are on
    # opposite sides only in Ukraine (Houthis, Iran and Israel are not great powers)
    _set(st, "ukraine", (4, 4))
    _side(st, "USA", "ukraine", (SIDE_B, SIDE_B))
    _set(st, "taiwan", (2, 1))
    _side(st, "USA", "taiwan", (SIDE_B, SIDE_B))
    for t in ("red-sea", "middle-east"):
        _set(st, t, (1, 4))
    _side(st, "USA", "middle-east", (0, SIDE_A))


EDGES: dict[str, Callable[[State], None]] = {
    "nato-ground-forces-east-asia-12m": lambda st: st.posture.__setitem__(slice(None), (4, 3)),
    "nato-naval-air-only-east-asia-12m": lambda st: st.posture.__setitem__(slice(None), (2, 3)),
    "nato-office-indo-pacific-24m": lambda st: st.posture.__setitem__(slice(None), (3, 2)),
    "dprk-troops-in-combat-3m": lambda st: (
        _set(st, "ukraine", (3, 3)),
        _side(st, "PRK", "ukraine", (SIDE_A, 0)),
    ),
    "dprk-deployment-grows-6m": lambda st: _flow(st, (1.25, 1.24)),
    "iran-or-china-combat-troops-ukraine-12m": lambda st: (
        _set(st, "ukraine", (2, 2)),
        _side(st, "CHN", "ukraine", (SIDE_A, 0)),
    ),
    "russia-retakes-kursk-6m": lambda st: st.held.__setitem__(0, (0.05, 0.06)),
    "russia-ukraine-ceasefire-8m": lambda st: (
        st.ceasefire.__setitem__(st.lay.t["ukraine"], True),
        _set(st, "ukraine", (0, 2)),
    ),
    "nato-russia-direct-clash-24m": lambda st: _set(st, "ukraine", (4, 3)),
    "world-war-12m": _world_war,
    "world-war-48m": _world_war,
    "nuclear-use-48m": lambda st: _set(st, "korea", (5, 4)),
    "korean-peninsula-war-48m": lambda st: _set(st, "korea", (3, 2)),
    "taiwan-blockade-or-invasion-48m": lambda st: _set(st, "taiwan", (2, 1)),
    "israel-iran-major-strikes-12m": lambda st: _set(st, "middle-east", (3, 2)),
    "europe-asia-spread-48m": lambda st: (
        _set(st, "korea", (2, 1)),
        _side(st, "RUS", "korea", (SIDE_A, SIDE_A)),
    ),
}


def test_every_default_question_has_an_edge_case() -> None:
    assert set(EDGES) == set(SC.questions)


@pytest.mark.parametrize("qid", sorted(EDGES))
def test_question_predicate_at_its_edge(qid: str) -> None:
    st = _state()
    lay = st.lay
    pred = compile_condition(SC, SC.condition(qid), lay.t, lay.a, lay.k, lay.f)
    EDGES[qid](st)
    assert pred(st).tolist() == [True, False]
