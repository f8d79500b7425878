"""The indicator rules: fact, quantity (reports combined with their spread), rate (gamma-Poisson), settles.

Each rule turns the matched evidence into a proposed update ``{parameter, before, after}`` of the scenario
(plain values or distribution mappings, as in the YAML) or, for ``settles``, a proposed resolution.

Quantity rule. Each report becomes an interval by its qualifier (assumptions, stated here): exact ``[x, x]``,
range ``[x, high]``,
about ``[0.9x, 1.1x]``, at least ``[x, 1.2x]``, up to ``[0.8x, x]``; converted by the indicator's ``units``
factor and ``offset``. The totals (reports that are not increments) give ``triangular(low = the lowest bound,
mode = the median of the midpoints, high = the highest bound)`` (a single exact value when they all agree);
increments ("3,000 more") published after the latest total are added to low, mode and high.

Rate rule (gamma-Poisson). Prior on the monthly rate: Gamma(shape = baseline x w, rate = w), w =
``prior_months``. With n matched events (one per day, type and dyad) in the t months from the scenario's as_of
to the date, the posterior mean is (baseline x w + n) / (w + t); the parameter is multiplied by
posterior mean / baseline. Coverage: it applies only when at least ``needs.reports`` documents published in
those months report events involving both actors of the dyad (a corpus that does not follow the dyad
says nothing about its rate).
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import pandas as pd

from flashpoint.world.indicators import Indicator
from flashpoint.world.questions import Question

MONTH_DAYS = 30.4375
QUALIFIER_BOUNDS = {"exact": (1.0, 1.0), "about": (0.9, 1.1), "at_least": (1.0, 1.2), "up_to": (0.8, 1.0)}
SCALED_FIELDS = ("low", "mode", "high", "values")


def node_at(data: dict[str, Any], path: str) -> Any:
    """The node of a dumped scenario at a dotted path."""
    cur: Any = data
    for part in path.split("."):
        cur = cur[part]
    return cur


def shown(node: Any) -> Any:
    """A parameter's value as shown in an update: the value, or its distribution mapping."""
    if isinstance(node, dict) and "value" in node:
        if node.get("value") is not None or "dist" not in node:
            return node["value"]
        return node["dist"]
    return node


def _mean(node: Any) -> float:
    value = shown(node)
    if isinstance(value, dict):
        if value["kind"] == "uniform":
            return (value["low"] + value["high"]) / 2
        if value["kind"] == "triangular":
            return (value["low"] + value["mode"] + value["high"]) / 3
        if "values" in value:
            return float(sum(value["values"]) / len(value["values"]))
        return float(value.get("mean", 0.0))
    return float(value)


def fact(ind: Indicator, data: dict[str, Any]) -> list[dict[str, Any]]:
    """One update per ``sets`` path."""
    return [{"parameter": p, "before": shown(node_at(data, p)), "after": v} for p, v in ind.sets.items()]


def _interval(row: Any, ind: Indicator) -> tuple[float, float]:
    lo_f, hi_f = QUALIFIER_BOUNDS.get(row.qualifier, (1.0, 1.0))
    factor = ind.units[row.unit]
    offset = 0.0 if row.increment else ind.offset
    high = getattr(row, "high", None)
    top = row.value if high is None or pd.isna(high) else high  # a range: [value, high]
    a, b = row.value * lo_f * factor + offset, top * hi_f * factor + offset
    return (min(a, b), max(a, b))


def quantity(ind: Indicator, data: dict[str, Any], rows: pd.DataFrame) -> tuple[list[dict], dict]:
    """The update of the indicator's parameter from quantity reports, and the combination's details."""
    rows = rows[rows["unit"].isin(list(ind.units))]
    totals = rows[~rows["increment"].astype(bool)]
    node = node_at(data, ind.parameter)
    detail: dict[str, Any] = {"reports": len(rows), "totals": len(totals)}
    if totals.empty:
        dist = shown(node)
        if isinstance(dist, dict) and dist.get("kind") in ("uniform", "triangular"):
            low, high = dist["low"], dist["high"]
            mode = dist.get("mode", (low + high) / 2)
        else:
            low = mode = high = _mean(node)
        last_total = None
    else:
        spans = [_interval(r, ind) for r in totals.itertuples(index=False)]
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        mode = min(max(statistics.median((s[0] + s[1]) / 2 for s in spans), low), high)
        last_total = max(pd.to_datetime(totals["published"]).dt.date)
    detail["reference"] = round((low + mode + high) / 3, 6)
    increments = rows[rows["increment"].astype(bool)]
    if last_total is not None and not increments.empty:
        increments = increments[pd.to_datetime(increments["published"]).dt.date > last_total]
    for r in increments.itertuples(index=False):
        a, b = _interval(r, ind)
        low, mode, high = low + a, mode + (a + b) / 2, high + b
    detail["increments"] = len(increments)
    low, mode, high = (max(0.0, round(x, 6)) for x in (low, mode, high))
    after: Any = low if high - low < 1e-9 else {"kind": "triangular", "low": low, "mode": mode, "high": high}
    detail["total"] = round((low + mode + high) / 3, 6)
    return [{"parameter": ind.parameter, "before": shown(node), "after": after}], detail


def count_events(rows: pd.DataFrame) -> int:
    """Distinct events: one per publication day, event type and (unordered) pair of actors."""
    if rows.empty:
        return 0
    keys = {
        (str(r.published), r.event_type, frozenset(x for x in (r.actor_code, r.recipient_code) if x))
        for r in rows.itertuples(index=False)
    }
    return len(keys)


def rate(
    ind: Indicator, data: dict[str, Any], rows: pd.DataFrame, as_of: dt.date, on: dt.date
) -> tuple[list[dict], dict]:
    """The gamma-Poisson update of the indicator's parameter (see the module docstring)."""
    base = ind.baseline_per_month.point()
    w = float(ind.prior_months)
    t = max(0.0, (on - as_of).days / MONTH_DAYS)
    n = count_events(rows)
    posterior = (base * w + n) / (w + t)
    factor = posterior / base if base > 0 else 1.0
    node = node_at(data, ind.parameter)
    before = shown(node)
    if isinstance(before, dict):
        after = {
            k: ([x * factor for x in v] if k == "values" else v * factor) if k in SCALED_FIELDS else v
            for k, v in before.items()
        }
    else:
        after = before * factor
    detail = {
        "events": n,
        "months": round(t, 3),
        "baseline_per_month": base,
        "rate_per_month": round(posterior, 6),
        "factor": round(factor, 6),
    }
    return [{"parameter": ind.parameter, "before": before, "after": _rounded(after)}], detail


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def settles(ind: Indicator, question: Question, rows: pd.DataFrame) -> dict[str, Any]:
    """A proposed resolution of ``ind.question`` from the earliest matching report (``rows`` not empty)."""
    first = rows.assign(_day=pd.to_datetime(rows["published"]).dt.date).sort_values("_day").iloc[0]
    on = first["_day"]
    url = first.get("url")
    source = url if isinstance(url, str) and url else f"doc:{first['doc_id']}"
    return {
        "question": ind.question,
        "text": question.text,
        "outcome": ind.outcome,
        "resolved_on": on.isoformat(),
        "source": source,
        "command": f"flashpoint resolve {ind.question} {ind.outcome} --date {on} --source {source}",
    }
