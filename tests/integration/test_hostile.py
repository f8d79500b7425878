"""Hostile input from issue 15: each case gets one clear line on stderr and the right exit code, never a
traceback, a hang or a silent acceptance (exit 2 bad input, 1 failure, 3 partial, 130 interrupted)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.store import open_store

SCENARIO = (
    Path(__file__).resolve().parents[2] / "src" / "flashpoint" / "world" / "scenarios" / "kursk-2024-11.yaml"
)
CODE = "from flashpoint.cli import main; main()"
runner = CliRunner()


def cli(*args: str, code: int, expect: str = "", env: dict[str, str] | None = None):
    """Invoke in-process; check the exit code, one clean stderr line (for errors) and ``expect`` in it."""
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, (args, result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    if code not in (0,) and not isinstance(result.exception, SystemExit | None):
        raise AssertionError(f"exception escaped: {result.exception!r}")
    if code != 0 and expect:
        assert expect in result.stderr, result.stderr
    return result


def shell(script: str, tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``script`` in bash with FP set to the flashpoint command (for closed streams and signals)."""
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src, "FLASHPOINT_HOME": str(tmp_path / "home")}
    env["FP"] = f"{sys.executable} -c '{CODE}'"
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=timeout, cwd=tmp_path
    )


def _scenario(tmp_path: Path, old: str, new: str) -> str:
    text = SCENARIO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "hostile.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


# -- streams -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_closed_stdin(tmp_path: Path, command: str) -> None:
    done = shell(f'eval "$FP {command} -" <&-', tmp_path)
    assert done.returncode == 2, done.stderr
    assert "expected articles on standard input; got a closed stdin" in done.stderr
    assert "Traceback" not in done.stderr


def test_closed_stdout_is_a_failure_not_lost_output(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russia accused Ukraine on Monday.\n")
    done = shell(f'eval "$FP extract {article}" >&-', tmp_path)
    assert done.returncode == 1 and "standard output is closed" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_during_ingest_says_that_rerunning_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    lines = [
        json.dumps(
            {
                "id": k,
                "text": f"Russia accused Ukraine of attack {k} on Monday. " * 20,
                "published": "2024-11-05",
            }
        )
        for k in range(3000)
    ]
    corpus.write_text("\n".join(lines) + "\n")
    db = tmp_path / "fp.duckdb"
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src, "FLASHPOINT_HOME": str(tmp_path / "home")}
    args = ["ingest", str(corpus), "--db", str(db), "--jobs", "1", "--batch-size", "8", "--json"]
    proc = subprocess.Popen(
        [sys.executable, "-c", CODE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 240
    stored = 0
    while stored == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if db.exists():
            try:
                with open_store(db, read_only=True, timeout=5) as store:
                    stored = int(store.query("SELECT count(*) AS n FROM documents")["n"][0])
            except Exception:  # noqa: BLE001 - the store may be mid-creation; try again
                stored = 0
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert "run the same command again to resume" in err and "Traceback" not in err
    with open_store(db, read_only=True) as store:
        kept = int(store.query("SELECT count(*) AS n FROM documents")["n"][0])
    assert 0 < kept < 3000


# -- the one error path --------------------------------------------------------------------------------------
def test_an_unexpected_exception_is_one_line_and_debug_shows_it(monkeypatch) -> None:
    import flashpoint.sim.runner as runner_module  # cli/run.py imports execute_run when it runs

    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(runner_module, "execute_run", boom)
    result = cli("run", "--no-store", code=1, expect="unexpected ZeroDivisionError: division by zero")
    assert "--debug" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    debug = runner.invoke(app, ["--debug", "run", "--no-store"])
    assert isinstance(debug.exception, ZeroDivisionError)


# -- scenario YAML ------------------------------------------------------------------------------------------
BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['x'] * 9)}]\n" for i in range(10)
)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (BOMB, "YAML too large once its aliases are expanded"),
        ("a:\n" + "".join("  " * i + " - \n" for i in range(1, 3000)), "YAML nested too deeply"),
        ("x: " + "[" * 50_000 + "]" * 50_000 + "\n", "nest"),
        ("x: &a [*a]\n", "YAML alias refers to itself"),
    ],
    ids=["alias-bomb", "deep-block", "deep-flow", "alias-cycle"],
)
def test_hostile_yaml_scenarios_fail_fast(tmp_path: Path, text: str, expect: str) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(text)
    started = time.monotonic()
    cli("scenario", "validate", str(path), code=2, expect=expect)
    assert time.monotonic() - started < 30  # no expansion: it fails at once (30 s under any load)


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("as_of: 2024-11-05", "as_of: 2024-02-30", "expected a real date; got '2024-02-30'"),
        (
            "honour_rate: {value: 0.745",
            "honour_rate: {value: true",
            "honour_rate.value: expected a valid number",
        ),
        (
            "honour_rate: {value: 0.745",
            'honour_rate: {value: "0.745"',
            "honour_rate.value: expected a valid number",
        ),
        (
            "relapse_multiplier: {value: 2.0",
            "relapse_multiplier: {value: 1e308",
            "less than or equal",
        ),
        ("relapse_multiplier: {value: 2.0", "relapse_multiplier: {value: .inf", "finite number"),
    ],
    ids=["impossible-date", "bool-rate", "string-rate", "absurd-rate", "infinite-rate"],
)
def test_badly_typed_scenario_values_are_refused(tmp_path: Path, old: str, new: str, expect: str) -> None:
    path = _scenario(tmp_path, old, new)
    cli("scenario", "validate", path, code=2, expect=expect)
    cli("run", path, "--worlds", "100", "--no-store", code=2, expect=expect)


