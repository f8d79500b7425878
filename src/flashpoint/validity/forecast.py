"""The forecast calibration: rolling-origin fits, the half-life choice, held-out tests, bootstrap, checks.

:func:`calibrate_forecast` runs every fit (a few minutes) and returns what ``scripts/derive_history.py
--forecast`` caches in ``world/history/forecast_calibration.json``: for each half-life in ``HALF_LIVES``
and each tuning fold the fitted values, the chosen h, the fits at the held-out origins 1990 and 2015, the
bootstrap replicates at 2015 and the weighted onset rate. :func:`forecast_checks` re-scores every fold from
the cached values (a few seconds) for ``flashpoint validate``: tuning folds are ``diagnostic``, the held-out
tests ``check``. Methods: :mod:`flashpoint.validity.recency` and :mod:`flashpoint.validity.rolling`.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import numpy as np

from flashpoint.validity.calibrate import PRIMARY
from flashpoint.validity.dispute import CAL_KEYS
from flashpoint.validity.recency import FIT_EVALS, FIT_WORLDS, N_BOOT, bootstrap, fit_origin, onset_rate
from flashpoint.validity.rolling import (
    HELD_OUT_MID,
    HELD_OUT_UCDP,
    OUTCOMES,
    SCORES,
    TUNING,
    WINDOW,
    WORLDS_PER_DISPUTE,
    Z_PASS,
    mid_fold,
    ucdp_fold,
)
from flashpoint.validity.validate import Check
from flashpoint.world.history import load_forecast_calibration

FILE = "forecast_calibration.json"
HALF_LIVES = (5.0, 10.0, 25.0, 50.0, 100.0, math.inf)
SEED = 2015


def _h(h: float) -> float | None:
    return None if math.isinf(h) else h


def _unh(h: float | None) -> float:
    return math.inf if h is None else float(h)


def _seeds() -> dict[str, int]:
    """One child seed per fit and per scoring run, from ``SEED`` (``SeedSequence.spawn``)."""
    names = [f"tune-{o}" for o, _ in TUNING] + ["mid", "ucdp", "score-mid", "score-ucdp"]
    names += [f"score-{o}" for o, _ in TUNING]
    kids = np.random.SeedSequence(SEED).spawn(len(names))
    return {n: int(k.generate_state(1)[0]) for n, k in zip(names, kids, strict=True)}


def tuning_brier(fold: dict[str, Any]) -> float:
    """Sum over outcomes of the model's mean Brier score in one fold (what chooses h)."""
    return sum(fold["outcomes"][o]["brier"]["model"] for o in OUTCOMES)


def calibrate_forecast(progress: Any = None) -> dict[str, Any]:
    """Run the whole forecast calibration; ``progress`` (optional) is called with one line per fit."""
    say = progress or (lambda _line: None)
    seeds = _seeds()
    tuning = []
    for h in HALF_LIVES:
        for origin, last in TUNING:
            fitted = fit_origin(origin, h, seed=seeds[f"tune-{origin}"])
            fold = mid_fold(origin, last, fitted["values"], seeds[f"score-{origin}"])
            tuning.append({"half_life": _h(h), "origin": origin, **fitted, "brier_sum": tuning_brier(fold)})
            say(f"h={h:g} origin {origin}: J={fitted['objective']:.2f} brier={tuning_brier(fold):.4f}")
    mean = {
        h: float(np.mean([t["brier_sum"] for t in tuning if _unh(t["half_life"]) == h])) for h in HALF_LIVES
    }
    best = min(HALF_LIVES, key=lambda h: mean[h])
    mid = fit_origin(HELD_OUT_MID[0], best, seed=seeds["mid"])
    say(f"chosen h={best:g}; origin {HELD_OUT_MID[0]}: J={mid['objective']:.2f}")
    end = fit_origin(HELD_OUT_UCDP[0], best, seed=seeds["ucdp"])
    say(f"origin {HELD_OUT_UCDP[0]}: J={end['objective']:.2f}; bootstrap ({N_BOOT} replicates)")
    boot = bootstrap(HELD_OUT_UCDP[0], best, end["values"], seed=seeds["ucdp"])
    return {
        "method": "rolling origin; recency weights w = 0.5^((T - year)/h); simulated method of moments "
        "(flashpoint.validity.recency, flashpoint.validity.rolling)",
        "settings": {
            "half_lives": [_h(h) for h in HALF_LIVES],
            "tuning_folds": [list(f) for f in TUNING],
            "held_out": {"mid": list(HELD_OUT_MID), "ucdp": list(HELD_OUT_UCDP)},
            "window_years": WINDOW,
            "fit_worlds": FIT_WORLDS,
            "fit_evals": FIT_EVALS,
            "worlds_per_dispute": WORLDS_PER_DISPUTE,
            "n_boot": N_BOOT,
            "seed": SEED,
            "pass_rule": f"model mean score <= better naive + {Z_PASS:g} SE of the paired difference",
        },
        "tuning": tuning,
        "mean_brier_by_half_life": {str(_h(h)): round(v, 6) for h, v in mean.items()},
        "half_life": _h(best),
        "origin_mid": {"origin": HELD_OUT_MID[0], **mid},
        "origin": {"origin": HELD_OUT_UCDP[0], **end},
        "bootstrap": boot,
        "onset": onset_rate(HELD_OUT_UCDP[0], best),
        "date": date.today().isoformat(),
    }


