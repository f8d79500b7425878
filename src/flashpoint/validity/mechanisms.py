"""Mechanism checks: each mechanism of the founding article moves the shipped scenario its stated way.

Each check runs the shipped scenario (``kursk-2024-11``) twice with one parameter change and the same seed
(common random numbers: every uncertain parameter draws the same value in both arms, world by world, since
draws are made in document order before any event), measures a per-world outcome in both arms and takes the
paired difference d = mean(y_high - y_low) with its standard error sd(y_high - y_low)/sqrt(n). A check passes
iff ``sign * d > Z_MECH * se``: the difference has the expected sign and is not Monte Carlo luck.

Worlds per arm (statistical power, one rule for every check). A check whose outcome is an event (a 0/1
per-world indicator: a war onset, a question, who prevails, who fights; or a -1/0/1 one, whose event is
|y| = 1) is first piloted at the base size (``n``; 20,000 worlds, 6,000 with ``quick``) on a seed of its
own; its worlds per arm are then n_check = max(n, ceil(EVENTS_PER_ARM / p)), with p the pilot's event share
pooled over both arms, at most ``N_MAX`` (``quick`` shrinks only the base size: power is not optional); the
check itself runs on a fresh seed, so the pilot's noise does not select the result. With ``EVENTS_PER_ARM``
= 250 expected events per arm, two independent Poisson arms whose rates differ by a factor r = 1.5 are
expected sqrt(2 x 250) (r - 1)/(r + 1) = 4.5 standard errors apart, so a check at ``Z_MECH`` = 3 passes with
probability 0.93 (90% power); pairing (common random numbers) only lowers the standard error. A rare war
onset therefore gets the worlds it needs instead of a base size at which it is undetectable; a continuous
outcome (ground held, troops) keeps the base size. A mechanism whose expected relative effect is smaller
than r = 1.5 asks for more events per arm (``Mechanism.events_per_arm``, with its reason at the mechanism).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from flashpoint.sim.engine import simulate
from flashpoint.sim.result import SimResult
from flashpoint.validity.validate import Check
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import apply_overrides

SCENARIO = "kursk-2024-11"
Z_MECH = 3.0  # the signed paired difference must exceed this many standard errors
EVENTS_PER_ARM = 250  # expected events per arm that an event outcome's worlds must reach (module docstring)
N_MAX = 1_000_000  # at most this many worlds per arm

Metric = Callable[[SimResult], np.ndarray]


def _question(qid: str) -> Metric:
    return lambda r: r.yes[:, r.questions.index(qid)].astype(np.float64)


def _war_onset(theatre: str) -> Metric:
    """1 where the theatre went to war (rung >= 2) within the run: the challenger initiated force."""
    return lambda r: (r.theatre_field("war_onset_step", theatre) >= 0).astype(np.float64)


def _late_minus_early(theatre: str) -> Metric:
    """+1 where the theatre's war began in years 3-4, -1 where in year 1, else 0 (monthly steps): the shift of
    war onsets toward the end of the seed's "two to four years"."""

    def metric(r: SimResult) -> np.ndarray:
        onset = r.theatre_field("war_onset_step", theatre).astype(np.int64)
        year = round(12 * 30.4375 / r.step_days)
        late = (onset > 2 * year) & (onset <= 4 * year)
        early = (onset > 0) & (onset <= year)
        return late.astype(np.float64) - early.astype(np.float64)

    return metric


def _prevails(theatre: str, side: str) -> Metric:
    """1 where the first dispute ended with ``side`` prevailing (see :func:`flashpoint.sim.prevail`)."""
    codes = (1, 4) if side == "challenger" else (2, 3)
    return lambda r: np.isin(r.theatre_field("outcome", theatre), codes).astype(np.float64)


def _settlement_share(theatre: str) -> Metric:
    """Side B's share of the stakes at the theatre's first negotiated end of a war, 0 where none (the balance
    of capability moves the terms of a settlement, not whether a war settles: Fearon 1995)."""
    return lambda r: np.nan_to_num(r.theatre_field("ceasefire_share_b", theatre).astype(np.float64), nan=0.0)


def _flow_final(flow: str) -> Metric:
    return lambda r: r.flow_size[:, r.flows.index(flow)].astype(np.float64)


def _involved(actor: str, theatre: str) -> Metric:
    return lambda r: r.involved[:, r.actors.index(actor), r.theatres.index(theatre)].astype(np.float64)


def _kursk_held_min(r: SimResult) -> np.ndarray:
    return r.front_held_min[:, r.fronts.index("ukraine.kursk")].astype(np.float64)


