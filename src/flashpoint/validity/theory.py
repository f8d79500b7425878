"""Theory checks: the real engine, in special configurations, against the closed forms of its models.

Each check builds a scenario from the minimal dyad (``flashpoint.world.minimal``), switches rules on or off
through the scenario's ``rules:`` and ``calibration:`` blocks, runs :func:`flashpoint.sim.simulate`, and
measures an outcome array. Nothing here re-implements a rule: the expected side is a closed form (or, for
Lanchester, an independent numerical integration of Engel's fitted equations).

Tolerance: ``Z_TOL`` (4) Monte Carlo standard errors of the estimate, with the number of worlds stated.

| check | configuration | closed form |
|---|---|---|
| ``fearon`` | one forced demand; contest, brinkmanship, ladder off | P(war) = max(0, (c - c_A)/(2c)) |
| ``attrition.private`` | no escalation, contest clock 1 day, values U[0, 1] | higher value wins; E[T] = 1/6 |
| ``attrition.complete`` | complete info, v_A = 0.8 = 2 v_B | P(A wins) = 1/3; E[T] = 1/(1/v_A + 1/v_B) |
| ``brinkmanship`` | forced opportunity, bargaining off | escalate iff r <= (w - q)/(w - d) |
| ``lanchester`` | Iwo Jima front, daily steps | Engel (1954) fit; Japanese force spent by day 36 |
| ``war-bargaining`` | war at as_of, rounds at rate lambda | offers y_k = (y_{k-1} - c_A)/2 |
|  |  | truncate the belief (Fearon 1995; Slantchev 2003): P(ceasefire by month m) |
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from flashpoint.sim.engine import simulate
from flashpoint.validity.validate import Z_TOL, Check, binomial_se
from flashpoint.world.loader import build_scenario
from flashpoint.world.minimal import minimal_scenario_data
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.scenario import Scenario

FEARON = "Fearon 1995, International Organization 49(3): 379-414 (risk-return trade-off, uniform cost)"
WOA = "Fudenberg & Tirole 1991, Game Theory, sec. 4.5.2; Powell 1990, Nuclear Deterrence Theory"
BRINK = "Powell 1987, APSR 81(3): 717-735; Powell 1990, ch. 2 (r <= (w - q)/(w - d))"
SLANTCHEV = (
    "Fearon 1995, IO 49(3) (optimal screening offer against a uniform cost); Slantchev 2003, APSR 97(4): "
    "621-632 (rejected offers truncate beliefs, offers converge, wars end)"
)
WAR_ROUND_RATE = 0.5  # bargaining rounds per month in the check
WAR_MONTHS = 4
WAR_COST_A = (0.02, 0.1, 0.2)
ENGEL = "Engel 1954, J. Operations Research Society of America 2(2): 163-171 (Iwo Jima, a=0.0544, b=0.0106)"

FEARON_COST_A = (0.0, 0.1, 0.25, 0.4, 0.6)
ENGEL_A, ENGEL_B = 0.0544, 0.0106  # US losses per day per Japanese; Japanese losses per day per American
ENGEL_JAPANESE = 21_500.0
ENGEL_LANDINGS = {0: 54_000.0, 2: 6_000.0, 5: 13_000.0}  # day index (0-based) -> US troops landed that day
IWO_JIMA_DAYS = 36  # 19 February to 26 March 1945


def _scenario(overrides: dict[str, Any], *, step: str = "month", data: dict | None = None) -> Scenario:
    base = build_scenario(data or minimal_scenario_data(step=step), origin="<theory-check>")
    return apply_overrides(base, overrides)


def _run(sc: Scenario, n: int, months: int, rng: np.random.Generator, **kw: Any):
    return simulate(sc, n_worlds=n, n_months=months, rng=rng, **kw)


def _mc_check(
    check_id: str, expected: float, observed: float, se: float, n: int, source: str, description: str
) -> Check:
    """A theory check at Monte Carlo error: the tolerance is ``Z_TOL`` standard errors ``se``."""
    return Check(
        id=check_id,
        kind="theory",
        expected=expected,
        observed=observed,
        tolerance=Z_TOL * se,
        se=se,
        n=n,
        source=source,
        description=description,
    )


def _bargaining_only(c: float, c_a: float, extra: dict[str, Any]) -> dict[str, Any]:
    """Overrides leaving only bargaining: no contest, brinkmanship, ladder or spread, no optimism, B's cost
    at most ``c`` and A's cost ``c_a``, plus ``extra``."""
    return {
        **extra,
        "rules.contest.enabled": False,
        "rules.brinkmanship.enabled": False,
        "rules.ladder.enabled": False,
        "rules.spread.enabled": False,
        "theatres.dispute.optimism": 0.0,
        "theatres.dispute.cost_b_max": c,
        "theatres.dispute.cost_a": c_a,
    }


