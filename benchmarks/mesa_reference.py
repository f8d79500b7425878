"""flashpoint's generic-dispute configuration, re-implemented agent by agent in Mesa 3 as a Mesa user would.

Peer reference for ``benchmarks/bench_engine.py``: the same rules as the flashpoint engine runs for
``flashpoint.validity.dispute.dispute_scenario`` (onset, war-of-attrition contest with private values, crisis
demands gated by brinkmanship and answered by Fearon screening, wartime bargaining with Slantchev
learning, the escalation ladder at war, allies honouring defence pledges at crisis and at war), in the
engine's phase order, on the same inputs (the scenario object: its dyads, allies and calibration).

Written the way Mesa's own examples are: each world has one :class:`Challenger` (side A's lead, the agent
that acts every month: onset, crisis, contest, bargaining, climbing, in that order, in one ``step``),
activated by ``AgentSet.do``; side B answers demands through its private cost and never acts on its own, so
it is data on the world, not an agent; allies are agents stepped by their world's challenger, only while the
world is in a dispute and they have not joined (one step per world: the engine's phase order within a world
is kept, and worlds are independent, so no agent waits on another world). Scalar draws come from
``model.random`` (the standard library generator Mesa seeds), the per-world inputs from the scenario's
distributions at set-up (``model.rng``, vectorised, as a user would sample a table of parameters).

Only the first dispute episode of each world is recorded (as the engine does); later crises reopen at the
onset hazard exactly as in the engine, so both do the same work per world and step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import mesa
import numpy as np

from flashpoint.sim.questions import horizon_steps
from flashpoint.world.catalog import iter_params
from flashpoint.world.distributions import sample
from flashpoint.world.params import Param
from flashpoint.world.scenario import Scenario

MONTH_DAYS = 30.4375


def bid(v: float) -> float:
    """Quit time b(v) = -v - ln(1 - v) (values uniform on [0, 1], unit cost)."""
    v = min(max(v, 0.0), 1.0 - 1e-6)
    return -v - math.log1p(-v)


@dataclass
class World:
    """One world's dispute theatre and side B's private data (B answers demands; it takes no turns)."""

    cost_a: float
    cost_b_max: float
    cost_b: float
    optimism0: float
    resolve_b: float
    rung: int = 0
    active: bool = False
    start: float = 0.0
    quit_a: float = math.inf
    quit_b: float = math.inf
    belief_hi: float = 0.0
    optimism: float = 0.0
    ep_max_rung: int = 0
    war_start: int = -1
    n_joiners: int = 0
    geo_open: bool = False
    first_done: bool = False
    record: dict = field(default_factory=dict)
    allies: list = field(default_factory=list)

    def rejects(self, y: float) -> bool:
        """Side B's private answer to a demand y: reject (fight) iff its cost is below y + optimism."""
        return self.cost_b < y + self.optimism


