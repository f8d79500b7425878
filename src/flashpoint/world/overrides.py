"""What-if overrides: ``--set PATH=VALUE`` on any scenario parameter, validated like the file itself."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from flashpoint.errors import InputError, ScenarioError
from flashpoint.validation import load_yaml
from flashpoint.world.loader import build_scenario, dotted
from flashpoint.world.scenario import Scenario

_PROVENANCE = {"source", "assumption", "reason", "unit"}
#: An index or integer key as a person types it: ASCII digits only ("²".isdigit() is True but int() fails).
_INDEX = re.compile(r"-?[0-9]+")


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


def parse_value(text: str, origin: str = "--set") -> Any:
    """Parse the VALUE of ``--set PATH=VALUE`` as a YAML scalar or flow collection.

    Numbers read as a person writes them (``1e-3``, ``2E5``: YAML 1.2 floats) and YAML is bounded
    (:func:`~flashpoint.validation.load_yaml`). Text that is not valid YAML stays text; an impossible date
    (``2024-02-30``) or a bomb is a :class:`~flashpoint.errors.ScenarioError`.
    """
    if not text.strip():
        return ""
    try:
        return load_yaml(text, origin)
    except InputError as exc:
        message = str(exc)
        if "expected a real date" in message:
            raise ScenarioError(f"{origin}: expected a real date YYYY-MM-DD; got {text.strip()!r}") from None
        if "YAML error" in message:
            return text
        raise ScenarioError(message) from None


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
                part if part in cur else (int(part) if _INDEX.fullmatch(part) and int(part) in cur else None)
            )
            if key is None:
                return None
        elif isinstance(cur, list) and _INDEX.fullmatch(part) and 0 <= int(part) < len(cur):
            key = int(part)
        else:
            return None
        if last:
            return cur, key
        cur = cur[key]
    return None


def apply_overrides(
    scenario: Scenario, overrides: Mapping[str, Any] | None, *, check_each: bool = True
) -> Scenario:
    """Return a new scenario with ``{path: value}`` applied and validated.

    A parameter given a number becomes fixed at that number (its distribution is dropped) and is marked as a
    what-if assumption; given a mapping with ``kind`` it gets that distribution. Raises
    :class:`~flashpoint.errors.ScenarioError` naming the path (with close matches) or the bad value.
    ``check_each=False`` validates once, after the last override (the same scenario; an error then names
    the overrides, not the one at fault): for callers that set many parameters at once.
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
        if check_each:
            current = build_scenario(data, origin=f"--set {path}={value}")
    if not check_each:
        current = build_scenario(data, origin=f"--set of {len(overrides)} parameters")
    current._origin = scenario.origin
    return current
