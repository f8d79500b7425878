"""The workspace's read model: one object that the web pages, the JSON API and the HTML report all read
through, so that a figure on a page and in ``/api`` comes from one query.

A :class:`Workspace` names a store and a scenario. It opens the store per call (read-only unless it was made
writable) and keeps two seeded simulations in memory: the *base* run of the scenario (for probability paths
and drivers) and the what-if baselines (one per world count). Every number it returns is computed from the
store or a seeded simulation; nothing is typed in.
"""

from __future__ import annotations

import contextlib
import copy
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.errors import InputError
from flashpoint.report.graph import anchor
from flashpoint.settings import default_db_path
from flashpoint.sim.engine import simulate
from flashpoint.sim.result import SimResult
from flashpoint.sim.runner import DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_WORLDS, execute_run, summarise, wilson
from flashpoint.store.articles import connect_store, cursor_store
from flashpoint.store.db import Store, open_store
from flashpoint.world.catalog import iter_params, load_scenario
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.params import Fact, Param
from flashpoint.world.scenario import Scenario

try:
    VERSION = metadata.version("flashpoint")
except metadata.PackageNotFoundError:  # a source tree on the path without an install
    VERSION = "unknown"
BASE_WORLDS = 4000  # worlds of the in-memory base simulation behind paths and drivers
WHATIF_FIRST = 1000  # worlds of the what-if's first answer (refined with DEFAULT_WORLDS)
MAX_WHATIF_WORLDS = DEFAULT_WORLDS  # the refined answer's worlds; nothing asks for more
IDLE_CLOSE_S = 2.0  # close the store this long after the last request (other processes may then write)
CACHE_SIZE = (
    256  # answers kept per workspace (questions, scores, filter choices), dropped when the store changes
)
ELEMENTS = ("actors", "alliances", "flows", "theatres")


