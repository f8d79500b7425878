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

from flashpoint.sim import kernels
from flashpoint.sim.state import SIDE_A, SIDE_B, State


def init(st: State) -> None:
    """Mark allies of wars already running at as_of as having decided (they had their chance to join).

    Alliance members are laid out as slots (alliance by alliance, member by member). Each world lists the
    slots of its live alliances (some member may join) as entries: ``alliance_off`` (n_worlds + 1,) int64
    gives each world's entry range; ``entry_alliance`` (n_entries,) int32; ``entry_p_crisis``/
    ``entry_p_war`` (n_entries,) float32 the joining probabilities; ``entry_dec_crisis``/``entry_dec_war``
    (n_theatres, n_entries) int16 the episode id (``ep_id``) in which the member decided, 0 never.
    """
    lay, n = st.lay, st.n
    n_t = len(lay.theatres)
    slot0, members, war_rung, crisis_check, scopes = [0], [], [], [], []
    p_crisis, p_war, dec_c, dec_w = [], [], [], []
    honour = np.float32(st.draws["calibration.honour_rate"])
    scale = np.float32(st.draws["calibration.crisis_join_scale"])
    for aid in lay.alliances:
        al = st.sc.alliances[aid]
        scope = np.array([al.scope is None or tid in al.scope for tid in lay.theatres])
        idx = [lay.a[m] for m in al.members]
        involved = (st.side[idx] > 0).any(axis=0) & scope[:, None]
        # the same for every member of the alliance; None where no member has decided (all zero)
        decided = [involved & (st.rung >= r) for r in (1, max(2, al.trigger_rung))]
        decided = [np.where(d, st.ep_id, 0) if d.any() else None for d in decided]
        for m in al.members:
            s = st.draws.get(f"alliances.{aid}.member_commitment.{m}")
            s = st.draws[f"alliances.{aid}.commitment"] if s is None else s
            p_war.append(honour * np.float32(s))
            p_crisis.append(honour * scale * np.float32(s))
            dec_c.append(decided[0])
            dec_w.append(decided[1])
        members += idx
        slot0.append(len(members))
        war_rung.append(max(2, al.trigger_rung))
        crisis_check.append(al.trigger_rung <= 1)
        scopes.append(scope)
    arr = st.arrays
    n_s = len(members)
    arr["alliance_scope"] = np.array(scopes, bool).reshape(len(lay.alliances), n_t)
    arr["alliance_slot0"] = np.array(slot0, np.int64)
    arr["alliance_members"] = np.array(members, np.int64)
    arr["alliance_war_rung"] = np.array(war_rung, np.int64)
    arr["alliance_crisis_check"] = np.array(crisis_check, bool)
    # per slot rows (n_slots, n_worlds); decisions (n_slots, n_theatres, n_worlds), size 0 if none anywhere
    p_c, p_w = np.empty((n_s, n), np.float32), np.empty((n_s, n), np.float32)
    any_dec = any(d is not None for d in dec_c + dec_w)
    d_c, d_w = (np.zeros((n_s, n_t, n) if any_dec else (0, 0, 0), np.int16) for _ in range(2))
    for j in range(n_s):
        p_c[j], p_w[j] = p_crisis[j], p_war[j]
        for full, dec in ((d_c, dec_c), (d_w, dec_w)):
            if dec[j] is not None:
                full[j] = dec[j]
    # an alliance is live in a world if some member may join there; the kernel visits only live alliances,
    # through entries (one per slot of a live alliance) grouped by world, in alliance and member order
    slot0 = arr["alliance_slot0"]
    arr["alliance_off"] = off = kernels.alliance_offsets(slot0, p_c, p_w)
    if off[-1] < n * n_s:
        (
            arr["entry_alliance"],
            arr["entry_p_crisis"],
            arr["entry_p_war"],
            arr["entry_dec_crisis"],
            arr["entry_dec_war"],
        ) = kernels.alliance_entries(off, slot0, p_c, p_w, d_c, d_w, n_t)
    else:  # every alliance live in every world (fixed commitments): entries are the slots, world-major
        slot_al = np.repeat(np.arange(len(lay.alliances), dtype=np.int32), np.diff(slot0))
        arr["entry_alliance"] = np.tile(slot_al, n)
        arr["entry_p_crisis"] = np.ascontiguousarray(p_c.T).reshape(-1)
        arr["entry_p_war"] = np.ascontiguousarray(p_w.T).reshape(-1)
        for key, dec in (("entry_dec_crisis", d_c), ("entry_dec_war", d_w)):
            if any_dec:
                arr[key] = np.ascontiguousarray(dec.transpose(1, 2, 0)).reshape(n_t, n * n_s)
            else:
                arr[key] = np.zeros((n_t, n * n_s), np.int16)
    arr["seen_rung"] = np.full(st.rung.shape, -1, np.int8)  # forces a full check at the first step
    arr["seen_ep"] = st.ep_id.copy()
    arr["side_dirty"] = np.ones(st.rung.shape, bool)  # set by every rule that changes ``side``
    # some actor may be off its base side: side_dirty folded in each step, cleared when an episode ends
    arr["side_moved"] = np.zeros(st.rung.shape, bool)


