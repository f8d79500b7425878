"""Compiled (numba) loops that open and close dispute episodes, and the crisis steps built on them.

Every loop visits (theatre, world) positions in row-major order and touches only the arrays at its own
position, so the result does not depend on the order; the random draws each rule needs are made by NumPy
before the loop (see ``rules.ladder``, ``rules.contest``), so the random streams are those of the rules.

``ends`` is the tuple of state arrays an episode's end writes, built by
:func:`flashpoint.sim.episodes.end_arrays`; indices are cast to unsigned so numba skips the negative-index
wrap-around on every access.
"""

from __future__ import annotations

import numpy as np
from numba import njit

YIELD_B = 4  # MID outcome (see flashpoint.sim.episodes)


@njit(cache=True, nogil=True)
def end_episodes(rows, cols, end_days, outcome, winner, war_ended, step, recip_min, ends):  # pragma: no cover
    """Close the episode at each position: see :func:`flashpoint.sim.episodes.end_episode`.

    ``rows``, ``cols`` (int64), ``end_days`` (float32), ``outcome`` and ``winner`` (int8) have shape (m,);
    ``recip_min`` (float32) shape (n_worlds,); ``ends`` the state arrays (``episodes.end_arrays``).
    """
    (
        first_done,
        end_step,
        duration_days,
        out_outcome,
        out_winner,
        first_max_rung,
        ep_max_rung,
        first_joiners,
        n_joiners,
        quit_a,
        quit_b,
        ep_start,
        reciprocated,
        ceasefire,
        ceasefire_step,
        rung,
        ep_active,
        belief_hi,
        cost_b_max,
        optimism,
        optimism0,
        side,
        base_side,
        side_moved,
        side_dirty,
    ) = ends  # unpacked once: a call or unpacking per position would cost a reference count per array
    inf = np.float32(np.inf)
    for i in range(rows.shape[0]):
        t = np.uint64(rows[i])
        w = np.uint64(cols[i])
        if not first_done[t, w]:
            f_end = end_days[i]
            start = ep_start[t, w]
            end_step[t, w] = step
            duration_days[t, w] = f_end - start
            out_outcome[t, w] = outcome[i]
            out_winner[t, w] = winner[i]
            first_max_rung[t, w] = ep_max_rung[t, w]
            first_joiners[t, w] = n_joiners[t, w]
            held_b = min(quit_b[t, w], f_end - start)
            reciprocated[t, w] = ep_max_rung[t, w] >= 2 or held_b >= recip_min[w]
            first_done[t, w] = True
        if war_ended:
            ceasefire[t, w] = True
            if ceasefire_step[t, w] < 0:
                ceasefire_step[t, w] = step
        rung[t, w] = 0
        ep_active[t, w] = False
        quit_a[t, w] = inf
        quit_b[t, w] = inf
        belief_hi[t, w] = cost_b_max[t, w]
        optimism[t, w] = optimism0[t, w]
        if side_moved[t, w] or side_dirty[t, w]:  # else every actor is on its base side
            side_moved[t, w] = False
            for a in range(side.shape[0]):  # write only what differs
                ua = np.uint64(a)
                base = base_side[ua, t]
                if side[ua, t, w] != base:
                    side[ua, t, w] = base


@njit(cache=True, nogil=True)
def crisis_quits(t_end, rung, ep_active, ep_start, quit_a, quit_b):  # pragma: no cover - compiled
    """Crises (rung 1) whose first quit falls by ``t_end`` (days); see ``rules.contest.resolve``.

    Returns rows, cols (int64), end days (float32), MID outcome and winner (int8), each of shape (m,).
    Crises are few: a first pass counts them and the second visits only them (writing every position
    branch-free cost four to five times as much with a few per cent of positions in crisis).
    """
    t_stop = np.float32(t_end)
    n_t, n = rung.shape
    m = 0
    for t in range(n_t):
        for w in range(n):
            m += (rung[t, w] == 1) & ep_active[t, w]
    rows = np.empty(m, np.int64)
    cols = np.empty(m, np.int64)
    end_days = np.empty(m, np.float32)
    outcome = np.empty(m, np.int8)
    winner = np.empty(m, np.int8)
    i = 0
    for t in range(n_t):
        for w in range(n):
            if rung[t, w] != 1 or not ep_active[t, w]:
                continue
            qa, qb = quit_a[t, w], quit_b[t, w]
            end = ep_start[t, w] + min(qa, qb)
            if end <= t_stop:
                a_quits = np.int8(qa <= qb)
                rows[i] = t
                cols[i] = w
                end_days[i] = end
                outcome[i] = 4 - a_quits  # yield A (3) / yield B (4)
                winner[i] = 1 + a_quits
                i += 1
    return rows[:i], cols[:i], end_days[:i], outcome[:i], winner[:i]


@njit(cache=True, nogil=True)
def resolve_crises(t_end, step, recip_min, ends):  # pragma: no cover - compiled; see rules.contest.resolve
    """End every crisis (rung 1) whose first quit falls by ``t_end`` (days): the side that quits first
    yields (MID outcome 3 yield A if A quits first or both at once, else 4 yield B). Returns the count."""
    rows, cols, end_days, outcome, winner = crisis_quits(
        t_end, ends[15], ends[16], ends[11], ends[9], ends[10]
    )
    end_episodes(rows, cols, end_days, outcome, winner, False, step, recip_min, ends)
    return rows.shape[0]


