"""Question predicates compiled to vectorised functions of the state, and first-hit bookkeeping.

Each question keeps ``first_step``: ndarray of shape (n_worlds,), dtype int16, the first step (1-based) within
its horizon at which its condition holds (``eventually``) or fails (``throughout``); -1 if never.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from flashpoint.sim.state import MONTH_DAYS, SIDE_A, SIDE_B, State
from flashpoint.world.questions import Cond
from flashpoint.world.scenario import Scenario

Predicate = Callable[[State], np.ndarray]


def compile_condition(
    sc: Scenario,
    cond: Cond,
    lay_t: dict[str, int],
    lay_a: dict[str, int],
    lay_k: dict[str, int],
    lay_f: dict[tuple[str, str], int],
) -> Predicate:
    """Return a function ``State -> ndarray of shape (n_worlds,), bool`` for a parsed condition."""
    op, arg = cond.op, cond.arg
    sub = [compile_condition(sc, c, lay_t, lay_a, lay_k, lay_f) for c in cond.items]
    if op == "any":
        return lambda st: np.logical_or.reduce([f(st) for f in sub])
    if op == "all":
        return lambda st: np.logical_and.reduce([f(st) for f in sub])
    if op == "not":
        return lambda st: ~sub[0](st)
    if op == "question":
        return compile_condition(sc, sc.condition(arg("id")), lay_t, lay_a, lay_k, lay_f)
    if op == "rung_at_least":
        t, k = lay_t[arg("theatre")], arg("rung")
        return lambda st: st.rung[t] >= k
    if op == "rung_at_most":
        t, k = lay_t[arg("theatre")], arg("rung")
        return lambda st: st.rung[t] <= k
    if op == "involved":
        a, t = lay_a[arg("actor")], lay_t[arg("theatre")]
        return lambda st: (st.side[a, t] > 0) & (st.rung[t] >= 2)
    if op == "ceasefire":
        t = lay_t[arg("theatre")]
        return lambda st: st.ceasefire[t] & (st.rung[t] < 2)
    if op == "posture_at_least":
        level = arg("level")
        return lambda st: st.posture >= level
    if op == "posture_at_most":
        level = arg("level")
        return lambda st: st.posture <= level
    if op == "flow_at_least":
        k = lay_k[arg("flow")]
        if arg("size") is not None:
            size = np.float32(arg("size"))
            return lambda st: st.flow_size[k] >= size
        ratio = np.float32(arg("ratio"))
        return lambda st: st.flow_size[k] >= ratio * st.flow0[k] - 1e-6
    if op == "front_held_at_most":
        f, share = lay_f[(arg("theatre"), arg("front"))], np.float32(arg("share"))
        return lambda st: st.held[f] <= share
    if op == "count_theatres":
        ts = [lay_t[x] for x in (arg("theatres") or list(lay_t))]
        k, m = arg("rung_at_least"), arg("at_least")
        if not arg("great_powers_opposed"):
            return lambda st: (st.rung[ts] >= k).sum(axis=0) >= m
        gp = [lay_a[x] for x, actor in sc.actors.items() if actor.great_power.value]
        return lambda st: great_powers_opposed(st, gp, ts, k) >= m
    raise ValueError(f"unknown condition {op!r}")  # pragma: no cover - parse_condition rejects it


def great_powers_opposed(st: State, gp: list[int], ts: list[int], k: int) -> np.ndarray:
    """Per world, the number of theatres in ``ts`` at rung >= ``k`` with great powers (actor indices ``gp``)
    belligerent on both sides at once: shape (n_worlds,), int64."""
    if not gp or not ts:
        return np.zeros(st.n, np.int64)
    side = st.side[np.ix_(gp, ts)]  # (n_gp, n_ts, n_worlds) int8
    both = (side == SIDE_A).any(axis=0) & (side == SIDE_B).any(axis=0) & (st.rung[ts] >= k)
    return both.sum(axis=0)


def horizon_steps(months: float, step_days: float) -> int:
    """Number of steps covering ``months`` months."""
    return max(1, int(round(months * MONTH_DAYS / step_days)))


class QuestionTracker:
    """First-hit arrays for every question of a scenario over one block."""

    def __init__(self, sc: Scenario, st: State) -> None:
        lay = st.lay
        self.ids = list(sc.questions)
        self.preds = [compile_condition(sc, sc.condition(q), lay.t, lay.a, lay.k, lay.f) for q in self.ids]
        self.horizons = [horizon_steps(q.horizon_months, st.step_days) for q in sc.questions.values()]
        self.throughout = [q.resolves == "throughout" for q in sc.questions.values()]
        self.first = np.full((len(self.ids), st.n), -1, np.int16)

    def update(self, st: State) -> None:
        """Record the first step at which each question's event happens (holds, or fails for throughout)."""
        for i, pred in enumerate(self.preds):
            if st.step > self.horizons[i]:
                continue
            hit = pred(st)
            if self.throughout[i]:
                hit = ~hit
            row = self.first[i]
            row[(row < 0) & hit] = st.step