def test_set_reads_numbers_as_people_write_them(tmp_path: Path) -> None:
    ok = cli(
        "run",
        "--worlds",
        "200",
        "--months",
        "6",
        "--no-store",
        "--json",
        "--set",
        "calibration.honour_rate=1e-3",
        code=0,
    )
    assert json.loads(ok.stdout)["scenario"]["id"] == "kursk-2024-11"
    cli("run", "--no-store", "--set", "as_of=2024-02-30", code=2, expect="expected a real date YYYY-MM-DD")
    cli("run", "--no-store", "--set", "calibration.honour_rate=true", code=2, expect="expected a number")
    cli("run", "--no-store", "--set", "calibration.honour_rate=1e308", code=2, expect="less than or equal")
    deep = "[" * 200 + "]" * 200
    cli("run", "--no-store", "--set", f"calibration.honour_rate={deep}", code=2, expect="nested too deeply")


def test_gazetteer_role_with_an_impossible_date(tmp_path: Path) -> None:
    gaz = tmp_path / "gaz.yaml"
    gaz.write_text("persons:\n  - {name: X Y, aliases: [X Y], roles: [{actor: RUS, start: 2024-02-30}]}\n")
    article = tmp_path / "a.txt"
    article.write_text("X Y spoke on Monday.\n")
    cli(
        "extract",
        str(article),
        "--gazetteer",
        str(gaz),
        code=2,
        expect="expected a real date; got '2024-02-30'",
    )


# -- run options ---------------------------------------------------------------------------------------------
def test_run_options_are_checked_before_simulating(tmp_path: Path) -> None:
    db = tmp_path / "fp.duckdb"
    cli(
        "run",
        "--months",
        "1",
        "--db",
        str(db),
        code=2,
        expect="expected at least the shortest question horizon",
    )
    cli(
        "run",
        "--seed",
        str(2**64),
        "--db",
        str(db),
        code=2,
        expect="--seed: expected an integer in [0, 2**63 - 1]",
    )
    assert not db.exists()


def test_a_home_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("I am a file")
    env = {"FLASHPOINT_HOME": str(home)}
    cli("run", "--worlds", "100", "--months", "6", code=2, expect="got a file", env=env)
    cli("questions", "list", code=2, expect="got a file", env=env)


# -- evidence ---------------------------------------------------------------------------------------------
def test_evidence_options(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russia accused Ukraine on Monday.\n")
    db = str(tmp_path / "fp.duckdb")
    cli("ingest", str(article), "--db", db, "--json", code=0)
    cli("events", "--type", "NOPE", "--db", db, code=2, expect="--type: expected a PLOVER event type")
    cli("forecasts", "--type", "NOPE", "--db", db, code=2, expect="--type: expected a PLOVER event type")
    assert cli("events", "--type", "accuse", "--db", db, "--json", code=0).stdout.strip()
    cli("ingest", str(article), "--jobs", "-1", "--db", db, code=2, expect="--jobs")
    cli(
        "ingest",
        str(article),
        "--published",
        "9999-12-31",
        "--db",
        db,
        code=2,
        expect="expected a publication date",
    )


def test_an_empty_path_is_not_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.txt").write_text("Russia accused Ukraine on Monday.\n")
    result = cli("extract", "", code=2, expect="empty path: expected a file, a folder or -")
    assert result.stdout == ""  # found by the fuzz campaign: '' used to read the whole working folder


def test_a_publication_date_in_the_far_future_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": 1, "text": "Russia accused Ukraine.", "published": "9999-12-31"}) + "\n"
    )
    result = cli(
        "extract",
        str(corpus),
        code=2,  # every item failed: bad input (with some items stored it would be 3, partial)
        expect="'published' must be a date such as 2024-11-05, not after today",
    )
    assert result.stdout == ""


def test_deep_json_in_an_article_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "deep.jsonl"
    corpus.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    cli("extract", str(corpus), code=2, expect="nested too deeply")


