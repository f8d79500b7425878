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
    once per dispute episode. An alliance with ``trigger_rung: 1`` is also checked when a crisis opens, with
    probability p_honour * s_j * k. Each joiner multiplies the crisis escalation hazard by m (``ladder``).
    When great powers (``great_power: true``) fight on both sides of a theatre at war, its rung rises to
    ``rules.ladder.gp_clash_rung`` (4: direct great-power clash).
Deviations
    Leeds et al. measure honouring over alliance-relevant wars; here the rate is scaled linearly by an
    assessed commitment strength in [0, 1], which is our assumption.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import SIDE_A, SIDE_B, State


def step(st: State) -> None:
    """Check alliance triggers, add joiners, and apply the great-power clash rule."""
    if not st.sc.rules.spread.enabled:
        return
    honour = st.draws["calibration.honour_rate"]
    crisis_k = st.draws["calibration.crisis_join_scale"]
    for ai, aid in enumerate(st.lay.alliances):
        al = st.sc.alliances[aid]
        members = [st.lay.a[m] for m in al.members]
        scope = np.array([al.scope is None or t in al.scope for t in st.lay.theatres])
        sides = st.side[members]  # (n_members, n_theatres, n_worlds)
        involved = (sides > 0).any(axis=0) & scope[:, None] & st.ep_active
        attacked = sides.max(axis=0)
        checks = []
        if al.trigger_rung <= 1:
            checks.append((st.checked_crisis[ai], involved & (st.rung >= 1), crisis_k))
        checks.append((st.checked_war[ai], involved & (st.rung >= max(2, al.trigger_rung)), 1.0))
        for checked, cond, scale in checks:
            cond &= ~checked
            if not cond.any():
                continue
            for m in al.members:
                j = st.lay.a[m]
                key = f"alliances.{aid}.member_commitment.{m}"
                s = st.draws.get(key, None)
                s = st.draws[f"alliances.{aid}.commitment"] if s is None else s
                p = np.float32(honour) * np.float32(scale) * np.asarray(s, np.float32)
                join = cond & (st.side[j] == 0) & (st.uniform(cond.shape) < p)
                st.side[j][join] = attacked[join]
                st.n_joiners[join] += 1
            checked |= cond
    gp = np.nonzero(st.lay.great_power)[0]
    if len(gp):
        g = st.side[gp]
        clash = (g == SIDE_A).any(axis=0) & (g == SIDE_B).any(axis=0) & (st.rung >= 2) & st.ep_active
        level = np.int8(st.sc.rules.ladder.gp_clash_rung)
        st.rung[clash] = np.maximum(st.rung[clash], level)
