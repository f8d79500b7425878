"""`flashpoint run` end to end: JSON schema, determinism, storage, and bad input that stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.store import open_store

runner = CliRunner()
ARGS = ["run", "--json", "--worlds", "2000", "--months", "12", "--seed", "7"]


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    with open_store(db) as st:
        return int(st.query(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0])


def test_json_matches_the_schema_and_repeats_exactly(tmp_path: Path) -> None:
    db = tmp_path / "fp.duckdb"
    first = runner.invoke(app, [*ARGS, "--db", str(db)])
    second = runner.invoke(app, [*ARGS, "--db", str(db)])
    assert first.exit_code == 0, first.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert set(a) == {"scenario", "engine", "elapsed_s", "questions", "prevail", "run_id"}
    assert len(a["run_id"]) == 32 and a["run_id"] != b["run_id"]  # issue 14: run --json names its run
    assert set(a["scenario"]) == {"id", "sha256", "as_of"} and a["scenario"]["as_of"] == "2024-11-05"
    assert a["engine"] == {"version": a["engine"]["version"], "worlds": 2000, "months": 12, "seed": 7}
    assert isinstance(a["elapsed_s"], float)
    for q in a["questions"]:
        assert set(q) == {
            "id",
            "text",
            "horizon_months",
            "probability",
            "stderr",
            "ci90",
            "assumption_ci90",
            "assumption_share",
            "assumption_draws",
        }
        lo, hi = q["ci90"]
        assert 0 <= lo <= q["probability"] <= hi <= 1 and q["horizon_months"] <= 12
        a_lo, a_hi = q["assumption_ci90"]
        assert 0 <= a_lo <= a_hi <= 1 and 0 <= q["assumption_share"] <= 1
        if (
            q["assumption_share"] < 0.5 and 0.05 < q["probability"] < 0.95
        ):  # a unimodal spread covers its mean
            assert a_lo <= q["probability"] <= a_hi
    for t in a["prevail"]:
        shares = ("challenger_prevails", "defender_prevails", "compromise", "unresolved", "none")
        assert sum(t[k] for k in shares) == pytest.approx(1.0, abs=1e-5)
    assert [t["id"] for t in a["prevail"]] == ["ukraine", "korea", "taiwan", "middle-east", "red-sea"]
    assert {q["id"] for q in a["questions"]} >= {"world-war-12m", "dprk-troops-in-combat-3m"}
    a.pop("elapsed_s"), b.pop("elapsed_s"), a.pop("run_id"), b.pop("run_id")
    assert a == b
    assert _count(db, "runs") == 2 and _count(db, "run_questions") == 2 * len(a["questions"])


def test_table_output_and_what_if(tmp_path: Path) -> None:
    db = tmp_path / "fp.duckdb"
    out = runner.invoke(
        app,
        [
            "run",
            "--worlds",
            "1000",
            "--months",
            "6",
            "--db",
            str(db),
            "--set",
            "flows.prk_rus_troops.size=20",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "russia-retakes-kursk-6m" in out.stdout and "90% MC" in out.stdout and "90% assum." in out.stdout
    assert "stored as run" in out.stdout and "what-if: flows.prk_rus_troops.size=20" in out.stdout
    with open_store(db) as st:
        overrides = json.loads(st.query("SELECT overrides FROM runs")["overrides"].iloc[0])
    assert overrides == {"flows.prk_rus_troops.size": 20}


@pytest.mark.parametrize(
    ("sets", "expect"),
    [
        (["actors.USA.resolv=0.9"], "--set actors.USA.resolv: expected a parameter path"),
        (["actors.USA.resolve=1.7"], "actors.USA.resolve: expected a value in [0, 1]; got 1.7"),
        (["actors.USA.resolve=high"], "expected a number or a distribution mapping; got 'high'"),
        (["actors.USA.resolve"], "--set actors.USA.resolve: expected PATH=VALUE"),
    ],
)
def test_bad_set_exits_2_without_traceback_and_stores_nothing(
    tmp_path: Path, sets: list[str], expect: str
) -> None:
    db = tmp_path / "fp.duckdb"
    args = ["run", "--worlds", "500", "--months", "3", "--db", str(db)]
    for item in sets:
        args += ["--set", item]
    out = runner.invoke(app, args)
    assert out.exit_code == 2, out.output
    assert expect in out.stderr and "Traceback" not in out.output + out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert _count(db, "runs") == 0


def test_bad_numbers_are_refused(tmp_path: Path) -> None:
    out = runner.invoke(app, ["run", "--worlds", "0", "--db", str(tmp_path / "x.duckdb")])
    assert out.exit_code == 2 and "--worlds must be a positive integer" in out.stderr
    out = runner.invoke(app, ["run", "no-such-scenario", "--db", str(tmp_path / "x.duckdb")])
    assert out.exit_code == 2 and "expected a shipped scenario id" in out.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_a_bad_scenario_file_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nas_of: 2024-01-01\nactors: {}\ntheatres: {}\n", encoding="utf-8")
    db = tmp_path / "fp.duckdb"
    out = runner.invoke(app, ["run", str(bad), "--db", str(db)])
    assert out.exit_code == 2 and f"{bad}:4: actors:" in out.stderr
    assert _count(db, "runs") == 0
