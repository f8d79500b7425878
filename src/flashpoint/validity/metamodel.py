"""A fitted model of P(yes | parameters) from one engine run, for Sobol indices of rare and common questions.

Why: estimating Sobol indices by brute force needs each design row's probability, and for questions with
probabilities of 1% or less the binomial noise of a row swamps the signal at any affordable number of
worlds. Instead, one plain run draws every uncertain parameter per world as the scenario says; each world's
parameters are mapped to quantiles u in [0, 1] (the distribution's CDF), and an additive logistic model

    logit P(yes | u) = b0 + sum_i sum_k b_ik h_k(u_i)

is fitted by penalised iteratively reweighted least squares (hat-function bases h_k on ``KNOTS`` knots per
input, ridge ``RIDGE``). Sobol indices are then those of this fitted function, computed with SALib on a
Saltelli/Sobol' sample (cheap: no engine). Interactions enter only through the logistic link, so ST - S1
understates interactions the engine has; the deviance explained says how much of the world-to-world
variation the parameters account for. ``ST_conf`` combines SALib's bootstrap interval with the spread of
the indices over parameter draws from the fit's asymptotic covariance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats
from scipy.special import expit

from flashpoint.world.distributions import (
    Beta,
    Empirical,
    LogNormal,
    Normal,
    Triangular,
    TruncNormal,
    Uniform,
)

KNOTS = 5
RIDGE = 1.0
ITERATIONS = 30
TOL = 1e-5
CHUNK = 65_536
N_COEF_DRAWS = 16
MAX_FIT_ROWS = 16_000  # per class: the fit uses every world up to this many YES and this many NO worlds


def cdf(dist: Any, x: np.ndarray) -> np.ndarray:
    """Quantile u = F(x) of values ``x`` under a scenario distribution (mid-rank for ``empirical``)."""
    x = np.asarray(x, dtype=np.float64)
    if isinstance(dist, Uniform):
        out = (x - dist.low) / max(dist.high - dist.low, 1e-300)
    elif isinstance(dist, Normal):
        out = stats.norm.cdf(x, dist.mean_, dist.sd)
    elif isinstance(dist, TruncNormal):
        a, b = (dist.low - dist.mean_) / dist.sd, (dist.high - dist.mean_) / dist.sd
        out = stats.truncnorm.cdf(x, a, b, loc=dist.mean_, scale=dist.sd)
    elif isinstance(dist, Beta):
        out = stats.beta.cdf((x - dist.low) / (dist.high - dist.low), dist.a, dist.b)
    elif isinstance(dist, Triangular):
        width = dist.high - dist.low
        out = stats.triang.cdf(x, (dist.mode - dist.low) / width, loc=dist.low, scale=width)
    elif isinstance(dist, LogNormal):
        out = stats.norm.cdf(np.log(np.maximum(x, 1e-300) / dist.median) / dist.sigma)
    elif isinstance(dist, Empirical):
        values = np.sort(np.asarray(dist.values, dtype=np.float32).astype(np.float64))
        lo = np.searchsorted(values, x, "left")
        hi = np.searchsorted(values, x, "right")
        out = (lo + hi) / (2.0 * len(values))
    else:
        raise TypeError(f"no CDF for {dist!r}")
    return np.clip(out, 0.0, 1.0)


def world_quantiles(inputs: list[dict[str, Any]], draws: dict[str, np.ndarray]) -> np.ndarray:
    """Each world's inputs as quantiles: ndarray of shape (n_worlds, n_inputs), float64.

    A grouped empirical input's quantile is (row + 0.5) / n_rows of the row the world drew.
    """
    cols = []
    for inp in inputs:
        if inp["name"].startswith("group:"):
            mat = np.stack([np.asarray(d.values, np.float32) for d in inp["dists"]], axis=1)
            lookup = {row.tobytes(): i for i, row in enumerate(mat)}
            drawn = np.stack([draws[p] for p in inp["paths"]], axis=1).astype(np.float32)
            idx = np.array([lookup[row.tobytes()] for row in drawn], dtype=np.float64)
            cols.append((idx + 0.5) / len(mat))
        else:
            cols.append(cdf(inp["dists"][0], draws[inp["paths"][0]]))
    return np.stack(cols, axis=1)


def basis(u: np.ndarray) -> np.ndarray:
    """Design matrix [1, h_1(u_1) .. h_{K-1}(u_1), .., h_{K-1}(u_D)]: shape (n, 1 + D (K - 1)), float64."""
    n, d = u.shape
    knots = np.linspace(0.0, 1.0, KNOTS)
    h = np.maximum(0.0, 1.0 - np.abs(u[:, :, None] - knots[None, None, 1:]) * (KNOTS - 1))
    return np.concatenate([np.ones((n, 1)), h.reshape(n, d * (KNOTS - 1))], axis=1)


def fit(u: np.ndarray, y: np.ndarray, rng: np.random.Generator | None = None) -> dict[str, Any]:
    """Penalised IRLS for the additive logit; returns coefficients, covariance and fit statistics.

    At most ``MAX_FIT_ROWS`` worlds of each outcome enter the fit (all of the rarer one in practice); with
    case-control sampling the slopes are unbiased and the intercept is corrected by log(f_yes / f_no), the
    ratio of the sampling fractions (Prentice & Pyke 1979).
    """
    rng = rng or np.random.default_rng(0)
    yes, no = np.nonzero(y > 0.5)[0], np.nonzero(y <= 0.5)[0]
    take_yes = yes if len(yes) <= MAX_FIT_ROWS else rng.choice(yes, MAX_FIT_ROWS, replace=False)
    take_no = no if len(no) <= MAX_FIT_ROWS else rng.choice(no, MAX_FIT_ROWS, replace=False)
    rows = np.sort(np.concatenate([take_yes, take_no]))
    offset = np.log(len(take_yes) / len(yes)) - np.log(len(take_no) / len(no))
    x, ys = basis(u[rows]), y[rows]
    n = len(ys)
    p0 = float(np.clip(ys.mean(), 0.5 / n, 1 - 0.5 / n))
    k = x.shape[1]
    beta = np.zeros(k)
    beta[0] = np.log(p0 / (1 - p0))
    penalty = RIDGE * np.eye(k)
    penalty[0, 0] = 0.0
    hess = np.eye(k)
    for _ in range(ITERATIONS):
        p = expit(x @ beta)
        hess = penalty + (x * (p * (1 - p))[:, None]).T @ x
        step = np.linalg.solve(hess, x.T @ (ys - p) - penalty @ beta)
        beta += step
        if np.max(np.abs(step)) < TOL:
            break
    p = np.clip(expit(x @ beta), 1e-12, 1 - 1e-12)
    loglik = float(np.sum(ys * np.log(p) + (1 - ys) * np.log(1 - p)))
    null = n * (p0 * np.log(p0) + (1 - p0) * np.log(1 - p0))
    beta[0] -= offset
    explained = 1.0 - loglik / null if null else 0.0
    return {"beta": beta, "cov": np.linalg.inv(hess), "deviance_explained": explained, "rows": n}


def predict(beta: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Fitted P(yes | u): shape (n,), float64."""
    return np.concatenate([expit(basis(u[s : s + CHUNK]) @ beta) for s in range(0, len(u), CHUNK)])


