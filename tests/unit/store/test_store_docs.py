"""docs/store.md names every table that the migrations create."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_table_is_documented() -> None:
    page = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    tables = set()
    for sql in (ROOT / "src" / "flashpoint" / "store" / "migrations").glob("*.sql"):
        tables |= set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", sql.read_text(encoding="utf-8")))
        assert f"`{sql.name}`" in page, sql.name
    assert tables, "no tables found"
    missing = sorted(t for t in tables if f"`{t}`" not in page)
    assert not missing, f"undocumented tables: {missing}"
