"""Shipped scenarios and the API behind ``flashpoint scenario list|show|validate``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.errors import NotFoundError

if TYPE_CHECKING:
    from flashpoint.world.params import Fact, Param
    from flashpoint.world.scenario import Scenario

# The scenario model (pydantic, numpy) loads where a scenario is loaded: `flashpoint scenario list` reads
# only each file's header and answers without it.

DEFAULT_SCENARIO = "kursk-2024-11"


def _shipped() -> dict[str, Path]:
    folder = resources.files("flashpoint.world") / "scenarios"
    return {Path(e.name).stem: Path(str(e)) for e in folder.iterdir() if e.name.endswith((".yaml", ".yml"))}


def load_scenario(ref: str | Path | None = None) -> Scenario:
    """Load a shipped scenario by id, or a YAML file by path; ``None`` loads the default scenario."""
    from flashpoint.world.loader import read_scenario_file

    ref = DEFAULT_SCENARIO if ref is None else ref
    text = str(ref)
    shipped = _shipped()
    if text in shipped:
        return read_scenario_file(shipped[text])
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/x.yaml": no such home; read as written (and not found)
        path = Path(text)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return read_scenario_file(path)
    raise NotFoundError(
        f"scenario {text!r}: expected a shipped scenario id ({', '.join(sorted(shipped))}) "
        "or a YAML file; got neither"
    )


def list_scenarios() -> list[dict[str, Any]]:
    """Return one record per shipped scenario: id, title, as_of, step and counts.

    Read from each file's YAML header and top-level mappings, without building the model: the shipped files
    are valid (``flashpoint scenario validate``; tests/unit/world/test_scenario_format.py checks these
    records against the loaded scenarios), and a listing answers in a fraction of the time.
    """
    from flashpoint.validation import load_yaml

    out = []
    for sid, path in sorted(_shipped().items()):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
        out.append(
            {
                "id": data["id"],
                "title": data["title"],
                "as_of": data["as_of"].isoformat(),
                "step": data.get("step", "month"),
                "actors": len(data["actors"]),
                "theatres": len(data["theatres"]),
                "questions": len(data.get("questions", {})),
                "file": path.name,
                "default": sid == DEFAULT_SCENARIO,
            }
        )
    return out


def iter_params(sc: Scenario) -> list[tuple[str, Param | Fact]]:
    """Return (dotted path, parameter) for every parameter and fact in the scenario, in document order."""
    from pydantic import BaseModel

    from flashpoint.world.params import Fact, Param

    out: list[tuple[str, Param | Fact]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, Param | Fact):
            out.append((path, node))
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name), f"{path}.{name}" if path else name)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(sc, "")
    return out


def validate_scenario(ref: str | Path | None = None) -> dict[str, Any]:
    """Validate a scenario and return a summary (raises ScenarioError on the first problem)."""
    from flashpoint.world.params import Param

    sc = load_scenario(ref)
    params = iter_params(sc)
    return {
        "id": sc.id,
        "file": sc.origin,
        "valid": True,
        "sha256": sc.sha256(),
        "as_of": sc.as_of.isoformat(),
        "actors": len(sc.actors),
        "alliances": len(sc.alliances),
        "flows": len(sc.flows),
        "theatres": len(sc.theatres),
        "questions": len(sc.questions),
        "parameters": len(params),
        "uncertain": sum(isinstance(p, Param) and p.uncertain for _, p in params),
        "assumptions": sum(p.assumption for _, p in params),
    }


def show_scenario(ref: str | Path | None = None) -> dict[str, Any]:
    """Return the scenario's header, questions and every parameter with its value and source."""
    from flashpoint.world.params import Param

    sc = load_scenario(ref)
    params = [
        {
            "path": path,
            "value": p.describe() if isinstance(p, Param) else str(p.value),
            "unit": getattr(p, "unit", None),
            "uncertain": isinstance(p, Param) and p.uncertain,
            "assumption": p.assumption,
            "source": p.provenance(),
        }
        for path, p in iter_params(sc)
    ]
    return {
        "id": sc.id,
        "title": sc.title,
        "description": sc.description,
        "as_of": sc.as_of.isoformat(),
        "step": sc.step,
        "sha256": sc.sha256(),
        "actors": list(sc.actors),
        "theatres": list(sc.theatres),
        "questions": [
            {"id": qid, "text": q.text, "horizon_months": q.horizon_months} for qid, q in sc.questions.items()
        ],
        "parameters": params,
        "forecast_calibration": _forecast_calibration(sc),
    }


def _forecast_calibration(sc: Any) -> dict[str, Any] | None:
    """The forecast calibration's summary when the scenario's calibration cites it, else None."""
    from flashpoint.world.history import FORECAST_FILE, forecast_summary

    cites = any(FORECAST_FILE in (getattr(p, "source", None) or "") for _, p in iter_params(sc))
    return forecast_summary() if cites else None
