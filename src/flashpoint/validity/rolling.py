"""Rolling-origin validation: calibrate on the past, forecast the next period, score against naive rates.

Folds
    ``TUNING`` folds (origin, last test year) all end by 1989: only they choose the half-life h of
    :mod:`flashpoint.validity.recency` (the h with the lowest mean Brier score over their folds and
    outcomes). With h fixed, two held-out tests: (a) origin 1990 -> COW MID 5.0 disputes 1990-2014 and
    (b) origin 2015 -> UCDP/PRIO ACD 25.1 conflict-years 2015-2024.
Forecasts
    (a) Per dispute of the test period and per outcome (war, reciprocated, a joiner): the model's
    probability is the share of simulated worlds with the dispute's inputs (side A's CINC share and the two
    sides' defence pledges, known when it starts) in which the outcome occurs, ``WORLDS_PER_DISPUTE`` worlds
    per dispute on average, parameters fitted at the origin. (b) The engine states interstate war between
    states: for a type 2 (interstate) conflict-year, P(war intensity) is the engine's P(war | the dispute
    is reciprocated) with dyads drawn as at the origin (a UCDP conflict needs both sides to fight; a
    conflict-year is scored as one dispute). Type 4 (internationalised intrastate) conflicts have a
    non-state side the engine does not represent: scored for reference only (``diagnostic``).
Naive forecasters
    The all-history rate (every unit before the origin) and the last-window rate (the ``WINDOW`` years
    before it). Every rate is a Jeffreys estimate (k + 1/2) / (n + 1), the model's too, so no forecast is 0.
Scores and pass rule
    Brier and log scores per unit; SE of the mean paired difference from the better naive forecaster
    (clustered by conflict for UCDP). A held-out check passes when the model's mean score exceeds the better
    naive forecaster's by at most 2 SE (lower is better).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from flashpoint.validity.dispute import simulate_disputes
from flashpoint.validity.recency import draw_rows
from flashpoint.world.history import load_dyads, load_outcomes, load_ucdp

TUNING = ((1900, 1914), (1920, 1934), (1946, 1960), (1960, 1974), (1975, 1989))
HELD_OUT_MID = (1990, 2014)
HELD_OUT_UCDP = (2015, 2024)
WINDOW = 15
OUTCOMES = ("war", "recip", "joiner")
SCORES = ("brier", "log")
WORLDS_PER_DISPUTE = 150
UCDP_WORLDS = 20_000
Z_PASS = 2.0
MID = "COW MID 5.0"
UCDP = "UCDP/PRIO ACD 25.1"


def jeffreys(k: np.ndarray | float, n: np.ndarray | float) -> np.ndarray:
    """(k + 1/2) / (n + 1): a rate that is never 0 or 1."""
    return (np.asarray(k, dtype=np.float64) + 0.5) / (np.asarray(n, dtype=np.float64) + 1.0)


def scores(p: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Per-unit Brier (p - y)^2 and log score -log p(y); shape of ``y``, float64."""
    p = np.broadcast_to(np.asarray(p, dtype=np.float64), y.shape)
    return {"brier": (p - y) ** 2, "log": -np.log(np.where(y == 1, p, 1.0 - p))}


def _se_mean(d: np.ndarray, clusters: np.ndarray | None) -> float:
    n = d.size
    if n < 2:
        return float("nan")
    if clusters is None:
        return float(d.std(ddof=1) / math.sqrt(n))
    _, inv = np.unique(clusters, return_inverse=True)
    g = int(inv.max()) + 1
    sums = np.bincount(inv, weights=d - d.mean(), minlength=g)
    return float(math.sqrt(g / max(g - 1, 1) * (sums**2).sum()) / n)


def compare(
    p_model: np.ndarray, naive: dict[str, float], y: np.ndarray, clusters: np.ndarray | None = None
) -> dict[str, Any]:
    """Mean scores of the model and each naive forecaster, the better naive one per score, the SE of the
    paired difference and ``passed`` (model - better naive <= ``Z_PASS`` SE) per score."""
    per = {"model": scores(p_model, y)} | {name: scores(np.float64(p), y) for name, p in naive.items()}
    out: dict[str, Any] = {"n": int(y.size), "events": int(y.sum()), "p_model_mean": float(np.mean(p_model))}
    out["naive"] = {name: round(float(p), 6) for name, p in naive.items()}
    for s in SCORES:
        means = {name: float(v[s].mean()) for name, v in per.items()}
        best = min(naive, key=lambda name: means[name])
        se = _se_mean(per["model"][s] - per[best][s], clusters)
        out[s] = {
            **{name: round(m, 6) for name, m in means.items()},
            "better_naive": best,
            "se_diff": round(se, 6),
            "passed": bool(means["model"] - means[best] <= Z_PASS * (se if math.isfinite(se) else 0.0)),
        }
    return out


