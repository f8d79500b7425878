"""Uncertain parameters as distributions, and how each is sampled.

A distribution is declared in a scenario as a mapping with a ``kind`` tag::

    dist: {kind: beta, a: 6, b: 3}
    dist: {kind: empirical, values: [0.01, 0.03, 0.2], group: dyad}

``empirical`` draws with replacement from its ``values``; parameters that name the same ``group`` share the
drawn index, so a historical dyad's two capabilities are drawn together.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import AllowInfNan, BaseModel, ConfigDict, Field, Strict, model_validator

#: Largest magnitude of a scenario number (assumption: the largest real figure in a scenario is a state's
#: military expenditure, about 1e9 thousand US$ in COW NMC 6.0; 1e12 leaves room for any unit while refusing
#: values such as 1e308 that overflow the engine's arithmetic).
MAX_MAGNITUDE = 1e12
#: A scenario number: a real float or int, never a bool or a string ("0.745"), finite and not absurd.
Number = Annotated[float, Strict(), AllowInfNan(False), Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def support(self) -> tuple[float, float]:
        """Return the (low, high) bounds of the support."""
        raise NotImplementedError

    def mean(self) -> float:
        """Return the distribution's mean (used for point summaries and docs)."""
        raise NotImplementedError


class Fixed(_Dist):
    """A single value (a distribution with no spread)."""

    kind: Literal["fixed"]
    value: Number

    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def mean(self) -> float:
        return self.value


class Uniform(_Dist):
    """Uniform on [low, high]."""

    kind: Literal["uniform"]
    low: Number
    high: Number

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low <= self.high:
            raise ValueError(f"expected low <= high; got low={self.low}, high={self.high}")
        return self

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        return (self.low + self.high) / 2


class Normal(_Dist):
    """Normal with ``mean`` and standard deviation ``sd``."""

    kind: Literal["normal"]
    mean_: Number = Field(alias="mean")
    sd: Number = Field(gt=0)

    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    def mean(self) -> float:
        return self.mean_


class TruncNormal(_Dist):
    """Normal(``mean``, ``sd``) truncated to [low, high] (drawn by rejection)."""

    kind: Literal["truncnormal"]
    mean_: Number = Field(alias="mean")
    sd: Number = Field(gt=0)
    low: Number
    high: Number

    @model_validator(mode="after")
    def _order(self) -> TruncNormal:
        if not self.low < self.high:
            raise ValueError(f"expected low < high; got low={self.low}, high={self.high}")
        return self

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        a, b = (self.low - self.mean_) / self.sd, (self.high - self.mean_) / self.sd
        phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
        cdf = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
        z = cdf(b) - cdf(a)
        return self.mean_ + self.sd * (phi(a) - phi(b)) / z if z > 0 else (self.low + self.high) / 2


class Beta(_Dist):
    """Beta(a, b), optionally rescaled to [low, high] (default [0, 1])."""

    kind: Literal["beta"]
    a: Number = Field(gt=0)
    b: Number = Field(gt=0)
    low: Number = 0.0
    high: Number = 1.0

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        return self.low + (self.high - self.low) * self.a / (self.a + self.b)


class Triangular(_Dist):
    """Triangular on [low, high] with peak at ``mode``."""

    kind: Literal["triangular"]
    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(f"expected low <= mode <= high; got {self.low}, {self.mode}, {self.high}")
        return self

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3


class LogNormal(_Dist):
    """Log-normal with the given ``median`` and log-scale standard deviation ``sigma``."""

    kind: Literal["lognormal"]
    median: Number = Field(gt=0)
    sigma: Number = Field(gt=0)

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def mean(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2)


class Empirical(_Dist):
    """Values drawn with replacement; parameters sharing ``group`` share the drawn index."""

    kind: Literal["empirical"]
    values: list[Number] = Field(min_length=1)
    group: str | None = None

    def support(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    def mean(self) -> float:
        return sum(self.values) / len(self.values)


Distribution = Annotated[
    Fixed | Uniform | Normal | TruncNormal | Beta | Triangular | LogNormal | Empirical,
    Field(discriminator="kind"),
]


def sample(
    dist: _Dist, rng: np.random.Generator, n: int, *, group_index: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """Draw ``n`` values.

    Parameters
    ----------
    dist : Distribution
        What to draw from.
    rng : numpy.random.Generator
        The block's generator.
    n : int
        Number of worlds.
    group_index : dict of str to ndarray of shape (n,), dtype int64, optional
        Shared indices for grouped empirical draws; filled on first use of a group.

    Returns
    -------
    ndarray of shape (n,), dtype float32
    """
    if isinstance(dist, Fixed):
        out = np.full(n, dist.value)
    elif isinstance(dist, Uniform):
        out = rng.uniform(dist.low, dist.high, n)
    elif isinstance(dist, Normal):
        out = rng.normal(dist.mean_, dist.sd, n)
    elif isinstance(dist, TruncNormal):
        out = rng.normal(dist.mean_, dist.sd, n)
        bad = (out < dist.low) | (out > dist.high)
        for _ in range(1000):
            if not bad.any():
                break
            out[bad] = rng.normal(dist.mean_, dist.sd, int(bad.sum()))
            bad = (out < dist.low) | (out > dist.high)
        out = np.clip(out, dist.low, dist.high)
    elif isinstance(dist, Beta):
        out = dist.low + (dist.high - dist.low) * rng.beta(dist.a, dist.b, n)
    elif isinstance(dist, Triangular):
        out = (
            rng.triangular(dist.low, dist.mode, dist.high, n)
            if dist.low < dist.high
            else np.full(n, dist.low)
        )
    elif isinstance(dist, LogNormal):
        out = dist.median * np.exp(rng.normal(0.0, dist.sigma, n))
    elif isinstance(dist, Empirical):
        values = np.asarray(dist.values, dtype=np.float64)
        if dist.group is not None and group_index is not None:
            idx = group_index.get(dist.group)
            if idx is None:
                idx = rng.integers(0, len(values), n)
                group_index[dist.group] = idx
            out = values[idx % len(values)]
        else:
            out = values[rng.integers(0, len(values), n)]
    else:  # pragma: no cover - the union is closed
        raise TypeError(f"unknown distribution {dist!r}")
    return out.astype(np.float32)
