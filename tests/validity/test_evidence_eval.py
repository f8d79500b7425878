"""Issue 4 "Done when": the evidence pipeline against the development sets, computed from the data on
every run (the shared data folder sits next to the repository: ../shared/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.evidence.evaluation import evaluate_plover, evaluate_plover_halves, evaluate_seed

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DOC = ROOT / "docs" / "evidence.md"
SEED_GOLD = SHARED / "eval" / "seed-gold.yaml"
PLOVER_GOLD = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.jsonl"

pytestmark = pytest.mark.slow


def _documented(section: str) -> dict[str, list[str]]:
    """Rows of the Markdown table in docs/evidence.md under the paragraph starting with ``section``."""
    text = DOC.read_text(encoding="utf-8")
    block = text[text.index(section) :]
    rows = [line for line in block.splitlines() if line.startswith("| ")]
    out = {}
    for line in rows[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] in out:
            break
        out[cells[0]] = cells[1:]
    return out


def _assert_documented(df, section: str) -> None:
    documented = _documented(section)
    assert len(documented) >= len(df), f"docs/evidence.md {section!r}: rows missing, rerun the tables"
    for row in df.reset_index().itertuples(index=False):
        field, *cells = row
        values = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in cells]
        assert documented.get(field) == values, f"docs/evidence.md {section!r} row {field}: rerun the tables"


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
    _assert_documented(df, "**Seed**")


@pytest.mark.skipif(not PLOVER_GOLD.exists(), reason=f"PLOVER gold records not found at {PLOVER_GOLD}")
def test_plover_done_when(extractor):
    df = evaluate_plover(PLOVER_GOLD, extractor).set_index("field")
    _assert_documented(df, "**PLOVER gold**")
    assert df.loc["event_type", "n_gold"] == 322
    assert df.loc["event_type", "accuracy"] >= 0.75
    assert df.loc["actor", "accuracy"] >= 0.70
    assert df.loc["recipient", "accuracy"] >= 0.70


@pytest.mark.skipif(not PLOVER_GOLD.exists(), reason=f"PLOVER gold records not found at {PLOVER_GOLD}")
def test_plover_halves_are_documented(extractor):
    df = evaluate_plover_halves(PLOVER_GOLD, extractor).set_index("field")
    assert df.loc["event_type", "dev_n_gold"] + df.loc["event_type", "test_n_gold"] == 322
    assert abs(df.loc["event_type", "dev_n_gold"] - df.loc["event_type", "test_n_gold"]) <= 16  # one per type
    _assert_documented(df, "**PLOVER dev and test.**")


@pytest.mark.skipif(
    not (PLOVER_GOLD.exists() and SEED_GOLD.exists()), reason="PLOVER gold or seed annotation not found"
)
def test_names_comparison_is_documented():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tables", ROOT / "scripts" / "evidence_eval_tables.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    df = tables.names_table(SEED_GOLD, PLOVER_GOLD).set_index("entities")
    _assert_documented(df, "**Names.**")