def check_fearon(rng: np.random.Generator, n: int) -> list[Check]:
    """P(war) after one screening demand vs max(0, (c - c_A)/(2c)) for several c_A (c = 0.5)."""
    out = []
    c = 0.5
    for c_a in FEARON_COST_A:
        sc = _scenario(_bargaining_only(c, c_a, {"calibration.escalation_per_month": 1e6}))
        res = _run(sc, n, 1, rng)
        war = res.theatre_field("max_rung", "dispute") >= 2
        expected = max(0.0, (c - c_a) / (2 * c))
        se = binomial_se(expected, n)
        out.append(
            _mc_check(
                f"theory.fearon.cA={c_a:.2f}",
                expected,
                war.mean(),
                se,
                n,
                FEARON,
                f"share of worlds at war after A's screening demand, c={c}, c_A={c_a}; "
                f"tolerance {Z_TOL:g} binomial SE",
            )
        )
    return out


def check_attrition_private(rng: np.random.Generator, n: int) -> list[Check]:
    """War of attrition with values U[0, 1]: the higher value wins; E[duration] = 1/6 time units."""
    sc = _scenario(
        {
            "calibration.escalation_per_month": 0.0,
            "calibration.contest_time_unit_days": 1.0,
            "rules.contest.information": "private",
            "rules.spread.enabled": False,
        }
    )
    res = _run(sc, n, 1, rng)
    v_a, v_b = res.draws["actors.A.resolve"], res.draws["actors.B.resolve"]
    winner = res.theatre_field("winner", "dispute")
    higher_wins = np.where(v_a > v_b, winner == 1, winner == 2)
    days = res.theatre_field("duration_days", "dispute").astype(np.float64)
    se = days.std(ddof=1) / math.sqrt(n)
    return [
        Check(
            id="theory.attrition.private.higher_value_wins",
            kind="theory",
            expected=1.0,
            observed=higher_wins.mean(),
            tolerance=0.0,
            n=n,
            source=WOA,
            se=0.0,
            description="share of contests won by the side with the higher private value (exact in "
            "equilibrium b(v) = -v - ln(1-v)); tolerance 0",
        ),
        _mc_check(
            "theory.attrition.private.mean_duration",
            1.0 / 6.0,
            float(np.mean(days)),
            se,
            n,
            WOA,
            f"mean contest length in units of c/v (1 unit = 1 day here) vs 1/6; tolerance {Z_TOL:g} SE",
        ),
    ]


def check_attrition_complete(rng: np.random.Generator, n: int) -> list[Check]:
    """Complete information, v_A = 0.8 = 2 v_B: the more resolved side wins 1/3 of the time."""
    v_a, v_b = 0.8, 0.4
    sc = _scenario(
        {
            "calibration.escalation_per_month": 0.0,
            "calibration.contest_time_unit_days": 1.0,
            "rules.contest.information": "complete",
            "rules.spread.enabled": False,
            "actors.A.resolve": v_a,
            "actors.B.resolve": v_b,
        }
    )
    res = _run(sc, n, 1, rng)
    a_wins = res.theatre_field("winner", "dispute") == 1
    p = v_b / (v_a + v_b)
    se = binomial_se(p, n)
    days = res.theatre_field("duration_days", "dispute").astype(np.float64)
    mean_t = 1.0 / (1.0 / v_b + 1.0 / v_a)  # first of two exponential quits at hazards 1/v_B and 1/v_A
    se_t = days.std(ddof=1) / math.sqrt(n)
    return [
        _mc_check(
            "theory.attrition.complete.resolved_side_wins",
            p,
            a_wins.mean(),
            se,
            n,
            WOA,
            "P(the side valuing the prize twice as much wins) = v_B/(v_A+v_B) = 1/3 in the "
            f"mixed equilibrium; tolerance {Z_TOL:g} binomial SE",
        ),
        _mc_check(
            "theory.attrition.complete.mean_duration",
            mean_t,
            float(np.mean(days)),
            se_t,
            n,
            WOA,
            f"mean contest length 1/(c/v_A + c/v_B) units; tolerance {Z_TOL:g} SE",
        ),
    ]