def model_mid_forecasts(values: dict[str, float], rows: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """Per test dispute (``rows`` of the dispute tables), the model's probability of each outcome.

    Worlds draw the test disputes' inputs uniformly; worlds with the same inputs (side A's CINC share,
    defence pledges counted up to the engine's ``N_ALLIES``) are exchangeable, so a dispute's forecast is
    the Jeffreys rate over the worlds that share its inputs. Returns outcome -> shape (len(rows),), float64.
    """
    n_worlds = WORLDS_PER_DISPUTE * rows.size
    res = simulate_disputes("all", n_worlds, seed, values, rows=rows, label="test disputes")
    flags = _world_outcomes(res)
    d = res.draws
    keys_w = np.stack(
        [
            d["actors.A.capability.cinc"].astype(np.float64),
            sum(d[f"alliances.defence_A{k}.commitment"] for k in range(1, 5)),
            sum(d[f"alliances.defence_B{k}.commitment"] for k in range(1, 5)),
        ],
        axis=1,
    )
    dy = load_dyads()
    keys_d = np.stack(
        [
            dy["cap_share_a"][rows].astype(np.float32).astype(np.float64),
            np.minimum(dy["n_def_a"][rows], 4),
            np.minimum(dy["n_def_b"][rows], 4),
        ],
        axis=1,
    )
    uniq, inv_w = np.unique(keys_w, axis=0, return_inverse=True)
    inv_w = inv_w.ravel()
    n_key = np.bincount(inv_w, minlength=len(uniq))
    where = {tuple(k): i for i, k in enumerate(uniq)}
    idx = np.array([where.get(tuple(k), -1) for k in keys_d])
    out = {}
    for name, f in flags.items():
        k_key = np.bincount(inv_w, weights=f, minlength=len(uniq))
        overall = jeffreys(f.sum(), f.size)
        safe = np.maximum(idx, 0)
        out[name] = np.where(idx >= 0, jeffreys(k_key[safe], n_key[safe]), overall)
    return out


def _world_outcomes(res: Any) -> dict[str, np.ndarray]:
    """Per world: war, reciprocated, joiner of the first dispute (as in ``dispute.dispute_figures``)."""
    days = res.theatre_field("duration_days", "dispute")
    ended = ~np.isnan(days)
    first = res.theatre_field("first_max_rung", "dispute")
    war = np.where(ended, first, res.theatre_field("max_rung", "dispute")) >= 2
    recip = res.theatre_field("reciprocated", "dispute") | ~ended
    joiner = res.theatre_field("n_joiners", "dispute") > 0
    return {
        "war": war.astype(np.float64),
        "recip": recip.astype(np.float64),
        "joiner": joiner.astype(np.float64),
    }


def naive_mid(origin: int, outcome: str) -> dict[str, float]:
    """All-history and last-window (``WINDOW`` years) rates of ``outcome`` of disputes before ``origin``."""
    out = load_outcomes()
    y, years = out[outcome], out["styear"]
    past = years < origin
    last = past & (years >= origin - WINDOW)
    return {
        "all_history": float(jeffreys(y[past].sum(), past.sum())),
        "last_window": float(jeffreys(y[last].sum(), last.sum())),
    }


def mid_fold(origin: int, last: int, values: dict[str, float], seed: int) -> dict[str, Any]:
    """Score the model fitted at ``origin`` on the MID disputes starting ``origin``-``last``."""
    out = load_outcomes()
    rows = np.flatnonzero((out["styear"] >= origin) & (out["styear"] <= last))
    p = model_mid_forecasts(values, rows, seed)
    return {
        "origin": origin,
        "test": [origin, last],
        "dataset": MID,
        "outcomes": {
            o: compare(p[o], naive_mid(origin, o), out[o][rows].astype(np.float64)) for o in OUTCOMES
        },
    }


def model_ucdp_war(values: dict[str, float], origin: int, half_life: float, seed: int) -> float:
    """The engine's P(war | reciprocated dispute) with dyads drawn as at ``origin`` (Jeffreys rate)."""
    rng = np.random.default_rng(seed)
    rows = draw_rows(origin, half_life, rng)
    res = simulate_disputes("all", UCDP_WORLDS, rng, values, rows=rows, label=f"disputes before {origin}")
    f = _world_outcomes(res)
    recip = f["recip"] == 1
    return float(jeffreys(f["war"][recip].sum(), recip.sum()))


def ucdp_fold(values: dict[str, float], half_life: float, seed: int) -> dict[str, Any]:
    """Score the engine's statement on UCDP type 2 (check) and type 4 (reference) conflict-years 2015-2024."""
    origin, last = HELD_OUT_UCDP
    u = load_ucdp()
    p = model_ucdp_war(values, origin, half_life, seed)
    result: dict[str, Any] = {"origin": origin, "test": [origin, last], "dataset": UCDP, "p_model": p}
    for kind in (2, 4):
        test = (u["type"] == kind) & (u["year"] >= origin) & (u["year"] <= last)
        past = (u["type"] == kind) & (u["year"] < origin)
        window = past & (u["year"] >= origin - WINDOW)
        naive = {
            "all_history": float(jeffreys(u["war"][past].sum(), past.sum())),
            "last_window": float(jeffreys(u["war"][window].sum(), window.sum())),
        }
        y = u["war"][test].astype(np.float64)
        result[f"type{kind}"] = compare(np.full(y.size, p), naive, y, clusters=u["conflict_id"][test])
    return result
