"""The bounded YAML loader for users' files: depth, alias expansion, cycles, dates, YAML 1.2 floats."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from flashpoint.errors import InputError, ScenarioError
from flashpoint.validation import MAX_YAML_DEPTH, MAX_YAML_NODES, compose_yaml, load_yaml
from flashpoint.world.catalog import load_scenario
from flashpoint.world.overrides import parse_value


def _bomb(levels: int, width: int = 9) -> str:
    lines = [f"l0: &l0 [{', '.join(['x'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_numbers_dates_and_plain_values() -> None:
    data = load_yaml("a: 8e-3\nb: 1\nc: 1.5\nd: -2E+3\ne: 1_000\nf: 2024-01-02\ng: x1e3\nh: 1e\n", "t")
    assert data == {"a": 0.008, "b": 1, "c": 1.5, "d": -2000.0, "e": 1000, "f": dt.date(2024, 1, 2)} | {
        "g": "x1e3",
        "h": "1e",
    }
    assert isinstance(data["b"], int) and isinstance(data["a"], float)


def test_an_alias_bomb_is_refused_without_being_expanded() -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="too large once its aliases are expanded"):
        load_yaml(_bomb(10), "bomb.yaml")  # 9**10 = 3.5e9 nodes if expanded
    assert time.monotonic() - started < 5
    small = load_yaml(_bomb(3), "ok.yaml")  # 9**3 = 729 leaves: fine, and aliases still work
    assert len(small["l2"]) == 9 and small["l2"][0][0] == ["x"] * 9


def test_the_limits_sit_between_the_shipped_scenario_and_abuse() -> None:
    text = Path(load_scenario(None).origin).read_text(encoding="utf-8")
    assert compose_yaml(text, "shipped") is not None  # within both limits
    deep = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1)
    assert load_yaml(deep, "t") is not None
    with pytest.raises(InputError, match=f"at most {MAX_YAML_DEPTH} levels"):
        load_yaml("a: " + "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH, "t")
    with pytest.raises(InputError, match=f"at most {MAX_YAML_NODES:,} nodes"):
        load_yaml("a: [" + ", ".join(["1"] * MAX_YAML_NODES) + "]", "t")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("a: &a [*a]\n", "t:1: YAML alias refers to itself"),
        ("as_of: 2024-02-30\n", "t:1: expected a real date; got '2024-02-30'"),
        ("a: [\n", "t:2: YAML error: expected valid YAML"),
        ("x: " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ("a: !!python/object:os.system x\n", "YAML error"),
    ],
)
def test_hostile_documents(text: str, expect: str) -> None:
    with pytest.raises(InputError, match=expect.replace("[", r"\[")):
        load_yaml(text, "t")


def test_set_values_read_as_people_write_them() -> None:
    assert parse_value("1e-3") == 0.001 and parse_value("2E5") == 200000.0 and parse_value("7") == 7
    assert parse_value("{kind: beta, a: 2, b: 3}") == {"kind": "beta", "a": 2, "b": 3}
    assert parse_value("a: [") == "a: ["  # not YAML: stays text, checked by the scenario's validation
    with pytest.raises(ScenarioError, match="expected a real date YYYY-MM-DD; got '2024-02-30'"):
        parse_value("2024-02-30", origin="--set as_of=2024-02-30")
