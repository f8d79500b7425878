"""What-if overrides: ``--set PATH=VALUE`` on any scenario parameter, validated like the file itself."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import yaml

from flashpoint.errors import ScenarioError
from flashpoint.world.loader import build_scenario, dotted
from flashpoint.world.scenario import Scenario

_PROVENANCE = {"source", "assumption", "reason", "unit"}


def _is_param(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and {"source", "assumption"} <= set(node)


def parameter_paths(data: Mapping[str, Any]) -> list[str]:
    """Every settable path of a dumped scenario: parameters, their distribution fields and other leaves."""
    out: list[str] = []

    def walk(node: Any, path: tuple) -> None:
        if _is_param(node):
            out.append(dotted(path))
            if isinstance(node.get("dist"), dict):
                for key in node["dist"]:
                    if key != "kind":
                        out.append(dotted((*path, "dist", key)))
            return
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            if path:
                out.append(dotted(path))
            for i, value in enumerate(node):
                if isinstance(value, dict | list):
                    walk(value, (*path, i))
        elif path:
            out.append(dotted(path))

    walk(dict(data), ())
    return out


def parse_value(text: str) -> Any:
    """Parse the VALUE of ``--set PATH=VALUE`` as a YAML scalar or flow collection."""
    try:
        return yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        return text


def _split(path: str) -> list[str]:
    parts: list[str] = []
    for piece in path.split("."):
        while "[" in piece and piece.endswith("]"):
            head, _, idx = piece.partition("[")
            if head:
                parts.append(head)
            parts.append(idx[:-1])
            piece = ""
        if piece:
            parts.append(piece)
    return parts


def _resolve(data: dict[str, Any], path: str) -> tuple[Any, Any] | None:
    cur: Any = data
    parts = _split(path)
    if not parts:
        return None
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(cur, dict):
            key: Any = (
                part
                if part in cur
                else (int(part) if part.lstrip("-").isdigit() and int(part) in cur else None)
            )
            if key is None:
                return None
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            key = int(part)
        else:
            return None
        if last:
            return cur, key
        cur = cur[key]
    return None


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any] | None) -> Scenario:
    """Return a new scenario with ``{path: value}`` applied and validated.

    A parameter given a number becomes fixed at that number (its distribution is dropped) and is marked as a
    what-if assumption; given a mapping with ``kind`` it gets that distribution. Raises
    :class:`~flashpoint.errors.ScenarioError` naming the path (with close matches) or the bad value.
    """
    if not overrides:
        return scenario
    data = scenario.model_dump(mode="json", by_alias=True)
    current = scenario
    for path, value in overrides.items():
        found = _resolve(data, path)
        if found is None:
            close = difflib.get_close_matches(path, parameter_paths(data), n=5, cutoff=0.5)
            hint = f" (close matches: {', '.join(close)})" if close else " (see `flashpoint scenario show`)"
            raise ScenarioError(
                f"--set {path}: expected a parameter path of scenario {scenario.id}; got unknown path{hint}"
            )
        parent, key = found
        target = parent[key]
        note = f"what-if override --set {path}={value!r}"
        if _is_param(target) and not isinstance(value, dict):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ScenarioError(
                    f"--set {path}: expected a number or a distribution mapping; got {value!r}"
                )
            target.update(value=float(value), dist=None, assumption=True, reason=note)
        elif _is_param(target):
            target.update(value=None, dist=value, assumption=True, reason=note)
        elif isinstance(target, dict) and {"value", "source"} <= set(target) and "dist" not in target:
            target.update(value=value, assumption=True, reason=note)
        elif isinstance(target, dict) and not isinstance(value, dict):
            raise ScenarioError(f"--set {path}: expected a mapping for this block; got {value!r}")
        else:
            parent[key] = value
        current = build_scenario(data, origin=f"--set {path}={value}")
    current._origin = scenario.origin
    return current
