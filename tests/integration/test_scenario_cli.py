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


def test_show_prints_the_calibration_for_forecasting(tmp_path: Path) -> None:
    """Origin, half-life, the fit and the bootstrap spread, as computed from the cached calibration."""
    from flashpoint.world.history import load_forecast_calibration

    cal = load_forecast_calibration()
    data = json.loads(runner.invoke(app, ["scenario", "show", "kursk-2024-11", "--json"]).stdout)
    fc = data["forecast_calibration"]
    assert fc["origin"] == cal["origin"]["origin"] == 2015 and fc["half_life_years"] == cal["half_life"]
    assert fc["n_boot"] == len(cal["bootstrap"]) and set(fc["fit"]) == set(cal["origin"]["fit"])
    for key, p in fc["parameters"].items():
        draws = [b[key] for b in cal["bootstrap"]]
        assert min(draws) <= p["p5"] <= p["p95"] <= max(draws), key
    paths = {p["path"]: p for p in data["parameters"]}
    assert "calibration-bootstrap" in paths["calibration.escalation_per_month"]["value"]
    table = runner.invoke(app, ["scenario", "show", "kursk-2024-11"], env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert f"origin {fc['origin']}, recency half-life h = {fc['half_life_years']:g} years" in table.stdout
    assert "bootstrap 5th-95th percentile" in table.stdout
    # a scenario whose calibration does not cite the forecast calibration shows none
    import yaml

    from flashpoint.world.minimal import minimal_scenario_data

    path = tmp_path / "minimal.yaml"
    path.write_text(yaml.safe_dump(minimal_scenario_data()), encoding="utf-8")
    other = json.loads(runner.invoke(app, ["scenario", "show", str(path), "--json"]).stdout)
    assert other["forecast_calibration"] is None


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
