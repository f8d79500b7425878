"""SIGKILL `flashpoint ingest` mid-run, run it again: nothing lost, nothing duplicated, no orphans."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from flashpoint.store import open_store
from flashpoint.store.evidence import TABLES, EvidenceStore

ACTORS = ["Russia", "Ukraine", "North Korea", "NATO", "China", "Iran", "the United States", "Japan"]
VERBS = ["sent troops to", "accused", "met officials from", "threatened", "signed a deal with", "criticised"]


def _corpus(path: Path, n: int, rng: np.random.Generator) -> Path:
    lines = []
    for k in range(n):
        sentences = []
        for _ in range(6):
            a, b = rng.choice(len(ACTORS), size=2, replace=False)
            sentences.append(f"{ACTORS[a]} {VERBS[rng.integers(len(VERBS))]} {ACTORS[b]} on Monday.")
        sentences.append(f'"We will respond," a spokesman said in statement number {k}.')
        lines.append(json.dumps({"id": k, "text": " ".join(sentences), "published": "2024-11-05"}))
    path.write_text("\n".join(lines) + "\n")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    code = "from flashpoint.cli import main; main()"
    return [
        sys.executable,
        "-c",
        code,
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--jobs",
        "2",
        "--batch-size",
        "8",
        "--json",
    ]


def _counts(db: Path) -> dict[str, int]:
    with open_store(db) as store:
        counts = EvidenceStore(store).counts()
        distinct = store.con.execute(
            "SELECT count(*), count(DISTINCT (doc_id, sentence)) FROM sentences"
        ).fetchone()
        assert distinct[0] == distinct[1], "duplicated sentences"
    return counts


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path):
    corpus = _corpus(tmp_path / "corpus.jsonl", 160, np.random.default_rng(4))
    db = tmp_path / "killed.duckdb"
    with open_store(db):
        pass  # migrated and checkpointed: the WAL file appears only when ingest commits a batch
    wal = Path(str(db) + ".wal")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen(_ingest_cmd(corpus, db), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not (wal.exists() and wal.stat().st_size > 0):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no batch committed within 60 s"
            workers = _children(proc.pid) or workers
            time.sleep(0.01)
        workers = _children(proc.pid) or workers
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert workers, "ingest did not start worker processes"
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "worker processes outlived the killed ingest"

    partial = _counts(db)
    assert 0 < partial["documents"] < 160, partial  # killed mid-run, after at least one batch

    rerun = subprocess.run(_ingest_cmd(corpus, db), env=env, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == partial["documents"]
    assert summary["extracted"] == 160 - partial["documents"]

    from flashpoint.store.evidence import ingest

    clean = tmp_path / "clean.duckdb"
    ingest([corpus], db=clean, n_process=1)
    assert _counts(db) == _counts(clean)
    assert set(_counts(db)) == set(TABLES)
