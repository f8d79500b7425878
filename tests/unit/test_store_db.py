from __future__ import annotations

import pytest

from flashpoint.store import open_store


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
