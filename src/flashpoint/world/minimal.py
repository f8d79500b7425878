"""A minimal two-actor, one-theatre scenario, for tests, theory checks and the generic-dispute family.

``minimal_scenario_data()`` returns plain data (edit it freely), ``minimal_scenario()`` the validated
scenario. Every value is an assumption: callers set what their configuration needs with
:func:`~flashpoint.world.overrides.apply_overrides` or by editing the data.
"""

from __future__ import annotations

from typing import Any

from flashpoint.world.loader import build_scenario
from flashpoint.world.scenario import Scenario

_WHY = "minimal-scenario default; set it for your configuration"


def _p(value: float) -> dict[str, Any]:
    return {"value": value, "assumption": True, "reason": _WHY}


def _f(value: Any) -> dict[str, Any]:
    return {"value": value, "assumption": True, "reason": _WHY}


def _actor(name: str, cinc: float) -> dict[str, Any]:
    return {
        "name": name,
        "capability": {"cinc": _p(cinc)},
        "nuclear": _f(False),
        "great_power": _f(False),
        "resolve": {"dist": {"kind": "uniform", "low": 0.0, "high": 1.0}, "assumption": True, "reason": _WHY},
    }


def minimal_scenario_data(*, rung: int = 1, step: str = "month") -> dict[str, Any]:
    """Return the plain data of a dyad A vs B in one theatre ``dispute`` at ``rung``, all rules on."""
    return {
        "id": "minimal-dyad",
        "title": "Minimal dyad: two actors, one theatre",
        "as_of": "2000-01-01",
        "step": step,
        "actors": {"A": _actor("Side A", 0.02), "B": _actor("Side B", 0.02)},
        "theatres": {
            "dispute": {
                "name": "A dyadic dispute",
                "rung": _f(rung),
                "side_a": ["A"],
                "side_b": ["B"],
                "hazard_scale": _p(1.0),
                "cost_a": _p(0.1),
                "cost_b_max": _p(0.5),
                "optimism": _p(0.0),
                "status_quo": _p(0.0),
                "disaster": _p(-1.0),
                "limits": {
                    "geography_contained": _f(True),
                    "weapons_limited": _f(True),
                    "geography_breach_per_month": _p(0.0),
                    "weapons_breach_per_month": _p(0.0),
                },
            }
        },
        "questions": {
            "war-12m": {
                "text": "Does the dispute reach war (rung 2 or higher) within 12 months?",
                "resolution": "YES if the theatre's rung is at least 2 at any step within 12 months.",
                "horizon_months": 12,
                "when": {"rung_at_least": {"theatre": "dispute", "rung": 2}},
                "actors": ["A", "B"],
                "event_type": "ASSAULT",
                "tags": ["minimal"],
            }
        },
    }


def minimal_scenario(*, rung: int = 1, step: str = "month") -> Scenario:
    """Return the validated minimal scenario (see :func:`minimal_scenario_data`)."""
    return build_scenario(minimal_scenario_data(rung=rung, step=step), origin="<minimal-dyad>")
