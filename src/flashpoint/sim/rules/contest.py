"""Competition in risk-taking as a war of attrition (Powell 1987, 1990; Fudenberg & Tirole 1991, ch. 4.5.2).

Source
    Powell, R. 1990. *Nuclear Deterrence Theory: The Search for Credibility*. Cambridge UP (crises as
    contests in which "the state more willing to run risks" prevails); the war-of-attrition equilibria
    are those of Fudenberg & Tirole 1991, *Game Theory*, MIT Press, section 4.5.2.
Symbols
    v_i = ``actors.<lead of side i>.resolve`` (the value of the prize, private);
    c = ``rules.contest.cost_per_unit`` (cost of holding out per unit of contest time);
    one unit of contest time = ``calibration.contest_time_unit_days`` days.
Rule
    A crisis (rung 1) opens a contest between the two lead actors; each side's quit time is fixed when it
    opens. Private information (``information: private``): the symmetric equilibrium for values uniform on
    [0, 1] is b(v) = -v - ln(1 - v) per unit cost, so side i quits at b(v_i)/c; the side that quits first
    yields (MID outcome "yield"). Complete information (``information: complete``): the mixed equilibrium
    has side i quitting at hazard c / v_j (j the opponent, made indifferent), so
    P(i wins) = v_j / (v_i + v_j): the more resolved side wins less often (1/3 when v_i = 2 v_j), as Powell
    cautions. Quit times are exponential draws.
Deviations
    With resolve distributions other than U[0, 1], b(v) is applied as a behavioural rule ("bid as if values
    were uniform"), not re-derived. Values above 1 - 1e-6 are clipped. The contest runs in continuous time:
    the quit time is exact, not rounded to steps. The contest can be pre-empted by escalation (``ladder``).
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim import episode_kernels, kernels
from flashpoint.sim.state import State
from flashpoint.sim.state import positions as nonzero


def bid(v: np.ndarray) -> np.ndarray:
    """Equilibrium quit time b(v) = -v - ln(1 - v) for values uniform on [0, 1] and unit cost.

    Parameters
    ----------
    v : ndarray of float32, any shape
        Private values in [0, 1).

    Returns
    -------
    ndarray of the same shape, float32
    """
    v = np.clip(v, 0.0, 1.0 - 1e-6)
    return (-v - np.log1p(-v)).astype(np.float32)


def start(st: State, mask: np.ndarray, positions: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Fix both sides' quit times (days after the episode start) where ``mask`` (n_theatres, n_worlds) is set;
    ``positions`` may give ``np.nonzero(mask)`` already computed."""
    if not st.sc.rules.contest.enabled:
        return
    rows, cols = nonzero(mask) if positions is None else positions
    if not len(rows):
        return
    unit = np.float32(st.draws["calibration.contest_time_unit_days"])
    cost = np.maximum(np.float32(st.draws["rules.contest.cost_per_unit"]), np.float32(1e-9))
    if st.sc.rules.contest.information == "private":
        cache = st.__dict__.get("_bids")
        if cache is None:  # resolve and the clock are fixed per block: b(v) per actor and world, once
            scale_w = np.ascontiguousarray(np.broadcast_to(unit / cost, (st.n,)), np.float32)
            cache = st.__dict__["_bids"] = (np.ascontiguousarray(bid(st.resolve)), scale_w)
        table, scale_w = cache
        lay = st.lay
        kernels.set_quits(rows, cols, table, table, lay.lead_a, lay.lead_b, scale_w, st.quit_a, st.quit_b)
        return
    scale = np.broadcast_to(unit / cost, (st.n,))[cols]
    v_a = st.resolve[st.lay.lead_a[rows], cols]
    v_b = st.resolve[st.lay.lead_b[rows], cols]
    e = st.rng.standard_exponential((2, len(rows)), dtype=np.float32)
    # complete information: side A quits at hazard c / v_B, side B at hazard c / v_A
    qa = e[0] * np.maximum(v_b, 1e-9)
    qb = e[1] * np.maximum(v_a, 1e-9)
    st.quit_a[rows, cols] = qa * scale
    st.quit_b[rows, cols] = qb * scale


def resolve(st: State, t_end: float) -> None:
    """End crises (rung 1) whose first quit time falls before ``t_end`` (days); the quitter yields."""
    if not st.sc.rules.contest.enabled:
        return
    from flashpoint.sim.episodes import end_arrays

    # the quitter yields: MID outcome 3 (yield A) or 4 (yield B); one compiled pass over the positions
    episode_kernels.resolve_crises(
        float(t_end), int(st.step), st.world_param("calibration.recip_min_days"), end_arrays(st)
    )
