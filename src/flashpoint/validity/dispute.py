"""The generic-dispute scenario family: one militarised dispute per world, drawn as history draws them.

Each world is a dyad in a crisis (rung 1) at step 0. Its inputs are one historical dispute of the chosen
period, drawn with replacement from ``flashpoint.world.history`` (COW MID 5.0 disputes, covariates from NMC
7.0 and ATOP 5.1): side A's and side B's capabilities (CINC, drawn together) and, for each side, up to
``N_ALLIES`` defence allies (ATOP defence pledges in the start year). Ally k of a side exists in a world
when that side had at least k pledges; it may join (``spread``: p = honour rate x crisis scale when the
crisis opens, honour rate at war). Everything else is the real engine with every rule on.

Outcomes map to the MID record: war (hostility level 5) = rung >= 2; duration = the first episode's days
(``maxdur``); reciprocated = B held out ``recip_min_days`` or war; a joiner = an ally that joined.

The calibration parameters (``CAL_KEYS`` of the ``calibration:`` block) are fitted by
:func:`flashpoint.validity.calibrate.fit` on 1816-1945 disputes only; :func:`run_history_checks` then reports
the
in-sample fit and the 1946-2014 prediction (never fitted) against the derived figures.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from flashpoint.sim.engine import simulate
from flashpoint.sim.result import SimResult
from flashpoint.validity.validate import Check
from flashpoint.world.history import load_dyads, load_figures
from flashpoint.world.loader import build_scenario
from flashpoint.world.minimal import minimal_scenario_data
from flashpoint.world.scenario import Scenario

CAL_KEYS = (
    "escalation_per_month",
    "contest_time_unit_days",
    "recip_min_days",
    "crisis_join_scale",
    "joiner_war_multiplier",
    "negotiation_per_month",
)
N_ALLIES = 4
STEP = "month"
HORIZON_MONTHS = 60
Z_HIST = 3.0
CALIBRATION_FILE = "calibration.json"
MID = "COW MID 5.0 (Palmer et al. 2022)"
GML = "GML MID 2.2.1 (Gibler, Miller & Little 2016)"
INPUTS = "dyads from COW MID 5.0, CINC from NMC 7.0, defence pledges from ATOP 5.1"


def period_years(period: str) -> tuple[int, int]:
    """Start-year range of a period (``all``, ``calibration`` or ``holdout``)."""
    lo, hi = load_figures()["periods"][period]
    return int(lo), int(hi)


@cache
def load_calibration() -> dict[str, Any]:
    """The shipped calibration (``world/history/calibration.json``): values, source, fit and settings."""
    text = resources.files("flashpoint.world.history").joinpath(CALIBRATION_FILE).read_text("utf-8")
    return json.loads(text)


def _param(value: float, source: str) -> dict[str, Any]:
    return {"value": float(value), "source": source}


def _empirical(values: np.ndarray, why: str) -> dict[str, Any]:
    return {
        "dist": {"kind": "empirical", "values": [float(v) for v in values], "group": "dyad"},
        "source": why,
    }


def dispute_scenario_data(
    period: str = "calibration",
    calibration: dict[str, float] | None = None,
    *,
    source: str | None = None,
    nuclear_disaster: float | None = None,
    shadow: str = "either",
    rows: np.ndarray | None = None,
    label: str | None = None,
) -> dict[str, Any]:
    """Plain data of the generic-dispute scenario for ``period``.

    Parameters
    ----------
    period : {"calibration", "holdout", "all"}
        Which disputes the dyads are drawn from (by start year).
    calibration : dict of str to float, optional
        Values for ``CAL_KEYS``; the shipped calibration by default.
    source : str, optional
        Provenance written on the calibration values.
    nuclear_disaster : float, optional
        Brinkmanship disaster payoff d of disputes in the nuclear shadow (``shadow``: ``either`` side,
        side A's ``opponent`` or ``mutual``; covariates ``nuclear_a``/``nuclear_b``), drawn with the dyad;
        other disputes keep the conventional d. None (default, as calibrated and checked): d is the same
        for every dispute. Used by :mod:`flashpoint.validity.shadow`.
    rows : ndarray of shape (n_rows,), dtype int64, optional
        Row indices of :func:`~flashpoint.world.history.load_dyads` to draw from instead of ``period``'s
        disputes (repeats weight a row; used by :mod:`flashpoint.validity.forecast`); ``label`` names them.
    """
    if calibration is None:
        shipped = load_calibration()
        calibration, source = shipped["values"], source or shipped["source"]
    dy = load_dyads()
    if rows is None:
        lo, hi = period_years(period)
        keep = (dy["styear"] >= lo) & (dy["styear"] <= hi)
        label = f"disputes starting {lo}-{hi}"
    else:
        keep = np.asarray(rows, dtype=np.int64)
        label = label or f"{keep.size} drawn disputes"
    why = f"{INPUTS}; {label} (flashpoint.world.history)"
    # the crisis opens in the first step (onset hazard 1e6/month from rung 0), so allies decide whether to
    # join as it opens; a crisis already open at as_of would count as decided (``spread.init``)
    data = minimal_scenario_data(rung=0, step=STEP)
    data["id"] = f"generic-dispute-{period if rows is None else 'rows'}"
    data["title"] = f"Generic militarised dispute, dyads of {label}"
    share = dy["cap_share_a"][keep]
    data["actors"]["A"]["capability"]["cinc"] = _empirical(share, why)
    data["actors"]["B"]["capability"]["cinc"] = _empirical(1.0 - share, why)
    alliances: dict[str, Any] = {}
    for side, col in (("A", "n_def_a"), ("B", "n_def_b")):
        count = dy[col][keep]
        for k in range(1, N_ALLIES + 1):
            ally = f"{side}{k}"
            data["actors"][ally] = {
                "name": f"defence ally {k} of side {side}",
                "capability": {
                    "cinc": _param(
                        0.01,
                        "assumption-free placeholder: allies' capability does not enter the dispute rules",
                    )
                },
                "nuclear": {"value": False, "assumption": True, "reason": "generic dispute"},
                "great_power": {"value": False, "assumption": True, "reason": "generic dispute"},
                "resolve": {"value": 0.5, "assumption": True, "reason": "only the leads' resolve is used"},
            }
            alliances[f"defence_{ally}"] = {
                "name": f"defence pledge of {ally} to {side}",
                "kind": "defense",
                "members": [side, ally],
                "commitment": _empirical((count >= k).astype(float), why),
                "trigger_rung": 1,
            }
    data["alliances"] = alliances
    if nuclear_disaster is not None:
        theatre = data["theatres"]["dispute"]
        d = np.where(shadow_flags(dy, shadow)[keep], nuclear_disaster, theatre["disaster"]["value"])
        theatre["disaster"] = _empirical(d, f"nuclear shadow ({shadow}) from NUCLEAR in derive.py; {why}")
    src = source or "flashpoint calibration"
    data["calibration"] = {key: _param(calibration[key], src) for key in CAL_KEYS}
    data["calibration"]["crisis_onset_per_month"] = {
        "value": 1e6,
        "assumption": True,
        "reason": "generic dispute: the crisis opens in step 1 by design",
    }
    data["questions"] = {}
    return data


def shadow_flags(dy: dict[str, np.ndarray], shadow: str) -> np.ndarray:
    """Disputes in the nuclear shadow; shape (n_disputes,), bool.

    ``either``: a side or one of its defence allies is nuclear-armed; ``opponent``: side B's (the risk the
    escalating side A runs); ``mutual``: both sides' (Rauchhaus's nuclear symmetry).
    """
    a, b = dy["nuclear_a"] > 0, dy["nuclear_b"] > 0
    rule = {"either": a | b, "opponent": b, "mutual": a & b}
    if shadow not in rule:
        raise ValueError(f"shadow: expected one of {sorted(rule)}; got {shadow!r}")
    return rule[shadow]


def dispute_scenario(
    period: str = "calibration", calibration: dict[str, float] | None = None, **kwargs: Any
) -> Scenario:
    """The validated generic-dispute scenario (see :func:`dispute_scenario_data` for ``kwargs``)."""
    data = dispute_scenario_data(period, calibration, **kwargs)
    return build_scenario(data, origin=f"<generic-dispute {period}>")


def simulate_disputes(
    period: str,
    n_worlds: int,
    rng: np.random.Generator | int | None,
    calibration: dict[str, float] | None = None,
    **kwargs: Any,
) -> SimResult:
    """Run ``n_worlds`` disputes of ``period`` for ``HORIZON_MONTHS`` months (``kwargs``: the nuclear shadow
    options of :func:`dispute_scenario_data`)."""
    return simulate(dispute_scenario(period, calibration, **kwargs), n_worlds, HORIZON_MONTHS, rng)


def _median_se(x: np.ndarray) -> float:
    """SE of a median from its distribution-free 95% interval (order statistics), width / 3.92."""
    x = np.sort(x)
    n = x.size
    if n < 2:
        return float("nan")
    half = 1.959964 * math.sqrt(n) / 2
    lo, hi = x[max(int(n / 2 - half), 0)], x[min(int(math.ceil(n / 2 + half)), n - 1)]
    return float(hi - lo) / 3.92 if np.isfinite(hi - lo) else float("nan")


def dispute_figures(res: SimResult) -> dict[str, float]:
    """The model's counterparts of the MID figures, from a generic-dispute run.

    Unfinished disputes (open after ``HORIZON_MONTHS``) count as longer than any finished one and as
    reciprocated (they outlast ``recip_min_days``). Keys ``se_<figure>`` hold Monte Carlo standard errors.
    """
    days = res.theatre_field("duration_days", "dispute").astype(np.float64)
    ended = ~np.isnan(days)
    # later episodes reopen at once (onset hazard 1e6): read the first episode's record where it ended
    first = res.theatre_field("first_max_rung", "dispute")
    war = np.where(ended, first, res.theatre_field("max_rung", "dispute")) >= 2
    days = np.where(ended, days, np.inf)
    recip = res.theatre_field("reciprocated", "dispute") | ~ended
    joiner = res.theatre_field("n_joiners", "dispute") > 0
    n = war.size
    out: dict[str, float] = {"n": n, "n_war": int(war.sum()), "n_joiner": int(joiner.sum())}
    for key, flags in (
        ("p_war", war),
        ("p_recip", recip),
        ("p_joiner", joiner),
        ("p_war_joiner", war[joiner]),
        ("p_war_no_joiner", war[~joiner]),
    ):
        p = float(flags.mean()) if flags.size else float("nan")
        out[key] = p
        out["se_" + key] = math.sqrt(p * (1 - p) / flags.size) if flags.size else float("nan")
    for key, x in (("median_days", days), ("median_days_war", days[war])):
        out[key] = float(np.median(x)) if x.size else float("nan")
        out["se_" + key] = _median_se(x)
    return out


def targets(period: str, dataset: str = "cow_mid") -> dict[str, tuple[float, float]]:
    """Observed figures of ``period`` as (value, standard error), read from the derived file.

    ``dataset`` is ``cow_mid`` (COW MID 5.0) or ``gml`` (GML MID 2.2.1; joiner figures and war share only).
    Medians take the SE from their distribution-free 95% interval (width / 3.92).
    """
    f = load_figures()[dataset][period]

    def med(block: dict) -> tuple[float, float]:
        lo, hi = block["median_ci95"]
        return float(block["median"]), max((hi - lo) / 3.92, 0.5)

    out = {
        "p_war": (f["war"]["p"], f["war"]["se"]),
        "p_joiner": (f["joiner"]["p"], f["joiner"]["se"]),
        "p_war_joiner": (f["war_if_joiner"]["p"], f["war_if_joiner"]["se"]),
        "p_war_no_joiner": (f["war_if_no_joiner"]["p"], f["war_if_no_joiner"]["se"]),
    }
    if dataset == "cow_mid":
        out["median_days"] = med(f["duration_days"])
        out["median_days_war"] = med(f["duration_days_war"])
        out["p_recip"] = (f["reciprocated"]["p"], f["reciprocated"]["se"])
    return out


LABELS = {
    "p_war": "share of disputes reaching war (hostility level 5)",
    "median_days": "median dispute duration, days (maxdur)",
    "median_days_war": "median duration of disputes that reached war, days",
    "p_recip": "share of disputes reciprocated",
    "p_joiner": "share of disputes with a joiner",
    "p_war_joiner": "P(war | a third party joins)",
    "p_war_no_joiner": "P(war | no joiner)",
}


SAMPLE = {"calibration": "in", "holdout": "out", "all": "mixed"}
CHECKED = (
    "p_war",
    "median_days",
    "median_days_war",
    "p_recip",
    "p_joiner",
    "p_war_joiner",
    "p_war_no_joiner",
)


def history_checks(period: str, fig: dict[str, float], dataset: str = "cow_mid") -> list[Check]:
    """Compare model figures ``fig`` (a run of ``period``) with the observed ``dataset`` figures.

    Tolerance: ``Z_HIST`` standard errors of the difference, sqrt(se_observed^2 + se_model^2); the observed
    SE is the historical sample's (binomial, or the median's order-statistic interval).
    """
    lo, hi = period_years(period)
    obs = targets(period, dataset)
    name = MID if dataset == "cow_mid" else GML
    n_obs = load_figures()[dataset][period]["war"]["n"]
    sample = SAMPLE[period]
    fitted = {
        "in": "fitted on these disputes: a residual of the fit",
        "out": "predicted, never fitted on these disputes: the 1816-1945 -> 1946-2014 experiment",
        "mixed": "1816-1945 part fitted, 1946-2014 part predicted",
    }[sample]
    status = "diagnostic" if sample == "in" else "finding"
    checks = []
    for key in CHECKED:
        if key not in obs:
            continue
        o, se_o = obs[key]
        se_m = fig["se_" + key] if math.isfinite(fig["se_" + key]) else 0.0
        se = math.sqrt(se_o**2 + se_m**2)
        checks.append(
            Check(
                id=f"history.{dataset}.{period}.{key}",
                kind="history",
                expected=o,
                observed=fig[key],
                tolerance=Z_HIST * se,
                se=se,
                n=int(n_obs),
                sample=sample,
                status=status,
                source=f"{name}, disputes starting {lo}-{hi}; derived by scripts/derive_history.py",
                description=f"{LABELS[key]}: generic-dispute model ({fig['n']} worlds, dyads of "
                f"{lo}-{hi}) vs the record; {fitted}; tolerance {Z_HIST:g} SE of the difference "
                f"(record's SE {se_o:.3g}, {n_obs} disputes; model's Monte Carlo SE {se_m:.3g})",
            )
        )
    return checks


def rivalry_finding() -> Check:
    """Finding: the 1816-1945 rate of MID onsets between rivals vs the 1946-2010 rate (both from the record).

    The engine's onset is a Poisson hazard, so a rate per rivalry-month is what ``crisis_onset_per_month``
    means; the 1816-1945 calibration would carry the first rate into the second period.
    """
    figures = load_figures()["rivalry_onsets"]
    cal, held = figures["calibration"], figures["holdout"]
    se = math.sqrt(held["se"] ** 2 + cal["se"] ** 2)
    lo, hi = held["years"]
    return Check(
        id="history.rivalry.holdout.onset_per_month",
        kind="history",
        expected=held["per_month"],
        observed=cal["per_month"],
        tolerance=Z_HIST * se,
        se=se,
        n=int(held["onsets"]),
        sample="out",
        status="finding",
        source=f"{MID} onsets between Thompson & Dreyer (2012) rivals {lo}-{hi}; scripts/derive_history.py",
        description="crisis onsets per rivalry-month: the 1816-1945 rate (the 1816-1945 calibration's value) "
        f"vs the 1946-2010 rate; tolerance {Z_HIST:g} SE of the difference (Poisson SEs "
        f"{cal['se']:.2g} and {held['se']:.2g})",
    )


def run_history_checks(rng: np.random.Generator, *, quick: bool = False) -> list[Check]:
    """The 1816-1945 experiment: COW MID 5.0 in sample (1816-1945, ``diagnostic``: the fit's residuals),
    out of sample (1946-2014) and all years, and the GML MID 2.2.1 joiner figures of all years (``finding``);
    the model runs with the 1816-1945 calibration (``calibration.json``)."""
    n = 5_000 if quick else 20_000
    out: list[Check] = []
    streams = rng.spawn(3)
    for stream, period in zip(streams, ("calibration", "holdout", "all"), strict=True):
        fig = dispute_figures(simulate_disputes(period, n, stream))
        out += history_checks(period, fig, "cow_mid")
        if period == "all":
            out += history_checks(period, fig, "gml")
    out.append(rivalry_finding())
    return out
