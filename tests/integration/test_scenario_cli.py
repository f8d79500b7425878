"""`flashpoint scenario list|show|validate`, and bad scenario files: file, line, field path, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.world.catalog import load_scenario

runner = CliRunner()
SHIPPED = Path(load_scenario().origin).read_text(encoding="utf-8")


def test_list_and_validate() -> None:
    out = runner.invoke(app, ["scenario", "list", "--json"])
    assert out.exit_code == 0
    assert "kursk-2024-11" in [s["id"] for s in json.loads(out.stdout)["scenarios"]]
    out = runner.invoke(app, ["scenario", "validate", "kursk-2024-11"])
    assert out.exit_code == 0 and "valid" in out.stdout


def test_show_lists_every_parameter_with_its_source() -> None:
    out = runner.invoke(app, ["scenario", "show", "kursk-2024-11", "--json"])
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    paths = {p["path"]: p for p in data["parameters"]}
    assert "COW NMC 7.0, year 2022" in paths["actors.RUS.capability.cinc"]["source"]
    assert "Leeds" in paths["calibration.honour_rate"]["source"]
    assert all(p["source"] and p["source"] != "None" for p in data["parameters"])
    table = runner.invoke(app, ["scenario", "show", "kursk-2024-11"])
    assert table.exit_code == 0 and "honour_rate" in table.stdout


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("  KOR:\n", "  KOR: [\n", "YAML error"),
        (
            "    name: Ukraine\n",
            "    name: Ukraine\n    flag: blue\n",
            "actors.UKR.flag: expected a known field",
        ),
        (
            "horizon_months: 48\n    when: {rung_at_least: {theatre: korea, rung: 3}}",
            "horizon_months: soon\n    when: {rung_at_least: {theatre: korea, rung: 3}}",
            "questions.korean-peninsula-war-48m.horizon_months: expected a valid integer",
        ),
        (
            "    recipient: RUS\n    kind: drones",
            "    recipient: ATLANTIS\n    kind: drones",
            "flows.irn_rus_drones.recipient: expected a known actor",
        ),
        (
            "commitment: {value: 0.85",
            "commitment: {value: -0.2",
            "alliances.us-japan.commitment: expected a value in [0, 1]",
        ),
        (
            "    side_b: [TWN]\n",
            "    side_b: [TWN]\n    sector_of: taiwan\n",
            "theatres.taiwan.sector_of: expected no cycle",
        ),
    ],
)
def test_validate_bad_files(tmp_path: Path, old: str, new: str, expect: str) -> None:
    assert old in SHIPPED
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    out = runner.invoke(app, ["scenario", "validate", str(bad)])
    assert out.exit_code == 2, out.output
    assert out.stderr.startswith(f"flashpoint: error: {bad}:") and expect in out.stderr, out.stderr
    assert "Traceback" not in out.output + out.stderr
