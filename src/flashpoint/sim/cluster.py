"""Blocks of worlds on a ``dask.distributed`` cluster (``--scheduler ADDRESS`` or ``$FLASHPOINT_SCHEDULER``).

The scenario and layout are scattered to every worker once per run; each block is one task that runs the
block and its reduction on the worker, so only partials travel back. Partials are kept by block number, so the
result is the same bytes as a local run with the same seed. A worker must run the same engine: on connecting,
every worker reports a digest of its ``flashpoint.sim`` and ``flashpoint.world`` sources and numpy version,
and a mismatch is refused (a different engine would give different numbers under the same seed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.sim.reduce import Reduction
from flashpoint.sim.schedule import BlockFn, ClusterError

CONNECT_TIMEOUT_S = 10
_CLIENTS: dict[str, Any] = {}


def engine_digest() -> str:
    """SHA-256 (first 16 hex digits) of the engine's sources (sim, world) and the numpy version."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(np.__version__.encode())
    for sub in ("sim", "world"):
        for path in sorted((root / sub).rglob("*.py")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def client(address: str) -> Any:
    """A connected ``distributed.Client`` for ``address`` (one per address and process), workers checked."""
    known = _CLIENTS.get(address)
    if known is not None and known.status == "running":
        return known
    from distributed import Client

    try:
        cl = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"--scheduler {address}: expected a reachable Dask scheduler (tcp://HOST:8786); "
            f"got no answer within {CONNECT_TIMEOUT_S} s ({exc}). Hint: `dask scheduler` starts one."
        ) from None
    digests = cl.run(engine_digest)
    ours = engine_digest()
    if not digests:
        cl.close()
        raise ClusterError(
            f"--scheduler {address}: expected at least one worker; got none. "
            f"Hint: `dask worker {address}` on each machine."
        )
    other = sorted(w for w, d in digests.items() if d != ours)
    if other:
        cl.close()
        raise ClusterError(
            f"--scheduler {address}: expected workers running this engine (digest {ours}); got "
            f"{len(other)} of {len(digests)} with another ({', '.join(other[:3])}). Hint: install the same "
            "flashpoint and numpy on every machine."
        )
    _CLIENTS[address] = cl
    return cl


def close_clients() -> None:
    """Close every client this process opened (they are otherwise kept for the next run)."""
    while _CLIENTS:
        _CLIENTS.popitem()[1].close()


def _remote_block(
    block_fn: BlockFn, shared: Any, reduction: Reduction, rng: np.random.Generator, n: int
) -> Any:
    return reduction.partial(block_fn(shared, rng, n))


def run(
    address: str,
    block_fn: BlockFn,
    shared: Any,
    jobs: list[tuple[np.random.Generator, int]],
    reduction: Reduction,
    finished: Callable[[int, Any], None],
) -> None:
    """Submit every block to the cluster; call ``finished(block_number, partial)`` as each completes."""
    from distributed import as_completed

    cl = client(address)
    shared_future = cl.scatter([shared], broadcast=True, hash=False)[0]  # one object, not one per item
    futures = {
        cl.submit(_remote_block, block_fn, shared_future, reduction, rng, n, pure=False): i
        for i, (rng, n) in enumerate(jobs)
    }
    try:
        for fut in as_completed(futures, loop=cl.loop):
            finished(futures[fut], fut.result())
            fut.release()
    except BaseException:
        cl.cancel(list(futures))
        raise
    finally:
        shared_future.release()


__all__ = ["client", "close_clients", "engine_digest", "run"]
