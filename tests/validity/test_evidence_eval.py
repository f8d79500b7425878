"""Issue 4 "Done when": the evidence pipeline against the development sets, computed from the data on
every run (the shared data folder sits next to the repository: ../shared/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.evidence.evaluation import evaluate_plover, evaluate_seed

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_GOLD = SHARED / "eval" / "seed-gold.yaml"
PLOVER_GOLD = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.jsonl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor():
    from flashpoint.evidence.pipeline import Extractor

    return Extractor()


@pytest.mark.skipif(not SEED_GOLD.exists(), reason=f"seed annotation not found at {SEED_GOLD}")
def test_seed_done_when(extractor):
    df = evaluate_seed(SEED_GOLD, extractor=extractor).set_index("field")
    assert df.loc["quote.speaker", "n_gold"] == 23
    assert df.loc["quote.speaker", "recall"] >= 0.90
    assert df.loc["forecast.predictor", "n_gold"] == 11
    assert df.loc["forecast.predictor", "recall"] >= 0.80
    assert df.loc["forecast.horizon_dates", "n_gold"] == 2
    assert df.loc["forecast.horizon_dates", "n_correct"] == 2  # both explicit horizons exactly
    assert df.loc["event", "recall"] >= 0.70
    assert df.loc["event", "precision"] >= 0.60


@pytest.mark.skipif(not PLOVER_GOLD.exists(), reason=f"PLOVER gold records not found at {PLOVER_GOLD}")
def test_plover_done_when(extractor):
    df = evaluate_plover(PLOVER_GOLD, extractor).set_index("field")
    assert df.loc["event_type", "n_gold"] == 322
    assert df.loc["event_type", "accuracy"] >= 0.75
    assert df.loc["actor", "accuracy"] >= 0.70
    assert df.loc["recipient", "accuracy"] >= 0.70
