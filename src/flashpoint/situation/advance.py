"""The scenario to simulate from a date: the situation's updates applied, questions cut to their deadlines.

- ``as_of`` becomes the date; every applied update sets its parameter (a fact's value, a parameter's value or
  distribution), with provenance naming the indicator and the documents behind it.
- Each question keeps its deadline (the original ``as_of`` plus its horizon): it is simulated for the whole
  months left (:func:`flashpoint.world.questions.months_left`); one whose deadline has passed is not
  simulated.
- A ``flow_at_least: {ratio}`` question compares a flow with its size at the original as_of ("at least 1.25
  times the first deployment"). When a quantity indicator updates that flow, the ratio is rescaled to the new
  starting size: ratio x reference / total, where reference is the reports' total before increments (or the
  scenario's mean) and total includes the increments. Both are means of their distributions (an
  approximation: the engine compares per world with the size at the start of the run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flashpoint.situation import Situation
from flashpoint.situation.rules import node_at
from flashpoint.world.loader import build_scenario
from flashpoint.world.questions import deadline, months_left, parse_condition, references
from flashpoint.world.scenario import Scenario


@dataclass
class Dated:
    """A scenario moved to a date: the scenario to simulate, and each question's deadline and months left."""

    scenario: Scenario
    deadlines: dict[str, dt.date]
    months_left: dict[str, int]
    closed: list[str]
    updates: list[dict[str, Any]]


def _set(data: dict[str, Any], path: str, value: Any, note: str) -> None:
    parts = path.split(".")
    parent = node_at(data, ".".join(parts[:-1])) if len(parts) > 1 else data
    node = parent[parts[-1]]
    if isinstance(node, dict) and "value" in node:
        is_dist = isinstance(value, dict)
        node["value"] = None if is_dist else value
        if "dist" in node or is_dist:
            node["dist"] = value if is_dist else None
        node.update(source=note, assumption=False, reason=None)
    else:
        parent[parts[-1]] = value


def _ratio_updates(sit: Situation, data: dict[str, Any], open_ids: list[str]) -> list[dict[str, Any]]:
    sc, out = sit.scenario, []
    by_flow = {}
    for report in sit.indicators:
        ind = sc.indicators[report["id"]]
        if report["status"] == "applied" and ind.kind == "quantity" and ind.evidence.flow:
            by_flow[ind.evidence.flow] = report
    for qid in open_ids:
        when = data["questions"][qid]["when"]
        spec = when.get("flow_at_least") if isinstance(when, dict) else None
        if not spec or "ratio" not in spec or spec.get("flow") not in by_flow:
            continue
        report = by_flow[spec["flow"]]
        detail = report["detail"]
        new = round(spec["ratio"] * detail["reference"] / max(detail["total"], 1e-9), 6)
        if new == spec["ratio"]:
            continue
        out.append(
            {
                "indicator": report["id"],
                "parameter": f"questions.{qid}.when.flow_at_least.ratio",
                "before": spec["ratio"],
                "after": new,
                "evidence": [
                    {k: e[k] for k in ("doc_id", "sentence", "published")} for e in report["evidence"]
                ],
            }
        )
        spec["ratio"] = new
    return out


def scenario_at(sit: Situation) -> Dated:
    """Return the scenario of ``sit`` moved to ``sit.on`` with the situation's updates applied."""
    base, on = sit.scenario, sit.on
    data = base.model_dump(mode="json", by_alias=True)
    for u in sit.updates:
        if "superseded_by" in u:
            continue
        docs = ", ".join(sorted({e["doc_id"] for e in u["evidence"]})) or "the store's coverage"
        note = f"flashpoint situation on {on}: indicator {u['indicator']} from {docs}"
        _set(data, u["parameter"], u["after"], note)
    deadlines = {qid: deadline(base.as_of, q) for qid, q in base.questions.items()}
    left = {qid: months_left(on, d) for qid, d in deadlines.items()}
    open_ids = [qid for qid in base.questions if left[qid] > 0]
    needed = set(open_ids)
    for qid in open_ids:  # a closed question that an open one refers to is kept (and not reported)
        needed |= {v for k, v, _ in references(parse_condition(base.questions[qid].when)) if k == "question"}
    for qid in list(data["questions"]):
        if qid not in needed:
            del data["questions"][qid]
        else:
            data["questions"][qid]["horizon_months"] = max(1, left[qid])
    for iid, ind in list(data.get("indicators", {}).items()):  # a settled-question indicator of a closed one
        if ind.get("question") is not None and ind["question"] not in data["questions"]:
            del data["indicators"][iid]
    extra = _ratio_updates(sit, data, open_ids)
    data["as_of"] = on.isoformat()
    sc = build_scenario(data, origin=f"{base.origin} at {on}")
    return Dated(
        scenario=sc,
        deadlines={q: deadlines[q] for q in open_ids},
        months_left={q: left[q] for q in open_ids},
        closed=[q for q in base.questions if left[q] == 0],
        updates=[u for u in sit.updates] + extra,
    )
