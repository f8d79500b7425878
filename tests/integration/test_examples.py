"""Examples are importable and run (smoke test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_what_if_example_runs_and_treaty_matters() -> None:
    spec = importlib.util.spec_from_file_location("what_if", ROOT / "examples" / "what_if.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.compare(worlds=40_000, seed=3)  # spread is a ~1% event: 4,000 worlds cannot see it
    assert [r[0] for r in rows] == list(module.QUESTIONS)
    for _, before, after in rows:
        assert 0.0 <= before <= 1.0 and 0.0 <= after <= 1.0
    spread = dict((q, (b, a)) for q, b, a in rows)["europe-asia-spread-48m"]
    assert spread[1] <= spread[0]