def _entry(st: State) -> None:
    """Supporters of a side at war enter combat at their own per-month entry hazard (``entry_per_month``) or
    else at their side's (``entry_a_per_month``/``entry_b_per_month``)."""
    hazards = st.__dict__.get("_entry_p")
    if hazards is None:  # (theatre, actor) -> per-step entry probability, fixed per block
        hazards = st.__dict__["_entry_p"] = {}
        for t, tid in enumerate(st.lay.theatres):
            for side, name in ((SIDE_A, "entry_a_per_month"), (SIDE_B, "entry_b_per_month")):
                side_rate = st.draws.get(f"theatres.{tid}.{name}")
                for a in np.nonzero(st.lay.supporter_side[:, t] == side)[0]:
                    rate = st.draws.get(f"theatres.{tid}.entry_per_month.{st.lay.actors[a]}", side_rate)
                    if rate is not None:
                        hazards[t, int(a), side] = st.hazard(rate)
    at_war: dict[int, np.ndarray] = {}
    for (t, a, side), p in hazards.items():
        if t not in at_war:
            at_war[t] = (st.rung[t] >= 2) & st.ep_active[t]
        enter = st.bernoulli(at_war[t] & (st.side[a, t] == 0), p)
        np.copyto(st.side[a, t], side, where=enter, casting="unsafe")
        st.side_dirty[t] |= enter


def step(st: State) -> None:
    """Check alliance triggers, add joiners and entering supporters, apply the great-power clash rule.

    A trigger can only become true where a rung, an episode or an actor's involvement changed, so alliances
    are checked at those positions only (the same decisions as a full check, at a fraction of the work).
    """
    if st.sc.rules.spread.enabled:
        _entry(st)
    pt, pw = kernels.changed_positions(
        st.rung, st.seen_rung, st.ep_id, st.seen_ep, st.side_dirty, st.side_moved
    )
    st.arrays["changed_pos"] = (pt, pw)  # the engine updates involvement records at these positions
    if not st.sc.rules.spread.enabled or not len(pt):
        return
    if len(st.lay.alliances):  # triggers need a running dispute: the kernel skips other positions
        kernels.alliance_checks(
            st.rng,
            pt,
            pw,
            st.side,
            st.rung,
            st.ep_id,
            st.n_joiners,
            st.side_dirty,
            st.alliance_scope,
            st.alliance_war_rung,
            st.alliance_crisis_check,
            st.alliance_slot0,
            st.alliance_members,
            st.alliance_off,
            st.entry_alliance,
            st.entry_p_crisis,
            st.entry_p_war,
            st.entry_dec_crisis,
            st.entry_dec_war,
            st.ep_active,
        )
    gp = np.flatnonzero(st.lay.great_power)
    if len(gp):
        level = int(st.sc.rules.ladder.gp_clash_rung)
        kernels.great_power_clash(pt, pw, st.side, st.rung, st.ep_active, gp.astype(np.int64), level)
