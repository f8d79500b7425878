"""Checks at public boundaries. Inner kernels stay check-free."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from flashpoint.errors import InputError


def check_probability(value: Any, what: str) -> float:
    """Return ``value`` as a float in [0, 1] or raise :class:`InputError` naming ``what``."""
    if isinstance(value, bool):  # float(True) is 1.0: a JSON true is not a probability
        raise InputError(f"{what} must be a probability in [0, 1]; got {value!r}.")
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a probability in [0, 1]; got {value!r}.") from None
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        raise InputError(f"{what} must be a probability in [0, 1]; got {value!r}.")
    return p


def check_positive_int(value: Any, what: str, *, maximum: int | None = None) -> int:
    """Return ``value`` as a positive int (optionally at most ``maximum``) or raise :class:`InputError`."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a positive integer; got {value!r}.") from None
    if n <= 0 or (maximum is not None and n > maximum):
        bound = f" at most {maximum}" if maximum is not None else ""
        raise InputError(f"{what} must be a positive integer{bound}; got {value!r}.")
    return n


# -- YAML from users: bounded -------------------------------------------------------------------------
#: Deepest nesting accepted in a user's YAML (assumption: the shipped scenario nests 6 levels; 64 leaves
#: room for any hand-written file while PyYAML's recursive composer stays far from Python's stack limit).
MAX_YAML_DEPTH = 64
#: Most nodes a user's YAML may hold once aliases are expanded (assumption: the shipped scenario has
#: about 4,000; an alias bomb reaches billions). Checked on the node graph, never by expanding it.
MAX_YAML_NODES = 200_000


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that an impossible date (2024-02-30) is a YAML error with its line."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a real date; got {node.value!r} ({exc})", node.start_mark
            ) from None


class _Parser(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Composes (resolves tags): YAML 1.1's safe rules plus YAML 1.2 floats without a dot (``8e-3``)."""


# After 1.1's float and int rules, so "1" stays an int and "1.5" a float; "8e-3" and "1E3" become floats.
_FLOAT_12 = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)$")
_Parser.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, list("-+0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _where(origin: str, mark: Any) -> str:
    return f"{origin}:{mark.line + 1}" if mark is not None else origin


def _check_events(text: str, origin: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Parser):  # a flat event stream: no recursion, no expansion
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise InputError(
                    f"{_where(origin, event.start_mark)}: YAML nested too deeply: expected at most "
                    f"{MAX_YAML_DEPTH} levels; got more"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _expanded_size(node: yaml.Node, origin: str) -> int:
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError(
                f"{_where(origin, n.start_mark)}: YAML alias refers to itself: expected a finite document"
            )
        active.add(key)
        if isinstance(n, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total = 1 + sum(size(v) for v in n.value)
        else:
            total = 1
        active.discard(key)
        sizes[key] = min(total, MAX_YAML_NODES + 1)
        return sizes[key]

    return size(node)


def compose_yaml(text: str, origin: str) -> yaml.Node | None:
    """Compose a user's YAML into a node graph, bounded: depth, expanded size and cycles are checked.

    Raises
    ------
    InputError
        ``ORIGIN:LINE: ...`` for invalid YAML, nesting deeper than :data:`MAX_YAML_DEPTH`, more than
        :data:`MAX_YAML_NODES` nodes after alias expansion (an alias bomb), or an alias cycle.
    """
    try:
        _check_events(text, origin)
        node = yaml.compose(text, Loader=_Parser)
    except yaml.YAMLError as exc:
        raise InputError(_yaml_message(exc, origin)) from None
    if node is not None and _expanded_size(node, origin) > MAX_YAML_NODES:
        raise InputError(
            f"{origin}: YAML too large once its aliases are expanded: expected at most {MAX_YAML_NODES:,} "
            "nodes; got more (an alias bomb?)"
        )
    return node


def construct_yaml(node: yaml.Node | None, origin: str) -> Any:
    """Plain data from a node of :func:`compose_yaml`; impossible dates are an :class:`InputError`."""
    if node is None:
        return None
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise InputError(_yaml_message(exc, origin)) from None
    finally:
        loader.dispose()


def load_yaml(text: str, origin: str) -> Any:
    """A user's YAML as plain data (safe tags only, bounded as :func:`compose_yaml` says)."""
    return construct_yaml(compose_yaml(text, origin), origin)


def _yaml_message(exc: yaml.YAMLError, origin: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = _where(origin, mark) if mark is not None else f"{origin}:1"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if problem.startswith("expected a real date"):
        return f"{where}: {problem}"
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours on flow collections
        return f"{where}: YAML nested too deeply: expected at most {MAX_YAML_DEPTH} levels; got more"
    return f"{where}: YAML error: expected valid YAML; got {problem}"
