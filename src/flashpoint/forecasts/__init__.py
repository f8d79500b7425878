"""flashpoint.forecasts: the registry of questions and forecasts, resolutions, scores and calibration.

Names load lazily (``import flashpoint.forecasts`` stays cheap for the CLI):

- registry: :func:`add_question`, :func:`list_questions`, :func:`show_question`, :func:`edit_question`,
  :func:`close_question`, :func:`add_forecast`,
  :func:`resolve`;
- experts: :func:`register_evidence`, :func:`propose_links`, :func:`accept_link`;
- scores: :func:`score`, :func:`calibration`;
- exchange: :func:`import_forecastbench`, :func:`import_rows`, :func:`export_rows`;
- the model: :func:`register_run` (store a run as the model's forecast made on a date), :func:`model_configs`;
- tables: :func:`scored_pairs` (one row per counted forecast, a DataFrame).
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES: dict[str, str] = {
    "add_question": "registry",
    "list_questions": "registry",
    "show_question": "registry",
    "edit_question": "registry",
    "close_question": "registry",
    "add_forecast": "registry",
    "resolve": "registry",
    "records": "registry",
    "register_evidence": "statements",
    "propose_links": "linking",
    "accept_link": "linking",
    "score": "track",
    "calibration": "calibration",
    "import_forecastbench": "forecastbench",
    "import_rows": "exchange",
    "export_rows": "exchange",
    "register_run": "models",
    "model_configs": "models",
    "scored_pairs": "track",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'flashpoint.forecasts' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"flashpoint.forecasts.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])


__all__ = list(_NAMES)