class Workspace:
    """What the pages, the API and the report read.

    Parameters
    ----------
    db : Path, str or None
        The store file (default ``$FLASHPOINT_HOME/flashpoint.duckdb``); created and migrated if missing.
    scenario : str or None
        Shipped scenario id or YAML path (default ``kursk-2024-11``).
    writable : bool
        Open the store for writing (the server's ``--write-token`` mode); otherwise read-only.
    seed : int
        Seed of every simulation the workspace runs (SPEC 7: one Generator per simulation, from this seed).
    """

    def __init__(
        self,
        db: Path | str | None = None,
        scenario: str | None = None,
        *,
        writable: bool = False,
        seed: int = DEFAULT_SEED,
    ) -> None:
        self.scenario: Scenario = load_scenario(scenario)
        self.writable = writable
        self.seed = int(seed)
        path = Path(db) if db is not None else default_db_path()
        if not path.exists():  # a new store: create it with the schema (an existing one is not written)
            open_store(path).close()
        self.db = str(path)
        self._lock = threading.Lock()
        self._con_lock = threading.Lock()
        self._con: Any = None
        self._users = 0
        self._last_used = time.monotonic()
        self._cache_lock = threading.Lock()
        self._cache: dict[tuple, tuple[tuple, Any]] = {}
        self._base: SimResult | None = None
        self._baselines: dict[int, dict[str, Any]] = {}

    @contextlib.contextmanager
    def store(self, *, write: bool = False) -> Iterator[Store]:
        """An open store for one request (a cursor on the workspace's shared connection).

        The connection is opened on first use and closed again after ``IDLE_CLOSE_S`` seconds without a
        request, so that other flashpoint processes (``flashpoint run``) can write the store while the server
        is idle. ``write=True`` requires a writable workspace.
        """
        if write and not self.writable:
            raise PermissionError("this workspace is read-only")
        with self._con_lock:
            if self._con is None:
                self._con = connect_store(self.db, read_only=not self.writable)
                threading.Thread(target=self._close_when_idle, name="flashpoint-idle", daemon=True).start()
            self._users += 1
            cursor = self._con.cursor()
        try:
            yield cursor_store(cursor, self.db)
        finally:
            cursor.close()
            with self._con_lock:
                self._users -= 1
                self._last_used = time.monotonic()

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(IDLE_CLOSE_S / 4)
            with self._con_lock:
                if self._con is None:
                    return
                if self._users == 0 and time.monotonic() - self._last_used > IDLE_CLOSE_S:
                    self._con.close()
                    self._con = None
                    return

    def fingerprint(self) -> tuple:
        """Size and modification time of the store file and its write-ahead log: changes with every write."""
        out = []
        for path in (Path(self.db), Path(self.db + ".wal")):
            try:
                st = path.stat()
            except OSError:
                out.append(None)
            else:
                out.append((st.st_size, st.st_mtime_ns))
        return tuple(out)

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered until the store changes (see :meth:`fingerprint`); at most CACHE_SIZE
        answers are kept."""
        stamp = self.fingerprint()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return copy.deepcopy(hit[1])
        value = compute()
        with self._cache_lock:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (stamp, value)
        return copy.deepcopy(value)

    # ------------------------------------------------------------------ simulations

    def base(self) -> SimResult:
        """The seeded base simulation (``BASE_WORLDS`` worlds over the longest question horizon)."""
        with self._lock:
            if self._base is None:
                months = max((q.horizon_months for q in self.scenario.questions.values()), default=12)
                self._base = simulate(self.scenario, BASE_WORLDS, months, np.random.default_rng(self.seed))
            return self._base

    def warm(self) -> None:
        """Run the base simulation and the first what-if baseline now (compiles the kernels once)."""
        self.base()
        self.baseline(WHATIF_FIRST)

    def baseline(self, worlds: int) -> dict[str, Any]:
        """The scenario's own run at ``worlds`` worlds and the workspace seed (cached)."""
        with self._lock:
            if worlds not in self._baselines:
                out = execute_run(self.scenario, worlds=worlds, seed=self.seed, store=False)
                self._baselines[worlds] = out.public
            return self._baselines[worlds]

    # ------------------------------------------------------------------ system

    def header(self) -> dict[str, Any]:
        sc = self.scenario
        return {
            "id": sc.id,
            "title": sc.title,
            "description": sc.description,
            "as_of": sc.as_of.isoformat(),
            "step": sc.step,
            "sha256": sc.sha256(),
        }

    def system(self) -> dict[str, Any]:
        """The scenario's elements (actors, alliances, flows, theatres), each with its parameters and sources.

        Returns
        -------
        dict with ``scenario`` (header) and ``elements``: list of {kind, id, name, anchor, summary,
        parameters: [{path, value, unit, uncertain, assumption, source}]}.
        """
        sc = self.scenario
        params: dict[str, list[dict[str, Any]]] = {}
        for path, p in iter_params(sc):
            parts = path.split(".")
            key = ".".join(parts[:2])
            params.setdefault(key, []).append(
                {
                    "path": path,
                    "value": p.describe() if isinstance(p, Param) else str(p.value),
                    "unit": getattr(p, "unit", None),
                    "uncertain": isinstance(p, Param) and p.uncertain,
                    "assumption": p.assumption,
                    "source": p.provenance(),
                }
            )
        elements = []
        for kind in ELEMENTS:
            for eid, el in getattr(sc, kind).items():
                key = f"{kind}.{eid}"
                elements.append(
                    {
                        "kind": kind,
                        "id": eid,
                        "name": getattr(el, "name", eid),
                        "anchor": anchor(key),
                        "summary": _summary(kind, el),
                        "parameters": params.get(key, []),
                    }
                )
        for key, rows in params.items():  # rules and calibration: grouped by their section
            kind, _, eid = key.partition(".")
            if kind not in ELEMENTS:
                elements.append(
                    {
                        "kind": kind,
                        "id": eid,
                        "name": key,
                        "anchor": anchor(key),
                        "summary": "",
                        "parameters": rows,
                    }
                )
        return {"scenario": self.header(), "elements": elements}

    # ------------------------------------------------------------------ what-if

    def parameters(self) -> list[dict[str, Any]]:
        """The what-if controls: a slider for every uncertain parameter with a bounded range, a toggle for
        every yes/no fact and flag.

        Returns
        -------
        list of {path, kind ('number' or 'flag'), value (the scenario's point value), low, high, source}.
        """
        out: list[dict[str, Any]] = []
        for path, p in iter_params(self.scenario):
            if isinstance(p, Param) and p.uncertain:
                low, high = p.dist.support()
                if math.isfinite(low) and math.isfinite(high) and high > low:
                    out.append(
                        {
                            "path": path,
                            "kind": "number",
                            "value": round(p.point(), 6),
                            "low": float(low),
                            "high": float(high),
                            "source": p.provenance(),
                        }
                    )
            elif isinstance(p, Fact) and isinstance(p.value, bool):
                out.append(
                    {"path": f"{path}.value", "kind": "flag", "value": p.value, "source": p.provenance()}
                )
        for tid, th in self.scenario.theatres.items():
            out.append(
                {
                    "path": f"theatres.{tid}.ceasefire",
                    "kind": "flag",
                    "value": th.ceasefire,
                    "source": "scenario flag: a ceasefire holds at as_of",
                }
            )
        return out

    def whatif(self, overrides: Mapping[str, Any], worlds: int = WHATIF_FIRST) -> dict[str, Any]:
        """Re-run the scenario with ``overrides`` (same seed and worlds as its baseline) and compare.

        Returns
        -------
        dict with ``worlds``, ``seed``, ``overrides``, ``elapsed_s`` and ``questions``: list of {id, text,
        baseline, probability, delta, ci90 (Wilson, of the what-if), delta_se (of the difference)}.
        """
        if isinstance(worlds, bool) or not isinstance(worlds, int) or not 100 <= worlds <= MAX_WHATIF_WORLDS:
            raise InputError(f"worlds: expected an integer in [100, {MAX_WHATIF_WORLDS}]; got {worlds!r}")
        scenario = apply_overrides(self.scenario, dict(overrides))  # validates every path and value
        base = {q["id"]: q for q in self.baseline(worlds)["questions"]}
        started = time.perf_counter()
        # what execute_run does (same Generator, same months, same summary), without its provenance work
        res = simulate(scenario, worlds, DEFAULT_MONTHS, np.random.default_rng(self.seed))
        run = {"questions": summarise(res, scenario), "elapsed_s": round(time.perf_counter() - started, 3)}
        rows = []
        for q in run["questions"]:
            b = base.get(q["id"])
            p, p0 = q["probability"], (b["probability"] if b else None)
            se = math.sqrt(p * (1 - p) / worlds + (p0 * (1 - p0) / worlds if p0 is not None else 0.0))
            rows.append(
                {
                    "id": q["id"],
                    "text": q["text"],
                    "baseline": p0,
                    "probability": p,
                    "delta": None if p0 is None else round(p - p0, 6),
                    "ci90": q["ci90"],
                    "delta_se": round(se, 6),
                }
            )
        return {
            "worlds": worlds,
            "seed": self.seed,
            "overrides": dict(overrides),
            "elapsed_s": run["elapsed_s"],
            "questions": rows,
        }


