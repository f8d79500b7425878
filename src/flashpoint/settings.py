"""Paths and settings. ``FLASHPOINT_HOME`` (default ``~/.flashpoint``) holds the store."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "FLASHPOINT_HOME"
ENV_DB = "FLASHPOINT_DB"
DB_FILENAME = "flashpoint.duckdb"


def home_dir() -> Path:
    """Return the flashpoint home folder (not created here)."""
    value = os.environ.get(ENV_HOME)
    return Path(value).expanduser() if value else Path.home() / ".flashpoint"


def default_db_path() -> Path:
    """Return the store path: ``$FLASHPOINT_DB`` or ``$FLASHPOINT_HOME/flashpoint.duckdb``."""
    value = os.environ.get(ENV_DB)
    return Path(value).expanduser() if value else home_dir() / DB_FILENAME


def shared_data_dir() -> Path | None:
    """Return ``../shared/data`` beside the checkout when present (development and CI only)."""
    value = os.environ.get("FLASHPOINT_SHARED_DATA")
    if value:
        return Path(value)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return None
