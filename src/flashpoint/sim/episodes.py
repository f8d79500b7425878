"""Dispute episodes: a theatre's dispute runs from onset (rung >= 1) until it ends; the first is recorded.

Outcome codes follow COW MID 5.0: 1 victory A, 2 victory B, 3 yield A, 4 yield B, 5 stalemate,
6 compromise, 0 still running at the horizon. Winner: 1 side A, 2 side B, 0 none.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State

VICTORY_A, VICTORY_B, YIELD_A, YIELD_B, STALEMATE, COMPROMISE = 1, 2, 3, 4, 5, 6


def put(dst: np.ndarray, value: np.ndarray | float, mask: np.ndarray) -> None:
    """``dst[mask] = value`` with broadcasting, without building index arrays (fast for dense masks)."""
    np.copyto(dst, value, where=mask, casting="unsafe")


class _Sel:
    """The (row, world) positions of a sparse mask of shape (n_theatres, n_worlds)."""

    def __init__(self, mask: np.ndarray) -> None:
        self.shape = mask.shape
        self.idx = np.nonzero(mask)

    def __len__(self) -> int:
        return len(self.idx[0])

    def take(self, value: np.ndarray | float) -> np.ndarray:
        value = np.asarray(value)
        return value if value.ndim == 0 else np.broadcast_to(value, self.shape)[self.idx]

    def set(self, dst: np.ndarray, value: np.ndarray | float) -> None:
        """Set ``dst`` at the positions from a full-shape (or broadcastable) ``value``."""
        dst[self.idx] = self.take(value)

    def spread(self, values: np.ndarray, fill: np.generic) -> np.ndarray:
        """A full array of ``shape`` holding ``values`` (shape (len(self),)) at the positions."""
        out = np.full(self.shape, fill, dtype=np.asarray(values).dtype if np.ndim(values) else type(fill))
        out[self.idx] = values
        return out

    @classmethod
    def at(cls, shape: tuple[int, int], idx: tuple[np.ndarray, np.ndarray]) -> _Sel:
        """Positions given directly (rows, worlds) for a mask of ``shape``."""
        out = cls.__new__(cls)
        out.shape = shape
        out.idx = idx
        return out

    def subset(self, keep: np.ndarray) -> _Sel:
        """The positions where ``keep`` (shape (len(self),), bool) is set."""
        out = _Sel.__new__(_Sel)
        out.shape = self.shape
        out.idx = (self.idx[0][keep], self.idx[1][keep])
        return out

    def assign(self, dst: np.ndarray, values: np.ndarray) -> None:
        """Set ``dst`` at the positions from ``values`` already taken at them (shape (len(self),))."""
        dst[self.idx] = values


def start_episode(st: State, mask: np.ndarray, start_days: float) -> None:
    """Open a crisis (rung 1) where ``mask`` (shape (n_theatres, n_worlds), bool) is set."""
    sel = _Sel(mask)
    if not len(sel):
        return
    from flashpoint.sim.rules import contest  # local: contest imports this module

    sel.assign(st.rung, np.maximum(sel.take(st.rung), 1))
    sel.set(st.ep_active, True)
    sel.set(st.ep_start, start_days)
    sel.set(st.ep_max_rung, st.rung)
    sel.set(st.n_joiners, 0)
    # each dispute is a fresh bargaining game: B's private cost is drawn anew, uniform on [0, cost_b_max]
    sel.assign(st.cost_b, st.rng.random(len(sel), dtype=np.float32) * sel.take(st.tparam("cost_b_max")))
    sel.set(st.belief_hi, st.tparam("cost_b_max"))
    sel.assign(st.ep_id, sel.take(st.ep_id) + 1)  # re-arms alliance decisions (see rules.spread)
    first = sel.take(st.onset_step) < 0
    st.onset_step[sel.idx[0][first], sel.idx[1][first]] = st.step
    contest.start(st, mask, sel.idx)


def end_episode(
    st: State,
    mask: np.ndarray,
    end_days: np.ndarray | float,
    outcome: np.ndarray | int,
    winner: np.ndarray | int,
    *,
    war_ended: bool = False,
    positions: tuple[np.ndarray, np.ndarray] | None = None,
    per_position: bool = False,
) -> None:
    """Close the episodes where ``mask`` is set (``positions``: its ``np.nonzero``, if already known); record
    the first episode of each theatre and world. With ``per_position``, ``end_days``, ``outcome`` and
    ``winner`` are arrays of shape (len(positions[0]),) instead of full or broadcastable arrays."""
    sel = _Sel(mask) if positions is None else _Sel.at(mask.shape, positions)
    if not len(sel):
        return
    if per_position:
        end_days, outcome, winner = (
            sel.spread(np.asarray(v), fill) if np.ndim(v) else v
            for v, fill in ((end_days, np.float32(0)), (outcome, np.int8(0)), (winner, np.int8(0)))
        )
    first = sel.subset(~sel.take(st.first_done))
    if len(first):
        f_end = first.take(np.asarray(end_days, np.float32))
        start = first.take(st.ep_start)
        first.set(st.end_step, st.step)
        first.assign(st.duration_days, f_end - start)
        first.set(st.outcome, outcome)
        first.set(st.winner, winner)
        first.set(st.first_max_rung, st.ep_max_rung)
        first.set(st.first_joiners, st.n_joiners)
        held_b = np.minimum(first.take(st.quit_b), f_end - start)
        recip_min = first.take(np.float32(st.draws.get("calibration.recip_min_days")))
        first.assign(st.reciprocated, (first.take(st.ep_max_rung) >= 2) | (held_b >= recip_min))
        first.set(st.first_done, True)
    if war_ended:
        sel.set(st.ceasefire, True)
        fresh = sel.take(st.ceasefire_step) < 0
        st.ceasefire_step[sel.idx[0][fresh], sel.idx[1][fresh]] = st.step
    sel.set(st.rung, 0)
    sel.set(st.ep_active, False)
    sel.set(st.quit_a, np.inf)
    sel.set(st.quit_b, np.inf)
    sel.set(st.belief_hi, st.tparam("cost_b_max"))
    sel.set(st.optimism, st.tparam("optimism"))
    # joiners and struck supporters leave; belligerents of record stay on their side
    rows, cols = sel.idx
    st.side[:, rows, cols] = st.lay.base_side[:, rows]
