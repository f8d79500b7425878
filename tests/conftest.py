"""Shared fixtures: every test gets its own FLASHPOINT_HOME so nothing touches the user's store."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("fphome")
    monkeypatch.setenv("FLASHPOINT_HOME", str(home))
    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
    return home