@dataclass(frozen=True)
class Mechanism:
    """One mechanism: the parameter change (low -> high), the outcome and the sign of its change."""

    id: str
    source: str
    description: str
    low: dict[str, Any]
    high: dict[str, Any]
    metric: Metric
    metric_name: str
    sign: int
    months: int = 48
    # expected events per arm for an event outcome; more than EVENTS_PER_ARM only where the expected relative
    # effect is smaller than the r = 1.5 the default is sized for (the reason is given at the mechanism)
    events_per_arm: int = EVENTS_PER_ARM


SCHELLING = "Schelling 1966, Arms and Influence, ch. 2"
FEARON94 = "Fearon 1994, J. Conflict Resolution 38(2): 236-269; Fearon 1997, JCR 41(1): 68-90"
HUTH = "Huth 1988, Extended Deterrence and the Prevention of War"
POWELL = "Powell 1990, Nuclear Deterrence Theory, ch. 2-3 (competition in risk-taking)"
SEED_CORR = 'seed (Corr): "limit their geographic extent and the types of weapons used"'
SEED_FLOWS = "seed (Schuster): drones and computer components for Russia; NATO support for Ukraine"
SEED_PAY = 'seed (Schuster): "selling its troops to Russia for cash, oil and probably food"'
SEED_WINDOW = "seed (Schuster): Xi's and Kim's perception of Western capability; US DoD 2023 (PLA ready 2027)"
FEARON95 = "Fearon 1995, International Organization 49(3): 379-414 (the balance sets a settlement's terms)"
LANCHESTER = "Lanchester 1916 (square law); Mearsheimer 1989 (3:1)"
LEEDS = "Leeds, Long & Mitchell 2000, JCR 44(5) (alliances honoured 74.5%); Treaty Art. 4 (2024)"

THEATRES = ("ukraine", "korea", "taiwan", "middle-east", "red-sea")
# Taiwan wars common and no US commitment to Taiwan itself: the US enters only through the pledges checked
_TAIWAN_WAR_WITHOUT_TRA = {"alliances.us-taiwan-tra.commitment": 0.0, "theatres.taiwan.hazard_scale": 10.0}
_TAIWAN_WAR_THROUGH_PHL = {**_TAIWAN_WAR_WITHOUT_TRA, "alliances.us-japan.commitment": 0.0}
PAYMENTS = ("rus_prk_cash", "rus_prk_oil", "rus_prk_food", "rus_prk_raw_materials")

