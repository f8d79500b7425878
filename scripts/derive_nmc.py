"""Derive the default scenario's capabilities from COW National Material Capabilities 7.0.

Reads ``cow_nmc.csv`` (from the shared data folder; never committed), takes the latest year available for each
actor and prints ``cinc``, ``milex`` (thousand current US$) and ``milper`` (thousands). NATO is the sum of its
members on the scenario's as_of date other than the United States (which is its own actor). HOUTHIS, a
non-state actor, gets Yemen's figures as an upper-bound proxy.

    python scripts/derive_nmc.py                 # print the figures
    python scripts/derive_nmc.py --check         # exit 1 if the scenario YAML differs
    python scripts/derive_nmc.py --write         # rewrite the figures in the scenario YAML
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "src" / "flashpoint" / "world" / "scenarios" / "kursk-2024-11.yaml"
VERSION = "COW NMC 7.0"

ACTORS = {
    "RUS": [365],
    "UKR": [369],
    "PRK": [731],
    "KOR": [732],
    "USA": [2],
    "CHN": [710],
    "TWN": [713],
    "JPN": [740],
    "IRN": [630],
    "ISR": [666],
    "AUS": [900],
    "NZL": [920],
    "IND": [750],
    "PHL": [840],
    "HOUTHIS": [679],
}
# NATO members on 2024-11-05 (Sweden joined 2024-03-07, Finland 2023-04-04), United States excluded
ACTORS["NATO"] = [
    20,
    200,
    210,
    211,
    212,
    220,
    230,
    235,
    255,
    290,
    310,
    316,
    317,
    325,
    339,
    341,
    343,
    344,
    349,
    350,
    355,
    360,
    366,
    367,
    368,
    375,
    380,
    385,
    390,
    395,
    640,
]


def _data_file() -> Path:
    for parent in (ROOT, *ROOT.parents):
        candidate = parent / "shared" / "data" / "history" / "cow_nmc.csv"
        if candidate.exists():
            return candidate
    sys.exit("cow_nmc.csv not found under ../shared/data/history/")


def derive(path: Path) -> dict[str, dict[str, float | int | None]]:
    """Return {actor: {year, cinc, milex, milper}} from the NMC file."""
    rows: dict[int, dict[int, dict[str, str]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(int(float(row["ccode"])), {})[int(float(row["year"]))] = row
    out: dict[str, dict[str, float | int | None]] = {}
    for actor, codes in ACTORS.items():
        year = min(max(rows[c]) for c in codes)
        total: dict[str, float | None] = {"cinc": 0.0, "milex": 0.0, "milper": 0.0}
        for c in codes:
            row = rows[c][year]
            for key in total:
                value = row[key]
                if value == "" or total[key] is None:
                    total[key] = None if len(codes) == 1 else total[key]
                    continue
                total[key] += float(value)
        out[actor] = {
            "year": year,
            "cinc": round(total["cinc"], 6),
            "milex": None if total["milex"] is None else int(total["milex"]),
            "milper": None if total["milper"] is None else int(total["milper"]),
        }
    return out


def _line(key: str, value: float | int, year: int, codes: list[int]) -> str:
    what = f"ccode {codes[0]}" if len(codes) == 1 else f"sum of {len(codes)} members"
    return f'{key}: {{value: {value}, source: "{VERSION}, year {year} ({what})"'


def rewrite(text: str, figures: dict[str, dict]) -> str:
    """Replace the capability figures in the scenario text (lines written by this script)."""
    for actor, fig in figures.items():
        block = re.search(rf"^  {actor}:\n(?:    .*\n|\n)*?(?=^  \S|\Z)", text, flags=re.M)
        if block is None:
            continue
        body = block.group(0)
        for key in ("cinc", "milex", "milper"):
            if fig[key] is None:
                continue
            body = re.sub(
                rf'{key}: \{{value: [0-9.e-]+, source: "{VERSION}, year \d+ \([^)]*\)"',
                _line(key, fig[key], fig["year"], ACTORS[actor]),
                body,
            )
        text = text[: block.start()] + body + text[block.end() :]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the scenario YAML differs")
    parser.add_argument("--write", action="store_true", help="rewrite the scenario YAML")
    args = parser.parse_args()
    figures = derive(_data_file())
    for actor, fig in figures.items():
        print(
            f"{actor:8s} year {fig['year']}  cinc {fig['cinc']:.6f}  "
            f"milex {fig['milex']}  milper {fig['milper']}"
        )
    text = SCENARIO.read_text(encoding="utf-8")
    new = rewrite(text, figures)
    if args.write and new != text:
        SCENARIO.write_text(new, encoding="utf-8")
        print(f"updated {SCENARIO.relative_to(ROOT)}")
    if args.check and new != text:
        print("scenario figures differ from the data; run with --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
