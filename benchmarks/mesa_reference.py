"""The generic-dispute configuration of flashpoint, re-implemented agent by agent in Mesa 3.

Peer reference for ``benchmarks/bench_engine.py``: the same rules as the flashpoint engine runs for
``flashpoint.validity.dispute.dispute_scenario`` (onset, war-of-attrition contest with private values, crisis
demands gated by brinkmanship and answered by Fearon screening, wartime bargaining with Slantchev
learning, the escalation ladder at war, allies honouring defence pledges at crisis and at war), in the
engine's phase order, on the same inputs (the scenario object: its dyads, allies and calibration). Each
dispute is a set of Mesa agents (the two leads and their allies); every agent acts in every step, phase by
phase, through ``AgentSet.do``; the model draws from its own ``numpy.random.Generator``.

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
class Dispute:
    """One world's theatre: the dispute state the two leads and their allies act on."""

    cost_a: float
    cost_b_max: float
    cost_b: float
    optimism0: float
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


class Lead(mesa.Agent):
    """A side's lead actor. Side A challenges (contest clock, demands, climbing); side B answers."""

    def __init__(self, model: DisputeModel, dispute: Dispute, side: int, resolve: float) -> None:
        super().__init__(model)
        self.dispute, self.side, self.resolve = dispute, side, resolve
        self.rival: Lead | None = None

    # -- side B --------------------------------------------------------------------------------------------
    def rejects(self, y: float) -> bool:
        """Side B's private answer to a demand y: reject (fight) iff its cost is below y + optimism."""
        return self.dispute.cost_b < y + self.dispute.optimism

    # -- side A phases -------------------------------------------------------------------------------------
    def onset(self) -> None:
        d, m = self.dispute, self.model
        if self.side != 1 or d.active:
            return
        if m.rng.random() < m.p_onset:
            m.open_episode(d, self, m.t0)

    def contest(self) -> None:
        d, m = self.dispute, self.model
        if self.side != 1 or not (d.active and d.rung == 1):
            return
        first = min(d.quit_a, d.quit_b)
        if d.start + first <= m.t1:
            m.close_episode(d, d.start + first)

    def crisis(self) -> None:
        d, m = self.dispute, self.model
        if self.side != 1 or not (d.active and d.rung == 1):
            return
        rate = m.escalation * m.joiner_mult**d.n_joiners
        if m.rng.random() >= 1.0 - math.exp(-rate * m.dtm):
            return
        # the demand comes at a uniform time in the step and counts only before either side quits
        when = m.t0 + m.rng.random() * m.dt
        if when >= d.start + min(d.quit_a, d.quit_b) or not m.accepts_risk(self.resolve, 2):
            return
        y = max(0.0, (d.belief_hi - d.cost_a) * 0.5)
        if self.rival.rejects(y):
            d.belief_hi = y
            d.rung, d.war_start = 2, m.steps
            d.ep_max_rung = max(d.ep_max_rung, 2)
        else:
            m.close_episode(d, when)

    def bargain(self) -> None:
        d, m = self.dispute, self.model
        if self.side != 1 or not (d.active and d.rung >= 2 and d.war_start < m.steps):
            return
        d.optimism *= math.exp(-m.optimism_decay * m.dtm)
        if m.rng.random() >= m.p_round:
            return
        y = max(0.0, (d.belief_hi - d.cost_a) * 0.5)
        if self.rival.rejects(y):
            d.belief_hi = y
        else:
            m.close_episode(d, m.t1)

    def climb(self) -> None:
        d, m = self.dispute, self.model
        if self.side != 1 or not (d.active and d.rung >= 2):
            return
        if not d.geo_open and d.rung == 3 and m.rng.random() < m.p_geo_breach:
            d.geo_open = True
        up = m.rng.random() < m.p_up
        cap = 4 if d.geo_open else 3  # limited weapons cap 4; the side-A lead has no nuclear weapons
        if up and d.rung + 1 <= cap and m.accepts_risk(self.resolve, d.rung + 1):
            d.rung += 1
            d.ep_max_rung = max(d.ep_max_rung, d.rung)
            return
        if d.rung > 2 and m.rng.random() < m.p_down:
            d.rung -= 1