class Challenger(mesa.Agent):
    """Side A's lead in one world: opens disputes, runs the contest clock, demands, bargains and climbs."""

    def __init__(self, model: DisputeModel, world: World, resolve: float) -> None:
        super().__init__(model)
        self.world, self.resolve = world, resolve

    def step(self) -> None:
        """One month of this world: the challenger's phases, then its allies while a dispute is open."""
        self.act()
        if self.world.active:
            for ally in self.world.allies:
                if not ally.joined:
                    ally.step()

    def act(self) -> None:
        """The challenger's month, phase by phase in the engine's order; each phase sees the previous one."""
        w, m = self.world, self.model
        rand = m.random.random
        if not w.active:  # onset
            if rand() < m.p_onset:
                m.open_episode(w, self, m.t0)
            else:
                return
        if w.rung == 1:  # crisis: a demand at rate escalation x joiner multiplier
            rate = m.escalation * m.joiner_mult**w.n_joiners
            if rand() < 1.0 - math.exp(-rate * m.dtm):
                # the demand comes at a uniform time in the step and counts only before either side quits
                when = m.t0 + rand() * m.dt
                if when < w.start + min(w.quit_a, w.quit_b) and m.accepts_risk(self.resolve, 2):
                    y = max(0.0, (w.belief_hi - w.cost_a) * 0.5)
                    if w.rejects(y):
                        w.belief_hi = y
                        w.rung, w.war_start = 2, m.steps
                        w.ep_max_rung = max(w.ep_max_rung, 2)
                    else:
                        m.close_episode(w, when)
                        return
        if w.rung == 1:  # contest: the first quit ends the dispute
            first = min(w.quit_a, w.quit_b)
            if w.start + first <= m.t1:
                m.close_episode(w, w.start + first)
            return
        if w.war_start < m.steps:  # bargaining, from the month after war began
            w.optimism *= math.exp(-m.optimism_decay * m.dtm)
            if rand() < m.p_round:
                y = max(0.0, (w.belief_hi - w.cost_a) * 0.5)
                if w.rejects(y):
                    w.belief_hi = y
                else:
                    m.close_episode(w, m.t1)
                    return
        # climbing the ladder at war
        if not w.geo_open and w.rung == 3 and rand() < m.p_geo_breach:
            w.geo_open = True
        up = rand() < m.p_up
        cap = 4 if w.geo_open else 3  # limited weapons cap 4; the side-A lead has no nuclear weapons
        if up and w.rung + 1 <= cap and m.accepts_risk(self.resolve, w.rung + 1):
            w.rung += 1
            w.ep_max_rung = max(w.ep_max_rung, w.rung)
        elif w.rung > 2 and rand() < m.p_down:
            w.rung -= 1


class Ally(mesa.Agent):
    """A defence ally of one side: joins when a crisis opens (p = honour x scale) or at war (p = honour)."""

    def __init__(self, model: DisputeModel, world: World, pledge: float) -> None:
        super().__init__(model)
        self.world, self.pledge = world, pledge
        self.joined = self.decided_crisis = self.decided_war = False

    def step(self) -> None:
        m, w = self.model, self.world
        if not self.decided_crisis:
            self.decided_crisis = True
            if m.random.random() < m.honour * m.crisis_scale * self.pledge:
                self.joined = True
                w.n_joiners += 1
                return
        if not self.decided_war and w.rung >= 2:
            self.decided_war = True
            if m.random.random() < m.honour * self.pledge:
                self.joined = True
                w.n_joiners += 1


