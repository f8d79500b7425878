"""Dispute episodes: a theatre's dispute runs from onset (rung >= 1) until it ends; the first is recorded.

Outcome codes follow COW MID 5.0: 1 victory A, 2 victory B, 3 yield A, 4 yield B, 5 stalemate,
6 compromise, 0 still running at the horizon. Winner: 1 side A, 2 side B, 0 none.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State

VICTORY_A, VICTORY_B, YIELD_A, YIELD_B, STALEMATE, COMPROMISE = 1, 2, 3, 4, 5, 6


def start_episode(st: State, mask: np.ndarray, start_days: float) -> None:
    """Open a crisis (rung 1) where ``mask`` (shape (n_theatres, n_worlds), bool) is set."""
    if not mask.any():
        return
    st.rung[mask] = np.maximum(st.rung[mask], 1)
    st.ep_active[mask] = True
    st.ep_start[mask] = start_days
    st.ep_max_rung[mask] = st.rung[mask]
    st.n_joiners[mask] = 0
    st.checked_crisis[:, mask] = False
    st.checked_war[:, mask] = False
    first = mask & (st.onset_step < 0)
    st.onset_step[first] = st.step
    from flashpoint.sim.rules import contest  # local: contest imports this module

    contest.start(st, mask)


def end_episode(
    st: State,
    mask: np.ndarray,
    end_days: np.ndarray | float,
    outcome: np.ndarray | int,
    winner: np.ndarray | int,
    *,
    war_ended: bool = False,
) -> None:
    """Close the episodes where ``mask`` is set; record the first episode of each theatre and world."""
    if not mask.any():
        return
    n_t, n = mask.shape
    end = np.broadcast_to(np.asarray(end_days, np.float32), (n_t, n))
    first = mask & ~st.first_done
    if first.any():
        st.end_step[first] = st.step
        st.duration_days[first] = end[first] - st.ep_start[first]
        st.outcome[first] = np.broadcast_to(np.asarray(outcome, np.int8), (n_t, n))[first]
        st.winner[first] = np.broadcast_to(np.asarray(winner, np.int8), (n_t, n))[first]
        st.first_max_rung[first] = st.ep_max_rung[first]
        st.first_joiners[first] = st.n_joiners[first]
        held_b = np.minimum(st.quit_b, end - st.ep_start)
        recip_min = np.float32(st.draws["calibration.recip_min_days"])
        st.reciprocated[first] = (st.ep_max_rung[first] >= 2) | (held_b[first] >= recip_min)
        st.first_done[first] = True
    if war_ended:
        st.ceasefire[mask] = True
        st.ceasefire_step[mask & (st.ceasefire_step < 0)] = st.step
    st.rung[mask] = 0
    st.ep_active[mask] = False
    st.quit_a[mask] = np.inf
    st.quit_b[mask] = np.inf
    cost_max = np.broadcast_to(st.tparam("cost_b_max"), (n_t, n))
    st.belief_hi[mask] = cost_max[mask]
    st.optimism[mask] = np.broadcast_to(st.tparam("optimism"), (n_t, n))[mask]
    # joiners and struck supporters leave; belligerents of record stay on their side
    base = st.lay.base_side[:, :, None]
    st.side[:, mask] = np.broadcast_to(base, st.side.shape)[:, mask]
