"""Scoring rules for probability forecasts of binary questions, and their decompositions.

Outcomes ``y`` are 1 (yes) or 0 (no). ForecastBench also scores questions that have not resolved yet against
the crowd's current value, so ``y`` may be a fraction in [0, 1] ("provisional" outcomes, see
docs/forecasts.md).

- Brier: ``(p - y)**2``, lower is better. For binary outcomes computed by ``scoringrules.brier_score``
  (Brier 1950); for a fractional ``y`` ForecastBench's ``(p - y)**2``.
- Log score: ``-ln(p_o)``, the negatively oriented log loss in nats, ``p_o`` the probability given to what
  happened (``scoringrules.log_score``); lower is better. For a fractional ``y`` the expectation
  ``y * LS(1, p) + (1 - y) * LS(0, p)``.
- Baseline score (Metaculus): ``100 * ln(n * p_o) / ln(n)`` with ``n = 2`` options, i.e.
  ``100 * (1 + log2 p_o)``:
  0 for p = 0.5, 100 for certainty on the outcome, negative below chance; higher is better.
- Log and baseline scores clip p to [0.001, 0.999], the range Metaculus allows, so one certainty that fails
  gives a large but finite penalty. The Brier score is not clipped.
- Brier skill score: ``1 - BS / BS_ref`` against the naive forecaster (p = 0.5) and against the base rate
  (the mean outcome of the scored set: in-sample climatology).
- Murphy decomposition ``BS = REL - RES + UNC``, binned (exact when forecasts are constant within bins;
  otherwise within-bin terms remain, reported as the residual) and CORP (Dimitriadis, Gneiting & Jordan 2021,
  PNAS 118: e2016191118): isotonic regression of y on p gives the recalibrated forecast; then
  ``MCB = BS(p) - BS(iso)``, ``DSC = BS(base rate) - BS(iso)``, ``UNC = BS(base rate)`` and
  ``BS = MCB - DSC + UNC`` exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import isotonic_regression

P_CLIP = (0.001, 0.999)


def _binary(y: np.ndarray) -> bool:
    return bool(np.all((y == 0.0) | (y == 1.0)))


def score_brier(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Brier score of each forecast.

    Parameters
    ----------
    p : ndarray of shape (n,), dtype float64
        Probabilities of "yes", in [0, 1].
    y : ndarray of shape (n,), dtype float64
        Outcomes: 1 yes, 0 no, or a fraction for a provisional outcome.

    Returns
    -------
    ndarray of shape (n,), dtype float64
    """
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if p.size and _binary(y):
        import scoringrules as sr

        return np.asarray(sr.brier_score(y, p), dtype=np.float64)
    return (p - y) ** 2  # ForecastBench: scored against the crowd value while unresolved


def _expected(rule, p: np.ndarray, y: np.ndarray) -> np.ndarray:
    ones, zeros = np.ones_like(y), np.zeros_like(y)
    return y * np.asarray(rule(ones, p)) + (1.0 - y) * np.asarray(rule(zeros, p))


