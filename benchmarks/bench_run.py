"""Benchmark: the default scenario, 100,000 worlds x 48 months (target <= 3 s wall on the 2-core machine).

Prints the first call's time (numba compile or cache load, excluded from the runs), then for each run the wall
time, the CPU time of this process and of its worker processes, worlds per second and the load average
(other work on the machine slows the wall time). Not a timed test.

    python benchmarks/bench_run.py [--worlds N] [--months M] [--workers W] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from flashpoint.sim import simulate
from flashpoint.world.catalog import load_scenario

TARGET_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=48)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sc = load_scenario()
    start = time.perf_counter()
    simulate(sc, 1_000, 1, 0, workers=1)  # first call: numba compile (or cache load), first allocations
    print(f"first call (numba compile or cache load, 1,000 worlds): {time.perf_counter() - start:.2f} s")
    walls = []
    for i in range(args.repeat):
        before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        simulate(sc, args.worlds, args.months, i, workers=args.workers)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = sum(
            a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True)
        )
        walls.append(wall)
        print(
            f"run {i + 1}: {args.worlds:,} worlds x {args.months} months: wall {wall:.2f} s, "
            f"cpu {cpu:.2f} s, {args.worlds / wall:,.0f} worlds/s"
        )
    best = min(walls)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    verdict = "meets" if best <= TARGET_S else "misses"
    print(
        f"best wall {best:.2f} s ({verdict} the {TARGET_S:.0f} s target); cpus {os.cpu_count()}, "
        f"load average {load:.2f}"
    )


if __name__ == "__main__":
    main()
