"""Dispute episodes: a theatre's dispute runs from onset (rung >= 1) until it ends; the first is recorded.

Outcome codes follow COW MID 5.0: 1 victory A, 2 victory B, 3 yield A, 4 yield B, 5 stalemate,
6 compromise, 0 still running at the horizon. Winner: 1 side A, 2 side B, 0 none.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim import episode_kernels as kernels
from flashpoint.sim.state import State
from flashpoint.sim.state import positions as _positions

VICTORY_A, VICTORY_B, YIELD_A, YIELD_B, STALEMATE, COMPROMISE = 1, 2, 3, 4, 5, 6


def start_episode(
    st: State,
    mask: np.ndarray | None,
    start_days: float,
    positions: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Open a crisis (rung 1) where ``mask`` (shape (n_theatres, n_worlds), bool) is set, or at
    ``positions`` (its ``np.nonzero``, row-major int64; then ``mask`` may be None)."""
    rows, cols = _positions(mask) if positions is None else positions
    if not len(rows):
        return
    from flashpoint.sim.rules import contest  # local: contest imports this module

    # each dispute is a fresh bargaining game: B's private cost is drawn anew, uniform on [0, cost_b_max];
    # ep_id + 1 re-arms alliance decisions (see rules.spread)
    u = st.rng.random(len(rows), dtype=np.float32)
    kernels.start_episodes(
        rows,
        cols,
        float(start_days),
        int(st.step),
        u,
        st.rung,
        st.ep_active,
        st.ep_start,
        st.ep_max_rung,
        st.n_joiners,
        st.cost_b,
        st.tparam_full("cost_b_max"),
        st.belief_hi,
        st.ep_id,
        st.onset_step,
    )
    contest.start(st, mask, (rows, cols))  # the mask is not read when positions are given


def _at(
    value: np.ndarray | float, positions: tuple[np.ndarray, np.ndarray], shape: tuple, dtype: type
) -> np.ndarray:
    """``value`` (a scalar, or an array broadcastable to ``shape``) at the positions; shape (m,)."""
    value = np.asarray(value)
    if value.ndim == 0:
        return np.full(len(positions[0]), value, dtype)
    return np.ascontiguousarray(np.broadcast_to(value, shape)[positions], dtype)


def end_episode(
    st: State,
    mask: np.ndarray | None,
    end_days: np.ndarray | float,
    outcome: np.ndarray | int,
    winner: np.ndarray | int,
    *,
    war_ended: bool = False,
    positions: tuple[np.ndarray, np.ndarray] | None = None,
    per_position: bool = False,
) -> None:
    """Close the episodes where ``mask`` is set (``positions``: its ``np.nonzero``, if already known, and then
    ``mask`` may be None); record
    the first episode of each theatre and world. With ``per_position``, ``end_days``, ``outcome`` and
    ``winner`` are arrays of shape (len(positions[0]),) instead of full or broadcastable arrays.

    The first episode's record: end step, duration, outcome, winner, highest rung, joiners, and whether it was
    reciprocated (war, or B held out ``calibration.recip_min_days``). A war's end is a ceasefire. The theatre
    returns to rung 0; joiners and struck supporters leave, belligerents of record stay on their side.
    """
    pos = _positions(mask) if positions is None else positions
    rows, cols = np.asarray(pos[0], np.int64), np.asarray(pos[1], np.int64)
    if not len(rows):
        return
    shape = st.rung.shape
    if per_position:
        e, o, w = (np.asarray(v) for v in (end_days, outcome, winner))
        end_days = np.full(len(rows), e, np.float32) if e.ndim == 0 else e.astype(np.float32, copy=False)
        outcome = np.full(len(rows), o, np.int8) if o.ndim == 0 else o.astype(np.int8, copy=False)
        winner = np.full(len(rows), w, np.int8) if w.ndim == 0 else w.astype(np.int8, copy=False)
    else:
        end_days = _at(np.asarray(end_days, np.float32), (rows, cols), shape, np.float32)
        outcome = _at(outcome, (rows, cols), shape, np.int8)
        winner = _at(winner, (rows, cols), shape, np.int8)
    kernels.end_episodes(
        rows,
        cols,
        np.ascontiguousarray(end_days),
        np.ascontiguousarray(outcome),
        np.ascontiguousarray(winner),
        bool(war_ended),
        int(st.step),
        st.world_param("calibration.recip_min_days"),
        end_arrays(st),
    )


def end_arrays(st: State) -> tuple[np.ndarray, ...]:
    """The state arrays an episode's end reads and writes, in the order ``episode_kernels`` unpacks them:
    (n_theatres, n_worlds) arrays, then ``side`` (n_actors, n_theatres, n_worlds) int8, the layout's
    ``base_side`` (n_actors, n_theatres) int8, and ``side_moved``, ``side_dirty`` (n_theatres, n_worlds)
    bool: where neither is set every actor is on its base side and the reset is skipped. ``cost_b_max``
    and ``optimism0`` are the full float32 parameters. Cached per block: the state's arrays are updated in
    place, never replaced."""
    cached = st.__dict__.get("_end_arrays")
    if cached is not None:
        return cached
    st.__dict__["_end_arrays"] = ends = (
        st.first_done,
        st.end_step,
        st.duration_days,
        st.outcome,
        st.winner,
        st.first_max_rung,
        st.ep_max_rung,
        st.first_joiners,
        st.n_joiners,
        st.quit_a,
        st.quit_b,
        st.ep_start,
        st.reciprocated,
        st.ceasefire,
        st.ceasefire_step,
        st.rung,
        st.ep_active,
        st.belief_hi,
        st.tparam_full("cost_b_max"),
        st.optimism,
        st.tparam_full("optimism"),
        st.side,
        st.lay.base_side,
        st.side_moved,
        st.side_dirty,
    )
    return ends
