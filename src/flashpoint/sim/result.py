"""The result of :func:`flashpoint.sim.simulate`: per-world arrays, world-major."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from flashpoint.sim.state import MONTH_DAYS

THEATRE_FIELDS = {
    "max_rung": "int8: highest rung reached at any step",
    "final_rung": "int8: rung at the last step",
    "onset_step": "int16: step the first dispute opened (0 if open at as_of), -1 none",
    "end_step": "int16: step the first dispute ended, -1 if still open at the horizon (or none)",
    "duration_days": "float32: first dispute's length in days (contest quits are exact), NaN if not ended",
    "reciprocated": "bool: side B took militarised action in the first dispute (held out >= "
    "calibration.recip_min_days, or war)",
    "n_joiners": "int8: allies that joined the first dispute",
    "outcome": "int8: first dispute's MID outcome: 1 victory A, 2 victory B, 3 yield A, 4 yield B, "
    "6 compromise, 0 not ended",
    "winner": "int8: first dispute's winner: 1 side A, 2 side B, 0 none",
    "first_max_rung": "int8: highest rung of the first dispute (set when it ends)",
    "war_onset_step": "int16: first step at war (rung >= 2; 0 if at war at as_of), -1 never",
    "ceasefire_step": "int16: first step a war ended in an accepted offer, -1 never",
    "ceasefire_share_b": "float32: side B's share of the stakes in that first accepted offer (Fearon 1995: "
    "x = 1 - p_A - y, p_A side A's share of capability, y A's demand; in [0, 1]), NaN never",
}


@dataclass
class SimResult:
    """Per-world outcomes of a simulation.

    Attributes
    ----------
    first_step : ndarray of shape (n_worlds, n_questions), dtype int16
        First step (1-based) within the question's horizon at which its condition holds (for ``throughout``
        questions: fails); -1 if never. Convert with :meth:`months`.
    yes : ndarray of shape (n_worlds, n_questions), dtype bool
        Whether the question resolves YES in the world.
    theatre : dict of str to ndarray of shape (n_worlds, n_theatres)
        Per-theatre outcomes; keys and dtypes in ``THEATRE_FIELDS``.
    involved : ndarray of shape (n_worlds, n_actors, n_theatres), dtype bool
        Whether the actor was in combat in the theatre (belligerent at rung >= 2) at any step.
    front_force_a, front_force_b, front_held : ndarray of shape (n_worlds, n_fronts), dtype float32
        Forces and share of ground held by side B at the last step; ``front_held_min`` the minimum held.
    flow_size : ndarray of shape (n_worlds, n_flows), dtype float32
        Flow sizes at the last step.
    posture_max, posture_final : ndarray of shape (n_worlds,), dtype int8
        NATO East Asia posture level (0 none .. 4 ground).
    draws : dict of str to ndarray of shape (n_worlds,), dtype float32
        Per-world values of every uncertain parameter, by path.
    trace : dict of str to ndarray
        Only with ``trace=True``: ``rung`` (n_steps + 1, n_worlds, n_theatres) int8, ``force_a``/``force_b``/
        ``held`` (n_steps + 1, n_worlds, n_fronts) float32; row 0 is the as_of state.
    """

    scenario_id: str
    sha256: str
    as_of: str
    step: str
    step_days: float
    n_worlds: int
    n_steps: int
    n_months: int
    actors: list[str]
    theatres: list[str]
    fronts: list[str]
    flows: list[str]
    questions: list[str]
    horizon_steps: np.ndarray
    first_step: np.ndarray
    yes: np.ndarray
    theatre: dict[str, np.ndarray]
    involved: np.ndarray
    front_force_a: np.ndarray
    front_force_b: np.ndarray
    front_held: np.ndarray
    front_held_min: np.ndarray
    flow_size: np.ndarray
    posture_max: np.ndarray
    posture_final: np.ndarray
    draws: dict[str, np.ndarray]
    trace: dict[str, np.ndarray] = field(default_factory=dict)

    def months(self, steps: np.ndarray) -> np.ndarray:
        """Convert step counts to months (float32); -1 stays -1."""
        steps = np.asarray(steps)
        return np.where(steps < 0, -1.0, steps * self.step_days / MONTH_DAYS).astype(np.float32)

    def complete(self, question_id: str) -> bool:
        """True when the run covers the question's whole horizon."""
        return int(self.horizon_steps[self.questions.index(question_id)]) <= self.n_steps

    def probability(self, question_id: str) -> float:
        """Share of worlds in which the question resolves YES."""
        return float(self.yes[:, self.questions.index(question_id)].mean())

    def theatre_field(self, name: str, theatre_id: str) -> np.ndarray:
        """One theatre's column of a per-theatre outcome: shape (n_worlds,)."""
        return self.theatre[name][:, self.theatres.index(theatre_id)]
