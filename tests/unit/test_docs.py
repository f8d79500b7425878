"""Docs are kept honest by tests: every command and option is on docs/cli.md; each concern has a page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str):
    """Load ``scripts/<name>.py`` as a module (the scripts are not part of the package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generator():
    return _script("gen_cli_docs")


def _model_block(name: str) -> str:
    """The generated block ``name`` of docs/model.md (between its begin and end markers)."""
    page = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    return page.split(f"<!-- {name}:begin -->\n", 1)[1].split(f"<!-- {name}:end -->", 1)[0]


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
    hint = "docs/model.md forecasts are stale: run python scripts/gen_model_table.py"
    assert _model_block("forecasts") == _script("gen_model_table").render(), hint


def test_model_page_mechanisms_match_a_fresh_run() -> None:
    """docs/model.md's mechanism table and yearly hazards are generated, and match a fresh run."""
    block = _model_block("mechanisms")
    hint = "docs/model.md mechanisms are stale: run python scripts/gen_model_table.py"
    assert block == _script("gen_model_table").render_mechanisms(), hint
    assert "**FAIL**" not in block
