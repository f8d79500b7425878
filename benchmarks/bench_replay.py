"""Benchmark: a 12-date monthly replay of the default scenario at 20,000 worlds (target <= 20 s on 2 cores).

Builds a temporary store from the fixture corpus (tests/fixtures/situation; extraction is not timed), then
runs ``replay`` from the scenario's as_of every month for 12 dates, storing each date's forecasts in the
registry, and prints each date's time (situation + simulation, in its worker), the total wall time (store
read + dates + registration), the CPU time of this process and its workers, the worker count and the load
average before and after (other work on the machine slows the wall time). Dates run in parallel on
``--workers`` processes (default: every CPU, as ``flashpoint replay``). Not a timed test.

    python benchmarks/bench_replay.py [--worlds N] [--dates D] [--repeat R] [--workers W]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from flashpoint.evidence.pipeline import Extractor
from flashpoint.evidence.records import Document
from flashpoint.forecasts.replay import replay, replay_workers
from flashpoint.sim import simulate
from flashpoint.store import open_store
from flashpoint.store.evidence import EvidenceStore
from flashpoint.world.catalog import load_scenario
from flashpoint.world.questions import add_months

TARGET_S = 20.0
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "situation" / "corpus.jsonl"


def _store(path: Path) -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    docs = [
        Document(text=r["text"], published=dt.date.fromisoformat(r["published"]), source=r["source"])
        for r in rows
    ]
    with open_store(path) as st:
        EvidenceStore(st).write(list(Extractor().extract(docs)))


def _cpu() -> float:
    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=20_000)
    parser.add_argument("--dates", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    sc = load_scenario()
    start = time.perf_counter()
    simulate(sc, 1_000, 1, 0, workers=1)  # first call: numba compile (or cache load)
    print(f"first call (numba compile or cache load, 1,000 worlds): {time.perf_counter() - start:.2f} s")
    end = add_months(sc.as_of, args.dates - 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        _store(db)
        walls = []
        for i in range(args.repeat):
            cpu0, start = _cpu(), time.perf_counter()
            out = replay(
                sc, sc.as_of, end, every="1m", worlds=args.worlds, seed=i, db=db, workers=args.workers
            )
            wall, cpu = time.perf_counter() - start, _cpu() - cpu0
            walls.append(wall)
            per_date = ", ".join(f"{r['as_of'][:7]} {r['elapsed_s']:.2f}" for r in out["runs"])
            print(f"run {i + 1}: seconds per date (in its worker): {per_date}")
            print(
                f"run {i + 1}: {len(out['dates'])} dates x {args.worlds:,} worlds: wall {wall:.2f} s, "
                f"cpu {cpu:.2f} s, {out['forecasts_added']} forecasts stored"
            )
    best = min(walls)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    verdict = "meets" if best <= TARGET_S else "misses"
    workers = replay_workers(args.dates, args.workers)
    print(
        f"best wall {best:.2f} s ({verdict} the {TARGET_S:.0f} s target); {workers} worker(s), "
        f"cpus {os.cpu_count()}, load average {load0:.2f} before, {load:.2f} after"
    )


if __name__ == "__main__":
    main()
