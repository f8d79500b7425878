"""The DuckDB store: schema, migrations, write transactions and named read queries.

This package is the only place with SQL. Each concern keeps its DDL in ``migrations/NNN_name.sql``
(applied in order, once, recorded in ``schema_migrations``) and its queries in a module of its own
(``runs``, ``evidence``, ``registry``).
"""

from flashpoint.store.db import Store, open_store

__all__ = ["Store", "open_store"]