class DisputeModel(mesa.Model):
    """``n_worlds`` generic disputes; inputs drawn from the flashpoint scenario's distributions."""

    def __init__(self, sc: Scenario, n_worlds: int, n_months: int, rng: int) -> None:
        super().__init__(rng=rng)
        cal, th = sc.calibration, sc.theatres["dispute"]
        self.dt = sc.step_days
        self.dtm = self.dt / MONTH_DAYS
        self.n_steps = horizon_steps(n_months, self.dt)
        hz = lambda rate: 1.0 - math.exp(-rate * self.dtm)  # noqa: E731
        self.p_onset = hz(cal.crisis_onset_per_month.point() * th.hazard_scale.point())
        self.escalation = cal.escalation_per_month.point() * th.hazard_scale.point()
        self.joiner_mult = cal.joiner_war_multiplier.point()
        self.p_round = hz(cal.negotiation_per_month.point())
        self.optimism_decay = cal.optimism_decay_per_month.point()
        self.p_up = hz(cal.ladder_up_per_month.point() * th.hazard_scale.point())
        self.p_down = hz(cal.ladder_down_per_month.point())
        self.p_geo_breach = hz(th.limits.geography_breach_per_month.point())
        self.unit = cal.contest_time_unit_days.point() / sc.rules.contest.cost_per_unit.point()
        self.recip_min = cal.recip_min_days.point()
        self.honour, self.crisis_scale = cal.honour_rate.point(), cal.crisis_join_scale.point()
        self.risk = {k: min(p.point(), 1.0) for k, p in sc.rules.brinkmanship.risk_by_rung.items()}
        self.q, self.d = th.status_quo.point(), th.disaster.point()
        inputs = self._inputs(sc, n_worlds)
        self.worlds: list[World] = []
        for i in range(n_worlds):
            cost_b_max = th.cost_b_max.point()
            w = World(
                cost_a=th.cost_a.point(),
                cost_b_max=cost_b_max,
                cost_b=self.random.random() * cost_b_max,
                optimism0=th.optimism.point(),
                resolve_b=float(inputs["actors.B.resolve"][i]),
                geo_open=not bool(th.limits.geography_contained.value),
            )
            Challenger(self, w, float(inputs["actors.A.resolve"][i]))
            for aid in sc.alliances:
                w.allies.append(Ally(self, w, float(inputs[f"alliances.{aid}.commitment"][i])))
            self.worlds.append(w)
        self.t0 = self.t1 = 0.0
        self.challengers = self.agents.select(agent_type=Challenger)

    def _inputs(self, sc: Scenario, n: int) -> dict[str, np.ndarray]:
        groups: dict[str, np.ndarray] = {}
        return {
            path: sample(p.dist, self.rng, n, group_index=groups).astype(np.float64)
            for path, p in iter_params(sc)
            if isinstance(p, Param) and p.uncertain
        }

    def accepts_risk(self, w: float, rung: int) -> bool:
        """Brinkmanship: r <= (w - q)/(w - d)."""
        return w > self.d and self.risk.get(rung, 0.0) <= (w - self.q) / (w - self.d)

    def open_episode(self, w: World, a: Challenger, at: float) -> None:
        w.active, w.rung, w.start, w.ep_max_rung, w.n_joiners = True, 1, at, 1, 0
        w.belief_hi, w.optimism = w.cost_b_max, w.optimism0
        w.cost_b = self.random.random() * w.cost_b_max  # B's private cost, drawn per dispute
        w.quit_a = bid(a.resolve) * self.unit
        w.quit_b = bid(w.resolve_b) * self.unit
        for ally in w.allies:
            ally.joined = ally.decided_crisis = ally.decided_war = False

    def close_episode(self, w: World, at: float) -> None:
        if not w.first_done:
            held_b = min(w.quit_b, at - w.start)
            w.record = {
                "duration_days": at - w.start,
                "war": w.ep_max_rung >= 2,
                "reciprocated": w.ep_max_rung >= 2 or held_b >= self.recip_min,
                "n_joiners": w.n_joiners,
                "max_rung": w.ep_max_rung,
            }
            w.first_done = True
        w.active, w.rung, w.quit_a, w.quit_b = False, 0, math.inf, math.inf
        for ally in w.allies:
            ally.joined = False

    def step(self) -> None:
        """One month in every world (worlds are independent: each steps its challenger, then its allies)."""
        self.t0, self.t1 = (self.steps - 1) * self.dt, self.steps * self.dt
        self.challengers.do("step")

    def outcomes(self) -> dict[str, np.ndarray]:
        """First-episode records: war, duration_days (inf if open), reciprocated, joined, max_rung."""
        recs = [
            w.record
            if w.first_done
            else {
                "duration_days": math.inf,
                "war": w.ep_max_rung >= 2,
                "reciprocated": True,
                "n_joiners": w.n_joiners,
                "max_rung": w.ep_max_rung,
            }
            for w in self.worlds
        ]
        return {
            "war": np.array([r["war"] for r in recs]),
            "duration_days": np.array([r["duration_days"] for r in recs], dtype=np.float64),
            "reciprocated": np.array([r["reciprocated"] for r in recs]),
            "joined": np.array([r["n_joiners"] > 0 for r in recs]),
            "max_rung": np.array([r["max_rung"] for r in recs]),
        }


def run_mesa(sc: Scenario, n_worlds: int, n_months: int, seed: int) -> tuple[dict[str, np.ndarray], int]:
    """Run the Mesa reference; return the first-episode outcomes and the number of world-steps."""
    model = DisputeModel(sc, n_worlds, n_months, seed)
    for _ in range(model.n_steps):
        model.step()
    return model.outcomes(), n_worlds * model.n_steps