def score_folds(cal: dict[str, Any] | None = None) -> dict[str, Any]:
    """Re-score the chosen h's tuning folds and both held-out tests from the cached fitted values."""
    cal = cal or load_forecast_calibration()
    seeds = _seeds()
    h = cal["half_life"]
    last_of = dict(TUNING)
    folds = [
        mid_fold(t["origin"], last_of[t["origin"]], t["values"], seeds[f"score-{t['origin']}"])
        for t in cal["tuning"]
        if t["half_life"] == h
    ]
    mid = mid_fold(HELD_OUT_MID[0], HELD_OUT_MID[1], cal["origin_mid"]["values"], seeds["score-mid"])
    ucdp = ucdp_fold(cal["origin"]["values"], _unh(h), seeds["score-ucdp"])
    return {"half_life": h, "tuning": folds, "mid": mid, "ucdp": ucdp}


def _checks(prefix: str, block: dict[str, Any], status: str, description: str, source: str) -> list[Check]:
    out = []
    for s in SCORES:
        b = block[s]
        se = b["se_diff"]
        out.append(
            Check(
                id=f"{prefix}.{s}",
                kind="forecast",
                expected=b[b["better_naive"]],
                observed=b["model"],
                tolerance=Z_PASS * se,
                se=se,
                n=block["n"],
                sample="out",
                status=status,
                upper_only=True,
                source=source,
                description=f"{description}; mean {s} score, model vs the better naive forecaster "
                f"({b['better_naive'].replace('_', ' ')}: all-history {b['all_history']:.4g}, last-window "
                f"{b['last_window']:.4g}); passes when at most {Z_PASS:g} SE of the paired difference worse",
            )
        )
    return out


def forecast_checks(scored: dict[str, Any] | None = None) -> list[Check]:
    """Checks of the forecast calibration: tuning folds (diagnostic) and the held-out tests (check)."""
    scored = scored or score_folds()
    h = scored["half_life"]
    hl = "inf" if h is None else f"{h:g}"
    out: list[Check] = []
    for fold in scored["tuning"] + [scored["mid"]]:
        lo, hi = fold["test"]
        held = lo == HELD_OUT_MID[0]
        for o in OUTCOMES:
            out += _checks(
                f"forecast.cow_mid.{lo}-{hi}.{o}",
                fold["outcomes"][o],
                "check" if held else "diagnostic",
                f"{o} per dispute starting {lo}-{hi}, model fitted at origin {fold['origin']} (h = {hl} "
                f"years){'' if held else '; a tuning fold (chooses h)'}",
                "COW MID 5.0 (Palmer et al. 2022); dispute_outcomes.csv by scripts/derive_history.py",
            )
    u = scored["ucdp"]
    for kind, status, what in ((2, "check", "interstate"), (4, "diagnostic", "internationalised intrastate")):
        out += _checks(
            f"forecast.ucdp.2015-2024.type{kind}.war",
            u[f"type{kind}"],
            status,
            f"war intensity of {what} (type {kind}) conflict-years 2015-2024, model (P(war | reciprocated "
            f"dispute) = {u['p_model']:.3g}) fitted at origin 2015 (h = {hl} years)"
            + ("" if kind == 2 else "; the engine has no non-state side: reference only"),
            "UCDP/PRIO ACD 25.1 (Davies et al. 2025); ucdp_conflict_years.csv by scripts/derive_history.py",
        )
    return out


GROUP = "calibration-bootstrap"


def scenario_entries(cal: dict[str, Any]) -> dict[str, str]:
    """The default scenario's ``calibration:`` lines from a forecast calibration: each fitted parameter a
    joint empirical distribution over the bootstrap replicates (one ``group``), the onset a value."""
    h, origin = cal["half_life"], cal["origin"]["origin"]
    hl = "inf" if h is None else f"{h:g}"
    entries = {}
    for key in CAL_KEYS:
        fig, label = PRIMARY[key]
        f = cal["origin"]["fit"][fig]
        values = ", ".join(f"{b[key]:g}" for b in cal["bootstrap"])
        source = (
            f"flashpoint forecast calibration: COW MID 5.0 disputes before {origin} weighted "
            f"0.5^(({origin} - year)/h), h = {hl} years chosen on rolling-origin folds ending by 1989; "
            f"simulated method of moments (J = {cal['origin']['objective']:.2f}), point fit "
            f"{cal['origin']['values'][key]:g}; {len(cal['bootstrap'])} bootstrap replicates of the "
            f"disputes, drawn jointly (group {GROUP}); identifies the {label}: model {f['model']:.4g} vs "
            f"observed {f['observed']:.4g} (se {f['se']:.2g}); flashpoint/world/history/{FILE}"
        )
        dist = f"{{kind: empirical, values: [{values}], group: {GROUP}}}"
        entries[key] = f"{{dist: {dist}, source: {json.dumps(source)}}}"
    onset = cal["onset"]
    entries["crisis_onset_per_month"] = (
        f"{{value: {onset['value']:g}, source: "
        + json.dumps(
            f"flashpoint forecast calibration: COW MID 5.0 onsets between Thompson & Dreyer (2012) strategic "
            f"rivals 1816-2010, per rivalry-month, weighted 0.5^(({origin} - year)/h), h = {hl} years "
            f"(se {onset['se']:.2g}); flashpoint/world/history/rivalry_years.csv"
        )
        + "}"
    )
    return entries
