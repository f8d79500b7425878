"""The model as a forecaster (issue 14 item 7): each configuration is a version scored apart, what-if runs
enter the registry only with --register, `run --json` names its run, and ids are never cut in tables."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.store import open_store

runner = CliRunner()
MODEL = "flashpoint/kursk-2024-11"


def _json(*args: str) -> dict:
    out = runner.invoke(app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_each_model_configuration_is_scored_and_what_ifs_register_only_when_asked(tmp_path: Path) -> None:
    db = str(tmp_path / "fp.duckdb")
    run = ["run", "--months", "12", "--seed", "3", "--db", db]
    big = _json(*run, "--worlds", "4000")
    small = _json(*run, "--worlds", "200")  # stored after the big one: it used to replace it
    assert len(big["run_id"]) == 32 and big["run_id"] != small["run_id"]
    what_if = _json(*run, "--worlds", "200", "--set", "flows.prk_rus_troops.size=20")
    with open_store(db) as st:
        registered = set(st.query("SELECT DISTINCT run_id FROM registry_forecasts")["run_id"])
    assert registered == {big["run_id"], small["run_id"]}  # the what-if run is stored, not registered
    asked = _json(*run, "--worlds", "200", "--set", "flows.prk_rus_troops.size=20", "--register")
    assert asked["registered"]["forecaster"].startswith(f"{MODEL}@") and what_if["run_id"] != asked["run_id"]
    _json("resolve", "world-war-12m", "no", "--date", "2025-11-05", "--source", "note", "--db", db)
    _json(
        "resolve", "dprk-troops-in-combat-3m", "yes", "--date", "2025-02-05", "--source", "note", "--db", db
    )
    out = _json("score", "--db", db, "--bootstrap", "50")
    ids = {r["id"] for r in out["forecasters"]}
    assert MODEL in ids and asked["registered"]["forecaster"] in ids
    versions = {v["worlds"]: v for v in out["model_configs"] if v["forecaster"] == MODEL}
    assert set(versions) == {4000, 200} and versions[4000]["config_id"] != versions[200]["config_id"]
    for row in [*out["forecasters"], *out["model_configs"]]:
        assert {"brier", "brier_time_avg", "log", "baseline", "peer"} <= set(row)
    for run_out, worlds in ((big, 4000), (small, 200)):
        p = {q["id"]: q["probability"] for q in run_out["questions"]}
        expected = ((1 - p["dprk-troops-in-combat-3m"]) ** 2 + p["world-war-12m"] ** 2) / 2
        assert versions[worlds]["n"] == 2 and abs(versions[worlds]["brier"] - expected) < 1e-12
    model = next(r for r in out["forecasters"] if r["id"] == MODEL)
    assert model["brier"] == versions[200]["brier"]  # the model's standing forecast: its latest version
    table = runner.invoke(app, ["score", "--db", db, "--bootstrap", "50"], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert "…" not in table.stdout  # ids used to be cut with an ellipsis
    for v in out["model_configs"]:
        assert v["config_id"] in table.stdout
    assert "@" + asked["registered"]["config_id"] in table.stdout


def test_register_needs_a_stored_run(tmp_path: Path) -> None:
    out = runner.invoke(app, ["run", "--no-store", "--register", "--set", "flows.prk_rus_troops.size=20"])
    assert out.exit_code == 2 and "--register" in out.stderr


def test_register_run_stores_a_run_as_the_models_forecast_on_a_date(tmp_path: Path) -> None:
    """The public function a replay calls once per date (issue 14: "store this run as the model's forecast
    made on date D")."""
    import pytest

    from flashpoint.errors import InputError
    from flashpoint.forecasts import register_run
    from flashpoint.sim.runner import execute_run

    db = tmp_path / "fp.duckdb"
    outcome = execute_run(None, worlds=200, months=12, seed=1, db=db, store=False)
    first = register_run(outcome.record, made_at="2024-12-01", db=db)
    assert first["forecaster"] == MODEL and first["forecasts_added"] > 0
    assert register_run(outcome.record, made_at="2024-12-01", db=db)["forecasts_added"] == 0  # idempotent
    with open_store(db) as st:
        made = set(st.query("SELECT DISTINCT made_at FROM registry_forecasts")["made_at"].astype(str))
    assert made == {"2024-12-01"}  # midnight
    with pytest.raises(InputError, match="before the scenario's as_of"):
        register_run(outcome.record, made_at="2024-10-01", db=db)
