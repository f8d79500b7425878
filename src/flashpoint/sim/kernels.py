"""Compiled (numba) loops for the engine's sparse per-position work.

The rules are vectorised over worlds with NumPy; where a rule visits a sparse set of (theatre, world)
positions and makes several dependent decisions at each (alliance members deciding one after another),
a compiled loop over the positions does the same work without building masks and index arrays per decision.
Random draws come from the block's own ``numpy.random.Generator`` (numba shares its state), so the same seed
gives the same bytes and results stay independent of the worker count.

Functions are compiled on first use and cached on disk (``cache=True``); :func:`warm` compiles them once in
the parent process before worker processes fork.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def alliance_checks(
    rng,
    at,
    aw,
    side,
    rung,
    ep_id,
    n_joiners,
    side_dirty,
    scope,
    war_rung,
    crisis_check,
    slot0,
    members,
    off,
    entry_al,
    p_crisis,
    p_war,
    dec_crisis,
    dec_war,
    ep_active,
):  # pragma: no cover - compiled; exercised through rules.spread
    """Alliance joining at the positions ``(at, aw)`` (int64, shape (m,)) of running disputes.

    Parameters
    ----------
    rng : numpy.random.Generator
        The block's generator: one uniform per member decision with p > 0, in position, alliance, check,
        member order.
    at, aw : ndarray of int64, shape (m,)
        Theatre and world of each position (positions without a running dispute are skipped).
    side : ndarray of int8, shape (n_actors, n_theatres, n_worlds)
        Updated in place (joiners take the side of the attacked member).
    rung, ep_id : ndarray of int8 / int16, shape (n_theatres, n_worlds)
    n_joiners : ndarray of int8, shape (n_theatres, n_worlds), incremented per joiner.
    side_dirty : ndarray of bool, shape (n_theatres, n_worlds), set where a member joined.
    scope : ndarray of bool, shape (n_alliances, n_theatres)
    war_rung : ndarray of int64, shape (n_alliances,): rung at which the war check applies (max(2, trigger)).
    crisis_check : ndarray of bool, shape (n_alliances,): trigger_rung <= 1 (checked when a crisis opens).
    slot0 : ndarray of int64, shape (n_alliances + 1,): slot range of each alliance's members.
    members : ndarray of int64, shape (n_slots,): actor index of each slot.
    off : ndarray of int64, shape (n_worlds + 1,): each world's entries (one per slot of an alliance in
        which some member may join there; alliances in order, members in order).
    entry_al : ndarray of int32, shape (n_entries,): the alliance of each entry.
    p_crisis, p_war : ndarray of float32, shape (n_entries,): joining probabilities.
    dec_crisis, dec_war : ndarray of int16, shape (n_theatres, n_entries): episode id in which each entry's
        member decided (0 never); updated in place. Entries keep a world's decisions side by side.
    ep_active : ndarray of bool, shape (n_theatres, n_worlds): where a dispute is running.
    """
    one = np.uint64(1)
    for i in range(at.shape[0]):
        t = np.uint64(at[i])  # unsigned indices: numba skips the negative-index wrap-around on each access
        w = np.uint64(aw[i])
        r = rung[t, w]
        if r < 1 or not ep_active[t, w]:  # triggers need a running dispute
            continue
        ep = ep_id[t, w]
        e = np.uint64(off[w])
        e_end = np.uint64(off[w + one])
        while e < e_end:  # the live alliances of this world only
            al = np.uint64(entry_al[e])
            s0 = np.uint64(slot0[al])
            k = np.uint64(slot0[al + one]) - s0
            e0 = e
            e += k
            if not scope[al, t]:
                continue
            attacked = 0
            for q in range(k):
                v = side[np.uint64(members[s0 + np.uint64(q)]), t, w]
                if v > attacked:
                    attacked = v
            if attacked == 0:  # no member involved
                continue
            # the two checks are written out: rebinding array variables would cost reference counts
            if crisis_check[al]:
                for q in range(k):
                    eq = e0 + np.uint64(q)
                    p = p_crisis[eq]
                    if p <= 0:  # never joins: nothing to decide, no draw
                        continue
                    j = np.uint64(members[s0 + np.uint64(q)])
                    if dec_crisis[t, eq] == ep or side[j, t, w] != 0:
                        continue
                    if rng.random() < p:
                        side[j, t, w] = attacked
                        side_dirty[t, w] = True
                        n_joiners[t, w] += 1
                    dec_crisis[t, eq] = ep
            if r >= war_rung[al]:
                for q in range(k):
                    eq = e0 + np.uint64(q)
                    p = p_war[eq]
                    if p <= 0:
                        continue
                    j = np.uint64(members[s0 + np.uint64(q)])
                    if dec_war[t, eq] == ep or side[j, t, w] != 0:
                        continue
                    if rng.random() < p:
                        side[j, t, w] = attacked
                        side_dirty[t, w] = True
                        n_joiners[t, w] += 1
                    dec_war[t, eq] = ep


@njit(cache=True, nogil=True)
def alliance_offsets(slot0, p_c, p_w):  # pragma: no cover - compiled; see rules.spread.init
    """Each world's entry range (int64, (n_worlds + 1,)) for :func:`alliance_entries`: the slots of its live
    alliances (some member has p > 0). ``slot0`` (n_alliances + 1,) int64; ``p_c``, ``p_w`` (n_slots,
    n_worlds) float32."""
    n = p_c.shape[1]
    off = np.zeros(n + 1, np.int64)
    e = 0
    for w in range(n):
        for al in range(slot0.shape[0] - 1):
            live = False
            for s in range(slot0[al], slot0[al + 1]):
                live |= (p_c[s, w] > 0) | (p_w[s, w] > 0)
            if live:
                e += slot0[al + 1] - slot0[al]
        off[w + 1] = e
    return off


@njit(cache=True, nogil=True)
def alliance_entries(off, slot0, p_c, p_w, dec_c, dec_w, n_t):  # pragma: no cover - compiled; see spread.init
    """Entries of :func:`alliance_checks` in the ranges ``off`` (:func:`alliance_offsets`): worlds in order,
    alliances in order, members in order. ``dec_c``, ``dec_w`` (n_slots, n_t, n_worlds) int16, or of size 0
    where no member has decided anywhere. Returns ``entry_al`` (n_entries,) int32, the probabilities
    (n_entries,) float32 and the decisions (n_t, n_entries) int16, each allocated at its size (first touches
    of fresh memory are costly).
    """
    n = p_c.shape[1]
    n_e = off[n]
    entry_al = np.empty(n_e, np.int32)
    e_pc = np.empty(n_e, np.float32)
    e_pw = np.empty(n_e, np.float32)
    e_dc = np.zeros((n_t, n_e), np.int16)
    e_dw = np.zeros((n_t, n_e), np.int16)
    has_dec = dec_c.size > 0
    e = 0
    for w in range(n):
        for al in range(slot0.shape[0] - 1):
            if e == off[w + 1]:
                break
            live = False
            for s in range(slot0[al], slot0[al + 1]):
                live |= (p_c[s, w] > 0) | (p_w[s, w] > 0)
            if not live:
                continue
            for s in range(slot0[al], slot0[al + 1]):
                entry_al[e] = al
                e_pc[e] = p_c[s, w]
                e_pw[e] = p_w[s, w]
                if has_dec:
                    for t in range(n_t):
                        e_dc[t, e] = dec_c[s, t, w]
                        e_dw[t, e] = dec_w[s, t, w]
                e += 1
    return entry_al, e_pc, e_pw, e_dc, e_dw


@njit(cache=True, nogil=True)
def note_involved(pt, pw, side, rung, ever):  # pragma: no cover - compiled; exercised through engine
    """``ever[a, t, w] |= side[a, t, w] > 0 and rung[t, w] >= 2`` at the positions ``(pt, pw)``."""
    for i in range(pt.shape[0]):
        t = np.uint64(pt[i])
        w = np.uint64(pw[i])
        if rung[t, w] >= 2:
            for a in range(side.shape[0]):
                if side[a, t, w] > 0:
                    ever[a, t, w] = True


@njit(cache=True, nogil=True)
def front_step(
    war, x, y, s, e_a, e_b, attr_a, attr_b, p, q, k, hold, n_sub, h, month_days
):  # pragma: no cover - compiled; exercised through rules.attrition
    """Advance one front over ``n_sub`` substeps of ``h`` days where ``war`` is set: see ``rules.attrition``.

    ``x``, ``y`` (forces) and ``s`` (held share) are float32 rows of shape (n_worlds,), updated in place;
    ``e_a``, ``e_b`` capability multipliers and ``attr_a``, ``attr_b``, ``p``, ``q`` (reinforcements per
    day), ``k``, ``hold`` parameters, all float32 of shape (n_worlds,).
    """
    zero, one = np.float32(0.0), np.float32(1.0)  # float32 throughout, as the state
    eps, lo, hi = np.float32(1e-6), np.float32(1e-3), np.float32(1e3)
    dt_month = np.float32(h / month_days)
    for w in range(x.shape[0]):
        if not war[w]:
            continue
        alpha = attr_a[w] * e_b[w]
        beta = attr_b[w] * e_a[w]
        xw, yw, sw = x[w], y[w], s[w]
        exact = alpha > 0 and beta > 0
        if exact:  # constant over the step's substeps
            om = np.sqrt(alpha * beta)
            xs, ys = q[w] / beta, p[w] / alpha
            ch, sh = np.cosh(om * h), np.sinh(om * h)
            ra, rb = np.sqrt(alpha / beta), np.sqrt(beta / alpha)
        for _ in range(n_sub):
            if xw <= 0 or yw <= 0 or not exact:
                # a spent side does not fire: the other changes by its reinforcements (Euler step)
                nx = xw + h * (p[w] - alpha * yw)
                ny = yw + h * (q[w] - beta * xw)
            else:  # exact hyperbolic solution about the equilibrium (x*, y*)
                dx, dy = xw - xs, yw - ys
                nx = xs + dx * ch - ra * dy * sh
                ny = ys + dy * ch - rb * dx * sh
            xw = max(nx, zero)
            yw = max(ny, zero)
            if yw <= 0:
                sw = zero
            else:
                ratio = min(max((e_a[w] * xw) / max(e_b[w] * yw, eps) / hold[w], lo), hi)
                sw = min(max(sw - k[w] * np.log(ratio) * dt_month, zero), one)
        x[w] = xw
        y[w] = yw
        s[w] = sw


@njit(cache=True, nogil=True)
def war_round(
    rows, cols, step, dtm, cost_a, belief_hi, war_start, optimism, decay, cost_b, cinc, cap_mult, side
):  # pragma: no cover - compiled; exercised through rules.bargaining.war_rounds
    """A wartime bargaining round at each position: see :func:`flashpoint.sim.rules.bargaining.war_rounds`.

    Rejections truncate ``belief_hi`` in place. Returns ``accepted`` (bool), MID ``outcome`` and ``winner``
    (int8) and B's ``share`` of the settlement (float32, clipped to [0, 1]; 0 where rejected), each of shape
    (m,); ``cost_a`` (n_theatres, n_worlds), ``decay`` (n_worlds,), ``cinc`` and ``cap_mult`` (n_actors,
    n_worlds) are float32.
    """
    m = rows.shape[0]
    accepted = np.zeros(m, np.bool_)
    outcome = np.zeros(m, np.int8)
    winner = np.zeros(m, np.int8)
    share_b = np.zeros(m, np.float32)
    half = np.float32(0.5)
    for i in range(m):
        t = np.uint64(rows[i])
        w = np.uint64(cols[i])
        y = max(np.float32(0.0), (belief_hi[t, w] - cost_a[t, w]) * half)
        months = np.float32(step - war_start[t, w]) * dtm
        o = optimism[t, w] * np.exp(-decay[w] * months)  # optimism decays while the war is fought
        if cost_b[t, w] < y + o:
            belief_hi[t, w] = y
            continue
        accepted[i] = True
        pa = np.float32(0.0)
        pb = np.float32(0.0)
        for a in range(side.shape[0]):
            if side[a, t, w] == 1:
                pa += cinc[a, w] * cap_mult[a, w]
            elif side[a, t, w] == 2:
                pb += cinc[a, w] * cap_mult[a, w]
        share = pa / max(pa + pb, np.float32(1e-12)) if pa + pb > 0 else np.float32(0.5)
        x = (np.float32(1.0) - share) - y  # B's share of the settlement
        share_b[i] = min(max(x, np.float32(0.0)), np.float32(1.0))
        if x <= 0.2:
            outcome[i], winner[i] = 1, 1  # victory A
        elif x >= 0.8:
            outcome[i], winner[i] = 2, 2  # victory B
        else:
            outcome[i], winner[i] = 6, 0  # compromise
    return accepted, outcome, winner, share_b


@njit(cache=True, nogil=True)
def changed_positions(rung, seen_rung, ep_id, seen_ep, side_dirty, side_moved):  # pragma: no cover - compiled
    """Positions whose rung, episode id or belligerents changed since the last call (row-major, int64);
    records the current rung and episode id, folds ``side_dirty`` into ``side_moved`` (cleared when an
    episode ends and its sides are reset) and clears ``side_dirty``. Arrays: (n_theatres, n_worlds)."""
    n_t, n = rung.shape
    m = 0  # a counting pass first: the output arrays are as long as needed (fewer pages touched)
    for t in range(n_t):
        for w in range(n):
            m += (rung[t, w] != seen_rung[t, w]) | (ep_id[t, w] != seen_ep[t, w]) | side_dirty[t, w]
    pt = np.empty(m + 1, np.int64)
    pw = np.empty(m + 1, np.int64)
    i = 0
    for t in range(n_t):
        for w in range(n):  # branch-free: every position written at slot i, kept only where it changed
            pt[i] = t
            pw[i] = w
            i += (rung[t, w] != seen_rung[t, w]) | (ep_id[t, w] != seen_ep[t, w]) | side_dirty[t, w]
            seen_rung[t, w] = rung[t, w]
            seen_ep[t, w] = ep_id[t, w]
            side_moved[t, w] |= side_dirty[t, w]
            side_dirty[t, w] = False
    pt, pw = pt[:i], pw[:i]
    return pt, pw


@njit(cache=True, nogil=True)
def great_power_clash(pt, pw, side, rung, ep_active, gp, level):  # pragma: no cover - compiled
    """Where great powers (actor indices ``gp``) fight on both sides of a running war, raise the rung to at
    least ``level`` (positions ``(pt, pw)``)."""
    for i in range(pt.shape[0]):
        t = np.uint64(pt[i])
        w = np.uint64(pw[i])
        if rung[t, w] < 2 or not ep_active[t, w]:
            continue
        has_a = False
        has_b = False
        for g in gp:
            v = side[g, t, w]
            has_a = has_a or v == 1
            has_b = has_b or v == 2
        if has_a and has_b and rung[t, w] < level:
            rung[t, w] = level


@njit(cache=True, nogil=True)
def draw_hits(mask, u, p):  # pragma: no cover - compiled; see State.bernoulli_positions
    """Row-major flat indices (int64) where ``mask & (u < p)``; (n_rows, n_cols) arrays, ``p`` may be a
    broadcast view; float32 ``u`` and ``p`` compared as NumPy does."""
    n_t, n = mask.shape
    m = 0  # a counting pass first: the output is as long as needed (fewer pages touched)
    for t in range(n_t):
        for w in range(n):
            m += mask[t, w] & (u[t, w] < p[t, w])
    out = np.empty(m + 1, np.int64)
    i = 0
    for t in range(n_t):
        for w in range(n):  # branch-free: every index written at slot i, kept only where it hits
            out[i] = t * n + w
            i += mask[t, w] & (u[t, w] < p[t, w])
    return out[:i]


@njit(cache=True, nogil=True)
def set_quits(rows, cols, qa_table, qb_table, lead_a, lead_b, scale, quit_a, quit_b):  # pragma: no cover
    """``quit_a[t, w] = qa_table[lead_a[t], w] * scale[w]`` (and B) at each position (``rules.contest``)."""
    for i in range(rows.shape[0]):
        t = np.uint64(rows[i])
        w = np.uint64(cols[i])
        quit_a[t, w] = qa_table[np.uint64(lead_a[t]), w] * scale[w]
        quit_b[t, w] = qb_table[np.uint64(lead_b[t]), w] * scale[w]


def warm() -> None:
    """Compile (or load from the cache) every kernel with tiny inputs."""
    from flashpoint.sim import episode_kernels  # the episode loops live there (module size)

    episode_kernels.warm()
    i1 = np.zeros(1, np.int64)
    alliance_checks(
        np.random.default_rng(0),
        i1,
        i1,
        np.zeros((1, 1, 1), np.int8),
        np.ones((1, 1), np.int8),
        np.ones((1, 1), np.int16),
        np.zeros((1, 1), np.int8),
        np.zeros((1, 1), bool),
        np.ones((1, 1), bool),
        np.full(1, 2, np.int64),
        np.ones(1, bool),
        np.array([0, 1], np.int64),
        i1,
        np.array([0, 1], np.int64),
        np.zeros(1, np.int32),
        np.zeros(1, np.float32),
        np.zeros(1, np.float32),
        np.zeros((1, 1), np.int16),
        np.zeros((1, 1), np.int16),
        np.ones((1, 1), bool),
    )
    f1, b1, i8 = np.zeros((1, 1), np.float32), np.zeros((1, 1), bool), np.zeros((1, 1), np.int8)
    i16 = np.zeros((1, 1), np.int16)
    i3 = i16.reshape(1, 1, 1)
    off = alliance_offsets(np.array([0, 1], np.int64), f1, f1)
    alliance_entries(off, np.array([0, 1], np.int64), f1, f1, i3.copy(), i3, 1)
    note_involved(i1, i1, np.zeros((1, 1, 1), np.int8), i8, np.zeros((1, 1, 1), bool))
    v = np.ones(1, np.float32)
    set_quits(i1, i1, f1, f1, i1, i1, v, f1.copy(), f1.copy())
    for p in (np.broadcast_to(f1, (1, 1)), np.broadcast_to(np.float32(0), (1, 2)), f1):  # dense, broadcast
        draw_hits(np.zeros(p.shape, bool), np.zeros(p.shape, np.float32), p)
    changed_positions(i8, i8.copy(), i16, i16.copy(), b1.copy(), b1.copy())
    great_power_clash(i1, i1, np.zeros((1, 1, 1), np.int8), i8.copy(), b1.copy(), i1, 4)
    war_round(
        i1,
        i1,
        1,
        np.float32(1.0),
        f1,
        f1.copy(),
        i16.copy(),
        f1.copy(),
        v,
        f1.copy(),
        f1.copy(),
        f1.copy(),
        np.zeros((1, 1, 1), np.int8),
    )
    front_step(
        np.ones(1, bool),
        v.copy(),
        v.copy(),
        v.copy(),
        v,
        v,
        v,
        v,
        v,
        v,
        v,
        v,
        1,
        np.float32(1.0),
        np.float32(30.4375),
    )
