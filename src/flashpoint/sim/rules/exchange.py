"""Support flows and the troops-for-resources exchange (the seed's "laboratory").

Source
    The seed article (The Epoch Times, 2024-11-05), Carl Schuster: "Pyongyang literally is selling its troops
    to Russia for cash, oil and probably food as well as other raw materials"; "Kim Jong Un views the
    Russo-Ukraine War as a laboratory to study and update its doctrine and tactics". Learning-by-doing as a
    saturating curve follows the experience-curve literature (Argote & Epple 1990, *Science* 247: 920-924).
Symbols
    S = size of ``rules.exchange.troops_flow`` (troops deployed), S_0 its size at as_of;
    p_new = ``new_contingent_per_month``, rho = ``contingent_ratio``; pi = the price per soldier, the mean of
    the ``payment_flows``' sizes (each an index, as_of = 1), omega = ``withdrawal_per_month``; payments
    P_k = P_k0 * S / S_0; E = combat experience in [0, 1], lambda = ``experience_per_month``,
    e_E = ``experience_effect``; R = years of payments received (at the as_of price), e_R =
    ``resource_effect``. For every flow
    with ``drift`` mu and ``volatility`` sigma: S <- S exp(mu dt + sigma sqrt(dt) Z). A troops flow enters
    combat at hazard ``commit_per_month``.
Rule
    While the flow's theatre is at war, a new contingent (S += rho S_0) arrives at hazard p_new x pi; when the
    price falls below its as_of level the deployment shrinks, S <- S exp(-omega (1 - pi) dt) (payments
    sustain the deployment: stopped payments end it); payments scale with S; R += pi S/S_0 dt/12;
    E += lambda dt (1 - E) while the troops fight; the troops count (1 + e_E E) times on their front
    (``attrition``), and the sender's capability multiplier is (1 + e_E E)(1 + e_R R) (it raises the
    sender's confidence, ``perception``, and its share in bargaining). A materiel flow with
    ``share_of_capacity`` w
    scales its recipient's capability by 1 + w (S/S_0 - 1) (at least 0.2). At a ceasefire in its theatre a
    flow with ``stops_at_ceasefire`` stops for good and troops stop fighting; a payment flow that stops no
    longer counts in pi (pi is the mean over payment flows of their drawn size, 0 once stopped), so troops
    kept after a ceasefire (``stops_at_ceasefire: false``) are withdrawn at omega as their payment ends.
    Troops in combat make the sender a belligerent on the recipient's side and add S to the recipient's force
    on their front (``attrition``).
Deviations
    Payments are proportional to troops, not negotiated; casualties among the sender's troops are not
    replaced automatically (only through new contingents).
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State


def init(st: State) -> None:
    """Allocate flow arrays: sizes (n_flows, n_worlds) float32 and combat flags."""
    sc, n = st.sc, st.n
    keys = [f"flows.{k}.size" for k in st.lay.flows]
    size = (
        np.broadcast_to(st.draws.stack(keys), (len(keys), n)).astype(np.float32)
        if keys
        else np.zeros((0, n), np.float32)
    )
    st.arrays["flow_size"] = size.copy()
    st.arrays["flow0"] = np.maximum(size, 1e-9)
    st.arrays["in_combat"] = (
        np.array([[bool(f.in_combat.value) if f.in_combat else False] for f in sc.flows.values()], bool)
        .reshape(-1, 1)
        .repeat(n, 1)
        if keys
        else np.zeros((0, n), bool)
    )
    st.arrays["experience"] = np.zeros(n, np.float32)
    affected = {st.lay.a[f.recipient] for f in sc.flows.values() if f.share_of_capacity is not None}
    if sc.rules.exchange.enabled and sc.rules.exchange.troops_flow is not None:
        affected.add(st.lay.a[sc.flows[sc.rules.exchange.troops_flow].sender])
    st.arrays["cap_actors"] = np.array(sorted(affected), dtype=np.int64)
    for ki, fl in enumerate(sc.flows.values()):  # a theatre in ceasefire at as_of has stopped its flows
        if fl.theatre is not None and fl.stops_at_ceasefire and st.sc.theatres[fl.theatre].ceasefire:
            st.arrays["flow_size"][ki] = 0.0
    st.arrays["resources"] = np.zeros(n, np.float32)
    rule = sc.rules.exchange
    pay = list(rule.payment_flows) if rule.enabled and rule.troops_flow is not None else []
    on = np.ones((len(pay), n), bool)  # payment flows still paid (a stopped flow never restarts)
    for i, pid in enumerate(pay):
        fl = sc.flows[pid]
        if fl.theatre is not None and fl.stops_at_ceasefire and sc.theatres[fl.theatre].ceasefire:
            on[i] = False
    st.arrays["pay_on"] = on


def step(st: State) -> None:
    """Advance every flow one step, then the exchange, then the capability multipliers."""
    sc, lay, dtm = st.sc, st.lay, np.float32(st.dtm)
    cap = st.cap_mult
    cap[st.cap_actors] = 1.0  # only actors with a share flow or the exchange's sender ever differ from 1
    stopped_in: dict[int, np.ndarray] = {}
    pay_row = {pid: i for i, pid in enumerate(sc.rules.exchange.payment_flows)} if len(st.pay_on) else {}
    for ki, (fid, fl) in enumerate(sc.flows.items()):
        size = st.flow_size[ki]
        t = lay.t.get(fl.theatre) if fl.theatre else None
        if fl.drift is not None or fl.volatility is not None:
            mu = np.float32(st.draws[f"flows.{fid}.drift"]) if fl.drift is not None else np.float32(0)
            sig = (
                np.float32(st.draws[f"flows.{fid}.volatility"])
                if fl.volatility is not None
                else np.float32(0)
            )
            shock = st.rng.standard_normal(st.n, dtype=np.float32)
            size *= np.exp(mu * dtm + sig * np.sqrt(dtm) * shock)
        if t is not None and fl.stops_at_ceasefire:
            if t not in stopped_in:
                # flows stop at the first ceasefire and never restart, so only new ceasefires need work
                stopped_in[t] = st.ceasefire_step[t] == st.step - 1
            stopped = stopped_in[t]
            if stopped.any():
                np.copyto(size, 0.0, where=stopped)
                np.copyto(st.in_combat[ki], False, where=stopped)
                if fid in pay_row:  # its payments end: the price per soldier falls (``_exchange``)
                    st.pay_on[pay_row[fid]] &= ~stopped
                    stale = st.__dict__.get("_price_stale")
                    st.__dict__["_price_stale"] = stopped if stale is None else stale | stopped
        if fl.kind == "troops" and fl.commit_per_month is not None and t is not None:
            fighting = (st.rung[t] >= 2) & st.ep_active[t] & (size > 0)
            rate = st.draws[f"flows.{fid}.commit_per_month"]
            commit = st.bernoulli(fighting & ~st.in_combat[ki], st.hazard(rate))
            st.in_combat[ki] |= commit
            st.in_combat[ki] &= fighting
            side = st.side[lay.a[fl.recipient], t]
            sender = st.side[lay.a[fl.sender], t]
            joined = st.in_combat[ki] & (sender == 0) & (side > 0)
            sender[joined] = side[joined]
            if "side_dirty" in st.arrays:
                st.side_dirty[t] |= joined
        if fl.share_of_capacity is not None:
            w = np.float32(st.draws[f"flows.{fid}.share_of_capacity"])
            r = lay.a[fl.recipient]
            cap[r] *= np.maximum(0.2, 1.0 + w * (size / st.flow0[ki] - 1.0))
    _exchange(st, cap)


def _exchange(st: State, cap: np.ndarray) -> None:
    rule, sc, lay, dtm = st.sc.rules.exchange, st.sc, st.lay, np.float32(st.dtm)
    if not rule.enabled or rule.troops_flow is None:
        return
    ki = lay.k[rule.troops_flow]
    fl = sc.flows[rule.troops_flow]
    size, size0 = st.flow_size[ki], st.flow0[ki]
    t = lay.t[fl.theatre] if fl.theatre else None
    at_war = (st.rung[t] >= 2) & st.ep_active[t] if t is not None else np.ones(st.n, bool)
    _price_terms(st, dtm)
    new = st.bernoulli(at_war & (size > 0), st.__dict__["_p_new_contingent"])
    size[new] += (st.draws.world("rules.exchange.contingent_ratio") * size0)[new]
    size *= st.__dict__["_withdraw"]
    ratio = size / size0
    for i, pid in enumerate(rule.payment_flows):
        pk = lay.k[pid]
        st.flow_size[pk] = st.flow0[pk] * ratio * st.pay_on[i]
    lam = np.float32(st.draws["rules.exchange.experience_per_month"])
    fighting = st.in_combat[ki]
    st.experience[...] += lam * dtm * (1.0 - st.experience) * fighting
    st.resources[...] += dtm / 12.0 * ratio * st.__dict__["_price"]
    e_e = np.float32(st.draws["rules.exchange.experience_effect"])
    e_r = np.float32(st.draws["rules.exchange.resource_effect"])
    cap[lay.a[fl.sender]] *= (1.0 + e_e * st.experience) * (1.0 + e_r * st.resources)


def _price_terms(st: State, dtm: np.float32) -> None:
    """The price per soldier (:func:`payment_index`) and what follows from it, the new-contingent hazard and
    the withdrawal factor: computed at a block's first step and afterwards only in the worlds whose payments
    stopped in this step."""
    stale = st.__dict__.pop("_price_stale", None)
    if "_price" in st.__dict__ and stale is None:
        return
    rate = np.float32(st.draws["rules.exchange.new_contingent_per_month"])
    omega = np.float32(st.draws["rules.exchange.withdrawal_per_month"])
    keys = ("_price", "_p_new_contingent", "_withdraw")
    if "_price" not in st.__dict__:  # the block's first step: every world
        price = payment_index(st)
        st.__dict__.update(zip(keys, (price, *_follows(st, price, rate, omega, dtm)), strict=True))
        return
    idx = np.flatnonzero(stale)
    price = payment_index(st, idx)
    rate, omega = (np.broadcast_to(x, (st.n,))[idx] for x in (rate, omega))  # drawn per world or fixed
    for key, value in zip(keys, (price, *_follows(st, price, rate, omega, dtm)), strict=True):
        full = np.ascontiguousarray(np.broadcast_to(st.__dict__[key], (st.n,)), np.float32).copy()
        full[idx] = value  # per world from now on
        st.__dict__[key] = full


def _follows(
    st: State, price: np.ndarray, rate: np.ndarray, omega: np.ndarray, dtm: np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """The new-contingent hazard (rate x pi) and the one-step withdrawal factor exp(-omega (1 - pi)^+ dt)."""
    return st.hazard(rate * price), np.exp(-omega * np.maximum(np.float32(0.0), 1.0 - price) * dtm)


def payment_index(st: State, worlds: np.ndarray | None = None) -> np.ndarray:
    """The price paid per soldier relative to as_of: the mean over the payment flows of their drawn sizes
    (each an index with as_of = 1), a flow counting 0 once it has stopped at a ceasefire; 1 without payment
    flows. Shape (n_worlds,), (1,) or () (with ``worlds``, an index array: (len(worlds),)), float32."""
    flows = st.sc.rules.exchange.payment_flows
    if not flows:
        return np.float32(1.0)
    drawn = st.draws.stack([f"flows.{pid}.size" for pid in flows])
    on = st.arrays.get("pay_on")
    if worlds is not None:
        drawn, on = np.broadcast_to(drawn, (len(flows), st.n))[:, worlds], on[:, worlds]
    if on is None or on.all():
        return drawn.mean(axis=0)
    return (drawn * on).mean(axis=0, dtype=np.float32)


def effectiveness(st: State) -> np.ndarray:
    """Combat effectiveness of the exchange's troops relative to as_of: 1 + e_E x E; shape (n_worlds,)."""
    e_e = np.float32(st.draws["rules.exchange.experience_effect"])
    return 1.0 + e_e * st.experience