def _summary(kind: str, el: Any) -> str:
    """One line about an element, for tables and tooltips."""
    if kind == "actors":
        resolve = "" if el.resolve is None else f"; resolve {el.resolve.describe()}"
        cinc = el.capability.cinc.describe() if el.capability is not None else "none (never fights)"
        return f"{el.kind}; CINC {cinc}{resolve}"
    if kind == "alliances":
        return f"{el.kind}: {', '.join(el.members)}; commitment {el.commitment.describe()}"
    if kind == "flows":
        return f"{el.sender} -> {el.recipient}: {el.kind} {el.size.describe()} {el.unit}"
    limits = [n for n in ("geography_contained", "weapons_limited") if getattr(el.limits, n).value]
    return (
        f"rung {el.rung.value}; A: {', '.join(el.side_a)}; B: {', '.join(el.side_b)}"
        + (f"; limits: {', '.join(limits)}" if limits else "")
        + ("; ceasefire" if el.ceasefire else "")
    )


def interval(k: int, n: int) -> list[float]:
    """The 90% Wilson interval of k in n, rounded as the run JSON rounds it."""
    lo, hi = wilson(k, n)
    return [round(lo, 6), round(hi, 6)]


__all__ = ["Workspace", "BASE_WORLDS", "WHATIF_FIRST", "DEFAULT_WORLDS", "interval"]
