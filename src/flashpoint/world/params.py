"""Parameters with provenance: every number a scenario uses says where it comes from.

A :class:`Param` is a number or a distribution, plus ``source`` (a dataset, a paper, or a quote of at most 25
words from a dated article) or ``assumption: true`` with a ``reason``. A :class:`Fact` is the same for a
non-numeric or integer fact (a rung, a nuclear status). Bounds are attached to a field with
:func:`bounded`, which checks a fixed value and a distribution's support.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from flashpoint.world.distributions import Beta, Distribution, Empirical, Fixed, LogNormal, Normal, Number

MAX_QUOTE_WORDS = 25


class _Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str | None = None
    assumption: bool = False
    reason: str | None = None

    @model_validator(mode="after")
    def _has_provenance(self) -> _Provenance:
        if self.assumption:
            if not (self.reason and self.reason.strip()):
                raise ValueError("expected `reason:` (one line) because `assumption: true`; got none")
        elif not (self.source and self.source.strip()):
            raise ValueError(
                "expected `source:` (dataset, paper or dated quote) or `assumption: true` + "
                "`reason:`; got neither"
            )
        if self.source:
            for quote in _quotes(self.source):
                words = len(quote.split())
                if words > MAX_QUOTE_WORDS:
                    raise ValueError(
                        f"expected a quote of at most {MAX_QUOTE_WORDS} words; got {words} words"
                    )
        return self

    def provenance(self) -> str:
        """Return the source, or ``assumption: REASON``."""
        return f"assumption: {self.reason}" if self.assumption else str(self.source)


def _quotes(text: str) -> list[str]:
    parts = text.split('"')
    return [parts[i] for i in range(1, len(parts) - 1, 2)]


class Param(_Provenance):
    """A numeric parameter: a ``value`` or a ``dist``, with provenance."""

    value: Number | None = None
    dist: Distribution | None = None
    unit: str | None = None

    @model_validator(mode="after")
    def _value_or_dist(self) -> Param:
        if (self.value is None) == (self.dist is None):
            raise ValueError(
                "expected exactly one of `value:` or `dist:`; got "
                + ("both" if self.value is not None else "neither")
            )
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"expected a finite number; got {self.value}")
        return self

    @property
    def uncertain(self) -> bool:
        """True when the parameter is drawn from a non-degenerate distribution."""
        return self.dist is not None and not isinstance(self.dist, Fixed)

    def point(self) -> float:
        """Return the fixed value or the distribution's mean."""
        return float(self.value) if self.value is not None else float(self.dist.mean())

    def describe(self) -> str:
        """Return a short text such as ``0.745`` or ``beta(a=6, b=3)``."""
        if self.value is not None:
            return f"{self.value:g}"
        fields = self.dist.model_dump(by_alias=True, exclude={"kind"}, exclude_none=True)
        if isinstance(self.dist, Empirical):
            fields = {"n": len(self.dist.values), **({"group": self.dist.group} if self.dist.group else {})}
        inner = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in fields.items())
        return f"{self.dist.kind}({inner})"


class Fact(_Provenance):
    """A non-numeric or integer fact with provenance (e.g. a theatre's rung, a nuclear status)."""

    value: bool | int | str


def _check_bounds(lo: float, hi: float, integer: bool = False):
    def check(param: Any) -> Any:
        if param is None:
            return param
        if isinstance(param, Fact):
            v = param.value
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise ValueError(f"expected an integer in [{lo:g}, {hi:g}]; got {v!r}")
            return param
        if param.value is not None:
            v = param.value
            if not lo <= v <= hi:
                raise ValueError(f"expected a value in [{lo:g}, {hi:g}]; got {v:g}")
            if integer and v != int(v):
                raise ValueError(f"expected an integer; got {v:g}")
            return param
        dist = param.dist
        if isinstance(dist, Normal) and (math.isfinite(lo) or math.isfinite(hi)):
            raise ValueError(
                f"expected a bounded distribution within [{lo:g}, {hi:g}] (use truncnormal); got normal"
            )
        if isinstance(dist, LogNormal) and lo > 0:
            raise ValueError(f"expected support within [{lo:g}, {hi:g}]; got lognormal on (0, inf)")
        if isinstance(dist, Beta) and not (lo <= dist.low and dist.high <= hi):
            raise ValueError(
                f"expected support within [{lo:g}, {hi:g}]; got beta on [{dist.low:g}, {dist.high:g}]"
            )
        low, high = dist.support()
        if not (lo <= low and high <= hi):
            raise ValueError(f"expected support within [{lo:g}, {hi:g}]; got [{low:g}, {high:g}]")
        return param

    return check


def bounded(lo: float = -math.inf, hi: float = math.inf, *, integer: bool = False) -> Any:
    """Return ``Param`` annotated with a check that its values lie in [lo, hi]."""
    return Annotated[Param, AfterValidator(_check_bounds(lo, hi, integer))]


def bounded_fact(lo: int, hi: int) -> Any:
    """Return ``Fact`` annotated with a check that its value is an integer in [lo, hi]."""
    return Annotated[Fact, AfterValidator(_check_bounds(lo, hi))]


Probability = bounded(0.0, 1.0)
NonNegative = bounded(0.0)
Positive = bounded(1e-12)
