"""The situation at a date: a scenario's declared indicators evaluated on the evidence published by then.

:func:`assess` reads the store (documents published on or before the date only), evaluates every indicator of
the scenario (:mod:`flashpoint.situation.rules`) and returns a :class:`Situation`: per indicator its status,
the sentences behind it, the reports that contradict it and its proposed updates; the updates to apply, in the
order of their latest evidence (a later one wins when two set the same parameter); and proposed resolutions.
:func:`flashpoint.situation.advance.scenario_at` turns it into the scenario to simulate from that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from flashpoint.errors import InputError
from flashpoint.situation import rules
from flashpoint.situation.evidence import (
    Corpus,
    cite,
    enough,
    match_events,
    match_quantities,
    read_corpus,
    split_known,
)
from flashpoint.world.questions import deadline
from flashpoint.world.scenario import Scenario


@dataclass
class Situation:
    """What the evidence published by ``on`` says about a scenario (see :func:`assess`)."""

    scenario: Scenario
    on: dt.date
    indicators: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``flashpoint situation --json`` shape (docs/cli.md)."""
        sc = self.scenario
        return {
            "scenario": {"id": sc.id, "sha256": sc.sha256(), "as_of": sc.as_of.isoformat()},
            "as_of": self.on.isoformat(),
            "coverage": self.coverage,
            "indicators": self.indicators,
            "updates": self.updates,
            "proposed_resolutions": self.resolutions,
        }


def check_date(value: dt.date | str, sc: Scenario, what: str = "--as-of") -> dt.date:
    """Parse a date and check it is not before the scenario's as_of (the scenario already knows that day)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{what}: expected a date YYYY-MM-DD; got {value!r}") from None
    if value < sc.as_of:
        raise InputError(
            f"{what}: expected a date on or after the scenario's as_of {sc.as_of}; got {value} "
            "(the scenario already holds what was known on its as_of)"
        )
    return value


def _latest(rows: pd.DataFrame, default: dt.date) -> dt.date:
    return max(pd.to_datetime(rows["published"]).dt.date) if not rows.empty else default


def _following(corpus: Corpus, sc: Scenario, m: Any) -> int:
    """Documents published since as_of whose coded events involve both actors of the rate's dyad (or, without
    a dyad, any of its actors): the corpus follows the dyad."""
    _, fresh = split_known(corpus.events, sc.as_of)
    if fresh.empty:
        return 0
    codes = fresh.melt(id_vars=["doc_id"], value_vars=["actor_code", "recipient_code"]).dropna()
    per_doc = codes.groupby("doc_id")["value"].agg(set)
    if m.dyad:
        return int(sum(set(m.dyad) <= c for c in per_doc))
    actors = set(m.actor) | set(m.recipient)
    return int(sum(bool(actors & c) for c in per_doc)) if actors else len(per_doc)


def _evaluate(sc: Scenario, iid: str, corpus: Corpus, data: dict[str, Any]) -> dict[str, Any]:
    ind = sc.indicators[iid]
    quantities = ind.kind == "quantity"
    frame = corpus.quantities if quantities else corpus.events
    rows = match_quantities(frame, ind.evidence, sc) if quantities else match_events(frame, ind.evidence)
    known, fresh = split_known(rows, sc.as_of)
    against = match_events(corpus.events, ind.against) if ind.against is not None else corpus.events.iloc[0:0]
    _, against = split_known(against, sc.as_of)
    out: dict[str, Any] = {
        "id": iid,
        "kind": ind.kind,
        "rule": ind.rule,
        "sets": ind.targets() or [f"resolution of {ind.question}"],
        "needs": ind.needs.model_dump(),
        "status": "no evidence",
        "evidence": cite(fresh),
        "conflicting": cite(against),
        "known_at_as_of": cite(known),
        "updates": [],
    }
    if ind.kind == "rate":
        if corpus.on <= sc.as_of or _following(corpus, sc, ind.evidence) < ind.needs.reports:
            out["status"] = "no coverage"
            return out
        out["updates"], out["detail"] = rules.rate(ind, data, fresh, sc.as_of, corpus.on)
        out["status"], out["latest"] = "applied", corpus.on
        return out
    if ind.kind == "settles":
        q = sc.questions[ind.question]
        fresh = (
            fresh[pd.to_datetime(fresh["published"]).dt.date <= deadline(sc.as_of, q)]
            if len(fresh)
            else fresh
        )
        if enough(fresh, ind.needs):
            out["status"], out["resolution"] = "proposed", rules.settles(ind, q, fresh)
            out["resolution"]["evidence"] = cite(fresh)
        elif not fresh.empty:
            out["status"] = "not enough"
        return out
    if not enough(fresh, ind.needs):
        out["status"] = "not enough" if not fresh.empty else "no evidence"
        return out
    if quantities:
        out["updates"], out["detail"] = rules.quantity(ind, data, fresh)
    else:
        out["updates"] = rules.fact(ind, data)
    out["status"], out["latest"] = "applied", _latest(fresh, corpus.on)
    return out


def assess(
    scenario: Scenario, on: dt.date | str, db: str | Path | None = None, *, corpus: Corpus | None = None
) -> Situation:
    """Evaluate the scenario's indicators on the evidence published on or before ``on``.

    Parameters
    ----------
    scenario : Scenario
        The scenario as known on its ``as_of`` (its indicators say what evidence it listens to).
    on : date or str
        The date of the situation (YYYY-MM-DD), on or after the scenario's ``as_of``.
    db : str or Path, optional
        The store (default ``$FLASHPOINT_HOME/flashpoint.duckdb``); a store that does not exist holds no
        evidence.
    corpus : Corpus, optional
        The evidence at ``on`` already read (:func:`~flashpoint.situation.evidence.read_corpora`, a replay's
        one read of the store); else the store is read.
    """
    on = check_date(on, scenario)
    if corpus is None:
        corpus = read_corpus(scenario, on, db)
    elif corpus.on != on:
        raise ValueError(f"assess: the corpus is of {corpus.on}, not {on}")
    data = scenario.model_dump(mode="json", by_alias=True)
    reports = [_evaluate(scenario, iid, corpus, data) for iid in scenario.indicators]
    order = sorted(
        (r for r in reports if r["status"] == "applied"),
        key=lambda r: (r["latest"], list(scenario.indicators).index(r["id"])),
    )
    updates: list[dict[str, Any]] = []
    for r in order:
        evidence = [{k: e[k] for k in ("doc_id", "sentence", "published")} for e in r["evidence"]]
        for u in r["updates"]:
            for earlier in updates:
                if earlier["parameter"] == u["parameter"] and "superseded_by" not in earlier:
                    earlier["superseded_by"] = r["id"]
            updates.append({"indicator": r["id"], **u, "evidence": evidence})
    for r in reports:
        r.pop("latest", None)
    return Situation(
        scenario=scenario,
        on=on,
        indicators=reports,
        updates=updates,
        resolutions=[r["resolution"] for r in reports if r["status"] == "proposed"],
        coverage={
            "store": corpus.store,
            "documents_after_as_of": corpus.documents_after_as_of,
            "undated_documents_ignored": corpus.undated_documents,
        },
    )


def situation(
    scenario: str | Path | Scenario | None, as_of: dt.date | str, db: str | Path | None = None
) -> dict[str, Any]:
    """The situation of a scenario (shipped id, YAML file, Scenario or None for the default) at ``as_of``, as
    the ``flashpoint situation --json`` object (see :func:`assess`)."""
    from flashpoint.world.catalog import load_scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return assess(sc, as_of, db).to_json()


__all__ = ["Situation", "assess", "check_date", "situation"]
