"""Shared rendering helpers for the CLI: JSON output and Rich tables."""

from __future__ import annotations

import json
import math
from typing import Any

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def print_json(obj: Any) -> None:
    """Print exactly one JSON object on stdout (NaN becomes null)."""
    print(json.dumps(_clean(obj), ensure_ascii=False, default=str))
