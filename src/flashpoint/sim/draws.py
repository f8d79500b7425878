"""Per-world draws of every scenario parameter, in a fixed order so a block's numbers never depend on use."""

from __future__ import annotations

import numpy as np

from flashpoint.world.catalog import iter_params
from flashpoint.world.distributions import sample
from flashpoint.world.params import Param
from flashpoint.world.scenario import Scenario


class Draws:
    """Parameter values for one block of worlds.

    ``draws[path]`` is a Python float for a fixed parameter and an ndarray of shape (n_worlds,), dtype float32
    for an uncertain one. Every uncertain parameter is drawn at construction, in document order, from ``rng``.
    """

    def __init__(self, sc: Scenario, rng: np.random.Generator, n_worlds: int) -> None:
        self.n = n_worlds
        self.values: dict[str, float | np.ndarray] = {}
        groups: dict[str, np.ndarray] = {}
        for path, p in iter_params(sc):
            if not isinstance(p, Param):
                continue
            if p.uncertain:
                self.values[path] = sample(p.dist, rng, n_worlds, group_index=groups)
            else:
                self.values[path] = float(p.point())

    def __getitem__(self, path: str) -> float | np.ndarray:
        return self.values[path]

    def get(self, path: str, default: float | None = None) -> float | np.ndarray | None:
        return self.values.get(path, default)

    def world(self, path: str) -> np.ndarray:
        """A parameter as an ndarray of shape (n_worlds,), float32 (fixed values broadcast, read-only)."""
        return np.broadcast_to(np.float32(self.values[path]), (self.n,))

    def uncertain(self) -> dict[str, np.ndarray]:
        """Return only the drawn (uncertain) parameters: path -> ndarray of shape (n_worlds,), float32."""
        return {k: v for k, v in self.values.items() if isinstance(v, np.ndarray)}

    def stack(self, paths: list[str]) -> np.ndarray:
        """Stack one parameter per row: shape (len(paths), n_worlds) if any is drawn, else (len(paths), 1)."""
        vals = [self.values[p] for p in paths]
        if any(isinstance(v, np.ndarray) for v in vals):
            return np.stack([np.broadcast_to(np.float32(v), (self.n,)) for v in vals]).astype(np.float32)
        return np.asarray(vals, dtype=np.float32).reshape(-1, 1)
