"""The escalation ladder: dispute onset, crisis escalation to war, and moves between rungs at war.

Source
    Kahn, H. 1965. *On Escalation: Metaphors and Scenarios* (the ladder metaphor); the rung scale follows the
    COW MID hostility levels (threat/display = crisis, use of force, war; Palmer et al. 2022) extended by
    the seed article's limits: "The key ... is to limit their geographic extent and the types of weapons
    used" (Anders Corr, The Epoch Times, 2024-11-05).
Symbols
    Rungs: 0 none, 1 crisis, 2 limited conventional, 3 full conventional, 4 strikes on supporters / direct
    great-power clash, 5 nuclear use. Base rates: ``calibration.crisis_onset_per_month`` (0 -> 1),
    ``calibration.escalation_per_month`` (forceful demands in a crisis), ``calibration.ladder_up_per_month``
    and ``ladder_down_per_month`` (moves at war); each scaled by ``theatres.<t>.hazard_scale`` and the
    theatre's perception multiplier; ``calibration.relapse_multiplier`` after a ceasefire. Limits:
    ``theatres.<t>.limits`` (contained geography caps the ladder at 3, limited weapons at 4; each limit
    erodes at its ``*_breach_per_month`` hazard while it binds: geography at rung 3, weapons at rung 4).
Rule
    Per step, with per-month rate h, an event happens with probability 1 - exp(-h * months). Onset opens a
    crisis. In a crisis a forceful demand by side A (only if ``brinkmanship`` accepts rung 2) goes to
    ``bargaining``; a rejection starts a war at rung 2. At war, an escalation opportunity lets side A climb
    one rung if the cap allows and ``brinkmanship`` accepts the risk of that rung; reaching rung 4 makes
    side B's supporters belligerents (they are struck). Rung 5 also needs a nuclear-armed side-A lead.
    A step down (never below 2) happens at the down rate.
Deviations
    Only side A (the challenger) climbs; a defender's counter-escalation enters through allies joining
    (``spread``). One rung per step at most.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim import episode_kernels
from flashpoint.sim.episodes import end_arrays, start_episode
from flashpoint.sim.rules import brinkmanship
from flashpoint.sim.state import SIDE_B, State, positions


def onset(st: State, t_start: float) -> None:
    """Open crises in theatres at peace (rung 0)."""
    at_peace = ~st.ep_active
    if not at_peace.any():
        return
    rate = (
        np.float32(st.draws["calibration.crisis_onset_per_month"])
        * st.tparam("hazard_scale")
        * st.hazard_mult
    )
    if st.ceasefire.any():  # the relapse rate after a ceasefire, where one holds
        held = positions(st.ceasefire)
        rate = np.array(rate, np.float32)
        rate[held] = (rate * np.float32(st.draws["calibration.relapse_multiplier"]))[held]
        p = st.hazard_where(at_peace, rate)
    else:
        p = st.hazard_where(at_peace, rate, lambda: _row_hazard(st, "onset", rate))
    start_episode(st, None, t_start, positions=st.bernoulli_positions(at_peace, p))


def _power_table(mult: np.float32) -> np.ndarray:
    """mult ** k for k = 0..127 in float32; a large multiplier overflows to inf for many joiners, which the
    hazard reads as certain escalation (1 - exp(-inf) = 1), so the overflow is expected, not warned."""
    with np.errstate(over="ignore"):
        return mult ** np.arange(128, dtype=np.float32)


def _fixed_mult(st: State) -> bool:
    """Whether ``hazard_mult``/``risk_mult`` stay as initialised for the block (only ``perception`` with
    rivals changes them), so hazards built from them may be cached."""
    rule = st.sc.rules.perception
    return not (rule.enabled and rule.rivals)


#: Whether :func:`_row_hazard` reuses the rows perception leaves alone (off: recompute every row; a test
#: checks both give the same bytes).
ROW_CACHE = True


def _row_hazard(st: State, key: str, rate: np.ndarray) -> np.ndarray:
    """``st.hazard(rate)`` for a (n_theatres, n_worlds) rate whose rows change only in the theatres whose
    ``hazard_mult`` ``perception`` sets each step: other rows are computed once per block (hazard is
    elementwise, so the values are the same as recomputing them). The result is reused: read it this step."""
    if not ROW_CACHE:
        return st.hazard(rate)
    cache = _block_cache(st)
    p = cache.get("rows:" + key)
    if p is None or p.shape != rate.shape:
        p = cache["rows:" + key] = np.array(st.hazard(rate), np.float32)
        return p
    moving = cache.get("moving_rows")
    if moving is None:
        rule = st.sc.rules.perception
        rivals = rule.rivals if rule.enabled else {}
        moving = cache["moving_rows"] = np.array(
            sorted({st.lay.t[r.theatre] for r in rivals.values()}), np.intp
        )
    if len(moving):
        p[moving] = st.hazard(rate[moving])
    return p


def _block_cache(st: State) -> dict:
    """Per-block cache of fixed hazard arrays (float32, shape (n_theatres, n_worlds or 1))."""
    return st.__dict__.setdefault("_ladder_cache", {})


def crisis(st: State, t_start: float) -> None:
    """Forceful demands in crises; rejected demands start wars at rung 2.

    The demand's time is uniform within the step; it counts only if it comes before either side quits the
    crisis contest, so escalation and backing down compete in continuous time.
    """
    crises = (st.rung == 1) & st.ep_active
    if not crises.any():
        return
    cache = _block_cache(st)
    rate = cache.get("escalation")
    if rate is None:
        rate = np.float32(st.draws["calibration.escalation_per_month"]) * st.tparam("hazard_scale")
        rate = rate * st.hazard_mult
        if _fixed_mult(st):
            cache["escalation"] = rate
    mult = np.float32(st.draws["calibration.joiner_war_multiplier"])
    if rate.shape == st.rung.shape and mult.ndim == 0:
        # m ** k by table lookup (the same float32 values as the power, far cheaper); m ** 0 = 1, so the
        # hazard differs from the joiner-free one (cached by rows) only where a theatre has joiners
        if st.n_joiners.any():
            joined = positions(st.n_joiners > 0)
            table = _power_table(mult)
            rate = np.array(rate, np.float32)
            rate[joined] = rate[joined] * table[st.n_joiners[joined].astype(np.intp)]
            p = st.hazard_where(crises, rate)
        else:
            p = st.hazard_where(crises, rate, lambda: _row_hazard(st, "escalation", rate))
    else:
        if st.n_joiners.any():
            if mult.ndim == 0:
                table = _power_table(mult)
                rate = rate * table[st.n_joiners.astype(np.intp)]
            else:
                with np.errstate(over="ignore"):  # as in _power_table: inf is certain escalation
                    rate = rate * mult ** st.n_joiners.astype(np.float32)
        p = st.hazard(rate)
    rows, cols = st.bernoulli_positions(crises, p)
    if not len(rows):
        return
    u = st.rng.random(len(rows), dtype=np.float32)  # each demand's time within the step
    # the demand's timing against the contest, brinkmanship's gate at rung 2, bargaining and war starts:
    # one compiled pass over the positions (see episode_kernels.crisis_demands)
    gate_on = bool(st.sc.rules.brinkmanship.enabled)
    risk2 = brinkmanship.risk_table(st)[2] if gate_on else np.zeros(st.n, np.float32)
    thr = brinkmanship.thresholds(st, st.lay.lead_a) if gate_on else st.hazard_mult
    episode_kernels.crisis_demands(
        rows,
        cols,
        u,
        float(t_start),
        float(st.step_days),
        int(st.step),
        gate_on,
        risk2,
        st.risk_mult,
        thr,
        bool(st.sc.rules.bargaining.enabled),
        st.tparam_full("cost_a"),
        st.cost_b,
        st.war_start,
        st.war_onset_step,
        st.world_param("calibration.recip_min_days"),
        end_arrays(st),
    )


def _cap(st: State, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The highest rung the limits allow at the given positions; shape (len(rows),), int8."""
    cap = np.where(~st.geo_open[rows, cols], 3, np.where(~st.weapons_open[rows, cols], 4, 5)).astype(np.int8)
    no_nukes = ~st.lay.nuclear[st.lay.lead_a[rows]]
    return np.where(no_nukes, np.minimum(cap, 4), cap).astype(np.int8)


