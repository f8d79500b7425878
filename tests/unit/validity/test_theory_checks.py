"""Theory checks: each runs the real engine and compares with its closed form; each can fail."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flashpoint.validity import theory
from flashpoint.validity.validate import Check, binomial_se


def rng(seed: int = 3) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_check_passes_only_within_tolerance() -> None:
    ok = Check(id="x", kind="theory", expected=0.5, observed=0.51, tolerance=0.02, source="s")
    bad = Check(id="x", kind="theory", expected=0.5, observed=0.53, tolerance=0.02, source="s")
    nan = Check(id="x", kind="theory", expected=0.5, observed=float("nan"), tolerance=1.0, source="s")
    assert ok.passed and not bad.passed and not nan.passed
    assert set(ok.to_dict()) >= {"id", "kind", "expected", "observed", "tolerance", "passed", "source"}


def test_binomial_se_never_zero() -> None:
    assert binomial_se(0.0, 100) == pytest.approx(0.01)
    assert binomial_se(0.5, 100) == pytest.approx(0.05)


def test_fearon_matches_the_closed_form() -> None:
    checks = theory.check_fearon(rng(), 4_000)
    assert [c.expected for c in checks] == [max(0.0, (0.5 - c_a) / 1.0) for c_a in theory.FEARON_COST_A]
    assert all(c.passed for c in checks), [(c.id, c.observed) for c in checks if not c.passed]


def test_fearon_check_fails_when_the_engine_is_misconfigured(monkeypatch) -> None:
    """With optimism the engine no longer plays Fearon's game; the check must notice."""
    real = theory._scenario

    def optimistic(overrides, **kw):
        return real({**overrides, "theatres.dispute.optimism": 0.2}, **kw)

    monkeypatch.setattr(theory, "_scenario", optimistic)
    assert not all(c.passed for c in theory.check_fearon(rng(), 4_000))


def test_war_of_attrition_private_values() -> None:
    higher, mean = theory.check_attrition_private(rng(), 4_000)
    assert higher.observed == 1.0 and higher.passed
    assert mean.expected == pytest.approx(1 / 6) and mean.passed


def test_war_of_attrition_complete_information() -> None:
    wins, mean = theory.check_attrition_complete(rng(), 4_000)
    assert wins.expected == pytest.approx(1 / 3) and wins.passed
    assert mean.expected == pytest.approx(1 / (1 / 0.4 + 1 / 0.8)) and mean.passed


def test_brinkmanship_boundary() -> None:
    checks = theory.check_brinkmanship(rng(), 4_000)
    assert all(c.passed for c in checks), [(c.id, c.expected, c.observed) for c in checks if not c.passed]
    boundary = [c for c in checks if ".boundary." in c.id]
    assert [c.expected for c in boundary] == pytest.approx([0.25, 0.7])


def test_engel_reference_integration() -> None:
    us, jp = theory.engel_trajectory(landing="spread")
    assert us[0] == 0 and jp[0] == theory.ENGEL_JAPANESE
    assert 51_000 < us[36] < 53_000 and jp[36] < 0.02 * theory.ENGEL_JAPANESE
    # the square law's invariant b M^2 - a N^2 changes only with landings: constant from day 6 on
    inv = theory.ENGEL_B * us**2 - theory.ENGEL_A * jp**2
    assert np.ptp(inv[7:30]) / abs(inv[7]) < 1e-3


def test_lanchester_checks() -> None:
    checks = theory.check_lanchester(rng())
    assert all(c.passed for c in checks), [(c.id, c.expected, c.observed) for c in checks if not c.passed]
    assert math.isfinite(checks[0].observed)
