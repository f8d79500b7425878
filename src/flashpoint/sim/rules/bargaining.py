"""War as bargaining: screening offers (Fearon 1995) and learning while fighting (Slantchev 2003).

Source
    Fearon, J. D. 1995. "Rationalist Explanations for War." *International Organization* 49(3): 379-414
    (risk-return trade-off under private information about costs). Slantchev, B. L. 2003. "The Principle of
    Convergence in Wartime Negotiations." *APSR* 97(4): 621-632 (fighting and rejected offers reveal
    information, offers converge, wars end).
Symbols
    Side A (the lead of ``side_a``) proposes. c_A = ``theatres.<t>.cost_a``; B's cost c_B is private,
    uniform on [0, c] with c = ``theatres.<t>.cost_b_max``, drawn anew for each dispute; A's belief about
    c_B is uniform on [0, c_hat] (c_hat = c at the start of a dispute); o = ``theatres.<t>.optimism``
    (mutual optimism: how much B's expected war payoff exceeds what A thinks it is), shrinking at
    ``calibration.optimism_decay_per_month``; rounds at war arrive at ``calibration.negotiation_per_month``.
Rule
    A demands y = max(0, (c_hat - c_A)/2) above what it thinks B gets from war (Fearon's optimal screening
    offer against a uniform cost). B rejects iff c_B < y + o. With o = 0 and c_hat = c,
    P(reject) = max(0, (c - c_A)/(2c)), Fearon's risk-return trade-off. A rejection truncates A's belief:
    c_hat <- y (Slantchev's learning), so the next offer is more generous; fighting shrinks o by a factor
    exp(-decay * months). Offers converge (c_hat falls below c_A, y = 0) and wars end once c_B >= o.
    In a crisis a rejected demand starts a war (rung 2); an accepted one ends the dispute (B yields) (the
    crisis demand runs inside ``episode_kernels.crisis_demands``, called by ``ladder.crisis``). At
    war an accepted offer is a ceasefire; B's share x = (1 - q_A) - y, with q_A the side-A share of
    capability (``cinc`` x capability multipliers of the actors involved), labels the outcome: victory A if
    x <= 0.2, victory B if x >= 0.8, else compromise; the first such settlement's x (clipped to [0, 1]) is
    kept as ``ceasefire_share_b`` (``flashpoint.sim.prevail``: the terms, which the balance sets, not the
    chance of war).
Deviations
    A single proposer (side A) throughout; Slantchev alternates and lets battles move the distribution of
    power. Here battles move the world only through ``attrition`` and the decay of optimism. The belief
    update assumes A does not know o.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim import kernels
from flashpoint.sim.episodes import end_episode
from flashpoint.sim.state import SIDE_A, SIDE_B, State


def cinc_stack(st: State) -> np.ndarray:
    """Every actor's CINC, one row per actor: shape (n_actors, n_worlds or 1), float32, drawn once per block;
    0 for an actor without a capability (the scenario check allows that only for actors that never fight)."""
    cinc = st.__dict__.get("_cinc")
    if cinc is None:
        actors = st.lay.actors
        rows = [i for i, x in enumerate(actors) if st.sc.actors[x].capability is not None]
        stack = st.draws.stack([f"actors.{actors[i]}.capability.cinc" for i in rows])
        cinc = st.__dict__["_cinc"] = np.zeros((len(actors), stack.shape[1]), np.float32)
        cinc[rows] = stack
    return cinc


def side_share(st: State, t: int, worlds: np.ndarray) -> np.ndarray:
    """Side A's share of capability in theatre ``t`` for the given world indices; shape (len(worlds),)."""
    cap = np.broadcast_to(cinc_stack(st), (len(st.lay.actors), st.n))[:, worlds] * st.cap_mult[:, worlds]
    side = st.side[:, t, worlds]
    pa = (cap * (side == SIDE_A)).sum(axis=0)
    pb = (cap * (side == SIDE_B)).sum(axis=0)
    return np.where(pa + pb > 0, pa / np.maximum(pa + pb, 1e-12), 0.5).astype(np.float32)


def war_rounds(st: State, t_end: float) -> None:
    """One step of wartime bargaining in every theatre at war (rung >= 2)."""
    if not st.sc.rules.bargaining.enabled:
        return
    at_war = (st.rung >= 2) & st.ep_active & (st.war_start < st.step)  # a war is fought at least one step
    if not at_war.any():
        return
    p_round = st.__dict__.get("_p_round")
    if p_round is None:  # fixed per block
        p_round = st.__dict__["_p_round"] = st.hazard(st.draws["calibration.negotiation_per_month"])
    rows, cols = st.bernoulli_positions(at_war, p_round)
    if not len(rows):
        return
    cinc = st.__dict__.get("_cinc_full")
    if cinc is None:  # (n_actors, n_worlds) float32 for the kernel, once per block
        cinc = st.__dict__["_cinc_full"] = np.broadcast_to(cinc_stack(st), (len(st.lay.actors), st.n)).copy()
    accepted, outcome, winner, share_b = kernels.war_round(
        rows,
        cols,
        int(st.step),
        np.float32(st.dtm),
        st.tparam_full("cost_a"),
        st.belief_hi,
        st.war_start,
        st.optimism,
        st.world_param("calibration.optimism_decay_per_month"),
        st.cost_b,
        cinc,
        st.cap_mult,
        st.side,
    )
    if accepted.any():
        r, c = rows[accepted], cols[accepted]
        first = st.ceasefire_step[r, c] < 0  # the terms of each theatre's first negotiated end are kept
        st.ceasefire_share_b[r[first], c[first]] = share_b[accepted][first]
        end_episode(
            st,
            None,
            t_end,
            outcome[accepted],
            winner[accepted],
            war_ended=True,
            positions=(rows[accepted], cols[accepted]),
            per_position=True,
        )
