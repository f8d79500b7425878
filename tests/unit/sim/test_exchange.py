"""The troops-for-payment exchange at a ceasefire (sim.rules.exchange): payments stop, the troops stay and are
withdrawn at ``withdrawal_per_month`` as their payment ends (seed, Schuster: troops sold "for cash, oil and
probably food")."""

from __future__ import annotations

import numpy as np

from flashpoint.sim.draws import Draws
from flashpoint.sim.rules import exchange
from flashpoint.sim.state import Layout, init_state
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides

OMEGA = 0.4


def _state():
    sc = apply_overrides(load_scenario(), {"rules.exchange.withdrawal_per_month": OMEGA})
    rng = np.random.default_rng(0)
    st = init_state(sc, Layout.build(sc), Draws(sc, rng, 2), rng, 2)
    exchange.init(st)
    st.rung[st.lay.t["ukraine"]] = 1  # no war: no new contingents, so only the withdrawal moves the troops
    return st


def test_payments_stop_at_a_ceasefire_and_the_troops_are_withdrawn_as_their_payment_ends() -> None:
    st = _state()
    lay = st.lay
    troops, pays = lay.k["prk_rus_troops"], [lay.k[p] for p in st.sc.rules.exchange.payment_flows]
    size0 = st.flow_size[troops].copy()
    st.step = 1
    st.ceasefire_step[lay.t["ukraine"]] = (0, -1)  # world 0: a ceasefire in the last step; world 1: none
    exchange.step(st)
    assert not st.pay_on[:, 0].any() and st.pay_on[:, 1].all()
    assert np.all(st.flow_size[pays, 0] == 0) and np.all(st.flow_size[pays, 1] > 0)
    expected = size0[0] * np.exp(-OMEGA * st.dtm)  # the price per soldier fell from 1 to 0
    assert np.isclose(st.flow_size[troops, 0], expected, rtol=1e-5)
    assert st.flow_size[troops, 1] == size0[1]  # still paid: nobody leaves
    assert exchange.payment_index(st).tolist() == [0.0, 1.0]
    st.step = 2
    exchange.step(st)  # stopped payments never restart; the withdrawal goes on
    assert not st.pay_on[:, 0].any()
    assert np.isclose(st.flow_size[troops, 0], size0[0] * np.exp(-2 * OMEGA * st.dtm), rtol=1e-5)
