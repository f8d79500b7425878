"""Fixtures for the web and report tests: one small store per session (see tests/web_store.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("web_store", Path(__file__).parents[2] / "web_store.py")
web_store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_store)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    return web_store.build(tmp_path_factory.mktemp("webstore"))


@pytest.fixture(scope="session")
def workspace(web_db):
    from flashpoint.report.workspace import Workspace

    return Workspace(web_db)


@pytest.fixture(scope="session")
def client(workspace):
    from fastapi.testclient import TestClient

    from flashpoint.web.app import WebSettings, create_app

    return TestClient(create_app(workspace, WebSettings(warm=False)), raise_server_exceptions=False)
