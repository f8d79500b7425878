"""Checks at public boundaries. Inner kernels stay check-free."""

from __future__ import annotations

import math
from typing import Any

from flashpoint.errors import InputError


def check_probability(value: Any, what: str) -> float:
    """Return ``value`` as a float in [0, 1] or raise :class:`InputError` naming ``what``."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a probability in [0, 1]; got {value!r}.") from None
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        raise InputError(f"{what} must be a probability in [0, 1]; got {value!r}.")
    return p


def check_positive_int(value: Any, what: str, *, maximum: int | None = None) -> int:
    """Return ``value`` as a positive int (optionally at most ``maximum``) or raise :class:`InputError`."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a positive integer; got {value!r}.") from None
    if n <= 0 or (maximum is not None and n > maximum):
        bound = f" at most {maximum}" if maximum is not None else ""
        raise InputError(f"{what} must be a positive integer{bound}; got {value!r}.")
    return n
