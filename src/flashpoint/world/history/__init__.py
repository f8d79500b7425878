"""Derived historical figures shipped with flashpoint (the data files themselves stay in ``../shared``).

Each file names its dataset, version and the script that regenerates it (``scripts/derive_history.py``).
:func:`load_figures` returns the base rates; :func:`load_dyads` the per-dispute covariates that the
generic-dispute scenario family draws.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

FIGURES_FILE = "mid_figures.json"
DYADS_FILE = "dispute_dyads.csv"
OUTCOMES_FILE = "dispute_outcomes.csv"
UCDP_FILE = "ucdp_conflict_years.csv"
RIVALRY_FILE = "rivalry_years.csv"
FORECAST_FILE = "forecast_calibration.json"


@cache
def _read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_figures() -> dict[str, Any]:
    """Return the derived base rates (``mid_figures.json``) as a plain dict."""
    return json.loads(_read_text(FIGURES_FILE))


def load_forecast_calibration() -> dict[str, Any]:
    """Return the cached forecast calibration (``forecast_calibration.json``, written by
    ``scripts/derive_history.py --forecast``; see :mod:`flashpoint.validity.forecast`)."""
    return json.loads(_read_text(FORECAST_FILE))


def forecast_summary() -> dict[str, Any]:
    """What ``flashpoint scenario show`` prints of the forecast calibration: origin, half-life h, the fit
    per figure, each parameter's point fit with its bootstrap 5th-95th percentiles, and the onset rate."""
    cal = load_forecast_calibration()
    spread = {}
    for key, value in cal["origin"]["values"].items():
        draws = np.array([b[key] for b in cal["bootstrap"]])
        lo, hi = np.quantile(draws, [0.05, 0.95])
        spread[key] = {"value": value, "p5": float(f"{lo:.4g}"), "p95": float(f"{hi:.4g}")}
    return {
        "origin": cal["origin"]["origin"],
        "half_life_years": cal["half_life"],
        "objective": cal["origin"]["objective"],
        "fit": cal["origin"]["fit"],
        "parameters": spread,
        "n_boot": len(cal["bootstrap"]),
        "onset": cal["onset"],
        "file": f"flashpoint/world/history/{FORECAST_FILE}",
    }


def load_dyads() -> dict[str, np.ndarray]:
    """Return the per-dispute covariates (``dispute_dyads.csv``) as columns.

    Returns
    -------
    dict of str to ndarray of shape (n_disputes,)
        ``dispnum`` and ``styear`` (int64), ``cap_share_a`` (float64, side A's share of the two sides'
        summed CINC), ``n_def_a`` / ``n_def_b`` (int64, distinct states with an ATOP defence pledge to a
        side's originators in the start year, opponents excluded), ``major_a`` / ``major_b`` (int64 0/1),
        ``nuclear_a`` / ``nuclear_b`` (int64 0/1: an originator of the side or one of its defence allies was
        nuclear-armed in the start year; ``derive.NUCLEAR``).
    """
    return _int_columns(DYADS_FILE, floats=("cap_share_a",))


def load_outcomes() -> dict[str, np.ndarray]:
    """Return the per-dispute outcomes (``dispute_outcomes.csv``), rows aligned with :func:`load_dyads`.

    Returns
    -------
    dict of str to ndarray of shape (n_disputes,), dtype int64
        ``dispnum``, ``styear``, ``war`` (0/1, hostility level 5), ``recip`` (0/1), ``joiner`` (0/1) and
        ``maxdur`` (days).
    """
    return _int_columns(OUTCOMES_FILE)


def load_ucdp() -> dict[str, np.ndarray]:
    """Return UCDP/PRIO ACD 25.1 conflict-years of types 2 and 4 (``ucdp_conflict_years.csv``).

    Returns
    -------
    dict of str to ndarray of shape (n_conflict_years,), dtype int64
        ``conflict_id``, ``year``, ``type`` (2 interstate, 4 internationalised intrastate), ``war`` (0/1,
        intensity level 2: at least 1,000 battle-related deaths in the year).
    """
    return _int_columns(UCDP_FILE)


def load_rivalry_years() -> dict[str, np.ndarray]:
    """Return ``year``, ``rivalries`` (Thompson & Dreyer rivalries active) and ``onsets`` (COW MID 5.0 onsets
    between them), each of shape (n_years,), dtype int64, 1816-2010 (``rivalry_years.csv``)."""
    return _int_columns(RIVALRY_FILE)


def _int_columns(name: str, floats: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    lines = _read_text(name).strip().splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    cols: dict[str, np.ndarray] = {}
    for j, col in enumerate(header):
        raw = [r[j] for r in rows]
        if col in floats:
            cols[col] = np.array([float(x) for x in raw], dtype=np.float64)
        else:
            cols[col] = np.array([int(x) for x in raw], dtype=np.int64)
    return cols
