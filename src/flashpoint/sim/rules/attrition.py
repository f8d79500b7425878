"""Battlefield balance and attrition: Lanchester's square law with reinforcements (Lanchester; Engel).

Source
    Lanchester, F. W. 1916. *Aircraft in Warfare: The Dawn of the Fourth Arm*, ch. V ("N-square law").
    Engel, J. H. 1954. "A Verification of Lanchester's Law." *J. Operations Research Society of America*
    2(2): 163-171 (the daily fit to Iwo Jima: a = 0.0544, b = 0.0106 per day, US landings 54,000 on day
    1, 6,000 on day 3 and 13,000 on day 6, 21,500 Japanese defenders).
Symbols
    x = ``fronts.<f>.force_a``, y = ``force_b`` (troops); a = ``attrition_a`` (A's losses per day per unit
    of B), b = ``attrition_b``; P, Q = own reinforcements ``reinforce_a``/``reinforce_b`` per month plus
    ``schedule_a``/``schedule_b`` (key k: landed at the start of step k + 1) plus troops flows in combat
    on this front (the exchange's troops weighted by their experience; troops withdrawn leave the front);
    e_A, e_B = the lead actors' capability multipliers (materiel flows, experience, see
    ``exchange``); s = ``held_share`` of the contested ground held by B, moving at
    ``advance_per_month`` per unit of ln(force ratio / ``hold_ratio``).
Rule
    dx/dt = -a e_B y + P,  dy/dt = -b e_A x + Q, integrated exactly over substeps of at most
    ``rules.attrition.max_substep_days`` (hyperbolic solution about the equilibrium x* = Q/(b e_A),
    y* = P/(a e_B)); forces are floored at 0, and once a side is at 0 it stops firing (the other side changes
    only by its reinforcements). Then ds/dt = -k ln[(e_A x)/(e_B y) / h] / 30.4375 per day,
    s clipped to [0, 1]. Fronts move only while their theatre is at war (rung >= 2).
Deviations
    Engel integrated day by day (difference equations); the exact solution differs from that by O(a b dt^2).
    Ground is a single share per front, not a map.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim import kernels
from flashpoint.sim.rules import exchange
from flashpoint.sim.state import MONTH_DAYS, SIDE_A, State

PARAMS = ("attrition_a", "attrition_b", "reinforce_a", "reinforce_b", "advance_per_month", "hold_ratio")


def init(st: State) -> None:
    """Allocate fronts: forces and held share, shape (n_fronts, n_worlds), float32."""
    n, fronts = st.n, st.lay.fronts

    def stack(name: str) -> np.ndarray:
        keys = [f"theatres.{t}.fronts.{f}.{name}" for t, f in fronts]
        return (
            np.broadcast_to(st.draws.stack(keys), (len(keys), n)).astype(np.float32).copy()
            if keys
            else np.zeros((0, n), np.float32)
        )

    st.arrays["force_a"] = stack("force_a")
    st.arrays["force_b"] = stack("force_b")
    st.arrays["held"] = stack("held_share")
    st.arrays["held0"] = st.arrays["held"].copy()
    st.arrays["flow_added"] = np.zeros((len(st.lay.flows), n), np.float32)


def step(st: State) -> None:
    """Advance every front one step."""
    if not st.lay.fronts:
        return
    sc, lay = st.sc, st.lay
    _reinforce(st)
    if not sc.rules.attrition.enabled:
        return
    n_sub = max(1, int(np.ceil(st.step_days / sc.rules.attrition.max_substep_days - 1e-9)))
    h = st.step_days / n_sub
    per_day = np.float32(1.0 / MONTH_DAYS)
    for fi, (tid, fid) in enumerate(lay.fronts):
        t = lay.t[tid]
        war = (st.rung[t] >= 2) & st.ep_active[t]
        if not war.any():
            continue
        pre = f"theatres.{tid}.fronts.{fid}."
        par = {name: st.world_param(pre + name) for name in PARAMS}
        kernels.front_step(
            war,
            st.force_a[fi],
            st.force_b[fi],
            st.held[fi],
            st.cap_mult[lay.lead_a[t]],
            st.cap_mult[lay.lead_b[t]],
            par["attrition_a"],
            par["attrition_b"],
            par["reinforce_a"] * per_day,
            par["reinforce_b"] * per_day,
            par["advance_per_month"],
            par["hold_ratio"],
            n_sub,
            np.float32(h),
            np.float32(MONTH_DAYS),
        )


def _reinforce(st: State) -> None:
    sc, lay = st.sc, st.lay
    for fi, (tid, fid) in enumerate(lay.fronts):
        front = sc.theatres[tid].fronts[fid]
        key = st.step - 1  # this step is number st.step (1-based); key k lands at the start of step k + 1
        if key in front.schedule_a:
            st.force_a[fi] += np.float32(front.schedule_a[key])
        if key in front.schedule_b:
            st.force_b[fi] += np.float32(front.schedule_b[key])
    for ki, fl in enumerate(sc.flows.values()):
        if fl.kind != "troops" or fl.front is None:
            continue
        fi = lay.f[(fl.theatre, fl.front)]
        t = lay.t[fl.theatre]
        target = st.flow_size[ki] * st.in_combat[ki]
        if sc.rules.exchange.enabled and sc.rules.exchange.troops_flow == lay.flows[ki]:
            target = target * exchange.effectiveness(st)  # combat experience (rules.exchange)
        delta = target - st.flow_added[ki]
        to_a = st.side[lay.a[fl.recipient], t] == SIDE_A
        # troops arriving join the front; troops withdrawn (or leaving combat) leave it, floored at 0
        np.maximum(st.force_a[fi] + np.where(to_a, delta, 0), 0, out=st.force_a[fi])
        np.maximum(st.force_b[fi] + np.where(~to_a, delta, 0), 0, out=st.force_b[fi])
        st.flow_added[ki] = target
