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

from flashpoint.sim.state import State


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


def gate(st: State, escalator: np.ndarray, to_rung: np.ndarray) -> np.ndarray:
    """Whether the escalating side accepts the risk of moving to ``to_rung``.

    Parameters
    ----------
    st : State
    escalator : ndarray of shape (n_theatres,), int64
        Actor index of the escalating lead actor in each theatre.
    to_rung : ndarray of shape (n_theatres, n_worlds), int8
        The rung each world would move to.

    Returns
    -------
    ndarray of shape (n_theatres, n_worlds), bool
    """
    n_t = len(st.lay.theatres)
    if not st.sc.rules.brinkmanship.enabled:
        return np.ones((n_t, st.n), bool)
    risk_by = st.sc.rules.brinkmanship.risk_by_rung
    table = np.zeros((6, st.n), np.float32)
    for k in risk_by:
        table[k] = st.draws[f"rules.brinkmanship.risk_by_rung.{k}"]
    idx = np.clip(to_rung, 0, 5).astype(np.int64)
    r = np.minimum(np.take_along_axis(table, idx, axis=0) * st.risk_mult, 1.0)
    w = st.resolve[escalator]
    return r <= threshold(w, st.tparam("status_quo"), st.tparam("disaster"))
