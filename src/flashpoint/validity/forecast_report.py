"""Markdown of the forecast calibration for ``docs/validation.md``: every fold, the held-out tests, and the
default scenario's forecasts under the new calibration beside those under the 1816-1945 one.

Each function returns the text of one generated block (``folds``, ``heldout``, ``forecasts``);
:func:`flashpoint.validity.validate.write_docs` writes them and ``tests/validity/test_validation_doc.py``
compares them with a fresh run.
"""

from __future__ import annotations

from typing import Any

from flashpoint.validity.forecast import HALF_LIVES, score_folds
from flashpoint.validity.rolling import OUTCOMES, TUNING
from flashpoint.world.history import load_forecast_calibration

FORECAST_WORLDS = 20_000
FORECAST_SEED = 0


def _hl(h: float | None) -> str:
    return "inf" if h is None or h == float("inf") else f"{h:g}"


def folds_markdown(cal: dict[str, Any] | None = None) -> str:
    """Half-life choice: the model's summed mean Brier score (war + reciprocated + joiner) per tuning fold
    and half-life, their mean, and the chosen h; then the fitted values at each origin for the chosen h."""
    cal = cal or load_forecast_calibration()
    by = {(t["half_life"], t["origin"]): t for t in cal["tuning"]}
    hs = [None if h == float("inf") else h for h in HALF_LIVES]
    head = "| h (years) | " + " | ".join(f"origin {o} -> {o}-{last}" for o, last in TUNING) + " | mean |\n"
    text = head + "|---:|" + "---:|" * (len(TUNING) + 1) + "\n"
    for h in hs:
        cells = [f"{by[(h, o)]['brier_sum']:.4f}" for o, _ in TUNING]
        mean = cal["mean_brier_by_half_life"][str(h)]
        mark = " (chosen)" if h == cal["half_life"] else ""
        text += f"| {_hl(h)}{mark} | " + " | ".join(cells) + f" | {mean:.4f} |\n"
    keys = list(cal["origin"]["values"])
    text += (
        f"\nFitted values with h = {_hl(cal['half_life'])} (J: the fit's objective over 7 figures)\n\n"
        "| origin | "
        + " | ".join(f"`{k}`" for k in keys)
        + " | J |\n|---:|"
        + "---:|" * (len(keys) + 1)
        + "\n"
    )
    rows = [by[(cal["half_life"], o)] | {"origin": o} for o, _ in TUNING]
    rows += [cal["origin_mid"], cal["origin"]]
    for r in rows:
        text += f"| {r['origin']} | " + " | ".join(f"{r['values'][k]:.4g}" for k in keys)
        text += f" | {r['objective']:.2f} |\n"
    return text


def _score_rows(label: str, block: dict[str, Any], required: bool) -> str:
    rows = ""
    for s in ("brier", "log"):
        b = block[s]
        verdict = "pass" if b["passed"] else ("**FAIL**" if required else "outside")
        rows += (
            f"| {label} | {block['n']} ({block['events']}) | {s} | {b['model']:.4f} | "
            f"{b['all_history']:.4f} | {b['last_window']:.4f} | {b['se_diff']:.4f} | {verdict} |\n"
        )
    return rows


