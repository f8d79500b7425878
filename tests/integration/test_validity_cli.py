"""`flashpoint validate` and `flashpoint sensitivity` through the CLI: JSON contracts, files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.world.minimal import minimal_scenario
from flashpoint.world.overrides import apply_overrides

runner = CliRunner()
KEYS = {"id", "kind", "status", "expected", "observed", "tolerance", "passed", "source"}
HELD_OUT = {
    *(f"forecast.cow_mid.1990-2014.{o}.{s}" for o in ("war", "recip", "joiner") for s in ("brier", "log")),
    "forecast.ucdp.2015-2024.type2.war.brier",
    "forecast.ucdp.2015-2024.type2.war.log",
}


def _toy_yaml(tmp_path: Path) -> Path:
    sc = apply_overrides(
        minimal_scenario(),
        {
            "calibration.escalation_per_month": 1e6,
            "rules.contest.enabled": False,
            "theatres.dispute.cost_a": {"kind": "uniform", "low": 0.0, "high": 0.5},
        },
    )
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(sc.model_dump(mode="json", by_alias=True, exclude_none=True)))
    return path


def test_validate_json_contract_and_exit_code() -> None:
    res = runner.invoke(app, ["validate", "--json", "--quick"])
    out = json.loads(res.stdout)
    checks = out["checks"]
    assert checks and all(set(c) >= KEYS for c in checks)
    assert {c["kind"] for c in checks} >= {"theory", "history", "mechanism", "forecast"}
    assert {c["status"] for c in checks} == {"check", "finding", "diagnostic"}
    mechanisms = [c for c in checks if c["kind"] == "mechanism"]
    assert len(mechanisms) >= 12 and all(c["passed"] and c["status"] == "check" for c in mechanisms)
    history = [c for c in checks if c["kind"] == "history"]
    assert {c["sample"] for c in history} == {"in", "out", "mixed"}
    # the 1816-1945 fit's residuals are diagnostics; its 1946-2014 predictions are findings
    assert {c["status"] for c in history if c["sample"] == "in"} == {"diagnostic"}
    assert {c["status"] for c in history if c["sample"] != "in"} == {"finding"}
    assert all(c["passed"] for c in checks if c["kind"] == "theory")
    held = {c["id"]: c for c in checks if c["kind"] == "forecast" and c["status"] == "check"}
    assert set(held) == HELD_OUT
    assert all(c["upper_only"] and c["tolerance"] > 0 for c in held.values())
    required = [c["passed"] for c in checks if c["status"] == "check"]
    assert res.exit_code == (0 if all(required) else 1)
    assert out["passed"] == all(required)
    assert out["counts"]["check"] == len(required)


def test_sensitivity_json_and_plots(tmp_path: Path) -> None:
    out_dir = tmp_path / "plots"
    res = runner.invoke(
        app,
        [
            "sensitivity",
            str(_toy_yaml(tmp_path)),
            "--json",
            "--n-base",
            "64",
            "--worlds",
            "8000",
            "--out",
            str(out_dir),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    (q,) = out["questions"]
    assert q["id"] == "war-12m" and out["method"] == "metamodel"
    assert q["indices"][0]["parameter"] == "theatres.dispute.cost_a"
    assert all({"parameter", "S1", "ST", "ST_conf"} <= set(r) for r in q["indices"])
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "plotly.min.js",
        "tornado-minimal-dyad-war-12m.html",
        "tornado-minimal-dyad-war-12m.png",
    ]
    assert (out_dir / "tornado-minimal-dyad-war-12m.png").read_bytes()[:4] == b"\x89PNG"


def test_sensitivity_table(tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "sensitivity",
            str(_toy_yaml(tmp_path)),
            "--n-base",
            "8",
            "--worlds",
            "4000",
            "--out",
            str(tmp_path / "p"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "war-12m" in res.stdout and "theatres.dispute.cost_a" in res.stdout


def test_sensitivity_bad_input(tmp_path: Path) -> None:
    toy = str(_toy_yaml(tmp_path))
    for args, needle in (
        ([toy, "--n-base", "3"], "power of 2"),
        ([toy, "--question", "nope", "--n-base", "8"], "question 'nope'"),
        ([str(tmp_path / "missing.yaml")], "missing.yaml"),
    ):
        res = runner.invoke(app, ["sensitivity", *args, "--out", str(tmp_path / "x")])
        assert res.exit_code == 2, (args, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0] and "Traceback" not in res.output
