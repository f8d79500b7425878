"""Browser tests: Playwright for Python driving Debian's Chromium (``/usr/bin/chromium``).

No browser is downloaded: Playwright is given the system binary through ``executable_path``. Where Chromium
or Playwright is missing the tests are skipped with a loud reason (``.ci/run`` installs Chromium, so CI runs
them).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("web_store", Path(__file__).parents[1] / "web_store.py")
web_store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_store)

LOUD = "BROWSER TESTS NOT RUN: "


def chromium_path() -> str | None:
    explicit = os.environ.get("FLASHPOINT_CHROMIUM")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(LOUD + "playwright is not installed (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        pytest.skip(
            LOUD + "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)"
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    from flashpoint.report.workspace import Workspace
    from flashpoint.web.app import WebSettings, create_app
    from flashpoint.web.server import BackgroundServer

    db = web_store.build(tmp_path_factory.mktemp("browserstore"))
    workspace = Workspace(db)
    workspace.warm()  # compile the kernels before the what-if test starts its clock-free waits
    with BackgroundServer(create_app(workspace, WebSettings(warm=False))) as url:
        yield url


class Watched:
    """A page with every dialog, console error and page error recorded (dialogs are dismissed)."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield Watched(page)
    context.close()
