"""Opening the store, applying migrations, and one write transaction per batch, shared between processes.

DuckDB lets one process at a time open a file for writing, and read-only connections from other processes
cannot coexist with it (https://duckdb.org/docs/current/connect/concurrency). So a :class:`Store` keeps
its connection only as long as it needs it: a long writer (ingest) calls :meth:`Store.release` between
batches, and whoever finds the file locked retries with backoff, says once on stderr which process holds
it, and gives up with a :class:`~flashpoint.errors.StoreError` after the lock timeout
(``--lock-timeout``, ``$FLASHPOINT_LOCK_TIMEOUT``, default 30 s). See docs/store.md.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # pandas loads when a query returns a DataFrame: listings answer without it
    import pandas as pd

from flashpoint.errors import InputError, StoreError
from flashpoint.settings import default_db_path, lock_timeout

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT current_timestamp
)
"""
#: First and longest pause between attempts to open a locked store (seconds); the pause doubles.
BACKOFF_FIRST, BACKOFF_MAX = 0.02, 0.5
_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


def _migration_files() -> list[tuple[str, str]]:
    folder = resources.files("flashpoint.store") / "migrations"
    files = sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    return files


def holder(message: str) -> str | None:
    """The process named in DuckDB's lock error: ``PID 123 (flashpoint ingest a.txt)``; None if none."""
    match = _HOLDER.search(message)
    if match is None:
        return None
    pid = match["pid"]
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        command = " ".join(a.decode(errors="replace") for a in argv if a)
    except OSError:
        command = ""
    return f"PID {pid} ({(command or match['exe'])[:120]})"


def say_waiting(path: str, who: str, timeout: float) -> None:
    """Default notice, once per wait: which process holds the store and how long we wait (stderr)."""
    if sys.stderr is None:  # started with stderr closed: wait silently
        return
    sys.stderr.write(
        f"flashpoint: waiting for the store {path}: in use by {who}; "
        f"waiting up to {timeout:g} s (--lock-timeout, FLASHPOINT_LOCK_TIMEOUT)\n"
    )
    sys.stderr.flush()


#: Called as ``on_wait(path, holder, timeout)`` when a store is found locked; replace to redirect the notice.
on_wait: Callable[[str, str, float], None] = say_waiting


def _check_path(path: Path) -> None:
    if str(path).startswith("~"):
        raise InputError(
            f"{path}: expected a folder that exists; got a '~' that names no user's home "
            "(check FLASHPOINT_HOME, FLASHPOINT_DB or --db)"
        )
    parent = path.parent
    for folder in (parent, *parent.parents):
        if folder.exists() and not folder.is_dir():
            raise InputError(
                f"{path}: expected the store's folder {folder} to be a folder; got a file "
                "(check FLASHPOINT_HOME, FLASHPOINT_DB or --db)"
            )
    if path.is_dir():
        raise InputError(f"{path}: expected a store file; got a folder (check FLASHPOINT_DB or --db)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{parent}: expected a folder for the store; cannot create it: {exc}") from None


class Store:
    """A DuckDB file with the schema migrated to the newest version, connected only while in use.

    Parameters
    ----------
    path : Path
        The database file; ``":memory:"`` for a throw-away store.
    read_only : bool
        Open without write access, so other readers can share the file (migrations, if any are pending,
        are applied first through a short write connection). The read-only connection that checked the
        schema stays open for the first read (open it just before reading, as ``with`` does).
    timeout : float, optional
        Seconds to wait for a file another process holds (default: :func:`flashpoint.settings.lock_timeout`).
    """

    def __init__(self, path: Path | str, *, read_only: bool = False, timeout: float | None = None) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        if not self.memory:
            _check_path(Path(self.path))
        try:
            self.timeout = lock_timeout() if timeout is None else float(timeout)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        self.read_only = read_only and not self.memory and Path(self.path).exists()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        if self.read_only and self._pending():
            self.read_only = False  # migrate through a write connection, then read
            self.migrate()
            self.release()
            self.read_only = True
        elif not self.read_only:
            self.migrate()
            self.release()  # reconnect on first use: opening holds no lock

    # -- connections -------------------------------------------------------------------------------------
    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline, pause, told = time.monotonic() + self.timeout, BACKOFF_FIRST, False
        while True:
            try:
                return duckdb.connect(self.path, read_only=read_only)
            except duckdb.ConnectionException as exc:
                if read_only and "different configuration" in str(exc):
                    read_only = False  # this process already holds it for writing: share that
                    continue
                raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
            except duckdb.IOException as exc:
                who = holder(str(exc))
                if who is None:
                    raise StoreError(
                        f"{self.path}: expected a flashpoint store (a DuckDB file); cannot open it: {exc}"
                    ) from None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreError(
                        f"{self.path}: expected the store to be free within {self.timeout:g} s; "
                        f"it is still in use by {who}. Wait for that process, close it, or raise "
                        "--lock-timeout / FLASHPOINT_LOCK_TIMEOUT"
                    ) from None
                if not told:
                    on_wait(self.path, who, self.timeout)
                    told = True
                time.sleep(min(pause, left))
                pause = min(pause * 2, BACKOFF_MAX)
            except duckdb.Error as exc:
                raise StoreError(
                    f"{self.path}: expected a flashpoint store (a DuckDB file); cannot open it: {exc}"
                ) from None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection, (re)connecting with retries if the store was released."""
        if self._con is None:
            self._con = self._connect(self.read_only)
        return self._con

    def release(self) -> None:
        """Close the connection so other processes can open the file; the next use reconnects."""
        if self._con is not None and self._depth == 0 and not self.memory:
            self._con.close()
            self._con = None

    @contextlib.contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold one connection for a block (several reads that must agree), then release it."""
        self._depth += 1
        try:
            yield self.con
        finally:
            self._depth -= 1
            self.release()

    # -- schema ------------------------------------------------------------------------------------------
    def _pending(self) -> bool:
        """Whether a migration is pending; when none is, the connection stays open for the first read
        (opening a DuckDB file costs ~20 ms: a listing connects once, not twice)."""
        pending = True
        try:
            try:
                done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
            except duckdb.CatalogException:
                done = set()
            pending = any(name not in done for name, _ in _migration_files())
        finally:
            if pending:
                self.release()
        return pending

    def migrate(self) -> list[str]:
        """Apply every migration not yet recorded; return the names applied now."""
        if self.read_only:
            return []
        self.con.execute(_MIGRATIONS_TABLE)
        done = {row[0] for row in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        applied = []
        for name, sql in _migration_files():
            if name in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
            applied.append(name)
        return applied

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: all of it is written, or none of it."""
        con = self.con
        self._depth += 1
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")
        finally:
            self._depth -= 1

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return plain dicts (Python values; no pandas to import)."""
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        self._depth = 0
        self.release()
        if self._con is not None:  # an in-memory store
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(
    path: Path | str | None = None, *, read_only: bool = False, timeout: float | None = None
) -> Store:
    """Open (and migrate) the store at ``path``, default ``$FLASHPOINT_HOME/flashpoint.duckdb``.

    ``read_only=True`` lets several readers share the file; it falls back to a write connection when the
    file does not exist yet or this process already holds it for writing.
    """
    return Store(path if path is not None else default_db_path(), read_only=read_only, timeout=timeout)
