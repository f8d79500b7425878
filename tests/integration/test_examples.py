"""Examples are importable and run (smoke test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_what_if_example_runs_and_its_override_reaches_the_engine() -> None:
    """The example's API calls work and the what-if changes the run. Whether the treaty matters is the
    mechanism check ``alliance.russia-dprk`` (P(Russia in combat in Korea), powered for its rare event): the
    example's questions move by less than their Monte Carlo error at any size a test can afford (spread to
    East Asia is about 1%, of which the treaty's path is a small part), so their sign is not asserted here."""
    spec = importlib.util.spec_from_file_location("what_if", ROOT / "examples" / "what_if.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.compare(worlds=4_000, seed=3)
    assert [r[0] for r in rows] == list(module.QUESTIONS)
    for _, before, after in rows:
        assert 0.0 <= before <= 1.0 and 0.0 <= after <= 1.0
    assert module.compare(worlds=4_000, seed=3) == rows  # same seed, same answer
    assert any(before != after for _, before, after in module.compare(worlds=40_000, seed=3))