class Ally(mesa.Agent):
    """A defence ally of one side: joins when a crisis opens (p = honour x scale) or at war (p = honour)."""

    def __init__(self, model: DisputeModel, dispute: Dispute, side: int, pledge: float) -> None:
        super().__init__(model)
        self.dispute, self.side, self.pledge = dispute, side, pledge
        self.joined = self.decided_crisis = self.decided_war = False

    def join(self) -> None:
        d, m = self.dispute, self.model
        if not d.active or self.joined:
            return
        for stage, scale, flag in (("crisis", m.crisis_scale, "decided_crisis"), ("war", 1.0, "decided_war")):
            if getattr(self, flag) or (stage == "war" and d.rung < 2):
                continue
            setattr(self, flag, True)
            if m.rng.random() < m.honour * scale * self.pledge:
                self.joined = True
                d.n_joiners += 1
                return


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
        self.risk = {k: p.point() for k, p in sc.rules.brinkmanship.risk_by_rung.items()}
        self.q, self.d = th.status_quo.point(), th.disaster.point()
        inputs = self._inputs(sc, n_worlds)
        self.disputes: list[Dispute] = []
        for w in range(n_worlds):
            cost_b_max = th.cost_b_max.point()
            d = Dispute(
                cost_a=th.cost_a.point(),
                cost_b_max=cost_b_max,
                cost_b=float(self.rng.random()) * cost_b_max,
                optimism0=th.optimism.point(),
                geo_open=not bool(th.limits.geography_contained.value),
            )
            a = Lead(self, d, 1, float(inputs["actors.A.resolve"][w]))
            b = Lead(self, d, 2, float(inputs["actors.B.resolve"][w]))
            a.rival, b.rival = b, a
            for aid, al in sc.alliances.items():
                side = 1 if "A" in al.members else 2
                d.allies.append(Ally(self, d, side, float(inputs[f"alliances.{aid}.commitment"][w])))
            self.disputes.append(d)
        self.t0 = self.t1 = 0.0
        self.leads = self.agents_by_type[Lead]
        self.allies = self.agents_by_type[Ally]

    def _inputs(self, sc: Scenario, n: int) -> dict[str, np.ndarray]:
        groups: dict[str, np.ndarray] = {}
        return {
            path: sample(p.dist, self.rng, n, group_index=groups).astype(np.float64)
            for path, p in iter_params(sc)
            if isinstance(p, Param) and p.uncertain
        }

    def accepts_risk(self, w: float, rung: int) -> bool:
        """Brinkmanship: r <= (w - q)/(w - d)."""
        r = min(self.risk.get(rung, 0.0), 1.0)
        return w > self.d and r <= (w - self.q) / (w - self.d)

    def open_episode(self, d: Dispute, a: Lead, at: float) -> None:
        d.active, d.rung, d.start, d.ep_max_rung, d.n_joiners = True, 1, at, 1, 0
        d.belief_hi, d.optimism = d.cost_b_max, d.optimism0
        d.cost_b = float(self.rng.random()) * d.cost_b_max  # B's private cost, drawn per dispute
        d.quit_a = bid(a.resolve) * self.unit
        d.quit_b = bid(a.rival.resolve) * self.unit
        for ally in d.allies:
            ally.joined = ally.decided_crisis = ally.decided_war = False

    def close_episode(self, d: Dispute, at: float) -> None:
        if not d.first_done:
            held_b = min(d.quit_b, at - d.start)
            d.record = {
                "duration_days": at - d.start,
                "war": d.ep_max_rung >= 2,
                "reciprocated": d.ep_max_rung >= 2 or held_b >= self.recip_min,
                "n_joiners": d.n_joiners,
                "max_rung": d.ep_max_rung,
            }
            d.first_done = True
        d.active, d.rung, d.quit_a, d.quit_b = False, 0, math.inf, math.inf
        for ally in d.allies:
            ally.joined = False

    def step(self) -> None:
        self.t0, self.t1 = (self.steps - 1) * self.dt, self.steps * self.dt
        for phase in ("onset", "crisis", "contest", "bargain", "climb"):
            self.leads.do(phase)
        self.allies.do("join")

    def outcomes(self) -> dict[str, np.ndarray]:
        """First-episode records: war, duration_days (inf if open), reciprocated, joined, max_rung."""
        recs = [
            d.record
            if d.first_done
            else {
                "duration_days": math.inf,
                "war": d.ep_max_rung >= 2,
                "reciprocated": True,
                "n_joiners": d.n_joiners,
                "max_rung": d.ep_max_rung,
            }
            for d in self.disputes
        ]
        return {
            "war": np.array([r["war"] for r in recs]),
            "duration_days": np.array([r["duration_days"] for r in recs], dtype=np.float64),
            "reciprocated": np.array([r["reciprocated"] for r in recs]),
            "joined": np.array([r["n_joiners"] > 0 for r in recs]),
            "max_rung": np.array([r["max_rung"] for r in recs]),
        }


def run_mesa(sc: Scenario, n_worlds: int, n_months: int, seed: int) -> tuple[dict[str, np.ndarray], int]:
    """Run the Mesa reference; return the first-episode outcomes and the number of agent-steps."""
    model = DisputeModel(sc, n_worlds, n_months, seed)
    n_agents = len(model.agents)
    for _ in range(model.n_steps):
        model.step()
    return model.outcomes(), n_agents * model.n_steps
