"""Brinkmanship: escalate only if the risk of catastrophe is worth the prize (Powell 1987; Schelling 1966).

Source
    Powell, R. 1987. "Crisis Bargaining, Escalation, and MAD." *APSR* 81(3): 717-735; Powell 1990,
    *Nuclear Deterrence Theory*, ch. 2; Schelling, T. 1966, *Arms and Influence* ("the threat that leaves
    something to chance").
Symbols
    w = the escalating lead actor's ``resolve`` (payoff of prevailing), q = ``theatres.<t>.status_quo``
    (payoff of not escalating), d = ``theatres.<t>.disaster`` (payoff of catastrophe, d < q < w),
    r = ``rules.brinkmanship.risk_by_rung.<k>`` x the theatre's risk multiplier (``perception``).
Rule
    Escalating to rung k yields w with probability 1 - r and d with probability r; it beats the status quo
    iff (1 - r) w + r d >= q, i.e. iff r <= (w - q) / (w - d). With w private (drawn per world), the share
    of worlds that escalate is P(r <= (w - q)/(w - d)).
Deviations
    The prevailing payoff w is the lead actor's resolve; in Powell the gain of prevailing and resolve are
    distinct. If w <= d the state never escalates. A rung with no entry in ``risk_by_rung`` has risk 0.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State, positions


def threshold(w: np.ndarray, q: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Return (w - q)/(w - d), the largest risk worth running; -inf where w <= d.

    Parameters
    ----------
    w, q, d : ndarray of float32, broadcastable
        Prize, status quo and disaster payoffs.

    Returns
    -------
    ndarray of float32
    """
    denom = w - d
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denom > 0, (w - q) / np.where(denom > 0, denom, 1), -np.inf)
    return out.astype(np.float32)


def gate(st: State, escalator: np.ndarray, to_rung: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Where ``mask`` is set, whether the escalating side accepts the risk of moving to ``to_rung``.

    Parameters
    ----------
    st : State
    escalator : ndarray of shape (n_theatres,), int64
        Actor index of the escalating lead actor in each theatre.
    to_rung : ndarray of shape (n_theatres, n_worlds), int8
        The rung each world would move to.
    mask : ndarray of shape (n_theatres, n_worlds), bool
        Where an escalation is considered; elsewhere the result is False.

    Returns
    -------
    ndarray of shape (n_theatres, n_worlds), bool
    """
    if not st.sc.rules.brinkmanship.enabled:
        return mask.copy()
    out = np.zeros(mask.shape, bool)
    rows, cols = positions(mask)
    if not len(rows):
        return out
    table = risk_table(st)
    rung = np.clip(to_rung[rows, cols], 0, 5).astype(np.int64)
    r = np.minimum(table[rung, cols] * st.risk_mult[rows, cols], 1.0)
    thr = thresholds(st, escalator)
    out[rows, cols] = r <= thr[rows, cols]
    return out


def risk_table(st: State) -> np.ndarray:
    """The stated risk of each rung: shape (6, n_worlds), float32 (0 for rungs without an entry; cached)."""
    table = st.__dict__.get("_risk_table")
    if table is None:  # fixed per block
        table = np.zeros((6, st.n), np.float32)
        for k in st.sc.rules.brinkmanship.risk_by_rung:
            table[k] = st.draws[f"rules.brinkmanship.risk_by_rung.{k}"]
        st.__dict__["_risk_table"] = table
    return table


def thresholds(st: State, escalator: np.ndarray) -> np.ndarray:
    """The escalators' thresholds (w - q)/(w - d): shape (n_theatres, n_worlds), float32 (cached)."""
    cache = st.__dict__.setdefault("_thresholds", {})
    key = escalator.tobytes()
    thr = cache.get(key)
    if thr is None:  # resolve, q and d are fixed per block: (n_theatres, n_worlds) float32 per escalator
        shape = (len(escalator), st.n)
        w = st.resolve[escalator]
        q = np.broadcast_to(st.tparam("status_quo"), shape)
        d = np.broadcast_to(st.tparam("disaster"), shape)
        thr = cache[key] = np.ascontiguousarray(threshold(w, q, d))
    return thr
