"""Paths and settings. ``FLASHPOINT_HOME`` (default ``~/.flashpoint``) holds the store."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "FLASHPOINT_HOME"
ENV_DB = "FLASHPOINT_DB"
DB_FILENAME = "flashpoint.duckdb"


def _expand(value: str) -> Path:
    """``~`` expanded; a ``~user`` with no such user stays as written (the store refuses it by name)."""
    try:
        return Path(value).expanduser()
    except RuntimeError:
        return Path(value)


def home_dir() -> Path:
    """Return the flashpoint home folder (not created here)."""
    value = os.environ.get(ENV_HOME)
    return _expand(value) if value else Path.home() / ".flashpoint"


def default_db_path() -> Path:
    """Return the store path: ``$FLASHPOINT_DB`` or ``$FLASHPOINT_HOME/flashpoint.duckdb``."""
    value = os.environ.get(ENV_DB)
    return _expand(value) if value else home_dir() / DB_FILENAME


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


ENV_LOCK_TIMEOUT = "FLASHPOINT_LOCK_TIMEOUT"
#: Seconds a command waits for a store another process holds (assumption: a batch of ingest commits in well
#: under a second, so 30 s covers many batches while a forgotten notebook still fails soon and clearly).
DEFAULT_LOCK_TIMEOUT = 30.0
_lock_timeout: float | None = None


def set_lock_timeout(seconds: float | None) -> None:
    """Set the wait for a busy store for this process (the CLI's ``--lock-timeout``); None: environment."""
    global _lock_timeout
    _lock_timeout = seconds


def lock_timeout() -> float:
    """Seconds to wait for a busy store: ``--lock-timeout``, else ``$FLASHPOINT_LOCK_TIMEOUT``, else 30.

    Raises ``ValueError`` (with the variable, what was expected and what was got) for a bad variable.
    """
    if _lock_timeout is not None:
        return _lock_timeout
    value = os.environ.get(ENV_LOCK_TIMEOUT)
    if not value:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0.0 <= seconds < float("inf"):
        raise ValueError(f"{ENV_LOCK_TIMEOUT}: expected a number of seconds >= 0; got {value!r}")
    return seconds
