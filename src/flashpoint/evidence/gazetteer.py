"""The actor gazetteer: states, organisations, armed groups, places and office holders, kept as YAML.

Built-in files live in ``flashpoint/evidence/data/``: ``states.yaml`` (demonyms, capitals, metonyms;
the base names of every state come from country_converter's table), ``organisations.yaml``,
``places.yaml`` and ``persons.yaml``. Users add their own YAML files with the same top-level keys
(any subset); a later file's alias overrides an earlier one. See docs/evidence.md for the format.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import InputError
from flashpoint.validation import load_yaml

DATA = Path(__file__).with_name("data")
BUILTIN = ("states.yaml", "organisations.yaml", "places.yaml", "persons.yaml")
CATEGORIES = ("STATE", "IGO", "NGO", "IMG", "REB", "MIL")


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor. ``category``: STATE, IGO, NGO, IMG, REB or MIL; ``country`` for REB/MIL."""

    code: str
    name: str
    category: str
    country: str | None = None
    short: str = ""  # the name to show: a state's short name, an organisation's first alias

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.name)

    @property
    def kind(self) -> str:
        return {"STATE": "state", "IGO": "organisation", "NGO": "organisation"}.get(self.category, "group")


@dataclass(frozen=True, slots=True)
class Role:
    actor: str
    role: str
    start: dt.date | None = None
    end: dt.date | None = None  # first day out of office; None = in office

    def valid_on(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str | None
    roles: tuple[Role, ...] = ()

    def role_on(self, date: dt.date | None) -> Role | None:
        """The role held on ``date`` (the latest-starting one; with no date, the most recent role)."""
        if not self.roles:
            return None
        if date is None:
            return max(self.roles, key=lambda r: r.start or dt.date.min)
        valid = [r for r in self.roles if r.valid_on(date)]
        return max(valid, key=lambda r: r.start or dt.date.min) if valid else None

    def actor_on(self, date: dt.date | None) -> str | None:
        role = self.role_on(date)
        return role.actor if role else self.country


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Alias:
    """What an alias names. ``kind``: actor, demonym, capital, metonym, person or place."""

    kind: str
    key: str  # actor code, person name or place name


@dataclass
class Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # capital name -> state code
    user_files: tuple[Path, ...] = ()

    def cameo_code(self, code: str | None) -> str | None:
        """The CAMEO-style code of an actor: states as ISO alpha-3, IGO/NGO/IMG by category,
        armed groups and national bodies by their country (how the PLOVER gold records code)."""
        if code is None:
            return None
        actor = self.actors.get(code)
        if actor is None or actor.category == "STATE":
            return code
        if actor.category in ("IGO", "NGO", "IMG"):
            return actor.category
        return actor.country or code


def _builtin_names() -> dict[str, tuple[str, str]]:
    """ISO3 -> (short name, official name) for current entries of country_converter's table."""
    spec = importlib.util.find_spec("country_converter")  # locate without importing (it imports pandas)
    if spec is None or not spec.submodule_search_locations:
        raise InputError("gazetteer: expected the country_converter package to be installed; it is not")
    table = Path(list(spec.submodule_search_locations)[0]) / "country_data.tsv"
    with table.open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {
            r["ISO3"]: (r["name_short"], r["name_official"]) for r in rows if r["ISO3"] and not r["obsolete"]
        }


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(f"{where} must be a date YYYY-MM-DD; got {value!r}") from exc


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where} must be a list of non-empty strings; got {value!r}")
    return [v.strip() for v in value]


def _plurals(demonyms: list[str]) -> list[str]:
    extra = [d + "s" for d in demonyms if d.endswith(("an", "i")) and d + "s" not in demonyms]
    return demonyms + extra


