"""The forecasts CLI end to end on a real DuckDB file: registry, bad input, scores, calibration, exchange."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app


@pytest.fixture()
def cli(tmp_path: Path):
    db = str(tmp_path / "fp.duckdb")
    runner = CliRunner()

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == code, (args, result.exit_code, result.output)
        return result

    return run


def _setup(cli) -> None:
    cli(
        "questions",
        "add",
        "q-war",
        "--text",
        "War between A and B within 12 months?",
        "--start",
        "2024-01-01",
        "--horizon-months",
        "12",
        "--tag",
        "conflict",
        "--actor",
        "AAA",
    )
    cli(
        "questions",
        "add",
        "q-deal",
        "--text",
        "A deal by mid 2024?",
        "--resolution-date",
        "2024-06-30",
        "--tag",
        "diplomacy",
    )
    for who, kind, pw, pd in (("ann", "expert", "0.2", "0.7"), ("bot", "model", "0.6", "0.4")):
        cli("forecast", "add", "q-war", pw, "--forecaster", who, "--kind", kind, "--date", "2024-01-02")
        cli("forecast", "add", "q-deal", pd, "--forecaster", who, "--kind", kind, "--date", "2024-01-02")
    cli("resolve", "q-war", "no", "--date", "2025-01-01", "--source", "https://example.org/war")
    cli("resolve", "q-deal", "yes", "--date", "2024-06-01", "--source", "https://example.org/deal")


def test_questions_forecasts_resolutions_and_scores(cli) -> None:
    _setup(cli)
    listed = json.loads(cli("questions", "list", "--json").stdout)["questions"]
    assert [q["question_id"] for q in listed] == ["q-deal", "q-war"] and listed[1][
        "resolution_date"
    ] == "2025-01-01"
    shown = json.loads(cli("questions", "show", "q-war", "--json").stdout)
    assert len(shown["forecasts"]) == 2 and shown["resolutions"][0]["source"] == "https://example.org/war"
    out = json.loads(cli("score", "--json", "--by", "tag").stdout)
    rows = {r["id"]: r for r in out["forecasters"]}
    assert set(rows) == {"ann", "bot"}
    assert rows["ann"]["brier"] == pytest.approx((0.2**2 + 0.3**2) / 2)
    assert rows["bot"]["brier"] == pytest.approx((0.6**2 + 0.6**2) / 2)
    for key in ("id", "n", "brier", "brier_ci95", "log", "baseline", "skill_vs_naive"):
        assert key in rows["ann"]
    assert set(out["groups"]) == {"conflict", "diplomacy"}
    text = cli("score", "--forecaster", "ann").stdout
    assert "ann" in text and "bot" not in text


def test_bad_input_is_one_clear_message_and_nothing_is_lost(cli) -> None:
    _setup(cli)
    bad = cli("forecast", "add", "q-war", "1.5", "--forecaster", "ann", code=2)
    assert "probability in [0, 1]; got '1.5'" in bad.output and "Traceback" not in bad.output
    assert (
        "must be a probability"
        in cli("forecast", "add", "q-war", "likely", "--forecaster", "ann", code=2).output
    )
    assert (
        "'q-none' is not registered"
        in cli("forecast", "add", "q-none", "0.5", "--forecaster", "x", code=2).output
    )
    conflict = cli("resolve", "q-war", "yes", "--date", "2025-01-01", "--source", "s", code=2)
    assert "already resolved no on 2025-01-01" in conflict.output and "--amend" in conflict.output
    cli("resolve", "q-war", "yes", "--date", "2025-01-01", "--source", "s", "--amend", code=2)  # no reason
    cli("resolve", "q-war", "maybe", "--date", "2025-01-01", "--source", "s", code=2)
    cli("resolve", "q-war", "yes", "--date", "2025-01-01", "--source", "s2", "--amend", "--reason", "misread")
    history = json.loads(cli("questions", "show", "q-war", "--json").stdout)["resolutions"]
    assert [(r["outcome"], r["reason"]) for r in history] == [("no", None), ("yes", "misread")]
    cli("score", "--by", "colour", code=2)


def test_annulled_questions_and_late_forecasts_are_not_scored(cli) -> None:
    _setup(cli)
    cli(
        "forecast", "add", "q-deal", "0.99", "--forecaster", "ann", "--kind", "expert", "--date", "2024-06-15"
    )
    cli(
        "resolve", "q-war", "annulled", "--date", "2025-01-01", "--source", "s", "--amend", "--reason", "void"
    )
    out = json.loads(cli("score", "--json").stdout)
    ann = {r["id"]: r for r in out["forecasters"]}["ann"]
    assert ann["n"] == 1 and ann["late"] == 1 and ann["brier"] == pytest.approx(0.3**2)
    assert out["excluded"] == {"late": 1, "void": 2}


def test_calibration_writes_a_png(cli, tmp_path: Path) -> None:
    _setup(cli)
    png = tmp_path / "cal.png"
    out = json.loads(cli("calibration", "--out", str(png), "--json").stdout)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out["n"] == 4
    corp = out["corp"]
    assert corp["brier"] == pytest.approx(corp["reliability"] - corp["resolution"] + corp["uncertainty"])
    cli("calibration", "--out", str(tmp_path / "cal.txt"), code=2)
    cli("calibration", "--out", str(png), "--forecaster", "nobody", code=2)
    assert out["band"]["level"] == 0.9 and isinstance(out["band"]["outside"], list)
    svg = tmp_path / "cal.svg"
    again = json.loads(cli("calibration", "--out", str(svg), "--resolved-only", "--json").stdout)
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and again["band"] == out["band"]


def test_csv_import_reports_lines_exits_3_and_is_idempotent(cli, tmp_path: Path) -> None:
    _setup(cli)
    path = tmp_path / "f.csv"
    path.write_text(
        "question_id,forecaster,probability,made_at\n"
        "q-war,cy,0.1,2024-02-01\n"
        "q-war,cy,2,2024-02-01\n"
        "q-nope,cy,0.1,2024-02-01\n"
        "q-deal,cy,0.9,2024-02-01,extra\n",
        encoding="utf-8",
    )
    first = cli("import", "forecasts", str(path), code=3)
    assert f"{path}:3" in first.output and f"{path}:4" in first.output and f"{path}:5" in first.output
    assert "added: 1" in first.stdout
    second = cli("import", "forecasts", str(path), "--json", code=3)
    assert json.loads(second.stdout.splitlines()[0])["added"] == 0
    export = tmp_path / "out" / "forecasts.csv"
    cli("export", "forecasts", "--out", str(export))
    assert len(export.read_text().splitlines()) == 1 + 5  # header + 4 from setup + 1 imported
    cli("export", "forecasts", "--out", str(tmp_path / "x.xlsx"), code=2)


def test_verbal_only_forecasts_from_the_cli_and_an_import(cli, tmp_path: Path) -> None:
    """Issue 14 item 4: a forecast given only in ICD 203 words could not be entered; a number contradicting
    its words was accepted silently."""
    _setup(cli)
    out = json.loads(
        cli("forecast", "add", "q-war", "--words", "very unlikely", "--forecaster", "vee", "--json").stdout
    )
    assert out["probability"] == 0.12 and out["probability_text"] == "very unlikely"
    bad = cli("forecast", "add", "q-war", "0.9", "--words", "unlikely", "--forecaster", "vee", code=2)
    assert "contradicts its words 'unlikely'" in bad.stderr and "Traceback" not in bad.output
    path = tmp_path / "words.csv"
    path.write_text(
        "question_id,forecaster,probability,probability_text,made_at\n"
        "q-war,wes,,almost certain,2024-02-01\n"
        "q-war,wes,0.1,likely,2024-02-02\n",
        encoding="utf-8",
    )
    result = cli("import", "forecasts", str(path), "--json", code=3)
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and "contradicts its words 'likely'" in summary["errors"][0]


def test_questions_add_with_every_field_then_edit_and_close(cli) -> None:
    out = json.loads(
        cli(
            "questions",
            "add",
            "q-stay",
            "--text",
            "Will NATO stay naval and air only in East Asia within 12 months?",
            "--criteria",
            "Yes if no NATO ground unit deploys.",
            "--start",
            "2024-11-05",
            "--horizon-months",
            "12",
            "--actor",
            "NATO",
            "--event-type",
            "mobilize",
            "--event-polarity",
            "negative",
            "--url",
            "https://example.org/q",
            "--json",
        ).stdout
    )
    assert (out["event_polarity"], out["event_type"], out["url"]) == (
        "negative",
        "MOBILIZE",
        "https://example.org/q",
    )
    edited = json.loads(
        cli(
            "questions", "edit", "q-stay", "--tag", "nato", "--tag", "asia", "--reason", "tags", "--json"
        ).stdout
    )
    assert edited["tags"] == ["nato", "asia"] and edited["changed"] == ["tags"]
    cli("questions", "edit", "q-stay", "--event-polarity", "sideways", code=2)
    cli("questions", "edit", "q-stay", code=2)  # nothing to change
    cli("forecast", "add", "q-stay", "0.8", "--forecaster", "ann", "--date", "2025-01-01")
    cli("forecast", "add", "q-stay", "0.95", "--forecaster", "ann", "--date", "2025-04-01")
    closed = json.loads(cli("questions", "close", "q-stay", "--date", "2025-03-01", "--json").stdout)
    assert closed["resolution_date"] == "2025-03-01" and closed["horizon_months"] is None
    cli("questions", "close", "q-stay", "--date", "2024-01-01", code=2)  # before it opens
    cli("resolve", "q-stay", "yes", "--date", "2025-06-01", "--source", "s")
    ann = json.loads(cli("score", "--json").stdout)["forecasters"][0]
    assert ann["brier"] == pytest.approx(0.2**2) and ann["late"] == 1  # 0.95 came after the early close
    shown = json.loads(cli("questions", "show", "q-stay", "--json").stdout)
    assert [e["field"] for e in shown["edits"]] == ["tags", "resolution_date", "horizon_months"]
    assert shown["edits"][0]["reason"] == "tags"
