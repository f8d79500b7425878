"""Calibration for forecasting: the dispute parameters fitted at an origin year with recency weights.

Method
    A forecaster at origin T knows the disputes that started before T. Each gets the weight
    w = 0.5^((T - year) / h): a dispute h years older counts half as much (h = inf: all count alike). The
    weighted COW MID 5.0 figures (war share, median durations, reciprocation, joiners, war with and without
    a joiner) are the targets of the simulated method of moments of :mod:`flashpoint.validity.calibrate`,
    and the generic disputes draw their dyads from the same disputes in proportion to w. Standard errors use
    Kish's effective sample size n_eff = (sum w)^2 / sum w^2. The onset hazard of a rival dyad is the
    weighted rate of MID onsets per rivalry-month (Thompson & Dreyer 2012 rivalries).
Sampling uncertainty
    :func:`bootstrap` resamples the origin's disputes with replacement, recomputes the weighted targets and
    refits from the point estimate: each replicate is one joint draw of ``CAL_KEYS``. The default scenario
    carries the replicates as a joint empirical distribution (one ``group``), so its forecasts' intervals
    over the assumptions include the fit's sampling error.
Sizes
    ``FIT_WORLDS`` worlds and ``FIT_EVALS`` evaluations per fit keep a whole rolling-origin calibration
    (25 tuning fits, 2 held-out fits, ``N_BOOT`` replicates) to a few minutes on one core.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from flashpoint.validity.calibrate import START, Targets, fit_values
from flashpoint.world.history import load_outcomes, load_rivalry_years

FIT_WORLDS = 4_000
FIT_EVALS = 70
BOOT_EVALS = 50
BOOT_STEP = 0.2
N_BOOT = 12
TRAIN_DRAWS = 4_000
Z95 = 1.959963984540054


def recency_weights(years: np.ndarray, origin: int, half_life: float) -> np.ndarray:
    """w = 0.5^((origin - year) / half_life), shape of ``years``, float64 (ones when half_life is inf)."""
    age = origin - np.asarray(years, dtype=np.float64)
    if math.isinf(half_life):
        return np.ones_like(age)
    return 0.5 ** (age / half_life)


def n_effective(w: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2 (0 for no weight)."""
    s2 = float((w**2).sum())
    return float(w.sum()) ** 2 / s2 if s2 > 0 else 0.0


def weighted_share(flags: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted share of ``flags`` and its binomial SE at n_eff (at least that of one event in n_eff)."""
    if w.sum() <= 0:
        return float("nan"), float("nan")
    p = float((w * flags).sum() / w.sum())
    n = n_effective(w)
    return p, math.sqrt(max(p * (1 - p), 1.0 / n) / n)


def _wquantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order]) / w.sum()
    return float(x[order][min(int(np.searchsorted(cw, q)), x.size - 1)])


def weighted_median(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted median and its SE from the distribution-free 95% interval at n_eff (width / 3.92)."""
    n = n_effective(w)
    half = Z95 * 0.5 / math.sqrt(n)
    lo, hi = _wquantile(x, w, max(0.5 - half, 0.0)), _wquantile(x, w, min(0.5 + half, 1.0))
    return _wquantile(x, w, 0.5), max((hi - lo) / 3.92, 0.5)


def training_rows(origin: int) -> np.ndarray:
    """Rows of the dispute tables that started before ``origin``: shape (n,), int64."""
    return np.flatnonzero(load_outcomes()["styear"] < origin)


def weighted_targets(origin: int, half_life: float, rows: np.ndarray | None = None) -> Targets:
    """The seven calibration figures of the disputes in ``rows`` (default: all before ``origin``), weighted
    by recency; figure -> (value, se)."""
    out = load_outcomes()
    rows = training_rows(origin) if rows is None else rows
    w = recency_weights(out["styear"][rows], origin, half_life)
    war, joiner = out["war"][rows], out["joiner"][rows].astype(bool)
    days = out["maxdur"][rows].astype(np.float64)
    return {
        "p_war": weighted_share(war, w),
        "median_days": weighted_median(days, w),
        "median_days_war": weighted_median(days[war == 1], w[war == 1]),
        "p_recip": weighted_share(out["recip"][rows], w),
        "p_joiner": weighted_share(joiner, w),
        "p_war_joiner": weighted_share(war[joiner], w[joiner]),
        "p_war_no_joiner": weighted_share(war[~joiner], w[~joiner]),
    }


def draw_rows(
    origin: int, half_life: float, rng: np.random.Generator, rows: np.ndarray | None = None
) -> np.ndarray:
    """``TRAIN_DRAWS`` dyad rows drawn from ``rows`` (default: before ``origin``) with probability
    proportional to their recency weight; shape (TRAIN_DRAWS,), int64, sorted."""
    rows = training_rows(origin) if rows is None else rows
    w = recency_weights(load_outcomes()["styear"][rows], origin, half_life)
    return np.sort(rng.choice(rows, size=TRAIN_DRAWS, replace=True, p=w / w.sum()))


def onset_rate(origin: int, half_life: float) -> dict[str, float]:
    """Recency-weighted MID onsets per rivalry-month before ``origin`` (Poisson SE at the weighted counts)."""
    r = load_rivalry_years()
    keep = r["year"] < origin
    w = recency_weights(r["year"][keep], origin, half_life)
    months = 12.0 * float((w * r["rivalries"][keep]).sum())
    k = float((w * r["onsets"][keep]).sum())
    k2 = float((w**2 * r["onsets"][keep]).sum())
    return {"value": float(f"{k / months:.4g}"), "se": round(math.sqrt(k2) / months, 8)}


def fit_origin(
    origin: int,
    half_life: float,
    *,
    seed: int,
    rows: np.ndarray | None = None,
    start: dict[str, float] | None = None,
    max_evals: int = FIT_EVALS,
    step: float = 0.7,
) -> dict[str, Any]:
    """Fit ``CAL_KEYS`` at ``origin`` with half-life ``half_life`` (years).

    Returns
    -------
    dict
        ``values`` (4 significant digits), ``objective`` (J) and ``fit`` (figure -> observed, se, model).
    """
    rng = np.random.default_rng(seed)
    obs = weighted_targets(origin, half_life, rows)
    drawn = draw_rows(origin, half_life, rng, rows)
    values, j, fig = fit_values(
        obs, drawn, n_worlds=FIT_WORLDS, seed=seed, max_evals=max_evals, start=start or START, step=step
    )
    return {
        "values": values,
        "objective": round(j, 4),
        "fit": {
            k: {"observed": round(o, 6), "se": round(s, 6), "model": round(fig[k], 6)}
            for k, (o, s) in obs.items()
        },
    }


def bootstrap(
    origin: int, half_life: float, point: dict[str, float], *, seed: int, n_boot: int = N_BOOT
) -> list[dict[str, float]]:
    """``n_boot`` joint parameter draws: each refits on the origin's disputes resampled with replacement,
    locally (from ``point``, a simplex ``BOOT_STEP`` wide, ``BOOT_EVALS`` evaluations) and with the point
    fit's ``seed`` (common random numbers: only the data vary between replicates)."""
    base = training_rows(origin)
    draws = []
    for child in np.random.SeedSequence(seed).spawn(n_boot):
        rows = np.sort(np.random.default_rng(child).choice(base, size=base.size, replace=True))
        fitted = fit_origin(
            origin, half_life, seed=seed, rows=rows, start=point, max_evals=BOOT_EVALS, step=BOOT_STEP
        )
        draws.append(fitted["values"])
    return draws
