"""Peer benchmark: flashpoint's vectorised engine vs the same generic-dispute rules in Mesa 3.

Usage::

    python benchmarks/bench_engine.py [--worlds N] [--mesa-worlds M] [--months K] [--seed S]

Both run the generic-dispute scenario (1816-1945 dyads, shipped calibration) from the same scenario object.
The script ASSERTS that their first-dispute outcome distributions agree within Monte Carlo error (shares:
|difference| <= 4 SE; durations: two-sample Kolmogorov-Smirnov p > 0.001; highest rung: chi-square
p > 0.001), then prints agent-steps per second for each (agents x worlds x steps / wall time), the ratio,
the same ratio per CPU second (robust to other load on the machine) and the first call's time (numba
compile or cache load), which the timed run excludes.
Target: flashpoint >= 150x Mesa.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flashpoint.sim.engine import BLOCK_WORLDS, simulate  # noqa: E402
from flashpoint.sim.schedule import resolve  # noqa: E402
from flashpoint.validity.dispute import dispute_scenario  # noqa: E402
from mesa_reference import run_mesa  # noqa: E402

TARGET = 150.0
Z = 4.0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (forked workers), user + system."""
    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def engine_outcomes(res) -> dict[str, np.ndarray]:
    """First-episode outcomes of an engine run, in the reference's terms."""
    days = res.theatre_field("duration_days", "dispute").astype(np.float64)
    ended = ~np.isnan(days)
    rung = np.where(
        ended, res.theatre_field("first_max_rung", "dispute"), res.theatre_field("max_rung", "dispute")
    )
    return {
        "war": rung >= 2,
        "duration_days": np.where(ended, days, np.inf),
        "reciprocated": res.theatre_field("reciprocated", "dispute") | ~ended,
        "joined": res.theatre_field("n_joiners", "dispute") > 0,
        "max_rung": rung,
    }


def compare(fp: dict[str, np.ndarray], ref: dict[str, np.ndarray]) -> list[str]:
    """Return one line per comparison; raise AssertionError listing any disagreement."""
    lines, bad = [], []
    for key in ("war", "reciprocated", "joined"):
        p1, p2 = fp[key].mean(), ref[key].mean()
        se = math.sqrt(p1 * (1 - p1) / fp[key].size + p2 * (1 - p2) / ref[key].size)
        ok = abs(p1 - p2) <= Z * max(se, 1e-12)
        lines.append(
            f"  {key:<13} flashpoint {p1:.4f}  mesa {p2:.4f}  |diff| {abs(p1 - p2):.4f}  "
            f"tol {Z * se:.4f}  {'ok' if ok else 'DISAGREE'}"
        )
        bad += [] if ok else [key]
    d1, d2 = fp["duration_days"], ref["duration_days"]
    ks = stats.ks_2samp(np.minimum(d1, 1e9), np.minimum(d2, 1e9))
    ok = ks.pvalue > 1e-3
    lines.append(
        f"  duration      medians {np.median(d1):.1f} / {np.median(d2):.1f} days  "
        f"KS p = {ks.pvalue:.3g}  {'ok' if ok else 'DISAGREE'}"
    )
    bad += [] if ok else ["duration"]
    levels = np.arange(0, 6)
    c1 = np.array([(fp["max_rung"] == k).sum() for k in levels], float)
    c2 = np.array([(ref["max_rung"] == k).sum() for k in levels], float)
    keep = (c1 + c2) > 0
    chi = stats.chi2_contingency(np.vstack([c1[keep], c2[keep]]))
    ok = chi.pvalue > 1e-3
    lines.append(
        f"  highest rung  shares {np.round(c1 / c1.sum(), 4).tolist()} / "
        f"{np.round(c2 / c2.sum(), 4).tolist()}  chi2 p = {chi.pvalue:.3g}  "
        f"{'ok' if ok else 'DISAGREE'}"
    )
    bad += [] if ok else ["max_rung"]
    if bad:
        raise AssertionError(
            "flashpoint and Mesa disagree beyond Monte Carlo error on: "
            + ", ".join(bad)
            + "\n"
            + "\n".join(lines)
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=200_000, help="flashpoint worlds")
    parser.add_argument("--mesa-worlds", type=int, default=4_000, help="Mesa worlds")
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="flashpoint worker processes (default: as `flashpoint run`, every CPU)",
    )
    args = parser.parse_args(argv)

    sc = dispute_scenario("calibration")
    n_agents = len(sc.actors)
    t0 = time.perf_counter()
    simulate(sc, 1_000, 2, 0)  # first call: numba compile (or cache load), first allocations
    t_first = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), _cpu()
    res = simulate(sc, args.worlds, args.months, args.seed, workers=args.workers)
    t_fp, c_fp = time.perf_counter() - t0, _cpu() - c0
    fp_steps = args.worlds * n_agents * res.n_steps

    t0, c0 = time.perf_counter(), _cpu()
    ref, mesa_steps = run_mesa(sc, args.mesa_worlds, args.months, args.seed + 1)
    t_mesa, c_mesa = time.perf_counter() - t0, _cpu() - c0

    print(f"generic dispute, 1816-1945 dyads, {n_agents} agents per world, {res.n_steps} monthly steps")
    print("agreement (first dispute of each world):")
    for line in compare(engine_outcomes(res), ref):
        print(line)
    fp_rate, mesa_rate = fp_steps / t_fp, mesa_steps / t_mesa
    ratio = fp_rate / mesa_rate
    n_blocks = -(-args.worlds // BLOCK_WORLDS)
    workers = min(resolve(args.workers).workers, n_blocks)
    print(f"flashpoint runs {workers} worker process(es); the Mesa reference runs in one process")
    print(
        f"flashpoint: {args.worlds:>9,} worlds  {t_fp:8.2f} s wall  {c_fp:6.2f} s cpu  "
        f"{fp_rate:14,.0f} agent-steps/s (first call, incl. numba compile or cache load: {t_first:.2f} s)"
    )
    print(
        f"mesa:       {args.mesa_worlds:>9,} worlds  {t_mesa:8.2f} s wall  {c_mesa:6.2f} s cpu  "
        f"{mesa_rate:14,.0f} agent-steps/s"
    )
    cpu_ratio = (fp_steps / c_fp) / (mesa_steps / c_mesa)
    print(
        f"ratio: flashpoint / mesa = {ratio:.1f}x wall (target >= {TARGET:g}x: "
        f"{'met' if ratio >= TARGET else 'NOT met'}); per CPU second {cpu_ratio:.1f}x; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