def _point_indices(y: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """S1 (Saltelli 2010) and ST (Jansen) from outputs in SALib's layout [A, AB_1..AB_d, B] per base row."""
    blocks = y.reshape(-1, d + 2)
    a, b, ab = blocks[:, 0], blocks[:, -1], blocks[:, 1:-1]
    var = np.var(np.concatenate([a, b]))
    if var <= 0:
        return np.zeros(d), np.zeros(d)
    s1 = np.mean(b[:, None] * (ab - a[:, None]), axis=0) / var
    st = 0.5 * np.mean((a[:, None] - ab) ** 2, axis=0) / var
    return s1, st


def sobol_of_fit(
    model: dict[str, Any],
    problem: dict[str, Any],
    u_design: np.ndarray,
    seed: int,
    x_design: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """S1, ST and their 95% half-widths for the fitted function (SALib, plus coefficient uncertainty).

    ``x_design`` is ``basis(u_design)`` when the caller has it already (it is the same for every question).
    """
    from SALib.analyze import sobol as sobol_analyze

    x_design = basis(u_design) if x_design is None else x_design
    main = sobol_analyze.analyze(
        problem,
        expit(x_design @ model["beta"]),
        calc_second_order=False,
        num_resamples=100,
        conf_level=0.95,
        print_to_console=False,
        seed=seed,
    )
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(model["beta"], model["cov"], size=N_COEF_DRAWS, method="cholesky")
    d = problem["num_vars"]
    boot = [_point_indices(expit(x_design @ b), d) for b in draws]
    sd_s1 = np.std([b[0] for b in boot], axis=0)
    sd_st = np.std([b[1] for b in boot], axis=0)
    return {
        "S1": np.asarray(main["S1"]),
        "ST": np.asarray(main["ST"]),
        "S1_conf": np.hypot(main["S1_conf"], 1.96 * sd_s1),
        "ST_conf": np.hypot(main["ST_conf"], 1.96 * sd_st),
    }
