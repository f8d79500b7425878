"""Screenshots of each workspace page into docs/img (run by hand after a UI change; needs Chromium).

Builds a store as the README's session does (the founding article ingested, one run, the links accepted,
two questions resolved) in a temporary FLASHPOINT_HOME, serves it, and drives Debian's Chromium through
Playwright::

    python scripts/gen_screenshots.py            # writes docs/img/web-*.png
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from flashpoint.settings import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (shared_data_dir() or Path("/nonexistent")).parent / "seeds"
PAGES = {
    "system": "/system",
    "questions": "/questions",
    "question": "/questions/world-war-12m",
    "evidence": "/evidence?kind=forecasts",
    "article": None,  # the first linked statement's sentence, found on the question page
    "whatif": "/whatif",
    "scores": "/scores",
}


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("gen_screenshots: expected Debian's chromium on PATH (apt-get install chromium); got none")
    return found


def build_store(home: Path) -> None:
    """The README's session, in ``home``."""
    env = {**os.environ, "FLASHPOINT_HOME": str(home)}
    cli = [sys.executable, "-c", "from flashpoint.cli import main; main()"]
    steps = [
        ["ingest", str(SEEDS), "--published", "2024-11-05"],
        ["run", "--worlds", "20000"],
        ["run", "--worlds", "20000", "--set", "alliances.russia-dprk-treaty.commitment=0"],
        ["forecasts", "link", "--accept"],
        ["resolve", "world-war-12m", "no", "--date", "2025-11-05", "--source", "analyst's note"],
        [
            "resolve",
            "nato-ground-forces-east-asia-12m",
            "no",
            "--date",
            "2025-11-05",
            "--source",
            "analyst's note",
        ],
    ]
    for step in steps:
        subprocess.run([*cli, *step], env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from flashpoint.report.workspace import Workspace
    from flashpoint.web.app import WebSettings, create_app
    from flashpoint.web.server import BackgroundServer

    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_store(home)
        ws = Workspace(home / "flashpoint.duckdb")
        ws.warm()
        with BackgroundServer(create_app(ws, WebSettings(warm=False))) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium())
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in PAGES.items():
                if path is None:
                    page.goto(url + PAGES["question"])
                    path = page.locator("a.sentence").first.get_attribute("href")
                page.goto(url + path)
                if name == "whatif":  # Russia's Kursk force at the top of its range
                    page.locator("#status[data-state='first answer']").wait_for(timeout=60_000)
                    slider = page.locator("input[name='theatres.ukraine.fronts.kursk.force_a']")
                    slider.fill(slider.get_attribute("max"))
                    slider.dispatch_event("change")
                    page.locator("#status[data-state=refined]").wait_for(timeout=120_000)
                page.screenshot(path=str(out / f"web-{name}.png"), full_page=False)
                print(f"docs/img/web-{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