@njit(cache=True, nogil=True)
def crisis_demands(
    rows,
    cols,
    u,
    t_start,
    step_days,
    step,
    gate_on,
    risk2,
    risk_mult,
    thr,
    bargain_on,
    cost_a,
    cost_b,
    war_start,
    war_onset_step,
    recip_min,
    ends,
):  # pragma: no cover - compiled; exercised through rules.ladder.crisis
    """Forceful demands at the positions ``(rows, cols)`` drawn by ``rules.ladder.crisis``.

    ``u`` (float32, shape (m,)): the uniform fixing each demand's time in the step; a demand after either
    side's quit time lapses. With ``gate_on`` side A demands only if the risk of rung 2 (``risk2[w]`` x
    ``risk_mult``, at most 1) is within its threshold ``thr`` (``rules.brinkmanship``). With ``bargain_on``
    B rejects iff its cost ``cost_b`` < y + optimism, y = max(0, (belief_hi - cost_a) / 2) (then A's belief
    drops to y), and an accepted demand ends the dispute (B yields); without bargaining every demand is
    rejected. A rejection starts a war at rung 2. Float32 throughout, as the NumPy rules.
    """
    quit_a, quit_b, ep_start, ceasefire, rung = ends[9], ends[10], ends[11], ends[13], ends[15]
    belief_hi, optimism = ends[17], ends[19]
    t0, dt = np.float32(t_start), np.float32(step_days)
    one, zero, half = np.float32(1.0), np.float32(0.0), np.float32(0.5)
    m = rows.shape[0]
    acc_rows = np.empty(m, np.int64)
    acc_cols = np.empty(m, np.int64)
    acc_when = np.empty(m, np.float32)
    k = 0
    for i in range(m):
        t = np.uint64(rows[i])
        w = np.uint64(cols[i])
        when = t0 + u[i] * dt
        if when >= ep_start[t, w] + np.minimum(quit_a[t, w], quit_b[t, w]):
            continue  # the contest ended first
        if gate_on and not np.minimum(risk2[w] * risk_mult[t, w], one) <= thr[t, w]:
            continue
        if bargain_on:
            y = np.maximum(zero, (belief_hi[t, w] - cost_a[t, w]) * half)
            if not cost_b[t, w] < y + optimism[t, w]:  # accepted: the episode ends below
                acc_rows[k] = rows[i]
                acc_cols[k] = cols[i]
                acc_when[k] = when
                k += 1
                continue
            belief_hi[t, w] = y
        rung[t, w] = 2
        war_start[t, w] = step
        ceasefire[t, w] = False
        if war_onset_step[t, w] < 0:
            war_onset_step[t, w] = step
    outcome = np.full(k, YIELD_B, np.int8)
    winner = np.ones(k, np.int8)
    end_episodes(acc_rows[:k], acc_cols[:k], acc_when[:k], outcome, winner, False, step, recip_min, ends)


@njit(cache=True, nogil=True)
def start_episodes(
    rows,
    cols,
    start_days,
    step,
    u,
    rung,
    ep_active,
    ep_start,
    ep_max_rung,
    n_joiners,
    cost_b,
    cost_b_max,
    belief_hi,
    ep_id,
    onset_step,
):  # pragma: no cover - compiled; exercised through episodes.start_episode
    """Open a crisis at each position ``(rows, cols)``: see :func:`flashpoint.sim.episodes.start_episode`.

    ``u`` (float32, shape (m,)) holds one uniform per position for B's private cost; ``cost_b_max`` is the
    full (n_theatres, n_worlds) float32 parameter; the other arrays are the state's, updated in place.
    """
    for i in range(rows.shape[0]):
        t = np.uint64(rows[i])
        w = np.uint64(cols[i])
        if rung[t, w] < 1:
            rung[t, w] = 1
        ep_active[t, w] = True
        ep_start[t, w] = start_days
        ep_max_rung[t, w] = rung[t, w]
        n_joiners[t, w] = 0
        cost_b[t, w] = u[i] * cost_b_max[t, w]
        belief_hi[t, w] = cost_b_max[t, w]
        ep_id[t, w] += 1
        if onset_step[t, w] < 0:
            onset_step[t, w] = step


def warm() -> None:
    """Compile (or load from the cache) every kernel with tiny inputs of the state's dtypes."""
    i1 = np.zeros(1, np.int64)
    f1, b1, i8, i16 = (np.zeros((1, 1), dt) for dt in (np.float32, bool, np.int8, np.int16))
    v = np.zeros(1, np.float32)
    ends = (b1, i16, f1, i8, i8.copy(), i8.copy(), i8.copy(), i8.copy(), i8.copy(), f1.copy(), f1.copy())
    ends += (f1.copy(), b1.copy(), b1.copy(), i16.copy(), i8.copy(), b1.copy(), f1.copy(), f1.copy())
    ends += (f1.copy(), f1.copy(), np.zeros((1, 1, 1), np.int8), np.zeros((1, 1), np.int8))
    ends += (b1.copy(), b1.copy())
    end_episodes(i1, i1, v, np.zeros(1, np.int8), np.zeros(1, np.int8), False, 1, v, ends)
    resolve_crises(1.0, 1, v, ends)
    crisis_demands(i1, i1, v, 0.0, 1.0, 1, True, v, f1, f1, True, f1, f1, i16, i16, v, ends)
    start_episodes(i1, i1, 0.0, 1, v, i8, b1, f1, i8, i8, f1, f1, f1, i16, i16)