MECHANISMS = (
    Mechanism(
        "deterrence.defender-resolve.taiwan",
        f"{FEARON94}; {SCHELLING}",
        "Taiwan's resolve 0.3 -> 0.95 lowers China's use of force (Taiwan war onset, 48 months)",
        {"actors.TWN.resolve": 0.3},
        {"actors.TWN.resolve": 0.95},
        _war_onset("taiwan"),
        "P(war onset, taiwan)",
        -1,
    ),
    Mechanism(
        "deterrence.defender-resolve.korea",
        f"{FEARON94}; {SCHELLING}",
        "South Korea's resolve 0.3 -> 0.95 lowers North Korea's use of force (48 months)",
        {"actors.KOR.resolve": 0.3},
        {"actors.KOR.resolve": 0.95},
        _war_onset("korea"),
        "P(war onset, korea)",
        -1,
    ),
    Mechanism(
        "deterrence.commitment.us-rok",
        HUTH,
        "a credible US-ROK commitment (0 -> 1) lowers North Korea's initiation of war (48 months)",
        {"alliances.us-rok.commitment": 0.0},
        {"alliances.us-rok.commitment": 1.0},
        _war_onset("korea"),
        "P(war onset, korea)",
        -1,
    ),
    Mechanism(
        "deterrence.commitment.us-rok.full-war",
        HUTH,
        "a credible US-ROK commitment (0 -> 1) lowers full-scale war on the Korean peninsula, the question "
        "as worded (rung 3 or more, 48 months), allies' entry included",
        {"alliances.us-rok.commitment": 0.0},
        {"alliances.us-rok.commitment": 1.0},
        _question("korean-peninsula-war-48m"),
        "P(korean-peninsula-war-48m)",
        -1,
        # the question also counts wars the commitment cannot deter (allies' entry, escalation of a war
        # begun anyway), so the relative effect is smaller than an onset's: about r = 1.3-1.6 in runs of
        # 250,000 worlds per arm (0.00072 -> 0.00056 ... 0.00088 -> 0.00055), where 250 events per arm gave
        # 1.6-4.5 paired standard errors; 600 events per arm put r = 1.3 about 6 standard errors out
        events_per_arm=600,
    ),
    Mechanism(
        "deterrence.commitment.us-taiwan",
        HUTH,
        "a credible US commitment to Taiwan (0 -> 1) lowers China's initiation of war (48 months)",
        {"alliances.us-taiwan-tra.commitment": 0.0},
        {"alliances.us-taiwan-tra.commitment": 1.0},
        _war_onset("taiwan"),
        "P(war onset, taiwan)",
        -1,
    ),
    Mechanism(
        "risk-taking.challenger.taiwan",
        POWELL,
        "China more willing to run risks (resolve 0.45 -> 0.95) prevails more often in the Taiwan crisis",
        {"actors.CHN.resolve": 0.45},
        {"actors.CHN.resolve": 0.95},
        _prevails("taiwan", "challenger"),
        "P(challenger prevails, first taiwan dispute)",
        1,
    ),
    Mechanism(
        "risk-taking.defender.korea",
        POWELL,
        "South Korea more willing to run risks (resolve 0.3 -> 0.95) prevails more often in the Korea crisis",
        {"actors.KOR.resolve": 0.3},
        {"actors.KOR.resolve": 0.95},
        _prevails("korea", "defender"),
        "P(defender prevails, first korea dispute)",
        1,
    ),
    Mechanism(
        "limits.geography.ukraine",
        SEED_CORR,
        "the geographic limit in Ukraine eroding (breach hazard 0 -> 1 a month) raises a direct NATO-Russia "
        "clash (24 months)",
        {"theatres.ukraine.limits.geography_breach_per_month": 0.0},
        {"theatres.ukraine.limits.geography_breach_per_month": 1.0},
        _question("nato-russia-direct-clash-24m"),
        "P(nato-russia-direct-clash-24m)",
        1,
        months=24,
    ),
    Mechanism(
        "limits.weapons.all",
        SEED_CORR,
        "the weapon-type limit eroding in every theatre (breach hazard 0 -> 1 a month) raises nuclear use "
        "(48 months)",
        {f"theatres.{t}.limits.weapons_breach_per_month": 0.0 for t in THEATRES},
        {f"theatres.{t}.limits.weapons_breach_per_month": 1.0 for t in THEATRES},
        _question("nuclear-use-48m"),
        "P(nuclear-use-48m)",
        1,
    ),
    Mechanism(
        "flow.drones",
        SEED_FLOWS,
        "Iran's drones to Russia (index 0 -> 1, as shipped) shrink the part of Kursk Ukraine holds "
        "(6 months)",
        {"flows.irn_rus_drones.size": 0.0},
        {},
        _kursk_held_min,
        "mean min share of Kursk salient held by Ukraine",
        -1,
        months=6,
    ),
    Mechanism(
        "flow.components",
        SEED_FLOWS,
        "China's components for Russia (index 0 -> 1, as shipped) shrink the part of Kursk Ukraine holds "
        "(6 months)",
        {"flows.chn_rus_components.size": 0.0},
        {},
        _kursk_held_min,
        "mean min share of Kursk salient held by Ukraine",
        -1,
        months=6,
    ),
    Mechanism(
        "flow.munitions",
        SEED_FLOWS,
        "NATO and US munitions for Ukraine (index 0 -> 1, as shipped) lower Russia's chance to retake Kursk "
        "(6 months)",
        {"flows.nato_ukr_support.size": 0.0, "flows.usa_ukr_support.size": 0.0},
        {},
        _question("russia-retakes-kursk-6m"),
        "P(russia-retakes-kursk-6m)",
        -1,
        months=6,
    ),
    Mechanism(
        "flow.troops",
        f"{SEED_FLOWS}; {LANCHESTER}",
        "North Korean troops (2 -> 20 thousand) help Russia retake Kursk (6 months)",
        {"flows.prk_rus_troops.size": 2.0},
        {"flows.prk_rus_troops.size": 20.0},
        _question("russia-retakes-kursk-6m"),
        "P(russia-retakes-kursk-6m)",
        1,
        months=6,
    ),
    Mechanism(
        "balance.settlement.ukraine",
        FEARON95,
        "Russia's capability doubled (CINC 0.0382 -> 0.0764) lowers Ukraine's share of the stakes when the "
        "war ends in a negotiated settlement (48 months)",
        {"actors.RUS.capability.cinc": 0.038197},
        {"actors.RUS.capability.cinc": 0.076394},
        _settlement_share("ukraine"),
        "mean Ukraine share of the stakes at the first negotiated end (0 where none)",
        -1,
    ),
    Mechanism(
        "exchange.payments",
        SEED_PAY,
        "Russia's cash, oil, food and raw materials (index 0 -> 1, as shipped) sustain the DPRK deployment "
        "(12 months)",
        {f"flows.{p}.size": 0.0 for p in PAYMENTS},
        {},
        _flow_final("prk_rus_troops"),
        "mean DPRK troops in Russia at 12 months (thousand)",
        1,
        months=12,
    ),
    Mechanism(
        "exchange.withdrawal",
        SEED_PAY,
        "payments stop at a Ukraine ceasefire, so a faster withdrawal (withdrawal_per_month 0.05 -> 0.6) "
        "leaves fewer DPRK troops in Russia (48 months)",
        {"rules.exchange.withdrawal_per_month": 0.05},
        {"rules.exchange.withdrawal_per_month": 0.6},
        _flow_final("prk_rus_troops"),
        "mean DPRK troops in Russia at 48 months (thousand)",
        -1,
    ),
    Mechanism(
        "exchange.experience",
        'seed (Schuster): doctrine "dates back to the 80s"; Argote & Epple 1990',
        "combat experience counting (experience_effect 0 -> 2) helps Russia retake Kursk (6 months)",
        {"rules.exchange.experience_effect": 0.0},
        {"rules.exchange.experience_effect": 2.0},
        _question("russia-retakes-kursk-6m"),
        "P(russia-retakes-kursk-6m)",
        1,
        months=6,
    ),
    Mechanism(
        "alliance.russia-dprk",
        LEEDS,
        "the Russia-DPRK treaty (commitment 0 -> 1) brings Russia into a Korean war (48 months)",
        {"alliances.russia-dprk-treaty.commitment": 0.0},
        {"alliances.russia-dprk-treaty.commitment": 1.0},
        _involved("RUS", "korea"),
        "P(Russia in combat in korea)",
        1,
    ),
    Mechanism(
        "alliance.us-japan",
        HUTH,
        "the US pledge to Japan (commitment 0 -> 1) brings the US into a Taiwan war that Japan entered, "
        "where the Taiwan Relations Act did not (both arms: TRA commitment 0, Taiwan hazard scale 10; "
        "48 months)",
        {"alliances.us-japan.commitment": 0.0, **_TAIWAN_WAR_WITHOUT_TRA},
        {"alliances.us-japan.commitment": 1.0, **_TAIWAN_WAR_WITHOUT_TRA},
        _involved("USA", "taiwan"),
        "P(US in combat in taiwan)",
        1,
    ),
    Mechanism(
        "alliance.us-philippines",
        HUTH,
        "the US pledge to the Philippines (commitment 0 -> 1) brings the US into a Taiwan war that the "
        "Philippines entered (both arms: TRA and US-Japan commitments 0, Taiwan hazard scale 10; 48 months)",
        {
            "alliances.us-philippines.commitment": 0.0,
            "alliances.us-japan.commitment": 0.0,
            **_TAIWAN_WAR_WITHOUT_TRA,
        },
        {
            "alliances.us-philippines.commitment": 1.0,
            "alliances.us-japan.commitment": 0.0,
            **_TAIWAN_WAR_WITHOUT_TRA,
        },
        _involved("USA", "taiwan"),
        "P(US in combat in taiwan)",
        1,
    ),
    Mechanism(
        "perception.window.taiwan",
        SEED_WINDOW,
        "China's confidence growing (0 -> 0.01 a month) raises its use of force against Taiwan (48 months)",
        {"rules.perception.rivals.CHN.confidence_growth_per_month": 0.0},
        {"rules.perception.rivals.CHN.confidence_growth_per_month": 0.01},
        _war_onset("taiwan"),
        "P(war onset, taiwan)",
        1,
    ),
    Mechanism(
        "perception.window.profile.korea",
        f'{SEED_WINDOW}; seed (Schuster): participation in the war "will change that"',
        "North Korea's confidence growing as shipped (0.001 a month and combat experience, against neither) "
        "moves Korean war onsets toward years 3-4 more than into year 1",
        {
            "rules.perception.rivals.PRK.confidence_growth_per_month": 0.0,
            "rules.perception.rivals.PRK.experience_weight": 0.0,
        },
        {},
        _late_minus_early("korea"),
        "P(onset in years 3-4) - P(onset in year 1), korea",
        1,
    ),
)


