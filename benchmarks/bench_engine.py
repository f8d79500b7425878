"""Peer benchmark: flashpoint's vectorised engine vs the same generic-dispute rules in Mesa 3.

Usage::

    python benchmarks/bench_engine.py [--worlds N] [--mesa-worlds M] [--months K] [--seed S]

Both run the generic-dispute scenario (1816-1945 dyads, shipped calibration) from the same scenario object;
the Mesa side (``mesa_reference.py``) is written as a Mesa user would. The script ASSERTS that their
first-dispute outcome distributions agree within Monte Carlo error (shares: |difference| <= 4 SE; durations:
two-sample Kolmogorov-Smirnov p > 0.001; highest rung: chi-square p > 0.001), then prints, for flashpoint at
scale (every CPU, as ``flashpoint run``), flashpoint on the Mesa run's worlds in one process (equal work) and
Mesa (one process), world-steps per second of wall time and per CPU second (user + system of the process and
its workers: robust to other load on the machine), and the ratios apart: per CPU second (the target),
of wall time (flashpoint's workers against one Mesa process), and at equal work. The first call (numba
compile or cache load) is excluded and printed. flashpoint's blocks keep, where they ran, the five outcome
columns the comparison reads (``Outcomes``: what Mesa returns per world), as ``flashpoint run`` reduces.
Target: flashpoint >= 150x Mesa per CPU second.
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

from flashpoint.sim.engine import BLOCK_WORLDS, reduce_worlds, simulate  # noqa: E402
from flashpoint.sim.questions import horizon_steps  # noqa: E402
from flashpoint.sim.reduce import Reduction  # noqa: E402
from flashpoint.sim.schedule import processes, resolve  # noqa: E402
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


#: What the comparison reads of each flashpoint world: the dispute theatre's first-dispute outcomes.
OUTCOME_FIELDS = ("duration_days", "first_max_rung", "max_rung", "reciprocated", "n_joiners")


class Outcomes(Reduction):
    """Keep, where each block ran, the dispute theatre's outcome columns (what Mesa returns per world):
    blocks send back five numbers per world, not every per-world array (as ``flashpoint run`` reduces)."""

    def __init__(self, column: int) -> None:
        self.column = column

    def partial(self, block: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k: np.ascontiguousarray(block[k][:, self.column]) for k in OUTCOME_FIELDS}

    def combine(self, partials: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return {k: np.concatenate([p[k] for p in partials]) for k in OUTCOME_FIELDS}


def engine_outcomes(col: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """First-episode outcomes of an engine run (the dispute theatre's columns), in the reference's terms."""
    days = col["duration_days"].astype(np.float64)
    ended = ~np.isnan(days)
    rung = np.where(ended, col["first_max_rung"], col["max_rung"])
    return {
        "war": rung >= 2,
        "duration_days": np.where(ended, days, np.inf),
        "reciprocated": col["reciprocated"] | ~ended,
        "joined": col["n_joiners"] > 0,
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


def _timed(fn, *args, **kwargs):
    t0, c0 = time.perf_counter(), _cpu()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0, _cpu() - c0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=200_000, help="flashpoint worlds (the agreement run)")
    parser.add_argument("--mesa-worlds", type=int, default=4_000, help="Mesa worlds (and the equal-work run)")
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
    t0 = time.perf_counter()
    simulate(sc, 1_000, 2, 0, workers=1)  # first call: numba compile (or cache load), first allocations
    t_first = time.perf_counter() - t0
    keep = Outcomes(list(sc.theatres).index("dispute"))
    res, t_fp, c_fp = _timed(
        reduce_worlds, sc, args.worlds, args.months, args.seed, keep, workers=args.workers
    )
    n_steps = horizon_steps(args.months, sc.step_days)
    fp_steps = args.worlds * n_steps
    (ref, mesa_steps), t_mesa, c_mesa = _timed(run_mesa, sc, args.mesa_worlds, args.months, args.seed + 1)
    _, t_eq, c_eq = _timed(reduce_worlds, sc, args.mesa_worlds, args.months, args.seed + 2, keep, workers=1)

    print(
        f"generic dispute, 1816-1945 dyads, {len(sc.actors)} actors per world, {n_steps} monthly steps; "
        "work unit: one world-step (the same rules on both sides)"
    )
    print("agreement (first dispute of each world):")
    for line in compare(engine_outcomes(res), ref):
        print(line)
    workers = processes(resolve(args.workers), -(-args.worlds // BLOCK_WORLDS))
    rows = (
        (f"flashpoint, {workers} worker process(es)", args.worlds, fp_steps, t_fp, c_fp),
        ("flashpoint, equal work, 1 process", args.mesa_worlds, mesa_steps, t_eq, c_eq),
        ("mesa, 1 process", args.mesa_worlds, mesa_steps, t_mesa, c_mesa),
    )
    for label, worlds, steps, wall, cpu in rows:
        print(
            f"{label:<38} {worlds:>9,} worlds  {wall:7.2f} s wall  {cpu:7.2f} s cpu  "
            f"{steps / wall:13,.0f} world-steps/s wall  {steps / cpu:13,.0f} per cpu s"
        )
    print(f"first flashpoint call (numba compile or cache load, excluded above): {t_first:.2f} s")
    mesa_wall, mesa_cpu = mesa_steps / t_mesa, mesa_steps / c_mesa
    cpu_ratio = (fp_steps / c_fp) / mesa_cpu
    print(
        f"ratio per CPU second: {cpu_ratio:.1f}x (target >= {TARGET:g}x: "
        f"{'met' if cpu_ratio >= TARGET else 'NOT met'})"
    )
    print(
        f"ratio of wall time: {(fp_steps / t_fp) / mesa_wall:.1f}x ({workers} flashpoint process(es), 1 Mesa)"
    )
    print(
        f"equal work ({args.mesa_worlds:,} worlds each, one process each): "
        f"{(mesa_steps / t_eq) / mesa_wall:.1f}x wall, {(mesa_steps / c_eq) / mesa_cpu:.1f}x per CPU second"
    )
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus (wall figures suffer from load)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
