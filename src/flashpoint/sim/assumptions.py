"""How much each forecast owes to the scenario's assumptions: the spread of P(yes) across assumption draws.

A run's probability averages over two kinds of uncertainty: the events of each world (Monte Carlo, the
``ci90`` interval shrinks with more worlds) and the scenario's uncertain parameters (ranged assumptions,
empirical parameters, calibration draws: every parameter with a ``dist``). This module measures the second.

Design (nested Monte Carlo): ``N_DRAWS`` joint draws theta_g of every uncertain parameter, each from the
scenario's own distribution (empirical parameters that share a ``group`` stay together); the scenario is
rebuilt with every uncertain parameter as one grouped ``empirical`` distribution over these draws, so each
world of one engine run picks a whole draw g. Per question, k_g YES worlds out of m_g give p_g = k_g / m_g.

Estimator (beta-binomial method of moments): p_d = sum k / sum m; the between-draw variance of
P(yes | theta) is V = max(0, S^2 - mean_g[p_g (1 - p_g) / (m_g - 1)]), S^2 the variance of the p_g (the
binomial noise of each p_g removed); ``assumption_share`` = V / (p_d (1 - p_d)) (below 1): the part of the
variance of a world's answer owed to the uncertain parameters (the total Sobol index of all of them
together). ``assumption_ci90`` is the 5% and 95% quantiles of the beta distribution with the main run's mean
p and variance share x p (1 - p) (a point when the share is 0). When the share nears 1, P(yes | theta) is
nearly 0 or 1 in each draw and the interval may be one end (for example [1, 1] when p > 0.95).

Calibration uncertainty enters the same way: a fitted parameter written as a ranged or ``empirical``
(bootstrap) distribution is one more uncertain parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from flashpoint.sim.reduce import Block, Gather, Reduction
from flashpoint.sim.schedule import Run, resolve
from flashpoint.world.catalog import iter_params
from flashpoint.world.distributions import Empirical, sample
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.params import Param
from flashpoint.world.scenario import Scenario

N_DRAWS = 200  # joint assumption draws
WORLDS_PER_DRAW = 100  # worlds per draw on average
GROUP = "__assumption__"
#: Worlds per block of the design run: its 20,000 worlds are two blocks, so that beside a run's
#: ``engine.BLOCK_WORLDS``-sized blocks they keep both cores of a 2-core machine equally busy.
DESIGN_BLOCK_WORLDS = 10_000


def design(sc: Scenario, n_draws: int, rng: np.random.Generator) -> tuple[Scenario, list[str], np.ndarray]:
    """The scenario whose uncertain parameters draw one of ``n_draws`` joint draws per world.

    Returns the scenario, the uncertain parameter paths and the draws as float32 of shape
    (n_draws, n_paths) (the rows the worlds pick from).
    """
    paths, columns, groups = [], [], {}
    for path, p in iter_params(sc):
        if not (isinstance(p, Param) and p.uncertain):
            continue
        keep_group = isinstance(p.dist, Empirical) and p.dist.group is not None
        columns.append(sample(p.dist, rng, n_draws, group_index=groups if keep_group else None))
        paths.append(path)
    matrix = np.stack(columns, axis=1) if columns else np.zeros((n_draws, 0), np.float32)
    overrides = {
        path: {"kind": "empirical", "values": matrix[:, j].astype(float).tolist(), "group": GROUP}
        for j, path in enumerate(paths)
    }
    return apply_overrides(sc, overrides, check_each=False), paths, matrix


def draw_of_world(draws: dict[str, np.ndarray], paths: list[str], matrix: np.ndarray) -> np.ndarray:
    """Index of the joint draw each world picked, matched on its float32 parameter values."""
    lookup: dict[bytes, int] = {}
    for g, row in enumerate(np.asarray(matrix, np.float32)):
        lookup.setdefault(row.tobytes(), g)
    drawn = np.stack([draws[p] for p in paths], axis=1).astype(np.float32)
    return np.array([lookup[row.tobytes()] for row in drawn], dtype=np.int64)


def beta_ppf(q: np.ndarray, a: float, b: float) -> np.ndarray:
    """``scipy.stats.beta.ppf(q, a, b)`` for 0 < q < 1 and a, b > 0: the function it calls, without importing
    scipy.stats (half a second of a run's start-up); scipy.stats where scipy lacks it."""
    try:
        from scipy.special._ufuncs import _beta_ppf
    except ImportError:  # pragma: no cover - another scipy
        from scipy.stats import beta

        return beta.ppf(q, a, b)
    return _beta_ppf(q, a, b)


def spread(k: np.ndarray, m: np.ndarray, p: float | None = None) -> dict[str, Any]:
    """The assumption interval and share from YES counts ``k`` in ``m`` worlds per draw (draws with m >= 2);
    the interval's beta is centred on ``p`` (the main run's probability) when given, else on sum k / sum m.

    Returns ``{"assumption_ci90": [lo, hi], "assumption_share": float, "assumption_draws": int}``.
    """

    keep = m >= 2
    k, m = k[keep].astype(np.float64), m[keep].astype(np.float64)
    p_design = float(k.sum() / m.sum()) if m.sum() else float("nan")
    p = p_design if p is None else float(p)
    if len(m) < 2 or not (math.isfinite(p) and math.isfinite(p_design)):
        return {"assumption_ci90": [float("nan"), float("nan")], "assumption_share": float("nan")}
    pg = k / m
    noise = float(np.mean(pg * (1 - pg) / (m - 1)))
    between = max(0.0, float(pg.var(ddof=1)) - noise)
    total = p_design * (1 - p_design)
    # the share is measured on the design run; the beta is centred on p with variance share x p (1 - p)
    share = min(between / total, 1.0 - 1e-6) if total > 0 else 0.0
    if share <= 0 or p <= 0 or p >= 1:
        lo = hi = p
    else:
        conc = 1.0 / share - 1.0  # a + b of the beta with mean p and variance share x p (1 - p)
        lo, hi = (float(x) for x in beta_ppf(np.array([0.05, 0.95]), p * conc, (1 - p) * conc))
    return {
        "assumption_ci90": [round(lo, 6), round(hi, 6)],
        "assumption_share": round(share, 6),
        "assumption_draws": int(len(m)),
    }


class DesignWorlds(Reduction):
    """What the design run keeps of each world: its answers (``yes``) and its parameter draws (``draw:``)."""

    def partial(self, block: Block) -> Block:
        return {k: v for k, v in block.items() if k == "yes" or k.startswith("draw:")}

    def combine(self, partials: list[Block]) -> Block:
        return Gather().combine(partials)


@dataclass
class Design:
    """The design run of :func:`assumption_spread`, planned: its blocks (``run``), the uncertain parameter
    paths and the joint draws matrix (n_draws, n_paths) the worlds pick rows of."""

    run: Run
    paths: list[str]
    matrix: np.ndarray
    questions: list[str]
    n_draws: int


def plan_design(
    sc: Scenario,
    n_months: int,
    rng: np.random.Generator,
    *,
    n_draws: int = N_DRAWS,
    worlds_per_draw: int = WORLDS_PER_DRAW,
) -> Design:
    """Draw the assumptions and plan the design run's blocks (run them with ``engine.execute``, for example in
    the same pool as a main run); :func:`spread_of` turns its result into the spread."""
    from flashpoint.sim.engine import plan_worlds

    design_sc, paths, matrix = design(sc, n_draws, rng)
    planned = plan_worlds(
        design_sc, n_draws * worlds_per_draw, n_months, rng, DesignWorlds(), block_worlds=DESIGN_BLOCK_WORLDS
    )
    return Design(planned, paths, matrix, list(sc.questions), n_draws)


def spread_of(
    plan: Design, worlds: Block, centre: dict[str, float] | None = None
) -> dict[str, dict[str, Any]]:
    """Per question, the spread (:func:`spread`) from the design run's kept worlds (:class:`DesignWorlds`)."""
    yes = worlds["yes"]
    out = {}
    if not plan.paths:  # nothing uncertain: P(yes | assumptions) is one number
        for i, qid in enumerate(plan.questions):
            p = round(float((centre or {}).get(qid, yes[:, i].mean())), 6)
            out[qid] = {"assumption_ci90": [p, p], "assumption_share": 0.0, "assumption_draws": 1}
        return out
    draws = {k[5:]: v for k, v in worlds.items() if k.startswith("draw:")}
    g = draw_of_world(draws, plan.paths, plan.matrix)
    m = np.bincount(g, minlength=plan.n_draws)
    for i, qid in enumerate(plan.questions):
        k = np.bincount(g, weights=yes[:, i].astype(np.float64), minlength=plan.n_draws)
        out[qid] = spread(k, m, (centre or {}).get(qid))
    return out


def assumption_spread(
    sc: Scenario,
    n_months: int,
    rng: np.random.Generator,
    *,
    centre: dict[str, float] | None = None,
    n_draws: int = N_DRAWS,
    worlds_per_draw: int = WORLDS_PER_DRAW,
    workers: int | None = None,
    scheduler: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Per question: the 90% interval of P(yes | assumptions) over joint assumption draws and its share.

    Parameters
    ----------
    sc : Scenario
    n_months : int
        Months simulated (questions beyond them are still computed; the caller keeps complete ones).
    rng : numpy.random.Generator
        Draws the assumptions, then seeds the engine run.
    centre : dict of question id to float, optional
        The main run's probabilities, on which each interval is centred (else the design run's).
    n_draws, worlds_per_draw : int
        Joint draws and worlds per draw (the run has ``n_draws * worlds_per_draw`` worlds).
    workers, scheduler : optional
        As for :func:`~flashpoint.sim.engine.simulate`; the result does not depend on them.

    Returns
    -------
    dict of question id to ``{"assumption_ci90": [lo, hi], "assumption_share", "assumption_draws"}``
    """
    from flashpoint.sim.engine import execute

    plan = plan_design(sc, n_months, rng, n_draws=n_draws, worlds_per_draw=worlds_per_draw)
    (worlds,) = execute([plan.run], resolve(workers, scheduler))
    return spread_of(plan, worlds, centre)
