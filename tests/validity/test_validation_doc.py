"""docs/validation.md shows what the code computes: its generated blocks equal a fresh run."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.validity.calibrate import calibration_markdown
from flashpoint.validity.dispute import load_calibration
from flashpoint.validity.validate import checks_markdown, replace_block, validate

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
HINT = "regenerate with: python -m flashpoint.validity.validate --docs docs/validation.md"


def _block(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"<!-- {name}:begin -->\n", 1)[1].split(f"<!-- {name}:end -->", 1)[0]


def test_checks_block_is_current() -> None:
    assert _block("checks") == checks_markdown(validate()), HINT


def test_calibration_block_is_current() -> None:
    assert _block("calibration") == calibration_markdown(load_calibration()), HINT


def test_forecast_calibration_blocks_are_current() -> None:
    from flashpoint.validity.forecast_report import folds_markdown, forecasts_markdown, heldout_markdown

    assert _block("folds") == folds_markdown(), HINT
    assert _block("heldout") == heldout_markdown(), HINT
    assert _block("forecasts") == forecasts_markdown(), HINT


def test_shadow_block_is_current() -> None:
    import numpy as np

    from flashpoint.validity.shadow import bound, bound_markdown
    from flashpoint.validity.validate import SHADOW_SEED

    assert _block("shadow") == bound_markdown(bound(np.random.default_rng(SHADOW_SEED))), HINT


def test_images_exist_and_are_small() -> None:
    for name in ("world-war-48m", "taiwan-blockade-or-invasion-48m"):
        png = DOC.parent / "img" / f"tornado-kursk-2024-11-{name}.png"
        assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size < 200_000
        assert f"img/{png.name}" in DOC.read_text(encoding="utf-8")


def test_replace_block_needs_markers() -> None:
    assert replace_block("a<!-- x:begin -->\nold<!-- x:end -->b", "x", "new\n") == (
        "a<!-- x:begin -->\nnew\n<!-- x:end -->b"
    )
    with pytest.raises(ValueError):
        replace_block("no markers", "x", "")


def test_break_block_is_current() -> None:
    from flashpoint.validity.shadow import break_markdown

    assert _block("break") == break_markdown(), HINT


def test_break_table_reads_the_shipped_figures() -> None:
    from flashpoint.validity.shadow import break_markdown
    from flashpoint.world.history import load_figures

    figures = load_figures()
    first = figures["period_break"]["cells"][0]
    assert first["partition"] == "all"
    assert f"| {first['calibration']['n']} / {first['holdout']['n']} |" in break_markdown(figures)


def _rows(block: str) -> list[tuple[str, float, float, float]]:
    import re

    pattern = re.compile(r"^\| `([^`]+)` \| (-?[0-9.]+) \| (-?[0-9.]+) \| (-?[0-9.]+) \|$", re.M)
    return [(m[1], float(m[2]), float(m[3]), float(m[4])) for m in pattern.finditer(block)]


def test_sensitivity_block_matches_a_fresh_run() -> None:
    """The tables name what a fresh `flashpoint sensitivity kursk-2024-11` (seed 0) computes today: same
    dominant parameters, same order, indices equal to within rounding (BLAS builds may differ in the
    last bits)."""
    import re

    from flashpoint.validity.sensitivity import DOC_SCENARIO, run_sensitivity, sensitivity_markdown

    fresh = sensitivity_markdown(run_sensitivity(DOC_SCENARIO, seed=0))
    shipped = _block("sensitivity")
    dominant = re.compile(r"`dominant` .*$", re.M)
    assert dominant.findall(shipped) == dominant.findall(fresh), HINT
    got, want = _rows(shipped), _rows(fresh)
    assert [r[0] for r in got] == [r[0] for r in want] and len(got) == 12, HINT
    for a, b in zip(got, want, strict=True):
        assert max(abs(x - y) for x, y in zip(a[1:], b[1:], strict=True)) <= 0.002, (a, b, HINT)