def _arms(mech: Mechanism, n: int, seed: int, base: Any) -> tuple[np.ndarray, np.ndarray]:
    """The per-world outcome of the low and the high arm, each over ``n`` worlds, same seed."""
    base = load_scenario(SCENARIO) if base is None else base
    ys = []
    for over in (mech.low, mech.high):
        res = simulate(apply_overrides(base, over), n, mech.months, np.random.default_rng(seed))
        ys.append(mech.metric(res))
    return ys[0], ys[1]


def measure(mech: Mechanism, n: int, seed: int, base: Any = None) -> tuple[float, float, float, float]:
    """Run both arms with the same seed; return (mean low, mean high, paired difference, its se)."""
    lo, hi = _arms(mech, n, seed, base)
    diff = hi - lo
    se = float(diff.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
    return float(lo.mean()), float(hi.mean()), float(diff.mean()), se


def worlds_for(p_event: float, n_base: int, n_max: int, events: int = EVENTS_PER_ARM) -> int:
    """Worlds per arm for an event outcome with pooled share ``p_event``: enough for ``events`` expected
    events per arm, at least ``n_base``, at most ``n_max`` (``n_max`` when no event was seen)."""
    if not p_event > 0:
        return n_max
    return int(min(n_max, max(n_base, math.ceil(events / p_event))))


def check_worlds(mech: Mechanism, n_base: int, n_max: int, seed: int, base: Any = None) -> tuple[int, float]:
    """The rule of the module docstring: pilot both arms at ``n_base`` worlds (seed ``seed``); return the
    worlds per arm for the check (``mech.events_per_arm`` expected events) and the pilot's pooled event
    share (NaN for a non-event outcome)."""
    lo, hi = _arms(mech, n_base, seed, base)
    both = np.abs(np.concatenate([lo, hi]))  # an outcome in {-1, 0, 1} (late minus early): |y| is the event
    if not np.isin(both, (0.0, 1.0)).all():  # a continuous outcome: the base size
        return n_base, float("nan")
    p = float(both.mean())
    return worlds_for(p, n_base, n_max, mech.events_per_arm), p


def run_mechanism_checks(
    rng: np.random.Generator, *, quick: bool = False, n: int | None = None
) -> list[Check]:
    """Every mechanism check on the shipped scenario; ``quick`` uses fewer worlds, ``n`` sets the base
    (pilot) size; an event outcome gets more worlds by the rule of the module docstring."""
    n_base = n or (6_000 if quick else 20_000)
    n_max = max(n_base, N_MAX)
    base = load_scenario(SCENARIO)
    seeds = rng.integers(0, 2**31 - 1, (len(MECHANISMS), 2))
    out = []
    for mech, (pilot_seed, seed) in zip(MECHANISMS, seeds, strict=True):
        n_check, p_pilot = check_worlds(mech, n_base, n_max, int(pilot_seed), base)
        lo, hi, diff, se = measure(mech, n_check, int(seed), base)
        margin = Z_MECH * se
        power = (
            f"{n_check} worlds per arm: pilot event share {p_pilot:.4g} over {n_base} worlds, "
            f"{mech.events_per_arm} expected events per arm needed{' (capped)' if n_check == n_max else ''}"
            if math.isfinite(p_pilot)
            else f"{n_check} worlds per arm (continuous outcome)"
        )
        check = Check(
            id=f"mechanism.{mech.id}",
            kind="mechanism",
            expected=float(mech.sign),
            observed=diff,
            tolerance=margin,
            source=mech.source,
            description=f"{mech.description}: {mech.metric_name} {lo:.4g} -> {hi:.4g}; passes iff the "
            f"difference has sign {mech.sign:+d} and exceeds {Z_MECH:g} paired standard errors; {power}",
            n=n_check,
            se=se,
        )
        check.passed = bool(math.isfinite(diff) and mech.sign * diff > margin)
        out.append(check)
    return out


def mechanisms_markdown(result: dict[str, Any]) -> str:
    """Markdown table of the mechanism checks of a :func:`flashpoint.validity.validate.validate` result."""
    rows = [c for c in result["checks"] if c["kind"] == "mechanism"]
    head = "| mechanism | change and outcome | sign | difference | se | worlds per arm | result | source |\n"
    head += "|---|---|---:|---:|---:|---:|---|---|\n"
    body = "".join(
        f"| `{c['id'][len('mechanism.') :]}` | {c['description'].split('; passes')[0]} | "
        f"{int(c['expected']):+d} | {c['observed']:+.4f} | {c['se']:.4f} | {c['n']} | "
        f"{'pass' if c['passed'] else '**FAIL**'} | {c['source']} |\n"
        for c in rows
    )
    return (
        f"{sum(c['passed'] for c in rows)}/{len(rows)} pass (worlds per arm: at least the base size, and "
        f"{EVENTS_PER_ARM} expected events per arm for an event outcome, more where a mechanism's "
        "relative effect is smaller)\n\n" + head + body
    )
