"""Which assumptions drive each forecast: Sobol indices (SALib) of every question's probability.

Inputs: each uncertain parameter of the scenario, through its distribution's quantile function, so SALib's
input u in [0, 1] maps to ``ppf(u)``. Parameters of a grouped ``empirical`` distribution move together: the
group is one input (u picks the row).

Two methods. ``metamodel`` (default; :mod:`flashpoint.validity.metamodel`): one plain engine run, an additive
logistic fit of P(yes | u) per question, and SALib's Sobol indices of that fit; it works for rare questions.
A dummy input that the engine never reads (``DUMMY``, uniform per world) is fitted with the rest: its indices
are the reported ``noise_floor``, and a parameter is ``dominant`` only above the floor's upper bound.
``saltelli``: brute force on the engine itself, described below; unbiased but needs each design row's
probability, so it is only informative for questions whose probability varies well above binomial noise.

Saltelli design: Saltelli/Sobol' sampling (``SALib.sample.sobol``, no second order), N base samples,
M = N (D + 2) rows. Evaluation: one engine run. Every uncertain parameter is replaced by a grouped
``empirical`` distribution over the M rows, so each world draws one whole row (with replacement); the
row of each world is read back from the run's per-world draws. A row's probability is the share of its
worlds answering YES.

Estimation: ``SALib.analyze.sobol`` (Saltelli 2010 S1, Jansen ST, bootstrap confidence). The binomial noise
of a row's probability adds sigma^2 / Var(Y) to every total index (sigma^2: mean p(1-p)/W over rows);
``ST`` is reported with that bias removed and ``noise_share`` states it, so a question whose variation is
mostly Monte Carlo noise is flagged rather than over-read.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from scipy import stats

from flashpoint.sim.engine import simulate
from flashpoint.world.catalog import iter_params
from flashpoint.world.distributions import (
    Beta,
    Empirical,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
    TruncNormal,
    Uniform,
)
from flashpoint.world.loader import build_scenario
from flashpoint.world.overrides import _resolve
from flashpoint.world.params import Param
from flashpoint.world.scenario import Scenario

DEFAULT_N = 1024  # metamodel: Sobol' base sample of the fitted function (no engine cost)
SALTELLI_N = 64  # saltelli: base sample evaluated by the engine
DEFAULT_WORLDS = 150_000
MIN_YES = 100  # metamodel: fewer YES worlds than this and a question's indices are flagged unreliable
DOMINANT_ST = 0.05  # a parameter dominates when its total index exceeds this even at its 95% lower bound
DUMMY = "dummy (noise floor)"  # metamodel: an input the engine never reads
NOISY = 0.5  # noise_share above which a question's indices are flagged as unreliable


def ppf(dist: Any, u: np.ndarray) -> np.ndarray:
    """Quantile function of a scenario distribution at ``u`` (ndarray of float64 in [0, 1])."""
    u = np.clip(np.asarray(u, dtype=np.float64), 1e-9, 1 - 1e-9)
    if isinstance(dist, Fixed):
        return np.full_like(u, dist.value)
    if isinstance(dist, Uniform):
        return dist.low + u * (dist.high - dist.low)
    if isinstance(dist, Normal):
        return stats.norm.ppf(u, dist.mean_, dist.sd)
    if isinstance(dist, TruncNormal):
        a, b = (dist.low - dist.mean_) / dist.sd, (dist.high - dist.mean_) / dist.sd
        return stats.truncnorm.ppf(u, a, b, loc=dist.mean_, scale=dist.sd)
    if isinstance(dist, Beta):
        return dist.low + (dist.high - dist.low) * stats.beta.ppf(u, dist.a, dist.b)
    if isinstance(dist, Triangular):
        width = dist.high - dist.low
        return stats.triang.ppf(u, (dist.mode - dist.low) / width, loc=dist.low, scale=width)
    if isinstance(dist, LogNormal):
        return dist.median * np.exp(dist.sigma * stats.norm.ppf(u))
    if isinstance(dist, Empirical):
        values = np.sort(np.asarray(dist.values, dtype=np.float64))
        return values[np.minimum((u * len(values)).astype(np.int64), len(values) - 1)]
    raise TypeError(f"unknown distribution {dist!r}")


def uncertain_inputs(sc: Scenario) -> list[dict[str, Any]]:
    """The SALib inputs of a scenario: one per uncertain parameter, one per empirical group.

    Returns a list of ``{"name", "paths": [...], "dists": [...]}`` in document order.
    """
    inputs: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for path, p in iter_params(sc):
        if not (isinstance(p, Param) and p.uncertain):
            continue
        if isinstance(p.dist, Empirical) and p.dist.group:
            g = groups.get(p.dist.group)
            if g is None:
                g = groups[p.dist.group] = {"name": f"group:{p.dist.group}", "paths": [], "dists": []}
                inputs.append(g)
            g["paths"].append(path)
            g["dists"].append(p.dist)
        else:
            inputs.append({"name": path, "paths": [path], "dists": [p.dist]})
    return inputs


def _rows_for(inp: dict[str, Any], u: np.ndarray) -> list[np.ndarray]:
    if inp["name"].startswith("group:"):
        n = len(inp["dists"][0].values)
        idx = np.minimum((u * n).astype(np.int64), n - 1)
        return [np.asarray(d.values, dtype=np.float64)[idx] for d in inp["dists"]]
    return [ppf(inp["dists"][0], u)]


def design_scenario(sc: Scenario, inputs: list[dict[str, Any]], u: np.ndarray) -> tuple[Scenario, list[str]]:
    """The scenario whose uncertain parameters draw whole rows of the design ``u`` (M x D).

    Returns the scenario and the parameter paths in column order of the values matrix.
    """
    data = sc.model_dump(mode="json", by_alias=True)
    paths: list[str] = []
    for j, inp in enumerate(inputs):
        for path, values in zip(inp["paths"], _rows_for(inp, u[:, j]), strict=True):
            parent, key = _resolve(data, path)
            node = parent[key]
            node["value"] = None
            node["dist"] = {"kind": "empirical", "values": values.tolist(), "group": "__sobol__"}
            paths.append(path)
    return build_scenario(data, origin=f"<sobol design of {sc.id}>"), paths


def _row_of_world(res: Any, paths: list[str], matrix: np.ndarray) -> np.ndarray:
    """Index of the design row each world drew, matched on its float32 draws."""
    lookup = {np.asarray(r, np.float32).tobytes(): i for i, r in enumerate(matrix)}
    drawn = np.stack([res.draws[p] for p in paths], axis=1).astype(np.float32)
    return np.array([lookup[row.tobytes()] for row in drawn], dtype=np.int64)


def sensitivity(
    scenario: Scenario,
    *,
    method: str = "metamodel",
    n_base: int | None = None,
    n_worlds: int = DEFAULT_WORLDS,
    rng: np.random.Generator | int | None = 0,
    questions: list[str] | None = None,
) -> dict[str, Any]:
    """Sobol first-order and total indices of each question's probability.

    Parameters
    ----------
    scenario : Scenario
    method : {"metamodel", "saltelli"}
        See the module docstring.
    n_base : int, optional
        SALib base sample size N (a power of 2): ``DEFAULT_N`` for the metamodel, ``SALTELLI_N`` for saltelli
        (rows M = N (D + 2), each evaluated by the engine).
    n_worlds : int
        Worlds in the single engine run.
    rng : Generator, int or None
        Seeds both the Sobol scrambling and the engine run (SeedSequence children).
    questions : list of str, optional
        Question ids (default: all).

    Returns
    -------
    dict
        ``{"scenario", "method", "n_base", "rows", "n_worlds", "parameters", "elapsed_s",
        "questions": [{"id", "probability", "reliable", ..., "indices": [{"parameter", "S1", "S1_conf",
        "ST", "ST_conf"}, ...]}]}`` with indices sorted by ST, largest first. Metamodel entries add
        ``n_yes``, ``deviance_explained`` and ``dominant`` (parameters with ST - ST_conf > ``DOMINANT_ST``);
        saltelli entries ``noise_share``.
    """
    if method == "metamodel":
        return _metamodel(scenario, n_base or DEFAULT_N, n_worlds, rng, questions)
    if method != "saltelli":
        raise ValueError(f"method must be 'metamodel' or 'saltelli'; got {method!r}")
    n_base = n_base or SALTELLI_N
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    t0 = time.perf_counter()
    g_design, g_run = np.random.default_rng(rng).spawn(2)
    inputs = uncertain_inputs(scenario)
    if not inputs:
        return {
            "scenario": scenario.id,
            "questions": [],
            "parameters": [],
            "n_base": n_base,
            "rows": 0,
            "n_worlds": 0,
            "elapsed_s": 0.0,
        }
    names = [i["name"] for i in inputs]
    problem = {"num_vars": len(inputs), "names": names, "bounds": [[0.0, 1.0]] * len(inputs)}
    seed = int(g_design.integers(2**31 - 1))
    u = sobol_sample.sample(problem, n_base, calc_second_order=False, scramble=True, seed=seed)
    design, paths = design_scenario(scenario, inputs, u)
    res = simulate(design, n_worlds, max(q.horizon_months for q in scenario.questions.values()), g_run)
    matrix = np.stack([np.asarray(design_values(design, p), np.float32) for p in paths], axis=1)
    rows = _row_of_world(res, paths, matrix)
    counts = np.bincount(rows, minlength=len(u)).astype(np.float64)
    wanted = questions or list(scenario.questions)
    out = []
    for qid in wanted:
        yes = res.yes[:, res.questions.index(qid)].astype(np.float64)
        hits = np.bincount(rows, weights=yes, minlength=len(u))
        y = np.divide(hits, counts, out=np.full(len(u), np.nan), where=counts > 0)
        y = np.where(np.isnan(y), np.nanmean(y), y)
        out.append(_indices(qid, problem, y, counts, sobol_analyze, seed))
    return {
        "scenario": scenario.id,
        "method": "saltelli",
        "n_base": n_base,
        "rows": int(len(u)),
        "n_worlds": n_worlds,
        "parameters": problem["names"],
        "elapsed_s": round(time.perf_counter() - t0, 2),
        "questions": out,
    }


def _metamodel(
    scenario: Scenario, n_base: int, n_worlds: int, rng: Any, questions: list[str] | None
) -> dict[str, Any]:
    from SALib.sample import sobol as sobol_sample

    from flashpoint.validity import metamodel

    t0 = time.perf_counter()
    g_design, g_run, g_dummy = np.random.default_rng(rng).spawn(3)
    inputs = uncertain_inputs(scenario)
    names = [i["name"] for i in inputs]
    # one more input that the engine never reads: its indices are the noise floor of the estimates
    problem = {
        "num_vars": len(inputs) + 1,
        "names": [*names, DUMMY],
        "bounds": [[0.0, 1.0]] * (len(inputs) + 1),
    }
    horizon = max((q.horizon_months for q in scenario.questions.values()), default=12)
    res = simulate(scenario, n_worlds, horizon, g_run)
    out = []
    if inputs:
        seed = int(g_design.integers(2**31 - 1))
        u_design = sobol_sample.sample(problem, n_base, calc_second_order=False, scramble=True, seed=seed)
        u = metamodel.world_quantiles(inputs, res.draws)
        u = np.column_stack([u, g_dummy.random(len(u))])
        x_design = metamodel.basis(u_design)
    for qid in questions or list(scenario.questions):
        y = res.yes[:, res.questions.index(qid)].astype(np.float64)
        n_yes = int(y.sum())
        entry: dict[str, Any] = {"id": qid, "probability": float(y.mean()), "n_yes": n_yes}
        if not inputs or n_yes in (0, len(y)):
            entry.update(
                deviance_explained=0.0,
                reliable=False,
                noise_floor={"ST": 0.0, "ST_conf": 0.0, "S1": 0.0},
                dominant=[],
                indices=[
                    {"parameter": n, "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for n in names
                ],
            )
            out.append(entry)
            continue
        fit = metamodel.fit(u, y)
        si = metamodel.sobol_of_fit(fit, problem, u_design, seed, x_design)
        rows = [
            {
                "parameter": n,
                "S1": _num(si["S1"][i]),
                "S1_conf": _num(si["S1_conf"][i]),
                "ST": max(_num(si["ST"][i]), 0.0),
                "ST_conf": _num(si["ST_conf"][i]),
            }
            for i, n in enumerate([*names, DUMMY])
        ]
        dummy = rows.pop()
        floor = dummy["ST"] + dummy["ST_conf"]  # the dummy's upper bound: what noise alone reaches
        rows.sort(key=lambda r: -r["ST"])
        entry.update(
            deviance_explained=round(float(fit["deviance_explained"]), 5),
            reliable=bool(min(n_yes, len(y) - n_yes) >= MIN_YES),
            noise_floor={"ST": dummy["ST"], "ST_conf": dummy["ST_conf"], "S1": dummy["S1"]},
            dominant=[r["parameter"] for r in rows if r["ST"] - r["ST_conf"] > max(DOMINANT_ST, floor)],
            indices=rows,
        )
        out.append(entry)
    return {
        "scenario": scenario.id,
        "method": "metamodel",
        "n_base": n_base,
        "rows": 0,
        "n_worlds": n_worlds,
        "parameters": names,
        "elapsed_s": round(time.perf_counter() - t0, 2),
        "questions": out,
    }


def design_values(design: Scenario, path: str) -> list[float]:
    """The empirical values a design scenario holds at ``path``."""
    for p_path, p in iter_params(design):
        if p_path == path:
            return p.dist.values
    raise KeyError(path)


def _indices(qid: str, problem: dict, y: np.ndarray, counts: np.ndarray, analyze: Any, seed: int) -> dict:
    var = float(np.var(y))
    noise = float(np.mean(y * (1 - y) / np.maximum(counts, 1)))
    entry: dict[str, Any] = {
        "id": qid,
        "probability": float(np.average(y, weights=counts)),
        "noise_share": min(noise / var, 1.0) if var > 0 else 1.0,
    }
    entry["reliable"] = bool(var > 0 and entry["noise_share"] < NOISY)
    if var <= 0:
        entry["indices"] = [
            {"parameter": n, "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for n in problem["names"]
        ]
        return entry
    si = analyze.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=200,
        conf_level=0.95,
        print_to_console=False,
        seed=seed,
    )
    rows = []
    for i, name in enumerate(problem["names"]):
        st = float(si["ST"][i]) - noise / var
        rows.append(
            {
                "parameter": name,
                "S1": _num(si["S1"][i]),
                "S1_conf": _num(si["S1_conf"][i]),
                "ST": max(_num(st), 0.0),
                "ST_conf": _num(si["ST_conf"][i]),
            }
        )
    rows.sort(key=lambda r: -r["ST"])
    entry["indices"] = rows
    return entry


def _num(x: Any) -> float:
    x = float(x)
    return x if math.isfinite(x) else 0.0


DOC_SCENARIO = "kursk-2024-11"
DOC_QUESTIONS = ("world-war-48m", "taiwan-blockade-or-invasion-48m")
DOC_ROWS = 6


def sensitivity_markdown(result: dict[str, Any], questions: tuple[str, ...] = DOC_QUESTIONS) -> str:
    """Markdown of a metamodel result for ``questions``: summary line, top ``DOC_ROWS`` indices, plot.

    ``docs/validation.md`` embeds it between ``sensitivity:begin`` and ``sensitivity:end``; the images are
    ``img/tornado-<scenario>-<question>.png`` (``flashpoint.validity.validate.write_docs`` writes both).
    """
    by_id = {q["id"]: q for q in result["questions"]}
    parts = [
        f"Produced by `flashpoint sensitivity {result['scenario']} --json --out DIR` ({result['method']}, "
        f"{result['n_worlds']:,} worlds, N = {result['n_base']:,}, {len(result['parameters'])} uncertain "
        "parameters; seed 0).\n"
    ]
    for qid in questions:
        q = by_id[qid]
        dom = ", ".join(f"`{p}`" for p in q.get("dominant", [])) or "none"
        floor = q.get("noise_floor", {})
        head = (
            f"**{qid}** (p = {q['probability']:.4f}, {q.get('n_yes', 0):,} YES worlds, deviance explained "
            f"{q.get('deviance_explained', float('nan')):.3f}). Noise floor (a dummy input the engine "
            f"never reads): ST {floor.get('ST', 0.0):.3f} +- {floor.get('ST_conf', 0.0):.3f}. `dominant` "
            f"(ST - ST_conf above {DOMINANT_ST} and the floor's upper bound): {dom}.\n\n"
            "| parameter | ST | ST_conf | S1 |\n|---|---:|---:|---:|\n"
        )
        body = "".join(
            f"| `{r['parameter']}` | {r['ST']:.3f} | {r['ST_conf']:.3f} | {r['S1']:.3f} |\n"
            for r in q["indices"][:DOC_ROWS]
        )
        image = f"tornado-{result['scenario']}-{qid}.png"
        parts.append(f"{head}{body}\n![{qid}](img/{image})\n")
    return "\n".join(parts)


__all__ = [
    "DEFAULT_N",
    "DEFAULT_WORLDS",
    "ppf",
    "sensitivity",
    "sensitivity_markdown",
    "uncertain_inputs",
]


def run_sensitivity(
    scenario: str | None = None,
    *,
    method: str = "metamodel",
    n_base: int | None = None,
    n_worlds: int = DEFAULT_WORLDS,
    seed: int = 0,
    out_dir: str | None = None,
    questions: list[str] | None = None,
) -> dict[str, Any]:
    """API behind ``flashpoint sensitivity``: load a scenario (id or YAML file), run :func:`sensitivity`.

    With ``out_dir`` the tornado plots (PNG and HTML per question) are written there and listed under
    ``"plots"``. Raises :class:`~flashpoint.errors.InputError` for a bad size or an unknown question.
    """
    from pathlib import Path

    from flashpoint.errors import InputError, NotFoundError
    from flashpoint.validation import check_positive_int
    from flashpoint.validity.tornado import write_tornados
    from flashpoint.world.catalog import load_scenario

    if method not in ("metamodel", "saltelli"):
        raise InputError(f"--method must be metamodel or saltelli; got {method!r}.")
    n_base = check_positive_int(
        n_base or (DEFAULT_N if method == "metamodel" else SALTELLI_N), "--n-base", maximum=2**14
    )
    if n_base & (n_base - 1):
        raise InputError(f"--n-base must be a power of 2 (Sobol' sequence); got {n_base}.")
    n_worlds = check_positive_int(n_worlds, "--worlds", maximum=10_000_000)
    sc = load_scenario(scenario)
    for q in questions or []:
        if q not in sc.questions:
            raise NotFoundError(
                f"question {q!r}: expected a question of {sc.id} "
                f"({', '.join(sc.questions)}); got an unknown id"
            )
    result = sensitivity(sc, method=method, n_base=n_base, n_worlds=n_worlds, rng=seed, questions=questions)
    if out_dir is not None:
        result["plots"] = [str(p) for p in write_tornados(result, Path(out_dir))]
    return result
