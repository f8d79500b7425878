"""Mechanism checks on the shipped scenario: at least 12, each sourced, all passing at full size."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.validity import mechanisms


def test_at_least_twelve_distinct_sourced_mechanisms() -> None:
    ids = [m.id for m in mechanisms.MECHANISMS]
    assert len(ids) >= 12 and len(set(ids)) == len(ids)
    assert all(m.source and m.sign in (-1, 1) and m.low != m.high for m in mechanisms.MECHANISMS)


def test_a_reversed_change_fails_its_check() -> None:
    """The check is not a formality: swapping the arms of a real mechanism makes it fail."""
    mech = next(m for m in mechanisms.MECHANISMS if m.id == "flow.troops")
    lo, hi, diff, se = mechanisms.measure(mech, 3000, 4)
    assert diff > mechanisms.Z_MECH * se  # as stated
    _, _, back, se_b = mechanisms.measure(
        mechanisms.Mechanism(**{**mech.__dict__, "low": mech.high, "high": mech.low}), 3000, 4
    )
    assert mech.sign * back < -mechanisms.Z_MECH * se_b


@pytest.mark.slow
def test_every_mechanism_check_passes_at_full_size() -> None:
    checks = mechanisms.run_mechanism_checks(np.random.default_rng(20241105))
    failed = [(c.id, c.observed, c.se) for c in checks if not c.passed]
    assert not failed
    assert all(c.kind == "mechanism" for c in checks)


def test_event_outcomes_get_the_worlds_the_rule_asks_for() -> None:
    """A rare war onset is piloted and given enough worlds for EVENTS_PER_ARM events per arm; a continuous
    outcome keeps the base size."""
    window = next(m for m in mechanisms.MECHANISMS if m.id == "perception.window.taiwan")
    n, p = mechanisms.check_worlds(window, 20_000, mechanisms.N_MAX, 3)
    assert 0 < p < mechanisms.EVENTS_PER_ARM / 20_000  # rare at the base size: the rule must add worlds
    assert n == mechanisms.worlds_for(p, 20_000, mechanisms.N_MAX) and n * p >= mechanisms.EVENTS_PER_ARM
    drones = next(m for m in mechanisms.MECHANISMS if m.id == "flow.drones")
    assert mechanisms.check_worlds(drones, 2_000, mechanisms.N_MAX, 3)[0] == 2_000
    assert mechanisms.worlds_for(0.0, 100, 900) == 900
    assert mechanisms.worlds_for(0.5, 100, 900) == max(100, 2 * mechanisms.EVENTS_PER_ARM)


def test_the_rule_detects_the_window_where_the_base_size_did_not() -> None:
    """At the rule's worlds the window's push on the Taiwan onset exceeds Z_MECH standard errors."""
    window = next(m for m in mechanisms.MECHANISMS if m.id == "perception.window.taiwan")
    n, _ = mechanisms.check_worlds(window, 20_000, mechanisms.N_MAX, 3)
    _, _, diff, se = mechanisms.measure(window, n, 4)
    assert diff > mechanisms.Z_MECH * se
