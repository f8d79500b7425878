"""docs/model.md stays honest: it names every rule module, every rule and calibration parameter, every
per-theatre, front, flow and alliance field, and every question of the default scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.world.catalog import load_scenario
from flashpoint.world.model import Actor, Alliance, Flow, Front, Limits, Theatre
from flashpoint.world.rules import Calibration, Rules

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
RULE_MODULES = sorted(
    p.stem for p in (ROOT / "src" / "flashpoint" / "sim" / "rules").glob("*.py") if p.stem != "__init__"
)


def _fields() -> set[str]:
    names = set(Calibration.model_fields)
    for block in Rules.model_fields.values():
        names |= set(block.annotation.model_fields)
    for model in (Theatre, Front, Flow, Alliance, Actor, Limits):
        names |= set(model.model_fields)
    return names - {"name", "enabled", "kind", "members", "rivals", "unit"}


@pytest.mark.parametrize("module", RULE_MODULES)
def test_every_rule_module_has_a_section(module: str) -> None:
    assert f"rules/{module}.py" in DOC


@pytest.mark.parametrize("field", sorted(_fields()))
def test_every_parameter_is_documented(field: str) -> None:
    assert field in DOC


def test_the_forecast_table_lists_every_default_question() -> None:
    for qid in load_scenario().questions:
        assert f"`{qid}`" in DOC
    assert "FORECAST_TABLE" not in DOC and "BENCH_LINE" not in DOC
