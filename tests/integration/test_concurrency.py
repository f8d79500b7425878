"""Several processes on one store: ingest, runs, score and readers side by side all finish and all land.

Each command is a separate process (`python -c 'from flashpoint.cli import main; main()' ...`), as a user
running them in several terminals would. DuckDB lets one process at a time hold the file; these tests check
that flashpoint's short connections and retries make that invisible, apart from a notice while waiting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from flashpoint.store import open_store

ACTORS = ["Russia", "Ukraine", "North Korea", "NATO", "China", "Iran", "Japan"]
VERBS = ["sent troops to", "accused", "met officials from", "threatened", "signed a deal with"]
CODE = "from flashpoint.cli import main; main()"


def _corpus(path: Path, n: int, rng: np.random.Generator) -> Path:
    lines = []
    for k in range(n):
        pairs = [rng.choice(len(ACTORS), size=2, replace=False) for _ in range(5)]
        text = " ".join(
            f"{ACTORS[a]} {VERBS[rng.integers(len(VERBS))]} {ACTORS[b]} on Monday." for a, b in pairs
        )
        lines.append(json.dumps({"id": k, "text": f"{text} Item {k}.", "published": "2024-11-05"}))
    path.write_text("\n".join(lines) + "\n")
    return path


def _start(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CODE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def _env(tmp_path: Path) -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    return {
        **os.environ,
        "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "FLASHPOINT_HOME": str(tmp_path / "home"),
        "FLASHPOINT_LOCK_TIMEOUT": "240",
    }


def test_ingest_runs_score_and_readers_side_by_side(tmp_path: Path) -> None:
    env = _env(tmp_path)
    db = tmp_path / "shared.duckdb"
    corpus = _corpus(tmp_path / "corpus.jsonl", 48, np.random.default_rng(15))
    ingest = _start(
        "ingest", str(corpus), "--db", str(db), "--batch-size", "4", "--jobs", "1", "--json", env=env
    )
    deadline = time.monotonic() + 240
    while not db.exists() and time.monotonic() < deadline:  # let ingest create the store first
        time.sleep(0.1)
    run_args = ["run", "--worlds", "2000", "--months", "12", "--seed"]
    runs = [_start(*run_args, str(seed), "--json", "--db", str(db), env=env) for seed in range(3)]
    readers = [
        _start("events", "--json", "--db", str(db), env=env),
        _start("quotes", "--json", "--db", str(db), env=env),
        _start("score", "--json", "--db", str(db), env=env),
        _start("questions", "list", "--db", str(db), env=env),
    ]
    results = {"ingest": _finish(ingest)}
    results |= {f"run{i}": _finish(p) for i, p in enumerate(runs)}
    results |= {f"reader{i}": _finish(p) for i, p in enumerate(readers)}
    for name, (code, _out, err) in results.items():
        assert code == 0, f"{name} exited {code}: {err[-2000:]}"
        assert "Traceback" not in err, f"{name}: {err[-2000:]}"
    summary = json.loads(results["ingest"][1])
    assert summary["extracted"] == 48
    run_ids = {json.loads(results[f"run{i}"][1])["engine"]["seed"] for i in range(3)}
    assert run_ids == {0, 1, 2}
    with open_store(db, read_only=True) as store:
        assert store.query("SELECT count(*) AS n FROM documents")["n"][0] == 48
        assert store.query("SELECT count(DISTINCT doc_id) AS n FROM documents")["n"][0] == 48
        assert sorted(store.query("SELECT seed FROM runs")["seed"]) == [0, 1, 2]


def test_five_concurrent_runs_all_land(tmp_path: Path) -> None:
    env = _env(tmp_path)
    db = tmp_path / "runs.duckdb"
    procs = [
        _start("run", "--worlds", "1000", "--months", "6", "--seed", str(s), "--db", str(db), env=env)
        for s in range(5)
    ]
    results = [_finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0] * 5, [err[-1000:] for _, _, err in results]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert sorted(r[0] for r in con.execute("SELECT seed FROM runs").fetchall()) == [0, 1, 2, 3, 4]
    finally:
        con.close()


def test_a_held_store_makes_commands_wait_then_fail_clearly(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "FLASHPOINT_LOCK_TIMEOUT": "1"}
    db = tmp_path / "held.duckdb"
    with open_store(db):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdout.readline()
        started = time.monotonic()
        code, out, err = _finish(_start("run", "--worlds", "200", "--months", "6", "--db", str(db), env=env))
        quick = time.monotonic() - started
        code_ev, _, err_ev = _finish(_start("events", "--db", str(db), env=env))
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and code_ev == 1
    for text in (err, err_ev):
        assert f"in use by PID {holder.pid}" in text  # the waiting notice and the final error name the holder
        assert "waiting up to 1 s" in text and "expected the store to be free within 1 s" in text
        assert "Traceback" not in text
    assert out == ""  # run checked the store before simulating: nothing printed, nothing simulated
    assert quick < 60
