"""Fuzz campaign (hypothesis) over every reader, the scenario loader, ``--set``, imports and CLI options.

The property is the same everywhere: hostile input ends in a flashpoint error (one clear message, exit 2
bad input, 1 failure, 3 partial) or is accepted, never in another exception (a traceback) and never in a
hang. Two profiles: ``quick`` runs in every ``pytest`` (a few dozen cases per target, derandomised); ``long``
(``FLASHPOINT_FUZZ=long pytest tests/fuzz -p no:randomly --hypothesis-show-statistics``) runs 10,000 cases.
Each case runs under an alarm that fails it after ``HANG_S`` seconds. The campaign and its result are
recorded in docs/robustness.md.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import signal
import time
from pathlib import Path

import click
import typer
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.cli.run import parse_sets
from flashpoint.errors import FlashpointError
from flashpoint.evidence.readers import READERS, ItemError, iter_documents
from flashpoint.forecasts.exchange import import_rows
from flashpoint.world.catalog import load_scenario
from flashpoint.world.loader import build_scenario, parse_yaml
from flashpoint.world.overrides import apply_overrides, parameter_paths

PROFILE = os.environ.get("FLASHPOINT_FUZZ", "quick")
#: Cases per target: (quick, long); the long column sums to 10,000.
CASES = {
    "readers": (40, 3000),
    "scenario": (25, 2000),
    "set": (25, 2000),
    "imports": (25, 2000),
    "cli": (15, 1000),
}
#: Seconds after which one case counts as a hang (assumption: the slowest legitimate case, a CLI run of a few
#: worlds or the first ingest that loads spaCy, takes well under this on a machine shared by 8 engineers).
HANG_S = 60
#: An exception a reader did not expect, turned into an item error by iter_documents: a bug, like a traceback.
UNEXPECTED = re.compile(r"cannot read: [A-Z]\w*(Error|Exception|Warning)\b")


class Hang(BaseException):
    """A fuzz case ran longer than HANG_S (a BaseException, so no ``except Exception`` swallows it)."""


def cases(target: str):
    quick, long = CASES[target]
    return settings(
        max_examples=long if PROFILE == "long" else quick,
        deadline=None,  # the hang guard decides, not timing noise on a shared machine
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=PROFILE != "long",
        database=None,
    )


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_S):
    def alarm(signum, frame):
        raise Hang(f"a fuzz case ran more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- strategies --------------------------------------------------------------------------------------------
FRAGMENTS = [
    "<html>",
    "</p>",
    "<title>",
    "<rss>",
    "<item>",
    "<feed>",
    "<entry>",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    '{"id": 1, "text": "',
    '"published": "',
    "2024-02-30",
    "9999-12-31",
    "0000-00-00",
    "\n",
    "\r\n",
    "\x00",
    "\ufeff",
    "\u202e",
    "Russia accused Ukraine.",
    "[" * 200,
    "{" * 200,
    "]",
    "}",
    '"',
    "\\",
    "ÿ",
    "💥",
]
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30).map("".join)
hostile_bytes = st.one_of(
    st.binary(max_size=600), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
)
YAML_SCALARS = [
    "true",
    "~",
    "null",
    "''",
    "1e-3",
    "8e-3",
    "1e308",
    "-1e308",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "1_000",
    "2024-02-30",
    "2024-11-05",
    "9999-12-31",
    "'0.745'",
    "[1, 2]",
    "{kind: beta, a: 0, b: -1}",
    "{value: true}",
    "&a [*a]",
    "*nope",
    "!!python/object:os.system",
    "-1",
    "0",
    "1",
    "0.5",
    "2",
    "600",
    "601",
    "1.5",
    "x",
    "[" * 100 + "]" * 100,
    "{a: " * 80 + "1" + "}" * 80,
    "- - - - -",
    "|\n  x",
    ">",
    "? [a]\n: b",
]
yaml_scalar = st.one_of(st.sampled_from(YAML_SCALARS), st.text(max_size=20))


@functools.cache
def _default_scenario_text() -> str:
    sc = load_scenario(None)
    return Path(sc.origin).read_text(encoding="utf-8")


@functools.cache
def _default_paths() -> list[str]:
    return parameter_paths(load_scenario(None).model_dump(mode="json", by_alias=True))


# -- 1. readers --------------------------------------------------------------------------------------------
@cases("readers")
@given(
    data=hostile_bytes,
    fmt=st.sampled_from([None, *READERS]),
    suffix=st.sampled_from([".txt", ".html", ".xml", ".jsonl", ""]),
)
def test_readers_never_raise_unexpectedly(
    tmp_path_factory, data: bytes, fmt: str | None, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("reader")
    path = folder / f"article{suffix}"
    path.write_bytes(data)
    with hang_guard():
        for source in ([str(path)], ["-"]):
            try:
                items = list(iter_documents(source, fmt=fmt, stdin=data))
            except FlashpointError:
                event("refused")
                continue
            event(
                "documents read" if any(not isinstance(i, ItemError) for i in items) else "item errors only"
            )
            for item in items:
                if isinstance(item, ItemError):
                    assert not UNEXPECTED.search(str(item)), str(item)


# -- 2. the scenario loader --------------------------------------------------------------------------------
@cases("scenario")
@given(st.data())
def test_scenario_loader_refuses_cleanly(data) -> None:
    text = _default_scenario_text()
    lines = text.splitlines()
    mode = data.draw(st.sampled_from(["replace-value", "insert-line", "truncate", "random"]))
    if mode == "replace-value":
        candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
        i = data.draw(st.sampled_from(candidates))
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {data.draw(yaml_scalar)}"
        text = "\n".join(lines)
    elif mode == "insert-line":
        i = data.draw(st.integers(0, len(lines)))
        lines.insert(i, data.draw(st.one_of(yaml_scalar, hostile_text)))
        text = "\n".join(lines)
    elif mode == "truncate":
        text = text[: data.draw(st.integers(0, len(text)))]
    else:
        text = data.draw(st.one_of(hostile_text, st.lists(yaml_scalar, max_size=10).map("\n".join)))
    with hang_guard():
        try:
            scenario_data, line_map = parse_yaml(text, "fuzz.yaml")
            build_scenario(scenario_data, origin="fuzz.yaml", lines=line_map)
            event("accepted")
        except FlashpointError as exc:
            event("refused")
            assert str(exc).startswith("fuzz.yaml"), str(exc)


# -- 3. --set ----------------------------------------------------------------------------------------------
@cases("set")
@given(
    path=st.one_of(
        st.sampled_from(["as_of", "id", "calibration.honour_rate", "questions"]), st.text(max_size=30)
    ),
    known=st.booleans(),
    value=yaml_scalar,
    index=st.integers(0, 10_000),
)
def test_set_refuses_cleanly(path: str, known: bool, value: str, index: int) -> None:
    paths = _default_paths()
    if known:
        path = paths[index % len(paths)]
    with hang_guard():
        try:
            overrides = parse_sets([f"{path}={value}"])
            apply_overrides(load_scenario(None), overrides)
            event("accepted")
        except FlashpointError as exc:
            event("refused")
            assert str(exc).startswith("--set"), str(exc)


# -- 4. imports --------------------------------------------------------------------------------------------
COLUMNS = [
    "question_id",
    "text",
    "start_date",
    "horizon_months",
    "resolution_date",
    "forecaster_id",
    "kind",
    "probability",
    "date",
    "outcome",
    "source",
    "event_type",
    "tags",
    "actors",
    "made_at",
]
cell = st.one_of(
    st.sampled_from(
        [
            "q1",
            "q2",
            "2024-01-01",
            "2024-02-30",
            "9999-12-31",
            "12",
            "0",
            "-1",
            "1e308",
            "0.5",
            "1.5",
            "nan",
            "yes",
            "no",
            "ann",
            "model",
            "ACCUSE",
            "BOGUS",
            "",
            "null",
        ]
    ),
    st.text(max_size=15),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.none(),
    st.booleans(),
)
row = st.dictionaries(st.sampled_from(COLUMNS), cell, max_size=8)


def _render(rows: list[dict], fmt: str, raw: str | None) -> str:
    if raw is not None:
        return raw
    if fmt == ".jsonl":
        return "\n".join(json.dumps(r, default=str) for r in rows)
    if fmt == ".json":
        return json.dumps(rows, default=str)
    header = sorted({k for r in rows for k in r})
    lines = [",".join(header)] + [",".join(str(r.get(k, "")) for k in header) for r in rows]
    return "\n".join(lines)


@cases("imports")
@given(
    what=st.sampled_from(["questions", "forecasts", "resolutions"]),
    fmt=st.sampled_from([".csv", ".json", ".jsonl"]),
    rows=st.lists(row, max_size=6),
    raw=st.one_of(st.none(), hostile_text),
)
def test_imports_refuse_cleanly(
    tmp_path_factory, what: str, fmt: str, rows: list[dict], raw: str | None
) -> None:
    folder = tmp_path_factory.mktemp("imports")
    path = folder / f"rows{fmt}"
    path.write_text(_render(rows, fmt, raw), encoding="utf-8", errors="surrogatepass")
    with hang_guard():
        try:
            summary = import_rows(path, what, db=folder / "fp.duckdb")
            event(f"accepted ({'some rows added' if summary['added'] else 'nothing added'})")
        except FlashpointError as exc:
            event(f"refused (exit {exc.exit_code})")


# -- 5. the CLI's options ----------------------------------------------------------------------------------
#: Left out: commands that run minutes by design (validate, sensitivity, eval) and --jobs (a legitimate value
#: starts that many spaCy processes); everything else takes any value.
SLOW = {("validate",), ("sensitivity",), ("eval",)}


def _commands() -> list[tuple[tuple[str, ...], click.Command]]:
    root = typer.main.get_command(app)
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if path[:1] and path[:1] in SLOW:
            return
        if hasattr(cmd, "commands"):
            for name, sub in sorted(getattr(cmd, "commands", {}).items()):
                walk(sub, (*path, name))
            if path:
                found.append((path, cmd))
        else:
            found.append((path, cmd))

    walk(root, ())
    return found


COMMANDS = _commands()
VALUES = [
    "-1",
    "0",
    "1",
    "2",
    "7",
    "600",
    "601",
    str(2**63),
    str(2**64),
    "1e-3",
    "1e308",
    "nan",
    "-",
    "",
    "x",
    "2024-02-30",
    "2024-11-05",
    "9999-12-31",
    "ACCUSE",
    "NOPE",
    "q1",
    "ann",
    "direct",
    "csv",
    "💥",
    "--help",
    "a=b",
    "calibration.honour_rate=1e-3",
    "as_of=2024-02-30",
    "{kind: beta}",
    "[" * 300,
]


@cases("cli")
@given(st.data())
def test_cli_options_never_traceback(tmp_path_factory, data) -> None:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "a.txt").write_text("Russia accused Ukraine on Monday.\n")
    (folder / "bad.yaml").write_text("a: &a [*a]\n")
    (folder / "empty").mkdir()
    files = [str(folder / n) for n in ("a.txt", "bad.yaml", "empty", "missing.txt", "out.csv", "out.png")]
    files += ["/dev/null", str(folder / "fp.duckdb")]
    path, command = data.draw(st.sampled_from(COMMANDS))
    args = list(path)
    value = st.one_of(st.sampled_from(VALUES + files), st.text(max_size=12))
    for param in command.params:
        if param.name in ("jobs", "help", "debug") or not (param.required or data.draw(st.booleans())):
            continue
        if param.param_type_name == "option":  # typer vendors click: compare by kind, not class
            flag = param.opts[0]
            args += [flag] if param.is_flag else [flag, data.draw(value)]
        else:
            args += [data.draw(value) for _ in range(data.draw(st.integers(1, 2)))]
    if "--worlds" not in args and path == ("run",):
        args += ["--worlds", "50", "--months", "6"]  # keep the default 20,000 x 48 out of a fuzz case
    env = {"FLASHPOINT_HOME": str(folder / "home"), "FLASHPOINT_LOCK_TIMEOUT": "5"}
    started = time.monotonic()
    with contextlib.chdir(folder), hang_guard():  # relative paths (--db 7, --out x) land in the case's folder
        result = CliRunner().invoke(app, args, env=env, input="")
    if os.environ.get("FLASHPOINT_FUZZ_TRACE"):
        print(f"{time.monotonic() - started:6.2f}s exit {result.exit_code} {args}")
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output and "error: unexpected" not in result.stderr, (
        args,
        result.stderr,
    )
