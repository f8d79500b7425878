from __future__ import annotations

import contextlib
import subprocess
import sys
import time

import duckdb
import pytest

from flashpoint.errors import InputError, StoreError
from flashpoint.store import db, open_store
from flashpoint.store.evidence import EvidenceStore


def test_migrations_apply_once(tmp_path):
    path = tmp_path / "fp.duckdb"
    with open_store(path) as store:
        names = set(store.query("SELECT name FROM schema_migrations")["name"])
        assert "000_base.sql" in names
    with open_store(path) as store:
        assert store.migrate() == []


def test_transaction_rolls_back(tmp_path):
    with open_store(tmp_path / "fp.duckdb") as store:
        with pytest.raises(RuntimeError), store.transaction() as con:
            con.execute("INSERT INTO meta VALUES ('x', 'y')")
            raise RuntimeError("boom")
        assert store.query("SELECT count(*) AS n FROM meta WHERE key = 'x'")["n"][0] == 0


# -- a store several processes share (issue 15 part 3) ---------------------------------------------------
HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("ready", flush=True)
time.sleep(float(sys.argv[3]))
"""


@contextlib.contextmanager
def _held(path, seconds: float, mode: str = "rw"):
    """Another process holding ``path`` open (for writing, or read-only) for ``seconds``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), mode, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def _made(path):
    with open_store(path):
        pass
    return path


def test_a_writer_waits_for_the_holder_and_says_who_it_is(tmp_path, monkeypatch):
    path = _made(tmp_path / "fp.duckdb")
    notices = []
    monkeypatch.setattr(db, "on_wait", lambda p, who, timeout: notices.append(who))
    with _held(path, 1.5) as holder:
        started = time.monotonic()
        with open_store(path, timeout=60) as store:
            store.query("SELECT 1")
        waited = time.monotonic() - started
    assert len(notices) == 1 and f"PID {holder.pid}" in notices[0]
    assert waited > 0.3  # it did wait for the holder rather than fail at once


def test_a_writer_gives_up_after_the_timeout_with_one_clear_error(tmp_path, monkeypatch):
    path = _made(tmp_path / "fp.duckdb")
    monkeypatch.setattr(db, "on_wait", lambda *a: None)
    with _held(path, 60) as holder:
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            open_store(path, timeout=0.5)
        assert time.monotonic() - started < 10
    message = str(info.value)
    assert f"PID {holder.pid}" in message and "--lock-timeout" in message and "0.5 s" in message


def test_the_timeout_comes_from_the_environment_and_is_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASHPOINT_LOCK_TIMEOUT", "soon")
    with pytest.raises(InputError, match="FLASHPOINT_LOCK_TIMEOUT: expected a number of seconds"):
        open_store(tmp_path / "fp.duckdb")
    monkeypatch.setenv("FLASHPOINT_LOCK_TIMEOUT", "2.5")
    assert open_store(tmp_path / "fp.duckdb").timeout == 2.5


def test_readers_share_the_file_read_only_while_a_writer_must_wait(tmp_path, monkeypatch):
    path = _made(tmp_path / "fp.duckdb")
    monkeypatch.setattr(db, "on_wait", lambda *a: None)
    with _held(path, 60, mode="ro"):
        with open_store(path, read_only=True, timeout=0) as store:
            assert store.query("SELECT count(*) AS n FROM runs")["n"][0] == 0
        with pytest.raises(StoreError, match="still in use"):
            open_store(path, timeout=0.2)


def test_read_only_applies_pending_migrations_first(tmp_path):
    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()  # a store from before any migration
    with open_store(path, read_only=True) as store:
        names = set(store.query("SELECT name FROM schema_migrations")["name"])
        assert store.read_only
    assert names == {name for name, _ in db._migration_files()}


def test_a_read_only_read_of_an_up_to_date_store_connects_once(tmp_path, monkeypatch):
    path = tmp_path / "fp.duckdb"
    open_store(path).close()
    opened: list[bool] = []
    connect = db.Store._connect

    def counted(self: db.Store, read_only: bool) -> duckdb.DuckDBPyConnection:
        opened.append(read_only)
        return connect(self, read_only)

    monkeypatch.setattr(db.Store, "_connect", counted)
    with open_store(path, read_only=True) as store:
        assert store.rows("SELECT count(*) AS n FROM schema_migrations")[0]["n"] > 0
    assert opened == [True]  # the schema check's connection served the read
    assert store._con is None


def test_a_store_holds_no_lock_between_uses(tmp_path):
    store = open_store(tmp_path / "fp.duckdb")
    assert store._con is None  # opening (and migrating) let go of the file
    evidence = EvidenceStore(store)
    assert evidence.known(["x"]) == set() and store._con is None
    assert evidence.write([]) == 0 and store._con is None
    with store.session() as con:
        con.execute("SELECT 1")
        assert store._con is not None
    assert store._con is None
    store.close()


def test_a_home_that_is_a_file_or_a_store_that_is_not_duckdb(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder")
    with pytest.raises(InputError, match="expected the store's folder .* to be a folder; got a file"):
        open_store(home / "flashpoint.duckdb")
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("hello")
    with pytest.raises(StoreError, match="expected a flashpoint store"):
        open_store(bogus)
