#!/usr/bin/env python3
"""Regenerate every derived historical figure flashpoint ships, from the public CSVs.

Usage::

    python scripts/derive_history.py [--data DIR] [--out DIR] [--check]

``DIR`` defaults to ``$FLASHPOINT_HISTORY_DIR`` or ``../shared/data/history`` beside the repository. The
outputs go to ``src/flashpoint/world/history/``:

- ``mid_figures.json``: base rates by period (all 1816-2014, calibration 1816-1945, out-of-sample
  1946-2014): share of disputes reaching war, duration quantiles, reciprocation, joiners and war.
- ``dispute_dyads.csv``: one row per COW MID 5.0 dispute with the covariates the generic-dispute family
  draws (start year, capability share of side A, defence allies of each side, major-power flags).
  Outcomes are deliberately not in this table: the simulation draws inputs, never answers.

``--check`` recomputes and exits 1 if the shipped files differ (used by the tests).

``--calibrate`` also fits the engine's calibration parameters on 1816-1945 disputes
(:mod:`flashpoint.validity.calibrate`, a few minutes), writes ``calibration.json`` and rewrites those
parameters'
lines in the default scenario's ``calibration:`` block (value and source with the fit), so the default
scenario inherits history. Re-run it whenever a dispute rule of the engine changes.
``--forecast`` runs the forecast calibration (:mod:`flashpoint.validity.forecast`: rolling-origin fits,
the half-life choice on folds ending by 1989, fits at the origins 1990 and 2015, bootstrap; a few minutes),
writes ``forecast_calibration.json`` and rewrites the default scenario's ``calibration:`` lines with it
(each fitted parameter a joint empirical distribution over the bootstrap replicates). With ``--check`` it
re-derives and exits 1 if the cached file differs (the ``date`` field aside).
The computation lives in the package; this script only wires paths.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from flashpoint.world.history import derive  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder with the peacesciencer CSV exports")
    parser.add_argument("--out", type=Path, default=derive.PACKAGE_DIR, help="where to write the figures")
    parser.add_argument("--check", action="store_true", help="compare with the shipped files; write nothing")
    parser.add_argument("--calibrate", action="store_true", help="also fit and write the calibration")
    parser.add_argument("--evals", type=int, default=160, help="calibration: objective evaluations")
    parser.add_argument("--forecast", action="store_true", help="run and write the forecast calibration")
    args = parser.parse_args(argv)
    data_dir = args.data or derive.default_data_dir()
    if args.forecast:
        return _forecast(args.out, args.check)
    if args.check:
        diffs = derive.check(data_dir, args.out)
        for line in diffs:
            print(line)
        print("derived figures are up to date" if not diffs else f"{len(diffs)} difference(s)")
        return 1 if diffs else 0
    for path in derive.write_all(data_dir, args.out):
        print(f"wrote {path}")
    if args.calibrate:
        _calibrate(args.out, args.evals)
    return 0


def _calibrate(out: Path, evals: int) -> None:
    from flashpoint.validity import calibrate, dispute
    from flashpoint.world.catalog import DEFAULT_SCENARIO

    result = calibrate.fit(max_evals=evals)
    path = out / dispute.CALIBRATION_FILE
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} (J = {result['objective']})")
    scenario = ROOT / "src" / "flashpoint" / "world" / "scenarios" / f"{DEFAULT_SCENARIO}.yaml"
    keys = calibrate.write_scenario_calibration(scenario, result)
    print(f"wrote calibration.{{{', '.join(keys)}}} into {scenario}")


def _forecast(out: Path, check: bool) -> int:
    from flashpoint.validity import calibrate, forecast
    from flashpoint.world.catalog import DEFAULT_SCENARIO

    result = forecast.calibrate_forecast(progress=print)
    path = out / forecast.FILE
    if check:
        shipped = json.loads(path.read_text(encoding="utf-8"))
        same = {**shipped, "date": None} == json.loads(json.dumps({**result, "date": None}))
        print(f"{path}: {'up to date' if same else 'differs from a fresh derivation'}")
        return 0 if same else 1
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} (h = {result['half_life']})")
    scenario = ROOT / "src" / "flashpoint" / "world" / "scenarios" / f"{DEFAULT_SCENARIO}.yaml"
    keys = calibrate.rewrite_calibration_block(scenario, forecast.scenario_entries(result))
    print(f"wrote calibration.{{{', '.join(keys)}}} into {scenario}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