def _brink_scenario(r: float, q: float, d: float, w: float | None) -> Scenario:
    overrides: dict[str, Any] = {
        "calibration.escalation_per_month": 1e6,
        "rules.contest.enabled": False,
        "rules.bargaining.enabled": False,
        "rules.ladder.enabled": False,
        "rules.spread.enabled": False,
        "rules.brinkmanship.risk_by_rung.2": r,
        "theatres.dispute.status_quo": q,
        "theatres.dispute.disaster": d,
    }
    if w is not None:
        overrides["actors.A.resolve"] = w
    return _scenario(overrides)


def check_brinkmanship(rng: np.random.Generator, n: int) -> list[Check]:
    """A escalates iff r <= (w - q)/(w - d): share escalating and the boundary w* = (q - r d)/(1 - r)."""
    out = []
    for r, q, d in ((0.2, 0.0, -1.0), (0.5, 0.1, -0.5)):
        w_star = (q - r * d) / (1 - r)
        tag = f"r={r:g},q={q:g},d={d:g}"
        res = _run(_brink_scenario(r, q, d, None), n, 1, rng)
        w = res.draws["actors.A.resolve"].astype(np.float64)
        up = res.theatre_field("max_rung", "dispute") >= 2
        share = 1.0 - w_star  # w ~ U[0, 1]
        se = binomial_se(share, n)
        out.append(
            _mc_check(
                f"theory.brinkmanship.share.{tag}",
                share,
                up.mean(),
                se,
                n,
                BRINK,
                f"share of worlds escalating with w ~ U[0,1]: P(w >= w*) = 1 - w*; "
                f"tolerance {Z_TOL:g} binomial SE",
            )
        )
        # the boundary the engine draws: midpoint between the highest w that held back and the lowest that
        # escalated; it must bracket w* and the gap shrinks like 1/n
        lo, hi = w[~up].max(), w[up].min()
        gap = max(hi - lo, 1e-6)
        out.append(
            Check(
                id=f"theory.brinkmanship.boundary.{tag}",
                kind="theory",
                expected=w_star,
                observed=(lo + hi) / 2,
                tolerance=gap / 2 + 1e-6,
                n=n,
                source=BRINK,
                description="decision boundary w* = (q - r d)/(1 - r): midpoint of the largest "
                "non-escalating and smallest escalating w; tolerance half their gap (float32 draws)",
            )
        )
        # deterministic worlds just either side of the boundary
        eps = 1e-3
        sides = [_run(_brink_scenario(r, q, d, w_star + s), 64, 1, rng) for s in (-eps, eps)]
        below = (sides[0].theatre_field("max_rung", "dispute") >= 2).mean()
        above = (sides[1].theatre_field("max_rung", "dispute") >= 2).mean()
        out.append(
            Check(
                id=f"theory.brinkmanship.sides.{tag}",
                kind="theory",
                expected=1.0,
                observed=above - below,
                tolerance=0.0,
                n=128,
                source=BRINK,
                description=f"w = w* + {eps:g} always escalates and w = w* - {eps:g} never does "
                "(share above minus share below); tolerance 0",
            )
        )
    return out


