"""docs/model.md's mechanism table and yearly hazards are generated, and match a fresh run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_model_page_mechanisms_match_a_fresh_run() -> None:
    spec = importlib.util.spec_from_file_location("gen_model_table", ROOT / "scripts" / "gen_model_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    block = page.split("<!-- mechanisms:begin -->\n", 1)[1].split("<!-- mechanisms:end -->", 1)[0]
    assert block == module.render_mechanisms(), (
        "docs/model.md is stale: run python scripts/gen_model_table.py"
    )
    assert "**FAIL**" not in block
