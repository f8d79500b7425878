"""Benchmark: what ``flashpoint run`` does (default scenario, 100,000 worlds x 48 months, every CPU).

Target on the 2-core machine: wall <= 3 s and CPU/wall >= 1.7 (both cores busy). Prints the first call's time
(numba compile or cache load, excluded from the runs), then for each run the wall time, the CPU time of this
process and its worker processes, CPU/wall, worlds per second, the peak resident memory (this process, and the
largest worker) and the load average (other work on the machine slows the wall time). Not a timed test.

    python benchmarks/bench_run.py [--worlds N] [--months M] [--workers W] [--repeat R]
    python benchmarks/bench_run.py --worlds 10000000 --months 1 --repeat 1   # memory: target < 2 GB

Runs go through :func:`flashpoint.sim.runner.execute_run` (store off), so worlds are reduced to counts as
blocks finish, exactly as on the command line.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

from flashpoint.sim.engine import simulate
from flashpoint.sim.runner import execute_run
from flashpoint.world.catalog import load_scenario

TARGET_S = 3.0
TARGET_CPU_RATIO = 1.7
TARGET_MEMORY_GB = 2.0


def _cpu() -> float:
    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def _peak_gb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024**2  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=48)
    parser.add_argument("--workers", type=int, default=None, help="default: every CPU, as `flashpoint run`")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sc = load_scenario()
    start = time.perf_counter()
    simulate(sc, 1_000, 1, 0, workers=1)  # first call: numba compile (or cache load), first allocations
    print(f"first call (numba compile or cache load, 1,000 worlds): {time.perf_counter() - start:.2f} s")
    walls, ratios = [], []
    for i in range(args.repeat):
        cpu0, start = _cpu(), time.perf_counter()
        outcome = execute_run(
            sc, worlds=args.worlds, months=args.months, seed=i, store=False, workers=args.workers
        )
        wall, cpu = time.perf_counter() - start, _cpu() - cpu0
        walls.append(wall)
        ratios.append(cpu / wall)
        print(
            f"run {i + 1}: {args.worlds:,} worlds x {args.months} months, {outcome.execution['workers']} "
            f"worker(s): wall {wall:.2f} s, cpu {cpu:.2f} s, cpu/wall {cpu / wall:.2f}, "
            f"{args.worlds / wall:,.0f} worlds/s",
            flush=True,
        )
    best = min(walls)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"best wall {best:.2f} s ({'meets' if best <= TARGET_S else 'misses'} the {TARGET_S:.0f} s target); "
        f"best cpu/wall {max(ratios):.2f} ({'meets' if max(ratios) >= TARGET_CPU_RATIO else 'misses'} the "
        f"{TARGET_CPU_RATIO} target); cpus {os.cpu_count()}, load average {load:.2f}"
    )
    own, child = _peak_gb(resource.RUSAGE_SELF), _peak_gb(resource.RUSAGE_CHILDREN)
    workers = max(1, outcome.execution["workers"])
    bound = own + (child * workers if workers > 1 else 0.0)
    print(
        f"peak resident memory: this process {own:.2f} GB, largest worker {child:.2f} GB; at most "
        f"{bound:.2f} GB together ({'meets' if bound < TARGET_MEMORY_GB else 'misses'} the "
        f"{TARGET_MEMORY_GB:g} GB target)"
    )


if __name__ == "__main__":
    sys.exit(main())
