"""Opening the store, applying migrations, and one write transaction per batch."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from flashpoint.errors import StoreError
from flashpoint.settings import default_db_path

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT current_timestamp
)
"""


def _migration_files() -> list[tuple[str, str]]:
    folder = resources.files("flashpoint.store") / "migrations"
    files = sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    return files


class Store:
    """A connection to one DuckDB file with the schema migrated to the newest version.

    Parameters
    ----------
    path : Path
        The database file; ``":memory:"`` for a throw-away store.
    read_only : bool
        Open without write access (no migrations are applied).
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
        if not read_only:
            self.migrate()

    def migrate(self) -> list[str]:
        """Apply every migration not yet recorded; return the names applied now."""
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
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open (and migrate) the store at ``path``, default ``$FLASHPOINT_HOME/flashpoint.duckdb``."""
    return Store(path if path is not None else default_db_path(), read_only=read_only)
