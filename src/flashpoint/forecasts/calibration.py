"""Reliability diagrams: binned frequencies and the CORP isotonic curve, with the Murphy decomposition.

The counted forecasts (see :mod:`flashpoint.forecasts.track`) of one forecaster, or of all pooled, are drawn
against their outcomes: equal-width bins (a point per non-empty bin at the mean forecast and the observed
frequency, its area by count) and the CORP curve (Dimitriadis, Gneiting & Jordan 2021), the isotonic
regression of outcomes on forecasts, drawn as a step function, inside its 90% consistency band (where a
calibrated forecaster's curve falls: :func:`flashpoint.forecasts.scoring.consistency_band`). The title carries
the CORP terms MCB, DSC and UNC. PNG or SVG by the file's extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.errors import InputError
from flashpoint.forecasts.registry import Db
from flashpoint.forecasts.scoring import (
    consistency_band,
    decompose_binned,
    decompose_corp,
    isotonic_calibration,
    reliability_bins,
)
from flashpoint.forecasts.track import scored_pairs

FORMATS = (".png", ".svg")


def calibration(
    out: Path | str,
    *,
    forecaster: str | None = None,
    n_bins: int = 10,
    resolved_only: bool = False,
    rng: np.random.Generator | int | None = 0,
    n_resamples: int = 1000,
    db: Db = None,
) -> dict[str, Any]:
    """Draw the reliability diagram to ``out`` (PNG or SVG) and return its numbers.

    Parameters
    ----------
    resolved_only : bool
        Leave out provisional outcomes (ForecastBench's open market questions).
    rng : numpy.random.Generator or int
        Seeds the consistency band (SPEC 7); same seed, same band.
    n_resamples : int
        Draws under calibration for the band.

    Returns
    -------
    dict with ``forecaster``, ``n``, ``out``, ``bins`` (list of {lo, hi, count, mean_p, freq}), ``corp`` and
    ``binned`` (Murphy decompositions: brier, reliability, resolution, uncertainty, residual) and ``band``
    (level, resamples, and ``outside``: the distinct forecasts whose CORP value lies outside the band).
    """
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"--out must name a .png or .svg file; got {str(out)!r}.")
    pairs = scored_pairs(forecaster=forecaster, resolved_only=resolved_only, db=db)
    if pairs.empty:
        who = forecaster or "any forecaster"
        raise InputError(f"calibration: no scored forecast for {who}; resolve some questions first.")
    p = pairs["p_yes"].to_numpy(dtype=np.float64)
    y = pairs["y"].to_numpy(dtype=np.float64)
    bins = reliability_bins(p, y, n_bins)
    corp, binned = decompose_corp(p, y), decompose_binned(p, y, n_bins)
    x, lo, hi = consistency_band(p, np.random.default_rng(rng), n_resamples)
    fitted = isotonic_calibration(p, y)
    at_x = np.array([fitted[p == v][0] for v in x])
    outside = [float(v) for v, f, a, b in zip(x, at_x, lo, hi, strict=True) if f < a - 1e-12 or f > b + 1e-12]
    _draw(out, p, y, bins, corp, forecaster or "all forecasters (pooled)", (x, lo, hi))
    rows = [
        {"lo": float(lo), "hi": float(hi), "count": int(c), "mean_p": float(m), "freq": float(f)}
        for lo, hi, c, m, f in zip(
            bins["edges"][:-1], bins["edges"][1:], bins["count"], bins["mean_p"], bins["freq"], strict=True
        )
    ]
    return {
        "forecaster": forecaster,
        "n": int(p.size),
        "out": str(out),
        "bins": rows,
        "corp": corp.__dict__,
        "binned": binned.__dict__,
        "band": {"level": 0.9, "resamples": int(n_resamples), "outside": outside},
    }


def _draw(out: Path, p: np.ndarray, y: np.ndarray, bins: dict, corp: Any, label: str, band: tuple) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    order = np.argsort(p, kind="stable")
    fitted = isotonic_calibration(p, y)[order]
    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=110)
    try:
        ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
        ax.fill_between(band[0], band[1], band[2], step="post", color="0.85", label="90% consistency band")
        ax.step(p[order], fitted, where="post", color="#c0392b", lw=2, label="CORP (isotonic)")
        full = bins["count"] > 0
        sizes = 20 + 180 * bins["count"][full] / max(bins["count"].max(), 1)
        ax.scatter(
            bins["mean_p"][full],
            bins["freq"][full],
            s=sizes,
            color="#2c7fb8",
            alpha=0.8,
            label="binned frequency",
            zorder=3,
        )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("forecast probability")
        ax.set_ylabel("observed frequency")
        ax.set_title(
            f"{label}, n = {p.size}\nBrier {corp.brier:.3f} = MCB {corp.reliability:.3f} "
            f"- DSC {corp.resolution:.3f} + UNC {corp.uncertainty:.3f}",
            fontsize=9,
        )
        ax.legend(loc="upper left", fontsize=8)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out)
    finally:
        plt.close(fig)
