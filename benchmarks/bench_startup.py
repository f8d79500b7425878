"""Benchmark: how fast the command line answers (target < 0.3 s for --version, --help and listings).

Runs each command as a user would (a new ``python -m flashpoint`` process each time, a fresh empty store in a
temporary ``FLASHPOINT_HOME``) ``--repeat`` times and prints the best and median wall time and the best CPU
time (user + system: what the command costs when the machine is busy), with a bare ``python -c pass`` as the
floor and the load average (other work on the machine slows every wall figure). Not a timed test.

    python benchmarks/bench_startup.py [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 0.3
COMMANDS = (
    ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
    ("flashpoint --version", ["--version"]),
    ("flashpoint --help", ["--help"]),
    ("flashpoint run --help", ["run", "--help"]),
    ("flashpoint scenario list", ["scenario", "list"]),
    ("flashpoint questions list", ["questions", "list"]),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    entry = [sys.executable, "-c", "from flashpoint.cli import main; main()"]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "FLASHPOINT_HOME": home}
        for label, argv in COMMANDS:
            cmd = argv if argv[0] == sys.executable else [*entry, *argv]
            walls, cpus = [], []
            for _ in range(args.repeat):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(cmd, env=env, capture_output=True, check=False)
                walls.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            verdict = "" if argv[0] == sys.executable else ("meets" if min(walls) < TARGET_S else "misses")
            print(
                f"{label:<28} wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
                f"cpu best {min(cpus):.3f} s; exit {done.returncode}  {verdict}",
                flush=True,
            )
    print(f"target < {TARGET_S} s; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus")


if __name__ == "__main__":
    main()
