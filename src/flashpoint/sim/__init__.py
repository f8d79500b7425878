"""flashpoint.sim: the vectorised escalation engine, question predicates and the run API.

``simulate`` and ``SimResult`` load on first use, so that importing a light module of this package (the
defaults the CLI shows) does not load numba and the engine.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"simulate": "flashpoint.sim.engine", "SimResult": "flashpoint.sim.result"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'flashpoint.sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = ["SimResult", "simulate"]
