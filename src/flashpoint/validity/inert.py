"""Inert parameters: every scenario parameter must move a question, a crisis outcome or a reported quantity.

For each parameter of the scenario (every :class:`~flashpoint.world.params.Param`, fixed or ranged), one
engine run with the parameter moved (:func:`moved`) is compared with the base run at the same seed. Parameter
draws are made in document order before any event and the move keeps each distribution's kind (so it makes
the same number of draws), hence a parameter that acts on nothing gives bit-identical outputs; one that acts
changes some per-world output. Compared: every question's first step, every per-theatre outcome
(``THEATRE_FIELDS``), who was involved, fronts, flows and posture.

Some parameters act only on rare paths (a limit that erodes only at rung 3 or 4, an ally that joins only a
war): a parameter counts as inert only if it moves nothing in the scenario as written and nothing in a
stressed copy where every theatre's ``hazard_scale`` is ``STRESS`` (wars common) and its ``optimism`` is
``STRESS_OPTIMISM`` (wars last: with no optimism, wartime bargaining ends a Korean or Taiwan war within weeks,
before a limit binding at rung 3 or 4 can erode), so rare paths are taken.

Indicator parameters (``indicators.*``, e.g. a rate's ``baseline_per_month``) are not read by the engine: they
act in ``situation`` on the update of the scenario parameter they inform, which this package may not import;
tests/validity/test_inert_parameters.py checks that each moves its update there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from flashpoint.sim.engine import simulate
from flashpoint.sim.result import SimResult
from flashpoint.world.catalog import iter_params, load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.params import Param
from flashpoint.world.scenario import Scenario

WORLDS, MONTHS, SEED = 3_000, 48, 17
STRESS = 20.0
STRESS_OPTIMISM = 0.5
INDICATOR_PREFIX = "indicators."


def moved(value: float, dist: dict[str, Any] | None) -> Any:
    """A different value of the same kind: a fixed value x becomes x/2 (or 0.5 if x = 0; 0.9 x + 0.1 for
    a probability-like 1); a distribution keeps its kind and moves its location."""
    if dist is None:
        if value == 0:
            return 0.5
        return value * 0.5
    kind = dist["kind"]
    d = dict(dist)
    if kind == "uniform":
        d["low"], d["high"] = d["low"] * 0.5, d["low"] * 0.5 + (d["high"] - d["low"]) * 0.5
    elif kind == "beta":
        d["high"] = d["low"] + (d["high"] - d["low"]) * 0.5
    elif kind == "triangular":
        d["low"], d["mode"], d["high"] = d["low"] * 0.5, d["mode"] * 0.5, d["high"] * 0.5
    elif kind == "empirical":
        d["values"] = [v * 0.5 if v else 0.5 for v in d["values"]]
    elif kind in ("normal", "truncnormal"):
        d["mean"] = d.get("mean", 0.0) * 0.5 if d.get("mean") else 0.5
    elif kind == "lognormal":
        d["median"] = d["median"] * 0.5
    return d


def _outputs(res: SimResult) -> list[np.ndarray]:
    arrays = [res.first_step, res.involved, res.front_held_min, res.front_held, res.flow_size]
    arrays += [res.front_force_a, res.front_force_b, res.posture_max, res.posture_final]
    return arrays + [res.theatre[k] for k in sorted(res.theatre)]


def _same(a: SimResult, b: SimResult) -> bool:
    return all(np.array_equal(x, y, equal_nan=True) for x, y in zip(_outputs(a), _outputs(b), strict=True))


def parameters(sc: Scenario) -> list[tuple[str, Param]]:
    """Every parameter (not fact) of the scenario that the engine reads, in document order (indicator
    parameters act in ``situation``: see the module docstring)."""
    return [
        (path, p)
        for path, p in iter_params(sc)
        if isinstance(p, Param) and not path.startswith(INDICATOR_PREFIX)
    ]


def _inert_in(sc: Scenario, paths: list[str], worlds: int, months: int, seed: int) -> list[str]:
    base = simulate(sc, worlds, months, np.random.default_rng(seed))
    params = dict(parameters(sc))
    out = []
    for path in paths:
        p = params[path]
        dist = p.dist.model_dump(by_alias=True) if p.uncertain else None
        new = moved(float(p.point()) if dist is None else 0.0, dist)
        try:
            changed = apply_overrides(sc, {path: new})
        except ValueError:  # the move leaves the parameter's valid range: move the other way
            changed = apply_overrides(sc, {path: (float(p.point()) + 1.0) / 2.0})
        res = simulate(changed, worlds, months, np.random.default_rng(seed))
        if _same(base, res):
            out.append(path)
    return out


def stressed(sc: Scenario) -> Scenario:
    """The scenario with every theatre's ``hazard_scale`` fixed at ``STRESS`` and ``optimism`` at
    ``STRESS_OPTIMISM``."""
    over = {f"theatres.{t}.hazard_scale": STRESS for t in sc.theatres}
    return apply_overrides(sc, over | {f"theatres.{t}.optimism": STRESS_OPTIMISM for t in sc.theatres})


def inert_parameters(
    scenario: str | Scenario | None = None, *, worlds: int = WORLDS, months: int = MONTHS, seed: int = SEED
) -> list[str]:
    """Paths of the parameters whose move leaves every output bit-identical (same seed), both in the
    scenario and in its stressed copy (``hazard_scale`` and ``optimism`` parameters: in the scenario only)."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    first = _inert_in(sc, [path for path, _ in parameters(sc)], worlds, months, seed)
    again = [p for p in first if not p.endswith((".hazard_scale", ".optimism"))]
    still = set(_inert_in(stressed(sc), again, worlds, months, seed))
    return [p for p in first if p in still or p.endswith((".hazard_scale", ".optimism"))]


if __name__ == "__main__":  # pragma: no cover - a report for developers
    print("\n".join(inert_parameters()) or "no inert parameter")
