"""The layers import only left-to-right (ARCHITECTURE.md); a wrong-way import fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "flashpoint"

# The layers in data-flow order (ARCHITECTURE.md): each may import the ones before it.
BASE = {"errors", "settings", "validation"}
LAYERS = [
    "ontology",
    "evidence",
    "store",
    "world",
    "situation",
    "sim",
    "validity",
    "forecasts",
    "report",
    "web",
    "cli",
]
# world, sim and validity do not import evidence records; cli and web are leaves (cli does not import web).
NO_EVIDENCE = {"world", "sim", "validity"}

# package -> the flashpoint packages it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "ontology": set(),
    "errors": set(),
    "settings": set(),
    "validation": {"errors"},
    **{
        layer: (set(LAYERS[:i]) - ({"evidence"} if layer in NO_EVIDENCE else set()) - {"web"}) | BASE
        for i, layer in enumerate(LAYERS)
        if i > 0
    },
    "__init__": {""},
}
ALLOWED["cli"] |= {""}  # the CLI reads flashpoint.__version__


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_left_to_right(path: Path) -> None:
    layer = _layer(path)
    allowed = ALLOWED[layer] | {layer}
    for lineno, module in _imports(path):
        parts = module.split(".")
        if parts[0] != "flashpoint":
            continue
        target = parts[1] if len(parts) > 1 else ""
        assert target in allowed, f"{path.relative_to(SRC)}:{lineno} imports {module}; {layer} may not"


def test_every_layer_is_known() -> None:
    layers = {_layer(p) for p in _files()}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)


def test_the_checker_catches_a_wrong_way_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from flashpoint.cli import app\n")
    assert ("flashpoint.cli" in [m for _, m in _imports(bad)]) and "cli" not in ALLOWED["sim"]


def test_the_engine_never_imports_validity() -> None:
    """Validation, calibration and sensitivity sit above the engine: no import circle inside sim/."""
    for path in (SRC / "sim").rglob("*.py"):
        for lineno, module in _imports(path):
            where = f"{path.relative_to(SRC)}:{lineno}"
            assert not module.startswith("flashpoint.validity"), f"{where} imports {module}"
    assert "validity" not in ALLOWED["sim"] and "sim" in ALLOWED["validity"]