class _Loader:
    def __init__(self) -> None:
        self.gaz = Gazetteer()
        self.where: dict[str, str] = {}  # person name -> "file: persons[i]", for messages

    def alias(self, text: str, target: Alias) -> None:
        self.gaz.aliases[text] = target

    def states(self, data: Any, src: str, names: dict[str, tuple[str, str]]) -> None:
        if not isinstance(data, dict):
            raise InputError(
                f"{src}: states must be a mapping of ISO alpha-3 codes; got {type(data).__name__}"
            )
        for code, entry in data.items():
            where = f"{src}: states.{code}"
            if not (isinstance(code, str) and len(code) == 3 and code.isupper()):
                raise InputError(f"{where}: the key must be an ISO alpha-3 code; got {code!r}")
            entry = entry or {}
            if not isinstance(entry, dict):
                raise InputError(f"{where} must be a mapping; got {entry!r}")
            short, official = names.get(code, (entry.get("name") or code, ""))
            name = entry.get("name") or short
            self.gaz.actors[code] = Actor(code, name, "STATE")
            for alias in [short, official, *_strings(entry.get("names"), f"{where}.names")]:
                if alias:
                    self.alias(alias, Alias("actor", code))
            for alias in _plurals(_strings(entry.get("demonyms"), f"{where}.demonyms")):
                self.alias(alias, Alias("demonym", code))
            for alias in _strings(entry.get("capitals"), f"{where}.capitals"):
                self.alias(alias, Alias("capital", code))
                self.gaz.capitals[alias] = code
            for alias in _strings(entry.get("metonyms"), f"{where}.metonyms"):
                self.alias(alias, Alias("metonym", code))

    def organisations(self, data: Any, src: str) -> None:
        for i, entry in enumerate(_list(data, f"{src}: organisations")):
            where = f"{src}: organisations[{i}]"
            code, name, category = entry.get("code"), entry.get("name"), entry.get("category", "IGO")
            if not isinstance(code, str) or not code:
                raise InputError(f"{where}.code must be a non-empty string; got {code!r}")
            if category not in CATEGORIES[1:]:
                raise InputError(
                    f"{where}.category must be one of {', '.join(CATEGORIES[1:])}; got {category!r}"
                )
            country = entry.get("country")
            aliases = _strings(entry.get("aliases"), f"{where}.aliases") or [code]
            self.gaz.actors[code] = Actor(code, str(name or code), category, country, aliases[0])
            for alias in aliases:
                self.alias(alias, Alias("actor", code))

    def places(self, data: Any, src: str) -> None:
        for i, entry in enumerate(_list(data, f"{src}: places")):
            where = f"{src}: places[{i}]"
            name = entry.get("name")
            if not isinstance(name, str) or not name:
                raise InputError(f"{where}.name must be a non-empty string; got {name!r}")
            self.gaz.places[name] = Place(name, entry.get("country"))
            for alias in _strings(entry.get("aliases"), f"{where}.aliases") or [name]:
                self.alias(alias, Alias("place", name))

    def persons(self, data: Any, src: str) -> None:
        for i, entry in enumerate(_list(data, f"{src}: persons")):
            where = f"{src}: persons[{i}]"
            name = entry.get("name")
            if not isinstance(name, str) or not name:
                raise InputError(f"{where}.name must be a non-empty string; got {name!r}")
            roles = []
            for j, role in enumerate(_list(entry.get("roles") or [], f"{where}.roles")):
                if not isinstance(role.get("actor"), str):
                    raise InputError(
                        f"{where}.roles[{j}].actor must be an actor code; got {role.get('actor')!r}"
                    )
                roles.append(
                    Role(
                        role["actor"],
                        str(role.get("role", "")),
                        _date(role.get("start"), f"{where}.roles[{j}].start"),
                        _date(role.get("end"), f"{where}.roles[{j}].end"),
                    )
                )
            self.gaz.persons[name] = Person(name, entry.get("country"), tuple(roles))
            self.where[name] = where
            for alias in _strings(entry.get("aliases"), f"{where}.aliases") or [name]:
                self.alias(alias, Alias("person", name))

    def check(self) -> None:
        """Every code a role, group or place names must be a known actor or state."""
        known = set(self.gaz.actors)
        for person in self.gaz.persons.values():
            for role in person.roles:
                if role.actor not in known:
                    raise InputError(
                        f"{self.where.get(person.name, 'gazetteer')}: person {person.name!r} has a role with "
                        f"unknown actor {role.actor!r}; expected a state code or an organisation's code"
                    )


def _list(data: Any, where: str) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError(f"{where} must be a list of mappings; got {type(data).__name__}")
    return data


def _read(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except InputError as exc:  # bounded YAML: depth, alias expansion, impossible dates (with the line)
        raise InputError(f"expected a readable YAML gazetteer file; got {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: expected a readable YAML gazetteer file; got {exc.__class__.__name__}: {exc}"
        ) from exc
    if not isinstance(data, dict) or not set(data) <= {"states", "organisations", "places", "persons"}:
        raise InputError(
            f"{path}: expected a mapping with keys among states, organisations, places, persons; "
            f"got {sorted(data) if isinstance(data, dict) else type(data).__name__}"
        )
    return data


def load_gazetteer(extra: list[Path] | tuple[Path, ...] = ()) -> Gazetteer:
    """Load the built-in gazetteer plus the user files ``extra`` (later files win)."""
    return _load(tuple(Path(p) for p in extra))


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> Gazetteer:
    loader = _Loader()
    names = _builtin_names()
    files = [DATA / f for f in BUILTIN] + list(extra)
    for path in files:
        data = _read(path)
        src = path.name if path.parent == DATA else str(path)
        if "states" in data:
            loader.states(data["states"], src, names)
        if "organisations" in data:
            loader.organisations(data["organisations"], src)
        if "places" in data:
            loader.places(data["places"], src)
        if "persons" in data:
            loader.persons(data["persons"], src)
    loader.check()
    loader.gaz.user_files = extra
    return loader.gaz