# -- forecasts registry -------------------------------------------------------------------------------------
def test_registry_inputs(tmp_path: Path) -> None:
    db = str(tmp_path / "fp.duckdb")
    common = ["--text", "War?", "--start", "2024-01-01", "--horizon-months", "12", "--db", db]
    cli(
        "questions",
        "add",
        "q1",
        *common,
        "--event-type",
        "BOGUS",
        code=2,
        expect="must be a PLOVER event type",
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    cli(
        "import",
        "forecasts",
        str(empty),
        "--db",
        db,
        code=2,
        expect="expected at least one row of forecasts; got none",
    )
    twice = tmp_path / "twice.jsonl"
    rows = [
        {"question_id": "q9", "text": "War by 2025?", "start_date": "2024-01-01", "horizon_months": 12},
        {"question_id": "q9", "text": "Peace by 2025?", "start_date": "2024-01-01", "horizon_months": 12},
    ]
    twice.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    cli("import", "questions", str(twice), "--db", db, code=3, expect="appears again (first on line 1)")
    shown = json.loads(cli("questions", "show", "q9", "--json", "--db", db, code=0).stdout)
    assert shown["question"]["text"] == "War by 2025?"
    cli(
        "forecast",
        "add",
        "q9",
        "0.4",
        "--forecaster",
        "ann",
        "--date",
        "9999-12-31",
        "--db",
        db,
        code=2,
        expect="made_at must be a date not after today",
    )
    cli(
        "resolve",
        "q9",
        "yes",
        "--date",
        "9999-12-31",
        "--source",
        "x",
        "--db",
        db,
        code=2,
        expect="the date must not be in the future",
    )
    cli("score", "--bootstrap", "0", "--db", db, code=2, expect="--bootstrap")
    cli("calibration", "--bins", "0", "--out", str(tmp_path / "c.png"), "--db", db, code=2, expect="--bins")
    deep = tmp_path / "deep.json"
    deep.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    cli("import", "questions", str(deep), "--db", db, code=3, expect="nested too deeply")


def test_sensitivity_does_not_write_into_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    import flashpoint.validity.sensitivity as sensitivity

    seen = {}

    def fake(scenario, **kwargs):
        seen.update(kwargs)
        return {"questions": [], "method": "metamodel", "n_worlds": 1, "elapsed_s": 0.0}

    monkeypatch.setattr(sensitivity, "run_sensitivity", fake)
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    cli("sensitivity", code=0, env={"FLASHPOINT_HOME": str(home)})
    assert seen["out_dir"] == str(home / "sensitivity")
    assert not (tmp_path / "sensitivity").exists()


@pytest.mark.parametrize(
    ("row", "expect"),
    [
        ({"tags": 0}, "tags must be a list of names"),
        ({"horizon_months": 12.5}, "horizon_months must be a whole number"),
        ({"horizon_months": True}, "horizon_months must be a whole number"),
        ({"horizon_months": 10**6}, "horizon_months must be in [1, 1200]"),
        ({"start_date": "9999-12-01"}, "passes the year 9999"),
    ],
    ids=["tags-int", "horizon-fraction", "horizon-bool", "horizon-huge", "start-9999"],
)
def test_question_rows_found_by_the_fuzz_campaign(tmp_path: Path, row: dict, expect: str) -> None:
    base = {"question_id": "q1", "text": "War?", "start_date": "2024-01-01", "horizon_months": 12}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(base | row) + "\n")
    cli("import", "questions", str(path), "--db", str(tmp_path / "fp.duckdb"), code=3, expect=expect)


def test_a_json_true_is_not_a_probability(tmp_path: Path) -> None:
    db = str(tmp_path / "fp.duckdb")
    cli(
        "questions",
        "add",
        "q1",
        "--text",
        "War?",
        "--start",
        "2024-01-01",
        "--horizon-months",
        "12",
        "--db",
        db,
        code=0,
    )
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"question_id": "q1", "forecaster": "ann", "probability": True}) + "\n")
    cli(
        "import",
        "forecasts",
        str(path),
        "--db",
        db,
        code=3,
        expect="probability must be a probability in [0, 1]",
    )


def test_more_cases_found_by_the_fuzz_campaign(tmp_path: Path) -> None:
    cli(
        "run",
        "--no-store",
        "--set",
        "actors[²].resolve=1",
        code=2,
        expect="--set actors[²].resolve: expected a parameter path",
    )
    cli("scenario", "show", "~nosuchuser0", code=2, expect="expected a shipped scenario id")
    cli("questions", "list", code=2, expect="names no user's home", env={"FLASHPOINT_HOME": "~nosuchuser0"})
    bad = tmp_path / "q.json"
    bad.write_text("{x")
    cli("import", "questions", str(bad), "--db", str(tmp_path / "fp.duckdb"), code=3, expect="malformed JSON")