def engel_trajectory(
    days: int = IWO_JIMA_DAYS, dt: float = 1e-3, *, landing: str = "impulse"
) -> tuple[np.ndarray, np.ndarray]:
    """Engel's fitted equations dM/dt = P(t) - a N, dN/dt = -b M, integrated by RK4 with step ``dt``.

    ``landing="impulse"`` lands each day's troops at its start (the engine's schedule convention);
    ``"spread"`` spreads them evenly over the day (Braun's continuous P(t)). Returns the US and Japanese
    forces at the end of each day 0..days: two ndarrays of shape (days + 1,), float64.
    """
    per_day = int(round(1 / dt))
    spread = landing == "spread"

    def deriv(m: float, j: float, t: float) -> tuple[float, float]:
        land = ENGEL_LANDINGS.get(int(math.floor(t)), 0.0) if spread else 0.0
        return (land - ENGEL_A * j, -ENGEL_B * m) if j > 0 else (land, 0.0)

    m, j = 0.0, ENGEL_JAPANESE
    us, jp = [m], [j]
    for day in range(days):
        if not spread:
            m += ENGEL_LANDINGS.get(day, 0.0)
        for k in range(per_day):
            t = day + k * dt
            k1 = deriv(m, j, t)
            k2 = deriv(m + dt / 2 * k1[0], j + dt / 2 * k1[1], t + dt / 2)
            k3 = deriv(m + dt / 2 * k2[0], j + dt / 2 * k2[1], t + dt / 2)
            k4 = deriv(m + dt * k3[0], j + dt * k3[1], t + dt)
            m += dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
            j = max(0.0, j + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]))
        us.append(m)
        jp.append(j)
    return np.array(us), np.array(jp)


def iwo_jima_scenario() -> Scenario:
    """The minimal dyad as Iwo Jima: a front at war, daily steps, Engel's coefficients and landings.

    The landings enter as ``schedule_a`` (key k lands at the start of step k + 1, i.e. on day k + 1).
    Bargaining, contest, ladder and spread are off so the battle runs its course.
    """
    data = minimal_scenario_data(rung=2, step="day")
    why = {"source": ENGEL}
    data["theatres"]["dispute"]["fronts"] = {
        "iwo": {
            "name": "Iwo Jima",
            "force_a": {"value": 0.0, **why},
            "force_b": {"value": ENGEL_JAPANESE, **why},
            "attrition_a": {"value": ENGEL_A, **why},
            "attrition_b": {"value": ENGEL_B, **why},
            "reinforce_a": {"value": 0.0, **why},
            "reinforce_b": {"value": 0.0, **why},
            "held_share": {"value": 1.0, **why},
            "advance_per_month": {"value": 0.0, **why},
            "hold_ratio": {"value": 1.0, **why},
            "schedule_a": dict(ENGEL_LANDINGS),
        }
    }
    return _scenario(
        {
            "rules.bargaining.enabled": False,
            "rules.contest.enabled": False,
            "rules.ladder.enabled": False,
            "rules.spread.enabled": False,
            "rules.attrition.max_substep_days": 0.25,
        },
        data=data,
    )


