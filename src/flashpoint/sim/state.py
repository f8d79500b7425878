"""The engine's state: a scenario's index layout and the arrays over worlds that the rules update.

Theatre arrays are laid out (n_theatres, n_worlds) and actor-by-theatre arrays (n_actors, n_theatres,
n_worlds) so each theatre's or actor's row is contiguous; results are transposed to world-major at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from flashpoint.sim import kernels
from flashpoint.sim.draws import Draws
from flashpoint.world.rules import POSTURE_LEVELS
from flashpoint.world.scenario import Scenario

MONTH_DAYS = 30.4375
NO_SIDE, SIDE_A, SIDE_B = 0, 1, 2


def positions(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a 2-d mask (rows, then columns, int64), several times faster for wide masks.

    Parameters
    ----------
    mask : ndarray of bool, shape (n_rows, n_cols)

    Returns
    -------
    rows, cols : ndarray of int64, shape (m,), in row-major order (as ``np.nonzero``)
    """
    idx = np.flatnonzero(mask)
    if mask.shape[0] == 1:
        return np.zeros(len(idx), np.int64), idx
    return np.divmod(idx, mask.shape[1])


def _draw_path(m: int, size: int, p: np.ndarray) -> str:
    """How :meth:`State.bernoulli` draws for ``m`` set positions of ``size`` at probabilities ``p``: ``none``
    (nothing set or p <= 0), ``all`` (p >= 1 everywhere: no draw), ``thin`` (rare events, p at most 0.1 and at
    least 256 positions), ``dense`` (more than a quarter set) or ``sparse``. One place, so that every caller
    makes the same draws."""
    if m == 0:
        return "none"
    p_max = float(p.max())
    if p_max <= 0.0:
        return "none"
    if p_max >= 1.0 and float(p.min()) >= 1.0:  # U < p for every U in [0, 1): no draw needed
        return "all"
    if p_max <= 0.1 and m >= 256:
        return "thin"
    return "dense" if m * 4 > size else "sparse"


@dataclass
class Layout:
    """Indices compiled once per scenario."""

    actors: list[str]
    theatres: list[str]
    flows: list[str]
    fronts: list[tuple[str, str]]  # (theatre id, front id)
    alliances: list[str]
    a: dict[str, int]
    t: dict[str, int]
    k: dict[str, int]
    f: dict[tuple[str, str], int]
    lead_a: np.ndarray  # (n_theatres,) int64: index of each theatre's first side-A actor
    lead_b: np.ndarray
    base_side: np.ndarray  # (n_actors, n_theatres) int8: belligerents' sides at as_of
    supporter_side: np.ndarray  # (n_actors, n_theatres) int8
    great_power: np.ndarray  # (n_actors,) bool
    nuclear: np.ndarray  # (n_actors,) bool
    rung0: np.ndarray  # (n_theatres,) int8
    ceasefire0: np.ndarray  # (n_theatres,) bool

    @classmethod
    def build(cls, sc: Scenario) -> Layout:
        actors, theatres = list(sc.actors), list(sc.theatres)
        a = {x: i for i, x in enumerate(actors)}
        t = {x: i for i, x in enumerate(theatres)}
        fronts = [(tid, fid) for tid, th in sc.theatres.items() for fid in th.fronts]
        base = np.zeros((len(actors), len(theatres)), np.int8)
        sup = np.zeros_like(base)
        for tid, th in sc.theatres.items():
            for x in th.side_a:
                base[a[x], t[tid]] = SIDE_A
            for x in th.side_b:
                base[a[x], t[tid]] = SIDE_B
            for x in th.supporters_a:
                sup[a[x], t[tid]] = SIDE_A
            for x in th.supporters_b:
                sup[a[x], t[tid]] = SIDE_B
        return cls(
            actors=actors,
            theatres=theatres,
            flows=list(sc.flows),
            fronts=fronts,
            alliances=list(sc.alliances),
            a=a,
            t=t,
            k={x: i for i, x in enumerate(sc.flows)},
            f={x: i for i, x in enumerate(fronts)},
            lead_a=np.array([a[th.side_a[0]] for th in sc.theatres.values()]),
            lead_b=np.array([a[th.side_b[0]] for th in sc.theatres.values()]),
            base_side=base,
            supporter_side=sup,
            great_power=np.array([bool(x.great_power.value) for x in sc.actors.values()]),
            nuclear=np.array([bool(x.nuclear.value) for x in sc.actors.values()]),
            rung0=np.array([int(th.rung.value) for th in sc.theatres.values()], np.int8),
            ceasefire0=np.array([th.ceasefire for th in sc.theatres.values()]),
        )