def war(st: State) -> None:
    """Limits erode, side A may climb a rung, and wars may step down."""
    at_war = (st.rung >= 2) & st.ep_active
    if not at_war.any() or not st.sc.rules.ladder.enabled:
        return
    # a limit erodes only while it binds: geography at rung 3, weapons at rung 4
    limits = (
        ("geography_breach_per_month", st.geo_open, 3),
        ("weapons_breach_per_month", st.weapons_open, 4),
    )
    for name, flag, binds in limits:
        pressed = at_war & ~flag & (st.rung == binds)
        if pressed.any():
            p = st.__dict__.setdefault("_limit_hazards", {}).get(name)
            if p is None:  # (n_theatres, n_worlds or 1), fixed per block
                rate = st.draws.stack([f"theatres.{t}.limits.{name}" for t in st.lay.theatres])
                p = st.__dict__["_limit_hazards"][name] = st.hazard(rate)
            flag |= st.bernoulli(pressed, p)
    cache = _block_cache(st)
    p_up = cache.get("up")
    if p_up is None:
        base = st.tparam("hazard_scale") * st.hazard_mult
        rate_up = np.float32(st.draws["calibration.ladder_up_per_month"]) * base
        if _fixed_mult(st):
            p_up = cache["up"] = _row_hazard(st, "up", rate_up)
        else:
            p_up = st.hazard_where(at_war, rate_up, lambda: _row_hazard(st, "up", rate_up))
    up = st.bernoulli(at_war, p_up)
    to = (st.rung + 1).astype(np.int8)
    if up.any():
        rows, cols = positions(up)
        blocked = to[rows, cols] > _cap(st, rows, cols)
        up[rows[blocked], cols[blocked]] = False
        up = brinkmanship.gate(st, st.lay.lead_a, to, up)
        np.copyto(st.rung, to, where=up)
        struck = up & (to >= 4)
        for t in np.nonzero(struck.any(axis=1))[0]:
            for a in np.nonzero(st.lay.supporter_side[:, t] == SIDE_B)[0]:
                hit = struck[t] & (st.side[a, t] == 0)
                st.side[a, t, hit] = SIDE_B
                if "side_dirty" in st.arrays:
                    st.side_dirty[t] |= hit
    p_down = cache.get("down")
    if p_down is None:  # no multiplier: fixed per block
        p_down = cache["down"] = st.hazard(np.float32(st.draws["calibration.ladder_down_per_month"]))
    down = st.bernoulli(at_war & ~up & (st.rung > 2), p_down)
    np.subtract(st.rung, 1, out=st.rung, where=down, casting="unsafe")
