"""Reductions: what a run keeps of each block of worlds, computed as blocks finish.

A block (``BLOCK_WORLDS`` worlds) ends as a dict of per-world arrays (see ``engine._run_block``). A
:class:`Reduction` turns it into a *partial* where the block ran (a worker process or a Dask worker), so only
the partial travels back; the driver keeps the partials by block number and :meth:`Reduction.combine` joins
them in block order once all are in. Block order, not finishing order, makes the result the same bytes for
any number of workers and any scheduler.

- :class:`Gather` keeps everything (``simulate`` builds a :class:`~flashpoint.sim.result.SimResult` from it):
  memory grows with the worlds (about 1 KB per world on the default scenario).
- :class:`Totals` keeps sums over worlds (integer counts: exact in any order), so memory does not grow with
  the worlds: ``flashpoint run`` reduces 10,000,000 worlds this way. A new per-world output is summarised by
  adding one entry to :data:`RUN_TOTALS`: a name and a function of the block returning an integer array.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Block = dict[str, np.ndarray]


class Reduction:
    """What to keep of each block (``partial``, where the block ran) and how to join them (``combine``)."""

    def partial(self, block: Block) -> Any:
        raise NotImplementedError

    def combine(self, partials: list[Any]) -> Any:
        raise NotImplementedError


class Gather(Reduction):
    """Keep every per-world array; ``combine`` concatenates blocks (``trace:`` arrays along axis 1)."""

    def partial(self, block: Block) -> Block:
        return block

    def combine(self, partials: list[Block]) -> Block:
        return {
            key: np.concatenate([p[key] for p in partials], axis=1 if key.startswith("trace:") else 0)
            for key in partials[0]
        }


def _yes_count(block: Block) -> np.ndarray:
    return np.count_nonzero(block["yes"], axis=0).astype(np.int64)


def _world_count(block: Block) -> np.ndarray:
    return np.array(len(block["yes"]), np.int64)


#: Totals a run keeps: name -> function of a block returning an integer array (the same shape for every
#: block), summed over blocks. ``yes``: worlds where each question resolves YES, shape (n_questions,).
RUN_TOTALS: dict[str, Callable[[Block], np.ndarray]] = {
    "worlds": _world_count,
    "yes": _yes_count,
}


class Totals(Reduction):
    """Integer sums over worlds, one array per entry of ``fields`` (default :data:`RUN_TOTALS`)."""

    def __init__(self, fields: dict[str, Callable[[Block], np.ndarray]] | None = None) -> None:
        self.fields = dict(RUN_TOTALS if fields is None else fields)

    def partial(self, block: Block) -> dict[str, np.ndarray]:
        out = {}
        for name, fn in self.fields.items():
            value = np.asarray(fn(block))
            if value.dtype.kind not in "iub":
                raise TypeError(f"Totals field {name!r} must return integers; got dtype {value.dtype}")
            out[name] = value.astype(np.int64)
        return out

    def combine(self, partials: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return {name: np.sum([p[name] for p in partials], axis=0, dtype=np.int64) for name in self.fields}


__all__ = ["RUN_TOTALS", "Gather", "Reduction", "Totals"]
