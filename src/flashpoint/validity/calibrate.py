"""Fit the engine's base hazards (``calibration:`` block) to militarised disputes that started 1816-1945.

Method: simulated method of moments. The generic-dispute family (:mod:`flashpoint.validity.dispute`) is run
with common random numbers (one fixed seed for every candidate), and the parameters ``CAL_KEYS`` minimise

    J(theta) = sum_j ((m_j(theta) - o_j) / s_j)^2

over the seven COW MID 5.0 figures of the calibration period (war share, median duration, median duration
of wars, reciprocated share, share with a joiner, P(war | joiner), P(war | none)); o_j is the observed
figure and s_j its sampling standard error (binomial, or the order-statistic interval for medians).
Nelder-Mead on log parameters (logit for the crisis join scale). Only 1816-1945 figures enter J: the
1946-2014 figures are never read here.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.validity.dispute import CAL_KEYS, MID, dispute_figures, simulate_disputes, targets
from flashpoint.world.history import load_figures

PERIOD = "calibration"
START = {
    "escalation_per_month": 0.05,
    "contest_time_unit_days": 1500.0,
    "recip_min_days": 80.0,
    "crisis_join_scale": 0.2,
    "joiner_war_multiplier": 3.0,
    "negotiation_per_month": 0.3,
}
SOURCE = (
    "flashpoint calibration on COW MID 5.0 1816-1945 disputes (simulated method of moments; dyads, "
    "NMC 7.0 CINC and ATOP 5.1 defence pledges as drawn by flashpoint.validity.dispute); "
    "see world/history/calibration.json"
)


def onset_calibration() -> dict[str, Any]:
    """``crisis_onset_per_month`` for a rival dyad at peace: the 1816-1945 rate of MID onsets between
    Thompson-Dreyer strategic rivals (a direct moment; see ``rivalry_onsets`` in the derived figures)."""
    r = load_figures()["rivalry_onsets"]["calibration"]
    return {
        "value": float(f"{r['per_month']:.4g}"),
        "se": r["se"],
        "source": (
            f"flashpoint calibration: COW MID 5.0 onsets between Thompson & Dreyer (2012) "
            f"strategic rivals 1816-1945, {r['onsets']} onsets in {r['rivalry_years']} "
            "rivalry-years "
            f"(se {r['se']:.2g} per month); flashpoint/world/history/mid_figures.json"
        ),
    }


def _to_x(values: dict[str, float]) -> np.ndarray:
    x = []
    for key in CAL_KEYS:
        v = values[key]
        x.append(math.log(v / (1 - v)) if key == "crisis_join_scale" else math.log(v))
    return np.array(x)


def _from_x(x: np.ndarray) -> dict[str, float]:
    out = {}
    for key, xi in zip(CAL_KEYS, x, strict=True):
        out[key] = 1 / (1 + math.exp(-xi)) if key == "crisis_join_scale" else math.exp(xi)
    return out


Targets = dict[str, tuple[float, float]]


def objective(
    values: dict[str, float],
    n_worlds: int,
    seed: int,
    obs: Targets | None = None,
    rows: np.ndarray | None = None,
) -> tuple[float, dict[str, float]]:
    """J(theta) and the model figures for one candidate (same seed for every candidate).

    ``obs`` (figure -> (observed, se)) and ``rows`` (dyad rows drawn) default to the 1816-1945 disputes.
    """
    fig = dispute_figures(simulate_disputes(PERIOD, n_worlds, seed, values, rows=rows))
    obs = obs if obs is not None else targets(PERIOD)
    j = sum(((fig[k] - o) / s) ** 2 for k, (o, s) in obs.items() if math.isfinite(fig[k]))
    return float(j), fig


def fit_values(
    obs: Targets,
    rows: np.ndarray | None,
    *,
    n_worlds: int,
    seed: int,
    max_evals: int,
    start: dict[str, float] | None = None,
    step: float = 0.7,
) -> tuple[dict[str, float], float, dict[str, float]]:
    """Minimise J over ``CAL_KEYS`` by Nelder-Mead from ``start`` (initial simplex ``step`` wide in log
    parameters); return (values rounded to 4 significant digits, J, model figures at those values)."""
    from scipy.optimize import minimize

    best: dict[str, Any] = {"j": math.inf}

    def f(x: np.ndarray) -> float:
        values = _from_x(x)
        j, fig = objective(values, n_worlds, seed, obs, rows)
        if j < best["j"]:
            best.update(j=j, values=values, fig=fig)
        return j

    x0 = _to_x(start or START)
    simplex = np.vstack([x0] + [x0 + step * np.eye(len(x0))[i] for i in range(len(x0))])
    minimize(
        f,
        x0,
        method="Nelder-Mead",
        options={"maxfev": max_evals, "initial_simplex": simplex, "xatol": 0.02, "fatol": 0.05},
    )
    values = {k: float(f"{v:.4g}") for k, v in best["values"].items()}
    j, fig = objective(values, n_worlds, seed, obs, rows)
    return values, j, fig


def fit(
    n_worlds: int = 10_000, seed: int = 1945, max_evals: int = 160, start: dict[str, float] | None = None
) -> dict[str, Any]:
    """Fit ``CAL_KEYS`` on 1816-1945; return values, the fit per figure and the settings used.

    Returns
    -------
    dict
        ``values`` (rounded to 4 significant digits), ``source``, ``objective``, ``fit`` (per figure:
        observed, se, model), ``settings`` and ``date``.
    """
    values, j, fig = fit_values(
        targets(PERIOD), None, n_worlds=n_worlds, seed=seed, max_evals=max_evals, start=start
    )
    obs = targets(PERIOD)
    return {
        "values": values,
        "source": SOURCE,
        "objective": round(j, 4),
        "fit": {
            k: {"observed": o, "se": round(s, 6), "model": round(fig[k], 6)} for k, (o, s) in obs.items()
        },
        "settings": {
            "period": PERIOD,
            "dataset": MID,
            "n_worlds": n_worlds,
            "seed": seed,
            "n_disputes": int(load_figures()["cow_mid"][PERIOD]["war"]["n"]),
            "max_evals": max_evals,
            "method": "Nelder-Mead on log parameters, common random numbers",
        },
        "date": date.today().isoformat(),
        "direct": {"crisis_onset_per_month": onset_calibration()},
    }


PRIMARY = {
    "escalation_per_month": ("p_war", "share of disputes reaching war"),
    "contest_time_unit_days": ("median_days", "median dispute duration (days)"),
    "recip_min_days": ("p_recip", "share reciprocated"),
    "crisis_join_scale": ("p_joiner", "share of disputes with a joiner"),
    "joiner_war_multiplier": ("p_war_joiner", "P(war given a joiner)"),
    "negotiation_per_month": ("median_days_war", "median duration of wars (days)"),
}


def source_line(key: str, result: dict[str, Any]) -> str:
    """The ``source:`` text of one calibrated value: dataset, period, method, fit of its main figure."""
    fig, label = PRIMARY[key]
    fit = result["fit"][fig]
    n = result["settings"].get("n_disputes", "")
    return (
        f"flashpoint calibration on COW MID 5.0 1816-1945{f' ({n} disputes)' if n else ''}, simulated "
        f"method of moments on 7 figures (J = {result['objective']:.2f}); identifies the {label}: model "
        f"{fit['model']:.4g} vs observed {fit['observed']:.4g} (se {fit['se']:.2g}); "
        "flashpoint/world/history/calibration.json"
    )


def write_scenario_calibration(path: Path, result: dict[str, Any]) -> list[str]:
    """Rewrite the ``calibration:`` lines of ``CAL_KEYS`` (and the direct onset) with a 1816-1945 fit."""
    entries = {
        key: f"{{value: {v:g}, source: {json.dumps(source_line(key, result))}}}"
        for key, v in result["values"].items()
    }
    for key, d in result.get("direct", {}).items():
        entries[key] = f"{{value: {d['value']:g}, source: {json.dumps(d['source'])}}}"
    return rewrite_calibration_block(path, entries)


def rewrite_calibration_block(path: Path, entries: dict[str, str]) -> list[str]:
    """Rewrite lines of the top-level ``calibration:`` block of a scenario YAML file, leaving the rest
    untouched: each ``KEY: ...`` line of ``entries`` becomes ``  KEY: TEXT`` (TEXT an inline YAML mapping).

    Returns the keys written; raises ``KeyError`` when a key's line is missing (the block must list it).
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == "calibration:")
    except StopIteration:
        raise KeyError(f"{path}: no top-level calibration: block") from None
    written = []
    for key, text in entries.items():
        for i in range(start + 1, len(lines)):
            if lines[i].strip() and not lines[i].startswith(" "):
                raise KeyError(f"{path}: calibration.{key} not found")
            if lines[i].lstrip().startswith(f"{key}:"):
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines[i] = f"{indent}{key}: {text}\n"
                written.append(key)
                break
    path.write_text("".join(lines), encoding="utf-8")
    return written


def calibration_markdown(result: dict[str, Any]) -> str:
    """Markdown tables of a calibration result: fitted values, then the fit figure by figure.

    ``docs/validation.md`` embeds it between the ``calibration:begin`` and ``calibration:end`` markers.
    """
    values = "| parameter | fitted value | main figure it identifies |\n|---|---:|---|\n" + "".join(
        f"| `calibration.{k}` | {v:.4g} | {PRIMARY[k][1]} |\n" for k, v in result["values"].items()
    )
    fit = "| figure (COW MID 5.0, 1816-1945) | observed | se | model |\n|---|---:|---:|---:|\n" + "".join(
        f"| {k} | {f['observed']:.4g} | {f['se']:.2g} | {f['model']:.4g} |\n"
        for k, f in result["fit"].items()
    )
    s = result["settings"]
    return (
        f"{values}\n{fit}\nObjective J = {result['objective']:.3g} over 7 figures; "
        f"{s['n_worlds']} worlds, seed {s['seed']}, {s['max_evals']} evaluations ({s['method']}).\n"
    )
