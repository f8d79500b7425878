"""The engine against theory and history: full-size checks, the calibration's honesty, and its inheritance."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flashpoint.validity import calibrate, dispute, forecast, recency, theory
from flashpoint.world.catalog import DEFAULT_SCENARIO, load_scenario
from flashpoint.world.history import load_figures, load_forecast_calibration

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history():
    return dispute.run_history_checks(np.random.default_rng(11))


def test_theory_checks_pass_at_full_size() -> None:
    checks = theory.run_theory_checks(np.random.default_rng(5))
    failed = [(c.id, c.expected, c.observed, c.tolerance) for c in checks if not c.passed]
    assert not failed
    assert all(c.kind == "theory" and c.source for c in checks)


def test_in_sample_history_checks_pass(history) -> None:
    fitted = [c for c in history if c.sample == "in"]
    assert {c.id.rsplit(".", 1)[1] for c in fitted} == set(dispute.CHECKED)
    assert not [(c.id, c.expected, c.observed, c.tolerance) for c in fitted if not c.passed]


def test_out_of_sample_figures_are_reported_against_the_record(history) -> None:
    out = {c.id.rsplit(".", 1)[1]: c for c in history if c.id.startswith("history.cow_mid.holdout.")}
    assert set(out) == set(dispute.CHECKED) and all(c.sample == "out" for c in out.values())
    (rivalry,) = [c for c in history if c.id.startswith("history.rivalry.")]
    assert rivalry.sample == "out"
    assert rivalry.expected == load_figures()["rivalry_onsets"]["holdout"]["per_month"]
    held = load_figures()["cow_mid"]["holdout"]
    assert out["p_war"].expected == held["war"]["p"]
    assert out["median_days"].expected == held["duration_days"]["median"]
    assert out["p_recip"].expected == held["reciprocated"]["p"]
    assert all(np.isfinite(c.observed) and c.tolerance > 0 for c in out.values())
    mixed = [c for c in history if c.sample == "mixed"]
    assert {c.id.split(".")[1] for c in mixed} == {"cow_mid", "gml"}


def test_calibration_never_reads_the_holdout(monkeypatch) -> None:
    """Remove every 1946-2014 figure: the calibration objective still evaluates, unchanged."""
    values = dispute.load_calibration()["values"]
    j_full, _ = calibrate.objective(values, 2_000, 3)
    real = dispute.load_figures

    def without_holdout():
        f = real()
        for block in ("cow_mid", "gml", "dyads"):
            f[block] = {k: v for k, v in f[block].items() if k == "calibration"}
        return f

    monkeypatch.setattr(dispute, "load_figures", without_holdout)
    j_cal, _ = calibrate.objective(values, 2_000, 3)
    assert j_cal == j_full


def test_shipped_calibration_still_fits() -> None:
    """Re-evaluate the shipped fit with its own settings: still within the fitted objective (7 figures)."""
    shipped = dispute.load_calibration()
    settings = shipped["settings"]
    j, fig = calibrate.objective(shipped["values"], settings["n_worlds"], settings["seed"])
    assert j <= max(2.0 * shipped["objective"], 14.0), (j, fig)


def test_default_scenario_inherits_the_forecast_calibration() -> None:
    """Each fitted parameter is the joint bootstrap distribution of the fit at the data's end."""
    sc = load_scenario(DEFAULT_SCENARIO)
    cal = load_forecast_calibration()
    for key in dispute.CAL_KEYS:
        param = getattr(sc.calibration, key)
        assert param.dist.kind == "empirical" and param.dist.group == "calibration-bootstrap", key
        assert param.dist.values == pytest.approx([b[key] for b in cal["bootstrap"]]), key
        assert "forecast_calibration.json" in param.source and not param.assumption, key
    onset = sc.calibration.crisis_onset_per_month
    assert onset.value == pytest.approx(cal["onset"]["value"])


def test_cached_forecast_fit_is_reproduced() -> None:
    """Re-fit one cached tuning fold (chosen h, origin 1900) with its seed: the same values."""
    cal = load_forecast_calibration()
    seeds = forecast._seeds()
    (cached,) = [t for t in cal["tuning"] if t["origin"] == 1900 and t["half_life"] == cal["half_life"]]
    h = math.inf if cal["half_life"] is None else cal["half_life"]
    again = recency.fit_origin(1900, h, seed=seeds["tune-1900"])
    assert again["values"] == cached["values"]
    assert again["objective"] == pytest.approx(cached["objective"])


def test_half_life_is_chosen_on_folds_ending_by_1989_only() -> None:
    cal = load_forecast_calibration()
    assert all(last <= 1989 for _, last in cal["settings"]["tuning_folds"])
    means = {h: v for h, v in cal["mean_brier_by_half_life"].items()}
    assert str(cal["half_life"]) == min(means, key=means.get)
    for h, v in means.items():
        folds = [t["brier_sum"] for t in cal["tuning"] if str(t["half_life"]) == h]
        assert len(folds) == len(cal["settings"]["tuning_folds"]) and v == pytest.approx(np.mean(folds))