def score_log(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Log score ``-ln(p_o)`` in nats (lower is better), p clipped to :data:`P_CLIP`.

    Parameters and return as in :func:`score_brier`.
    """
    import scoringrules as sr

    p = np.clip(np.asarray(p, dtype=np.float64), *P_CLIP)
    y = np.asarray(y, dtype=np.float64)
    if not p.size:
        return p
    return np.asarray(_expected(sr.log_score, p, y), dtype=np.float64)


def score_baseline(p: np.ndarray, y: np.ndarray, n_options: int = 2) -> np.ndarray:
    """Metaculus baseline score ``100 * ln(n * p_o) / ln(n)`` (higher is better), p clipped to :data:`P_CLIP`.

    Written from the log score: ``ln(p_o) = -LS``, so the score is ``100 * (ln n - LS) / ln n``.
    Parameters and return as in :func:`score_brier`.
    """
    ls = score_log(p, y)
    return 100.0 * (np.log(n_options) - ls) / np.log(n_options)


def brier_skill(brier: float, brier_reference: float) -> float:
    """``1 - brier / brier_reference``; NaN when the reference is 0."""
    return float("nan") if brier_reference == 0 else 1.0 - brier / brier_reference


def bootstrap_mean_ci(
    values: np.ndarray, rng: np.random.Generator, n_boot: int = 2000, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling the scored questions with replacement.

    Parameters
    ----------
    values : ndarray of shape (n,), dtype float64
        One score per question.
    rng : numpy.random.Generator
    n_boot : int
    level : float

    Returns
    -------
    (low, high) : tuple of float; NaNs when ``n == 0``.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return (float("nan"), float("nan"))
    idx = rng.integers(0, values.size, size=(n_boot, values.size))
    means = values[idx].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(means, [tail, 100.0 - tail])
    return (float(lo), float(hi))


@dataclass(frozen=True)
class Decomposition:
    """Murphy decomposition of the mean Brier score: ``brier = reliability - resolution + uncertainty``.

    For the binned version ``residual`` holds the within-bin terms (``brier`` minus the sum); 0 for CORP.
    """

    method: str
    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    residual: float


def isotonic_calibration(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """CORP recalibration: the isotonic (non-decreasing) regression of y on p, ties pooled.

    Parameters
    ----------
    p, y : ndarray of shape (n,), dtype float64

    Returns
    -------
    ndarray of shape (n,), dtype float64
        The recalibrated probability of each forecast.
    """
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    values, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=y, minlength=values.size)
    fitted = isotonic_regression(sums / counts, weights=counts.astype(np.float64), increasing=True).x
    return fitted[inverse]


def consistency_band(
    p: np.ndarray, rng: np.random.Generator, n_resamples: int = 1000, level: float = 0.90
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CORP consistency band (Dimitriadis, Gneiting & Jordan 2021, section 3.2): where the CORP curve of a
    calibrated forecaster falls.

    Outcomes are drawn under calibration, ``y* ~ Bernoulli(p)``, ``n_resamples`` times; each draw is
    recalibrated (:func:`isotonic_calibration`) and the band is the pointwise ``level`` interval of the
    recalibrated values at each distinct forecast.

    Parameters
    ----------
    p : ndarray of shape (n,), dtype float64
    rng : numpy.random.Generator
    n_resamples : int
    level : float

    Returns
    -------
    x, lo, hi : ndarray of shape (n_distinct,), dtype float64
        The distinct forecasts (sorted) and the band's lower and upper edges there.
    """
    p = np.asarray(p, dtype=np.float64)
    x, inverse = np.unique(p, return_inverse=True)
    fits = np.empty((n_resamples, x.size), dtype=np.float64)
    for k in range(n_resamples):
        y_star = (rng.random(p.size) < p).astype(np.float64)
        fitted = isotonic_calibration(p, y_star)
        fits[k] = np.bincount(inverse, weights=fitted, minlength=x.size) / np.bincount(
            inverse, minlength=x.size
        )
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(fits, [tail, 1.0 - tail], axis=0)
    return x, lo, hi


def decompose_corp(p: np.ndarray, y: np.ndarray) -> Decomposition:
    """CORP decomposition (see module docstring). Parameters as in :func:`isotonic_calibration`."""
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    bs = float(np.mean((p - y) ** 2))
    bs_iso = float(np.mean((isotonic_calibration(p, y) - y) ** 2))
    bs_clim = float(np.mean((y.mean() - y) ** 2))
    return Decomposition("corp", bs, bs - bs_iso, bs_clim - bs_iso, bs_clim, 0.0)


def reliability_bins(p: np.ndarray, y: np.ndarray, n_bins: int = 10) -> dict[str, np.ndarray]:
    """Equal-width bins over [0, 1]: count, mean forecast and observed frequency in each bin.

    Bin k holds ``k / n_bins <= p < (k + 1) / n_bins`` (the last bin also holds 1). Edges are ``k / n_bins``,
    the correctly rounded doubles, so a forecast of 0.3, 0.6 or 0.7 falls in the bin it names (edges from
    ``np.linspace`` put them in the bin below).

    Returns
    -------
    dict with ``edges`` (n_bins + 1,), ``count`` (n_bins,) int64, ``mean_p`` and ``freq`` (n_bins,) float64
    (NaN in empty bins).
    """
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    edges = np.arange(n_bins + 1, dtype=np.float64) / n_bins
    which = np.clip(np.searchsorted(edges[1:-1], p, side="right"), 0, n_bins - 1)
    count = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.bincount(which, weights=p, minlength=n_bins) / count
        freq = np.bincount(which, weights=y, minlength=n_bins) / count
    return {"edges": edges, "count": count, "mean_p": mean_p, "freq": freq}


def decompose_binned(p: np.ndarray, y: np.ndarray, n_bins: int = 10) -> Decomposition:
    """Murphy's (1973) decomposition over equal-width bins. Parameters as in :func:`reliability_bins`."""
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    bins = reliability_bins(p, y, n_bins)
    n = p.size
    full = bins["count"] > 0
    count, mean_p, freq = bins["count"][full], bins["mean_p"][full], bins["freq"][full]
    base = y.mean()
    rel = float(np.sum(count * (mean_p - freq) ** 2) / n)
    res = float(np.sum(count * (freq - base) ** 2) / n)
    unc = float(np.mean((y - base) ** 2))
    bs = float(np.mean((p - y) ** 2))
    return Decomposition("binned", bs, rel, res, unc, bs - (rel - res + unc))
