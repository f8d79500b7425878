"""flashpoint: evidence, simulation and scored forecasts for geopolitical crises.

The public API is what the CLI does, as functions returning plain data or DataFrames. Names are
resolved lazily so that ``import flashpoint`` stays fast; each entry maps a public name to
``module:attribute``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API: dict[str, str] = {
    # core (world + sim)
    "run": "flashpoint.sim.runner:run",
    "simulate": "flashpoint.sim.engine:simulate",
    "load_scenario": "flashpoint.world.catalog:load_scenario",
    "list_scenarios": "flashpoint.world.catalog:list_scenarios",
    "validate_scenario": "flashpoint.world.catalog:validate_scenario",
    "show_scenario": "flashpoint.world.catalog:show_scenario",
    "apply_overrides": "flashpoint.world.overrides:apply_overrides",
    "build_scenario": "flashpoint.world.loader:build_scenario",
    "minimal_scenario": "flashpoint.world.minimal:minimal_scenario",
    # evidence
    "read_path": "flashpoint.evidence.readers:read_path",
    "extract": "flashpoint.evidence.ingest:extract",
    "ingest": "flashpoint.store.evidence:ingest",
    "query_events": "flashpoint.store.evidence_queries:query_events",
    "query_quotes": "flashpoint.store.evidence_queries:query_quotes",
    "query_forecasts": "flashpoint.store.evidence_queries:query_forecasts",
    "extract_text": "flashpoint.evidence.pipeline:extract_text",
    "evaluate_plover": "flashpoint.evidence.evaluation:evaluate_plover",
    "evaluate_seed": "flashpoint.evidence.evaluation:evaluate_seed",
    # situation (issue 11)
    "situation": "flashpoint.situation:situation",
    "run_at": "flashpoint.forecasts.replay:run_at",
    "replay": "flashpoint.forecasts.replay:replay",
    # forecasts
    "add_question": "flashpoint.forecasts.registry:add_question",
    "list_questions": "flashpoint.forecasts.registry:list_questions",
    "show_question": "flashpoint.forecasts.registry:show_question",
    "add_forecast": "flashpoint.forecasts.registry:add_forecast",
    "resolve": "flashpoint.forecasts.registry:resolve",
    "register_evidence": "flashpoint.forecasts.linking:register_evidence",
    "propose_links": "flashpoint.forecasts.linking:propose_links",
    "score": "flashpoint.forecasts.track:score",
    "calibration": "flashpoint.forecasts.calibration:calibration",
    "import_forecastbench": "flashpoint.forecasts.forecastbench:import_forecastbench",
    "import_rows": "flashpoint.forecasts.exchange:import_rows",
    "export_rows": "flashpoint.forecasts.exchange:export_rows",
    # validity
    "validate": "flashpoint.validity.validate:validate",
    "sensitivity": "flashpoint.validity.sensitivity:run_sensitivity",
    # workspace (report and web)
    "write_report": "flashpoint.report.build:write_report",
    "serve": "flashpoint.web.server:serve",
}


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'flashpoint' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]
