"""Reading scenarios: YAML with line numbers, validation, and one-line path-qualified errors.

Every error reads ``FILE:LINE: field.path: expected ...; got ...`` and is a
:class:`~flashpoint.errors.ScenarioError` (exit code 2 on the command line).
"""

from __future__ import annotations

import copy
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from flashpoint.errors import InputError, ScenarioError
from flashpoint.validation import compose_yaml, construct_yaml
from flashpoint.world.scenario import Issue, Scenario, check_scenario

LineMap = dict[tuple, int]


def _key(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":int"):
            try:
                return int(node.value)
            except ValueError:
                return node.value
        if node.tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        return node.value
    return str(node.start_mark)


def _walk(node: yaml.Node, path: tuple, lines: LineMap, origin: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for knode, vnode in node.value:
            key = _key(knode)
            if key in seen:
                raise ScenarioError(
                    f"{origin}:{knode.start_mark.line + 1}: {dotted((*path, key))}: "
                    f"expected each key once; got a duplicate key {key!r}"
                )
            seen.add(key)
            lines[(*path, key)] = knode.start_mark.line + 1
            _walk(vnode, (*path, key), lines, origin)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, origin)


def parse_yaml(text: str, origin: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain data and a map from key paths to 1-based line numbers.

    The walk over the node graph visits each alias again, so the size bound of
    :func:`~flashpoint.validation.compose_yaml` is what keeps it (and validation) finite.
    """
    try:  # bounded: nesting depth, size after alias expansion, impossible dates (flashpoint.validation)
        node = compose_yaml(text, origin)
        data = construct_yaml(node, origin)
    except InputError as exc:
        raise ScenarioError(str(exc)) from None
    lines: LineMap = {}
    if node is not None:
        _walk(node, (), lines, origin)
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{origin}:1: (root): expected a mapping of scenario fields; got {type(data).__name__}"
        )
    return data, lines


def dotted(path: tuple) -> str:
    """Return ``a.b[2].c`` for the path ``("a", "b", 2, "c")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def _line(path: tuple, lines: LineMap) -> int:
    for cut in range(len(path), -1, -1):
        if path[:cut] in lines:
            return lines[path[:cut]]
    return 1


def _data_path(loc: tuple, data: Any) -> tuple:
    path: list = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and part.isdigit() and int(part) in cur:
            path.append(int(part))
            cur = cur[int(part)]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            path.append(part)
            cur = cur[part]
        elif i == len(loc) - 1 and isinstance(part, str) and "[" not in part:
            path.append(part)
    return tuple(path)


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names allowed at ``path`` (best effort) for unknown-field messages."""
    current: list[Any] = [model]
    for part in path:
        nxt: list[Any] = []
        for tp in current:
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                field = tp.model_fields.get(part) or next(
                    (f for f in tp.model_fields.values() if f.alias == part), None
                )
                if field is not None:
                    nxt += _unwrap(field.annotation)
            elif typing.get_origin(tp) is dict:
                nxt += _unwrap(typing.get_args(tp)[1])
            elif typing.get_origin(tp) is list:
                nxt += _unwrap(typing.get_args(tp)[0])
        current = nxt
    names: list[str] = []
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            names += [f.alias or n for n, f in tp.model_fields.items() if n not in names]
    return names


def _describe(err: dict, path: tuple) -> str:
    kind, msg, got = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return "expected this required field; got nothing"
    if kind == "extra_forbidden":
        allowed = _fields_at(Scenario, path[:-1])
        hint = f" ({', '.join(allowed)})" if allowed else ""
        return f"expected a known field{hint}; got unknown field {path[-1]!r}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "union_tag_invalid":
        return (
            f"expected {msg.split('match one of the expected tags: ')[-1]}; got {got!r}"
            if "expected tags" in msg
            else msg
        )
    text = msg.replace("Input should be", "expected").replace("Input", "expected")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{text}; got {shown}"


def format_issue(origin: str, path: tuple, message: str, lines: LineMap | None) -> str:
    """Return ``ORIGIN:LINE: path: message`` (the line is omitted without a line map)."""
    where = f"{origin}:{_line(path, lines)}" if lines is not None else origin
    return f"{where}: {dotted(path)}: {message}"


def build_scenario(
    data: dict[str, Any], *, origin: str = "<scenario>", lines: LineMap | None = None
) -> Scenario:
    """Validate plain data into a :class:`Scenario` (types, bounds, provenance, then cross-references).

    Raises
    ------
    ScenarioError
        With ``ORIGIN:LINE: field.path: expected ...; got ...`` for the first problem found.
    """
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        path = _data_path(tuple(first["loc"]), data)
        more = (
            f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
            if len(errors) > 1
            else ""
        )
        raise ScenarioError(format_issue(origin, path, _describe(first, path), lines) + more) from None
    issues: list[Issue] = check_scenario(sc)
    if issues:
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise ScenarioError(format_issue(origin, issues[0].path, issues[0].message, lines) + more)
    sc._origin = origin
    sc._raw = copy.deepcopy(data)
    return sc


def read_scenario_file(path: Path) -> Scenario:
    """Read and validate one YAML scenario file."""
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{origin}: expected a scenario file; got no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{origin}: expected a readable UTF-8 YAML file; got {exc}") from None
    data, lines = parse_yaml(text, origin)
    return build_scenario(data, origin=origin, lines=lines)
