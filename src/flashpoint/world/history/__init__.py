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


@cache
def _read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_figures() -> dict[str, Any]:
    """Return the derived base rates (``mid_figures.json``) as a plain dict."""
    return json.loads(_read_text(FIGURES_FILE))


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
    lines = _read_text(DYADS_FILE).strip().splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    cols: dict[str, np.ndarray] = {}
    for j, name in enumerate(header):
        raw = [r[j] for r in rows]
        if name == "cap_share_a":
            cols[name] = np.array([float(x) for x in raw], dtype=np.float64)
        else:
            cols[name] = np.array([int(x) for x in raw], dtype=np.int64)
    return cols
