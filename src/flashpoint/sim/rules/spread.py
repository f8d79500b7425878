"""Horizontal spread: allies honour commitments, joiners raise war risk, great powers on both sides clash.

Source
    Leeds, B. A., A. G. Long and S. M. Mitchell. 2000. "Reevaluating Alliance Reliability: Specific Threats,
    Specific Promises." *J. Conflict Resolution* 44(5): 686-699: allies fulfilled their commitments in
    74.5% of the cases where they applied. Joiners and war: in GML MID 2.2.1 P(war | a joiner) = 22.5% vs
    2.3% without (Gibler, Miller & Little 2016; recomputed in shared/data/history/baserates.txt).
Symbols
    p_honour = ``calibration.honour_rate`` (0.745); s_j = ``alliances.<a>.member_commitment.<j>`` or
    ``alliances.<a>.commitment``; k = ``calibration.crisis_join_scale``;
    m = ``calibration.joiner_war_multiplier``.
Rule
    When a theatre in an alliance's scope reaches the alliance's ``trigger_rung`` (at least 2) with a member
    involved, each uninvolved member j joins that member's side with probability p_honour * s_j, checked
    once per member and dispute episode (allies of a war running at as_of have already decided). An
    alliance with ``trigger_rung: 1`` is also checked when a crisis opens (probability p_honour * s_j * k).
    Each joiner multiplies the crisis escalation hazard by m (``ladder``).
    When great powers (``great_power: true``) fight on both sides of a theatre at war, its rung rises to
    ``rules.ladder.gp_clash_rung`` (4: direct great-power clash). A theatre's supporters (``supporters_a``/
    ``supporters_b``) enter combat at its ``entry_a_per_month``/``entry_b_per_month`` hazard while at war.
Deviations
    Leeds et al. measure honouring over alliance-relevant wars; here the rate is scaled linearly by an
    assessed commitment strength in [0, 1], which is our assumption.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import SIDE_A, SIDE_B, State


def init(st: State) -> None:
    """Mark allies of wars already running at as_of as having decided (they had their chance to join).

    ``decided_crisis`` and ``decided_war``: dict (alliance index, actor index) -> ndarray of shape
    (n_theatres, n_worlds), int16, the episode id (``ep_id``) in which the member decided; 0 never.
    """
    st.arrays["decided_crisis"] = {}
    st.arrays["decided_war"] = {}
    st.arrays["alliance_scope"] = {}
    for ai, aid in enumerate(st.lay.alliances):
        al = st.sc.alliances[aid]
        scope = np.array([al.scope is None or tid in al.scope for tid in st.lay.theatres])
        st.alliance_scope[ai] = scope
        members = [st.lay.a[m] for m in al.members]
        involved = (st.side[members] > 0).any(axis=0) & scope[:, None]
        for j in members:
            st.decided_crisis[(ai, j)] = np.where(involved & (st.rung >= 1), st.ep_id, 0).astype(np.int16)
            st.decided_war[(ai, j)] = np.where(
                involved & (st.rung >= max(2, al.trigger_rung)), st.ep_id, 0
            ).astype(np.int16)
    st.arrays["seen_rung"] = np.full(st.rung.shape, -1, np.int8)  # forces a full check at the first step
    st.arrays["seen_ep"] = st.ep_id.copy()
    st.arrays["side_dirty"] = np.ones(st.rung.shape, bool)  # set by every rule that changes ``side``


def _entry(st: State) -> None:
    """Supporters of a side at war enter combat at the theatre's per-month entry hazard."""
    for t, tid in enumerate(st.lay.theatres):
        at_war = None
        for side, name in ((SIDE_A, "entry_a_per_month"), (SIDE_B, "entry_b_per_month")):
            rate = st.draws.get(f"theatres.{tid}.{name}")
            if rate is None:
                continue
            if at_war is None:
                at_war = (st.rung[t] >= 2) & st.ep_active[t]
            for a in np.nonzero(st.lay.supporter_side[:, t] == side)[0]:
                enter = st.bernoulli(at_war & (st.side[a, t] == 0), st.hazard(rate))
                np.copyto(st.side[a, t], side, where=enter, casting="unsafe")
                st.side_dirty[t] |= enter


def _changed(st: State) -> tuple[np.ndarray, np.ndarray]:
    """Positions (theatre, world) whose rung, episode or belligerents changed since the last look."""
    changed = (st.rung != st.seen_rung) | (st.ep_id != st.seen_ep) | st.side_dirty
    st.seen_rung[...] = st.rung
    st.seen_ep[...] = st.ep_id
    st.side_dirty[...] = False
    return np.nonzero(changed)


def step(st: State) -> None:
    """Check alliance triggers, add joiners and entering supporters, apply the great-power clash rule.

    A trigger can only become true where a rung, an episode or an actor's involvement changed, so alliances
    are checked at those positions only (the same decisions as a full check, at a fraction of the work).
    """
    if st.sc.rules.spread.enabled:
        _entry(st)
    pt, pw = _changed(st)
    st.arrays["changed_pos"] = (pt, pw)  # the engine updates involvement records at these positions
    if not st.sc.rules.spread.enabled or not len(pt):
        return
    live = st.ep_active[pt, pw] & (st.rung[pt, pw] >= 1)  # triggers need a running dispute
    at, aw = pt[live], pw[live]
    honour = np.float32(st.draws["calibration.honour_rate"])
    crisis_k = np.float32(st.draws["calibration.crisis_join_scale"])
    for ai, aid in enumerate(st.lay.alliances):
        al = st.sc.alliances[aid]
        keep = st.alliance_scope[ai][at]
        t, w = at[keep], aw[keep]
        if not len(t):
            continue
        members = [st.lay.a[m] for m in al.members]
        sides = st.side[np.array(members)[:, None], t[None, :], w[None, :]]  # (n_members, n_positions)
        involved = (sides > 0).any(axis=0) & st.ep_active[t, w]
        if not involved.any():
            continue
        rung, ep = st.rung[t, w], st.ep_id[t, w]
        attacked = sides.max(axis=0)
        checks = [(st.decided_war, involved & (rung >= max(2, al.trigger_rung)), np.float32(1))]
        if al.trigger_rung <= 1:
            checks.insert(0, (st.decided_crisis, involved & (rung >= 1), crisis_k))
        for table, cond, scale in checks:
            for m in al.members:
                j = st.lay.a[m]
                decided = table[(ai, j)]
                now = cond & (decided[t, w] != ep) & (st.side[j, t, w] == 0)
                if not now.any():
                    continue
                s = st.draws.get(f"alliances.{aid}.member_commitment.{m}")
                s = st.draws[f"alliances.{aid}.commitment"] if s is None else s
                p = honour * scale * np.broadcast_to(np.float32(s), (st.n,))[w]
                join = now & (st.rng.random(len(t), dtype=np.float32) < p)
                st.side[j, t[join], w[join]] = attacked[join]
                st.side_dirty[t[join], w[join]] = True
                st.n_joiners[t[join], w[join]] += 1
                decided[t[now], w[now]] = ep[now]
    gp = np.nonzero(st.lay.great_power)[0]
    if len(gp):
        g = st.side[gp[:, None], pt[None, :], pw[None, :]]
        clash = (g == SIDE_A).any(axis=0) & (g == SIDE_B).any(axis=0) & (st.rung[pt, pw] >= 2)
        clash &= st.ep_active[pt, pw]
        level = np.int8(st.sc.rules.ladder.gp_clash_rung)
        st.rung[pt[clash], pw[clash]] = np.maximum(st.rung[pt[clash], pw[clash]], level)