def heldout_markdown(scored: dict[str, Any] | None = None) -> str:
    """Every fold of the chosen h (tuning folds, then the held-out tests) with both naive forecasters."""
    scored = scored or score_folds()
    head = (
        "| fold / outcome | units (events) | score | model | all-history | last-window | SE of difference "
        "| result |\n|---|---:|---|---:|---:|---:|---:|---|\n"
    )
    text = f"**Tuning folds** (h = {_hl(scored['half_life'])}; diagnostics: they chose h)\n\n{head}"
    for fold in scored["tuning"]:
        lo, hi = fold["test"]
        for o in OUTCOMES:
            text += _score_rows(f"origin {fold['origin']} -> MID {lo}-{hi}: {o}", fold["outcomes"][o], False)
    mid, ucdp = scored["mid"], scored["ucdp"]
    text += "\n**Held out (checks)**\n\n" + head
    for o in OUTCOMES:
        text += _score_rows(f"origin 1990 -> MID 1990-2014: {o}", mid["outcomes"][o], True)
    text += _score_rows(
        "origin 2015 -> UCDP 2015-2024: interstate (type 2) war intensity", ucdp["type2"], True
    )
    text += "\n**Reference only (diagnostic)**\n\n" + head
    text += _score_rows(
        "origin 2015 -> UCDP 2015-2024: internationalised intrastate (type 4) war intensity",
        ucdp["type4"],
        False,
    )
    text += (
        f"\nThe engine's UCDP statement, P(war | reciprocated dispute) at origin 2015, is "
        f"{ucdp['p_model']:.4f}; the naive rates for type 2 are {ucdp['type2']['naive']['all_history']:.4f} "
        f"(all history) and {ucdp['type2']['naive']['last_window']:.4f} (last window).\n"
    )
    return text


def forecasts_markdown(cal: dict[str, Any] | None = None) -> str:
    """The default scenario's forecasts under the shipped forecast calibration and under the 1816-1945 one
    (same seed and worlds; the old values set with overrides)."""
    from flashpoint.sim.engine import simulate
    from flashpoint.validity.dispute import CAL_KEYS, load_calibration
    from flashpoint.world.catalog import DEFAULT_SCENARIO, load_scenario
    from flashpoint.world.overrides import apply_overrides

    cal = cal or load_forecast_calibration()
    new = load_scenario(DEFAULT_SCENARIO)
    old_cal = load_calibration()
    overrides = {f"calibration.{k}": old_cal["values"][k] for k in CAL_KEYS}
    overrides["calibration.crisis_onset_per_month"] = old_cal["direct"]["crisis_onset_per_month"]["value"]
    old = apply_overrides(new, overrides)
    months = max(q.horizon_months for q in new.questions.values())
    runs = {
        name: simulate(sc, FORECAST_WORLDS, months, FORECAST_SEED)
        for name, sc in (("old", old), ("new", new))
    }
    spread = replicate_spread(runs["new"], CAL_KEYS)
    text = (
        f"| question | 1816-1945 calibration | forecast calibration (origin {cal['origin']['origin']}, "
        f"h = {_hl(cal['half_life'])}) | change | over bootstrap replicates (min - max) |\n"
        "|---|---:|---:|---:|---:|\n"
    )
    for qid in new.questions:
        p_old, p_new = runs["old"].probability(qid), runs["new"].probability(qid)
        lo, hi = spread[qid]
        text += f"| `{qid}` | {p_old:.3f} | {p_new:.3f} | {p_new - p_old:+.3f} | {lo:.3f} - {hi:.3f} |\n"
    return text + (
        f"\n{FORECAST_WORLDS:,} worlds, seed {FORECAST_SEED}, `{DEFAULT_SCENARIO}`; the old column sets the "
        "1816-1945 values (`calibration.json`) with overrides. The last column is the probability among the "
        f"worlds that drew each bootstrap replicate (about {FORECAST_WORLDS // len(cal['bootstrap']):,} "
        "worlds each, so it includes Monte Carlo error): the fit's sampling error as forecasts carry it.\n"
    )


def replicate_spread(res: Any, keys: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Per question, the lowest and highest probability over the worlds' calibration replicates (worlds
    that drew the same values of ``calibration.KEY`` for every key in ``keys``)."""
    import numpy as np

    draws = np.stack([res.draws[f"calibration.{k}"] for k in keys], axis=1)
    _, rep = np.unique(draws, axis=0, return_inverse=True)
    rep = rep.ravel()
    n = np.bincount(rep)
    out = {}
    for j, qid in enumerate(res.questions):
        p = np.bincount(rep, weights=res.yes[:, j]) / n
        out[qid] = (float(p.min()), float(p.max()))
    return out