@dataclass
class State:
    """Arrays over ``n`` worlds for one block. See :class:`~flashpoint.sim.result.SimResult` for meanings."""

    n: int
    sc: Scenario
    lay: Layout
    draws: Draws
    rng: np.random.Generator
    step_days: float
    step: int = 0
    days: float = 0.0
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def dtm(self) -> float:
        """Step length in months."""
        return self.step_days / MONTH_DAYS

    def hazard(self, rate: float | np.ndarray) -> float | np.ndarray:
        """Probability of at least one event in a step for a per-month rate."""
        # (-r) dt = r (-dt) exactly; computed in place: one temporary instead of four
        x = np.multiply(np.asarray(rate, dtype=np.float32), np.float32(-self.dtm))
        if x.ndim == 0:
            return -np.expm1(x)
        np.expm1(x, out=x)
        return np.negative(x, out=x)

    def hazard_where(
        self, mask: np.ndarray, rate: np.ndarray, full: Callable[[], np.ndarray] | None = None
    ) -> np.ndarray:
        """A p array for ``bernoulli(mask, p)``/``bernoulli_positions``: the same draws as with
        ``p = hazard(rate)`` (``rate`` of the shape of ``mask``, float32), computing the hazard only where
        ``mask`` is set when that is enough.

        It is enough when the draw path (:func:`_draw_path`) does not depend on the exact largest p: p at the
        largest and smallest rate (exact elements of ``hazard(rate)``) show that some p > 0, some p < 1 and
        (or fewer than 256 positions are set) some p > 0.1; the other positions then get those two values,
        which give the same path, and the draws read p only where ``mask`` is set. Else (rare events drawn by
        thinning need the exact largest p) it returns ``full()`` (default ``hazard(rate)``).
        """
        m = int(np.count_nonzero(mask))
        flat = np.ascontiguousarray(rate, dtype=np.float32).reshape(-1)
        if m and flat.size == mask.size:
            at_min = int(np.argmin(flat))
            ends = self.hazard(flat[[int(np.argmax(flat)), at_min]])
            hi, lo = float(ends[0]), float(ends[1])
            if hi > 0.0 and lo < 1.0 and (hi > 0.1 or m < 256):
                p = np.full(mask.size, ends[0], np.float32)
                p[at_min] = ends[1]
                sel = np.flatnonzero(mask)
                p[sel] = self.hazard(flat[sel])
                return p.reshape(mask.shape)
        return self.hazard(rate) if full is None else full()

    def uniform(self, shape: tuple[int, ...] | int) -> np.ndarray:
        """Uniform [0, 1) float32 draws from the block generator."""
        return self.rng.random(shape, dtype=np.float32)

    def bernoulli(self, mask: np.ndarray, p: float | np.ndarray) -> np.ndarray:
        """``mask & (U < p)`` with p broadcastable to ``mask``: an independent Bernoulli(p) draw at every set
        position.

        Rare events (p at most 0.1 everywhere) are drawn by thinning: K ~ Binomial(count, p_max) candidate
        positions chosen without replacement, each kept with probability p / p_max (exact, and O(K) draws).
        Other sparse masks draw one uniform per set position; dense masks draw densely.
        """
        m = int(np.count_nonzero(mask))
        p = np.asarray(p, np.float32)
        return self._bernoulli(mask, p, m, _draw_path(m, mask.size, p))

    def _bernoulli(self, mask: np.ndarray, p: np.ndarray, m: int, path: str) -> np.ndarray:
        """:meth:`bernoulli` with the set count ``m`` and the draw ``path`` already known."""
        if path == "none":
            return np.zeros(mask.shape, bool)
        if path == "all":
            return mask.copy()
        if path == "thin":
            p_max = float(p.max())
            idx = np.flatnonzero(mask)
            k = int(self.rng.binomial(m, min(p_max, 1.0)))
            out = np.zeros(mask.size, bool)
            if k:
                cand = idx[self.rng.choice(m, size=k, replace=False)]
                if p.ndim:
                    full = p if p.shape == mask.shape else np.broadcast_to(p, mask.shape)
                    keep = (
                        self.rng.random(k, dtype=np.float32) * np.float32(p_max)
                        < np.ascontiguousarray(full).reshape(-1)[cand]
                    )
                    cand = cand[keep]
                out[cand] = True
            return out.reshape(mask.shape)
        if path == "dense":
            return mask & (self.rng.random(mask.shape, dtype=np.float32) < p)
        idx = np.flatnonzero(mask)
        u = self.rng.random(m, dtype=np.float32)
        if p.ndim == 0:
            p_sel = p
        else:
            full = p if p.shape == mask.shape else np.broadcast_to(p, mask.shape)
            p_sel = np.ascontiguousarray(full).reshape(-1)[idx]
        out = np.zeros(mask.size, bool)
        out[idx[u < p_sel]] = True
        return out.reshape(mask.shape)

    def bernoulli_positions(self, mask: np.ndarray, p: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``positions(self.bernoulli(mask, p))`` for a 2-d ``mask``, with the same draws, without building
        the result mask (dense draws are compared and gathered in one compiled pass)."""
        p = np.asarray(p, np.float32)
        m = int(np.count_nonzero(mask))
        path = _draw_path(m, mask.size, p)
        if path == "dense":
            u = self.rng.random(mask.shape, dtype=np.float32)
            idx = kernels.draw_hits(mask, u, np.broadcast_to(p, mask.shape))
        elif path == "sparse":  # as in _bernoulli, keeping the hits' flat indices (ascending) for positions
            idx = np.flatnonzero(mask)
            u = self.rng.random(m, dtype=np.float32)
            if p.ndim == 0:
                idx = idx[u < p]
            else:
                full = p if p.shape == mask.shape else np.broadcast_to(p, mask.shape)
                idx = idx[u < np.ascontiguousarray(full).reshape(-1)[idx]]
        else:
            return positions(self._bernoulli(mask, p, m, path))
        if mask.shape[0] == 1:
            return np.zeros(len(idx), np.int64), idx
        return np.divmod(idx, mask.shape[1])

    def tparam(self, name: str) -> np.ndarray:
        """A per-theatre parameter as shape (n_theatres, n_worlds) or (n_theatres, 1), float32 (cached)."""
        cache = self.__dict__.setdefault("_tparam", {})
        if name not in cache:
            cache[name] = self.draws.stack([f"theatres.{tid}.{name}" for tid in self.lay.theatres])
        return cache[name]

    def tparam_full(self, name: str) -> np.ndarray:
        """A per-theatre parameter as a writable C-contiguous float32 array (n_theatres, n_worlds)."""
        cache = self.__dict__.setdefault("_tparam_full", {})
        if name not in cache:
            full = np.broadcast_to(self.tparam(name), (len(self.lay.theatres), self.n))
            cache[name] = np.ascontiguousarray(full, dtype=np.float32).copy()
        return cache[name]

    def world_param(self, path: str) -> np.ndarray:
        """A parameter as a writable C-contiguous (n_worlds,) float32 array (cached)."""
        cache = self.__dict__.setdefault("_world_param", {})
        if path not in cache:
            cache[path] = np.ascontiguousarray(self.draws.world(path), dtype=np.float32).copy()
        return cache[path]

    def __getattr__(self, name: str) -> np.ndarray:
        arrays = self.__dict__.get("arrays")
        if arrays is not None and name in arrays:
            return arrays[name]
        raise AttributeError(name)


def init_state(sc: Scenario, lay: Layout, draws: Draws, rng: np.random.Generator, n: int) -> State:
    """Allocate and initialise every array of a block at the scenario's as_of state."""
    st = State(n=n, sc=sc, lay=lay, draws=draws, rng=rng, step_days=sc.step_days)
    n_t, n_a = len(lay.theatres), len(lay.actors)
    arr = st.arrays
    rung = np.repeat(lay.rung0[:, None], n, axis=1).astype(np.int8)
    arr["rung"] = rung
    arr["max_rung"] = rung.copy()
    arr["ceasefire"] = np.repeat(lay.ceasefire0[:, None], n, axis=1)
    arr["side"] = np.repeat(lay.base_side[:, :, None], n, axis=2).astype(np.int8)
    # (n_actors, n_worlds); NaN for actors without a resolve (they never lead a side: the scenario checks it)
    arr["resolve"] = np.full((n_a, n), np.nan, np.float32)
    for i, x in enumerate(lay.actors):
        if draws.get(f"actors.{x}.resolve") is not None:
            arr["resolve"][i] = draws.world(f"actors.{x}.resolve")
    cost_max = np.broadcast_to(st.tparam("cost_b_max"), (n_t, n))
    arr["cost_b"] = (st.uniform((n_t, n)) * cost_max).astype(np.float32)
    arr["belief_hi"] = cost_max.astype(np.float32).copy()
    arr["optimism"] = np.broadcast_to(st.tparam("optimism"), (n_t, n)).astype(np.float32).copy()
    arr["geo_open"] = np.repeat(
        np.array([not bool(th.limits.geography_contained.value) for th in sc.theatres.values()])[:, None],
        n,
        1,
    )
    arr["weapons_open"] = np.repeat(
        np.array([not bool(th.limits.weapons_limited.value) for th in sc.theatres.values()])[:, None], n, 1
    )
    # episodes (a dispute from onset at rung >= 1 until it ends)
    active = rung >= 1
    arr["ep_active"] = active
    arr["ep_start"] = np.zeros((n_t, n), np.float32)
    arr["ep_max_rung"] = rung.copy()
    arr["quit_a"] = np.full((n_t, n), np.inf, np.float32)
    arr["quit_b"] = np.full((n_t, n), np.inf, np.float32)
    arr["n_joiners"] = np.zeros((n_t, n), np.int8)
    arr["ep_id"] = np.ones((n_t, n), np.int16)  # episode counter (alliance decisions are per episode)
    # first-episode records
    arr["onset_step"] = np.where(active, 0, -1).astype(np.int16)
    arr["end_step"] = np.full((n_t, n), -1, np.int16)
    arr["duration_days"] = np.full((n_t, n), np.nan, np.float32)
    arr["reciprocated"] = np.zeros((n_t, n), bool)
    arr["outcome"] = np.zeros((n_t, n), np.int8)
    arr["winner"] = np.zeros((n_t, n), np.int8)
    arr["first_max_rung"] = rung.copy()
    arr["first_joiners"] = np.zeros((n_t, n), np.int8)
    arr["first_done"] = np.zeros((n_t, n), bool)
    arr["war_onset_step"] = np.where(rung >= 2, 0, -1).astype(np.int16)
    arr["ceasefire_step"] = np.full((n_t, n), -1, np.int16)
    arr["ceasefire_share_b"] = np.full((n_t, n), np.nan, np.float32)
    arr["war_start"] = np.where(rung >= 2, 0, -1).astype(np.int16)  # step the current war began
    # multipliers set by perception each step
    arr["hazard_mult"] = np.ones((n_t, n), np.float32)
    arr["risk_mult"] = np.ones((n_t, n), np.float32)
    # capability multipliers (exchange, flows)
    arr["cap_mult"] = np.ones((n_a, n), np.float32)
    level = POSTURE_LEVELS.index(sc.rules.posture.initial)
    arr["posture"] = np.full(n, level, np.int8)
    arr["max_posture"] = arr["posture"].copy()
    return st
