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
    p_crisis,
    p_war,
    dec_crisis,
    dec_war,
):  # pragma: no cover - compiled; exercised through rules.spread
    """Alliance joining at the positions ``(at, aw)`` (int64, shape (m,)) of running disputes.

    Parameters
    ----------
    rng : numpy.random.Generator
        The block's generator: one uniform per member decision, in position, alliance, check, member order.
    at, aw : ndarray of int64, shape (m,)
        Theatre and world of each position.
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
    p_crisis, p_war : ndarray of float32, shape (n_slots, n_worlds): joining probabilities.
    dec_crisis, dec_war : ndarray of int16, shape (n_slots, n_theatres, n_worlds): episode id in which each
        member decided (0 never); updated in place.
    """
    n_al = scope.shape[0]
    for i in range(at.shape[0]):
        t = at[i]
        w = aw[i]
        ep = ep_id[t, w]
        r = rung[t, w]
        for al in range(n_al):
            if not scope[al, t]:
                continue
            attacked = 0
            for s in range(slot0[al], slot0[al + 1]):
                v = side[members[s], t, w]
                if v > attacked:
                    attacked = v
            if attacked == 0:  # no member involved
                continue
            for check in range(2):
                if check == 0:
                    if not crisis_check[al]:
                        continue
                    dec, p = dec_crisis, p_crisis
                else:
                    if r < war_rung[al]:
                        continue
                    dec, p = dec_war, p_war
                for s in range(slot0[al], slot0[al + 1]):
                    j = members[s]
                    if dec[s, t, w] == ep or side[j, t, w] != 0:
                        continue
                    if rng.random() < p[s, w]:
                        side[j, t, w] = attacked
                        side_dirty[t, w] = True
                        n_joiners[t, w] += 1
                    dec[s, t, w] = ep


def warm() -> None:
    """Compile (or load from the cache) every kernel with tiny inputs."""
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
        np.zeros((1, 1), np.float32),
        np.zeros((1, 1), np.float32),
        np.zeros((1, 1, 1), np.int16),
        np.zeros((1, 1, 1), np.int16),
    )
