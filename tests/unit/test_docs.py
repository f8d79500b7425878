"""Docs are kept honest by tests: every command and option is on docs/cli.md; each concern has a page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_page_matches_the_app() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert page == _generator().render(), "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_cli_page_names_core_commands() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("flashpoint run", "flashpoint ingest", "flashpoint score", "flashpoint validate"):
        assert f"`{command}`" in page


def test_every_concern_has_its_page() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in (
        "model.md",
        "validation.md",
        "evidence.md",
        "forecasts.md",
        "cli.md",
        "store.md",
        "web.md",
        "scale.md",
    ):
        assert (ROOT / "docs" / page).exists(), page
        assert page in index


def test_model_page_forecast_table_matches_a_fresh_run() -> None:
    spec = importlib.util.spec_from_file_location("gen_model_table", ROOT / "scripts" / "gen_model_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    block = page.split("<!-- forecasts:begin -->\n", 1)[1].split("<!-- forecasts:end -->", 1)[0]
    hint = "docs/model.md forecasts are stale: run python scripts/gen_model_table.py"
    assert block == module.render(), hint
