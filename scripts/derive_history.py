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
The computation lives in :mod:`flashpoint.world.history.derive`; this script only wires paths.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
    data_dir = args.data or derive.default_data_dir()
    if args.check:
        diffs = derive.check(data_dir, args.out)
        for line in diffs:
            print(line)
        print("derived figures are up to date" if not diffs else f"{len(diffs)} difference(s)")
        return 1 if diffs else 0
    for path in derive.write_all(data_dir, args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
