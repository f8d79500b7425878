"""flashpoint.sim: the vectorised escalation engine, question predicates and the run API."""

from flashpoint.sim.engine import simulate
from flashpoint.sim.result import SimResult

__all__ = ["SimResult", "simulate"]