def check_lanchester(rng: np.random.Generator) -> list[Check]:
    """The attrition rule reproduces Engel's Iwo Jima fit day by day; the garrison is spent by day 36."""
    res = _run(iwo_jima_scenario(), 1, 2, rng, trace=True)
    us = res.trace["force_a"][: IWO_JIMA_DAYS + 1, 0, 0].astype(np.float64)
    jp = res.trace["force_b"][: IWO_JIMA_DAYS + 1, 0, 0].astype(np.float64)
    ref_us, ref_jp = engel_trajectory(landing="impulse")
    days = np.arange(1, IWO_JIMA_DAYS + 1)
    rel = np.abs(us[days] - ref_us[days]) / ref_us[days]
    spread_us, _ = engel_trajectory(landing="spread")
    spent = np.nonzero(jp <= 0.01 * ENGEL_JAPANESE)[0]
    day_spent = float(spent[0]) if spent.size else float("inf")
    return [
        Check(
            id="theory.lanchester.iwo_jima.us_trajectory",
            kind="theory",
            expected=0.0,
            observed=float(rel.max()),
            tolerance=0.005,
            n=1,
            source=ENGEL,
            description="largest relative gap, days 1-36, between the engine's US force and Engel's "
            "fitted equations (RK4, dt=0.001 day, landings at the start of days 1, 3, 6); "
            "tolerance 0.5%",
        ),
        Check(
            id="theory.lanchester.iwo_jima.us_day36",
            kind="theory",
            expected=spread_us[IWO_JIMA_DAYS],
            observed=us[IWO_JIMA_DAYS],
            tolerance=0.03 * spread_us[IWO_JIMA_DAYS],
            n=1,
            source=ENGEL,
            description="US active troops at the end of day 36 vs Engel's equations with landings spread "
            "over each landing day (Braun's P(t)); tolerance 3% (landing timing)",
        ),
        Check(
            id="theory.lanchester.iwo_jima.garrison_spent_day",
            kind="theory",
            expected=IWO_JIMA_DAYS,
            observed=day_spent,
            tolerance=2.0,
            n=1,
            source=ENGEL + "; battle 19 Feb-26 Mar 1945",
            description="first day the Japanese force is below 1% of 21,500 vs the 36-day battle; "
            "tolerance 2 days",
        ),
    ]


def ceasefire_by(c: float, c_a: float, rate: float, months: int) -> float:
    """P(the war has ended in an accepted offer by ``months`` monthly steps): B's cost c_B ~ U[0, c], A's k-th
    offer asks y_k = max(0, (y_{k-1} - c_A)/2) with y_0 = c (A's belief after k - 1 rejections is
    U[0, y_{k-1}]); B accepts iff c_B >= y_k, so the war takes N = k rounds with probability
    (y_{k-1} - y_k)/c; each monthly step holds a round with probability 1 - exp(-rate), so k rounds are done
    by step m with probability P(Binomial(m, p) >= k)."""
    from scipy import stats

    p = 1.0 - math.exp(-rate)
    ys = [c]
    while ys[-1] > 0 and len(ys) <= months:
        ys.append(max(0.0, (ys[-1] - c_a) / 2.0))
    total = 0.0
    for k in range(1, len(ys)):
        total += (ys[k - 1] - ys[k]) / c * float(stats.binom.sf(k - 1, months, p))
    return total


def check_war_bargaining(rng: np.random.Generator, n: int) -> list[Check]:
    """P(ceasefire by month 4) of a war under way vs :func:`ceasefire_by` for several c_A (c = 0.5)."""
    out = []
    c = 0.5
    for c_a in WAR_COST_A:
        rates = {
            "calibration.negotiation_per_month": WAR_ROUND_RATE,
            "calibration.optimism_decay_per_month": 0.0,
        }
        sc = _scenario(_bargaining_only(c, c_a, rates), data=minimal_scenario_data(rung=2))
        res = _run(sc, n, WAR_MONTHS, rng)
        ended = res.theatre_field("ceasefire_step", "dispute") >= 0
        expected = ceasefire_by(c, c_a, WAR_ROUND_RATE, WAR_MONTHS)
        out.append(
            _mc_check(
                f"theory.war-bargaining.cA={c_a:.2f}",
                expected,
                ended.mean(),
                binomial_se(expected, n),
                n,
                SLANTCHEV,
                f"share of wars ended by an accepted offer within {WAR_MONTHS} months, c={c}, c_A={c_a}, "
                f"{WAR_ROUND_RATE:g} rounds a month; tolerance {Z_TOL:g} binomial SE",
            )
        )
    return out


def run_theory_checks(rng: np.random.Generator, *, quick: bool = False) -> list[Check]:
    """Run every theory check with child streams of ``rng``; ``quick`` uses fewer worlds."""
    n = 4_000 if quick else 40_000
    streams = rng.spawn(6)
    return [
        *check_fearon(streams[0], n),
        *check_attrition_private(streams[1], n),
        *check_attrition_complete(streams[2], n),
        *check_brinkmanship(streams[3], n),
        *check_lanchester(streams[4]),
        *check_war_bargaining(streams[5], n),
    ]
