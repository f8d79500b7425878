"""Scoring rules and decompositions against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flashpoint.forecasts import scoring


def test_brier_binary_and_fractional_outcomes() -> None:
    p = np.array([0.2, 0.9, 0.5])
    y = np.array([1.0, 1.0, 0.0])
    np.testing.assert_allclose(scoring.score_brier(p, y), [0.64, 0.01, 0.25])
    # ForecastBench scores an open market question against the crowd value: (p - y)^2
    np.testing.assert_allclose(scoring.score_brier(np.array([0.3]), np.array([0.45])), [0.0225])


def test_log_score_is_minus_ln_of_the_probability_of_what_happened() -> None:
    p = np.array([0.8, 0.8, 0.0])
    y = np.array([1.0, 0.0, 1.0])
    expected = [-math.log(0.8), -math.log(0.2), -math.log(0.001)]  # p = 0 clipped to 0.001
    np.testing.assert_allclose(scoring.score_log(p, y), expected)
    # a fractional outcome gives the expectation over yes and no
    np.testing.assert_allclose(
        scoring.score_log(np.array([0.8]), np.array([0.25])),
        [0.25 * -math.log(0.8) + 0.75 * -math.log(0.2)],
    )


@pytest.mark.parametrize(
    ("p", "y", "expected"),
    [(0.5, 1.0, 0.0), (0.5, 0.0, 0.0), (0.25, 1.0, -100.0), (0.75, 0.0, -100.0), (0.999, 1.0, None)],
)
def test_baseline_score_is_metaculus_100_ln_np_over_ln_n(p: float, y: float, expected: float | None) -> None:
    got = float(scoring.score_baseline(np.array([p]), np.array([y]))[0])
    p_o = p if y == 1.0 else 1 - p
    assert got == pytest.approx(100 * math.log(2 * p_o) / math.log(2))
    if expected is not None:
        assert got == pytest.approx(expected)


def test_brier_skill() -> None:
    assert scoring.brier_skill(0.125, 0.25) == pytest.approx(0.5)
    assert math.isnan(scoring.brier_skill(0.1, 0.0))


def test_corp_decomposition_is_exact_and_nonnegative() -> None:
    rng = np.random.default_rng(5)
    p = rng.uniform(0, 1, 400).round(2)
    y = (rng.uniform(0, 1, 400) < p**1.5).astype(float)  # miscalibrated on purpose
    d = scoring.decompose_corp(p, y)
    assert d.brier == pytest.approx(float(np.mean((p - y) ** 2)))
    assert d.brier == pytest.approx(d.reliability - d.resolution + d.uncertainty, abs=1e-12)
    assert d.reliability > 0 and d.resolution > 0
    assert d.uncertainty == pytest.approx(y.mean() * (1 - y.mean()))


def test_isotonic_calibration_is_monotone_and_pools_ties() -> None:
    p = np.array([0.1, 0.1, 0.4, 0.6, 0.9, 0.9])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    fitted = scoring.isotonic_calibration(p, y)
    order = np.argsort(p)
    assert np.all(np.diff(fitted[order]) >= -1e-12)
    assert fitted[0] == fitted[1]  # equal forecasts get one recalibrated value
    np.testing.assert_allclose(fitted, [0.5, 0.5, 0.5, 0.5, 1.0, 1.0])


def test_calibrated_forecasts_have_small_miscalibration() -> None:
    rng = np.random.default_rng(11)
    p = rng.uniform(0, 1, 20000).round(1)
    y = (rng.uniform(0, 1, p.size) < p).astype(float)
    assert scoring.decompose_corp(p, y).reliability < 0.002
    assert scoring.decompose_binned(p, y).reliability < 0.002


def test_binned_decomposition_is_exact_when_forecasts_are_constant_within_bins() -> None:
    p = np.array([0.05, 0.05, 0.35, 0.35, 0.35, 0.95])
    y = np.array([0.0, 1.0, 0.0, 0.0, 1.0, 1.0])
    d = scoring.decompose_binned(p, y, n_bins=10)
    assert d.residual == pytest.approx(0.0, abs=1e-12)
    assert d.brier == pytest.approx(d.reliability - d.resolution + d.uncertainty)


def test_bootstrap_interval_is_seeded_and_covers_the_mean() -> None:
    values = np.random.default_rng(1).uniform(0, 0.5, 300)
    a = scoring.bootstrap_mean_ci(values, np.random.default_rng(7), n_boot=500)
    b = scoring.bootstrap_mean_ci(values, np.random.default_rng(7), n_boot=500)
    assert a == b
    assert a[0] < values.mean() < a[1]
    wide = scoring.bootstrap_mean_ci(values[:30], np.random.default_rng(7), n_boot=500)
    assert wide[1] - wide[0] > a[1] - a[0]
    assert all(math.isnan(v) for v in scoring.bootstrap_mean_ci(np.array([]), np.random.default_rng(0)))


def test_gridded_forecasts_fall_in_the_bin_they_name() -> None:
    """Issue 14 item 9: linspace edges put 0.3, 0.6 and 0.7 in the bin below (REL/RES off by 1.4e-3)."""
    from flashpoint.forecasts.scoring import decompose_binned, reliability_bins

    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.0])
    y = np.array([0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0], dtype=np.float64)
    bins = reliability_bins(p, y, 10)
    assert bins["count"].tolist() == [1] * 9 + [2]
    assert np.allclose(bins["mean_p"][:9], np.arange(9) / 10)
    d = decompose_binned(p[:-2], y[:-2], 10)  # one forecast per bin: binned REL/RES are exact
    assert d.residual == pytest.approx(0.0, abs=1e-15)


def test_consistency_band_holds_calibrated_curves_and_not_overconfident_ones() -> None:
    """CORP consistency band (Dimitriadis et al. 2021): a calibrated forecaster's curve lies inside it at most
    forecast values; an overconfident one's falls outside at the extremes."""
    from flashpoint.forecasts.scoring import consistency_band, isotonic_calibration

    rng = np.random.default_rng(11)
    p = np.repeat(np.array([0.1, 0.3, 0.5, 0.7, 0.9]), 200)
    x, lo, hi = consistency_band(p, np.random.default_rng(3), 300)
    assert x.tolist() == [0.1, 0.3, 0.5, 0.7, 0.9] and np.all(lo <= x + 1e-12) and np.all(x - 1e-12 <= hi)
    assert np.all(hi - lo < 0.2)
    y_cal = (rng.random(p.size) < p).astype(np.float64)
    fit = np.array([isotonic_calibration(p, y_cal)[p == v][0] for v in x])
    assert np.mean((fit >= lo) & (fit <= hi)) >= 0.6
    y_over = (rng.random(p.size) < 0.5 + (p - 0.5) * 0.3).astype(np.float64)  # truth much nearer 0.5
    fit = np.array([isotonic_calibration(p, y_over)[p == v][0] for v in x])
    assert fit[0] > hi[0] and fit[-1] < lo[-1]
    again = consistency_band(p, np.random.default_rng(3), 300)
    assert all(np.array_equal(a, b) for a, b in zip(again, (x, lo, hi), strict=True))
