"""Evidence, articles, scores and runs as the workspace shows them (pages, API and report share these).

Evidence lists come from the store's named queries (:mod:`flashpoint.store.evidence_queries`) in the same
JSON shape as ``flashpoint events|quotes|forecasts --json``; scores from
:func:`flashpoint.forecasts.track.score` (the shape of ``flashpoint score --json``)
plus the CORP reliability curve of the pooled forecasts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.errors import InputError
from flashpoint.forecasts.registry import records
from flashpoint.forecasts.scoring import decompose_corp, isotonic_calibration, reliability_bins
from flashpoint.forecasts.track import score, scored_pairs
from flashpoint.report.workspace import Workspace
from flashpoint.store import articles
from flashpoint.store.evidence_queries import query_events, query_forecasts, query_quotes, to_json_records
from flashpoint.store.runs import run_questions

KINDS = {"events": "event", "quotes": "quote", "forecasts": "forecast"}
MAX_LIMIT = 500
SCORE_SEED = 0  # the bootstrap intervals' seed: the same page every time


def evidence_list(
    ws: Workspace,
    kind: str = "events",
    *,
    actor: str | None = None,
    event_type: str | None = None,
    speaker: str | None = None,
    since: str | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    """Stored events, quotes or forecasts with filters; each record as ``flashpoint extract`` prints it plus
    the article's title and published date.

    Filters that do not apply to a kind (``event_type`` for quotes, ``speaker`` for events) are refused.
    Remembered until the store changes.
    """
    key = ("evidence", kind, actor, event_type, speaker, since, limit)
    return ws.cached(key, lambda: _evidence_list(ws, kind, actor, event_type, speaker, since, limit))


def _evidence_list(
    ws: Workspace,
    kind: str,
    actor: str | None,
    event_type: str | None,
    speaker: str | None,
    since: str | None,
    limit: int,
) -> dict[str, Any]:
    if kind not in KINDS:
        raise InputError(f"kind: expected one of {', '.join(KINDS)}; got {kind!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit: expected an integer in [1, {MAX_LIMIT}]; got {limit!r}")
    filters: dict[str, Any] = {"actor": actor or None, "since": since or None, "limit": limit}
    if kind == "events":
        if speaker:
            raise InputError("speaker: expected no speaker filter for events (events have actors); got one")
        frame = _call(query_events, ws, event_type=event_type or None, **filters)
    elif kind == "quotes":
        if event_type:
            raise InputError("type: expected no event type filter for quotes; got one")
        frame = _call(query_quotes, ws, speaker=speaker or None, **filters)
    else:
        frame = _call(query_forecasts, ws, event_type=event_type or None, speaker=speaker or None, **filters)
    rows = to_json_records(KINDS[kind], frame)
    for row, title, published in zip(rows, frame["title"], frame["published"], strict=True):
        row["title"] = title if isinstance(title, str) else None
        row["published"] = None if published is None or published != published else str(published)[:10]
    choices = ws.cached(("choices",), lambda: _choices(ws))
    return {
        "kind": kind,
        "filters": filters | {"event_type": event_type, "speaker": speaker},
        "rows": rows,
        "choices": choices,
    }


def _choices(ws: Workspace) -> dict[str, list[str]]:
    with ws.store() as st:
        return articles.filter_choices(st)


def _call(query, ws: Workspace, **kwargs: Any):
    with ws.store() as st:
        return query(st, **kwargs)


def article(ws: Workspace, doc_id: str, start: int | None = None, end: int | None = None) -> dict[str, Any]:
    """One article with the span ``[start, end)`` (a sentence's offsets) marked.

    Returns
    -------
    dict with doc_id, title, published, url, origin, sentences and ``parts``: [{text, highlight}] in order,
    the text cut at the span (escaping is the renderer's job: the text is returned as stored).
    """
    with ws.store() as st:
        doc = articles.get_document(st, doc_id)
    text = doc.pop("text")
    n = len(text)
    if start is None or end is None:
        parts = [{"text": text, "highlight": False}]
    else:
        if not (0 <= start < end <= n):
            raise InputError(f"start/end: expected 0 <= start < end <= {n}; got {start} and {end}")
        parts = [
            {"text": text[:start], "highlight": False},
            {"text": text[start:end], "highlight": True},
            {"text": text[end:], "highlight": False},
        ]
    return {**doc, "length": n, "parts": [p for p in parts if p["text"]]}


def scores(ws: Workspace) -> dict[str, Any]:
    """See :func:`_scores`; remembered until the store changes."""
    return ws.cached(("scores",), lambda: _scores(ws))


def _scores(ws: Workspace) -> dict[str, Any]:
    """Every forecaster scored on the resolved questions, plus the pooled CORP reliability diagram.

    Returns
    -------
    dict: ``flashpoint score --json``'s fields (forecasters, groups, excluded, questions_scored) and
    ``reliability``: {n, bins [{lo, hi, count, mean_p, freq}], corp_x, corp_y, corp (MCB, DSC, UNC)} or None.
    """
    with ws.store() as st:
        result = score(rng=SCORE_SEED, n_boot=1000, db=st)
        pairs = scored_pairs(db=st)
    result = _finite(result)
    for row in result["forecasters"]:  # the time-averaged Brier, under whichever name the registry gives it
        names = [k for k in row if "brier" in k and "time" in k and not isinstance(row[k], list | dict)]
        row["brier_time_avg"] = row[names[0]] if names else None
    result["reliability"] = None
    if not pairs.empty:
        p = pairs["p_yes"].to_numpy(dtype=np.float64)
        y = pairs["y"].to_numpy(dtype=np.float64)
        bins = reliability_bins(p, y, 10)
        order = np.argsort(p, kind="stable")
        fitted = isotonic_calibration(p, y)
        corp = decompose_corp(p, y)
        result["reliability"] = {
            "n": int(p.size),
            "bins": [
                {"lo": float(lo), "hi": float(hi), "count": int(c), "mean_p": float(m), "freq": float(f)}
                for lo, hi, c, m, f in zip(
                    bins["edges"][:-1],
                    bins["edges"][1:],
                    bins["count"],
                    bins["mean_p"],
                    bins["freq"],
                    strict=True,
                )
                if c > 0
            ],
            "corp_x": [float(v) for v in p[order]],
            "corp_y": [float(v) for v in fitted[order]],
            "corp": {"mcb": corp.reliability, "dsc": corp.resolution, "unc": corp.uncertainty},
        }
    return result


def _finite(value: Any) -> Any:
    """NaN and infinities as None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, np.generic):
        return _finite(value.item())
    return value


def runs(ws: Workspace, limit: int = 50) -> list[dict[str, Any]]:
    """The newest stored runs (all scenarios) with their question counts."""
    with ws.store() as st:
        return records(articles.list_runs_page(st, limit))


def compare(ws: Workspace, run_a: str, run_b: str) -> dict[str, Any]:
    """Two stored runs side by side: each shared question's probabilities, the difference and its z score
    (difference over the combined Monte Carlo standard error)."""
    with ws.store() as st:
        a, b = articles.get_run(st, run_a), articles.get_run(st, run_b)
        qa, qb = run_questions(st, run_a), run_questions(st, run_b)
    right = {r["question_id"]: r for r in records(qb)}
    rows = []
    for r in records(qa):
        other = right.get(r["question_id"])
        if other is None:
            continue
        se = math.hypot(r["stderr"] or 0.0, other["stderr"] or 0.0)
        diff = other["probability"] - r["probability"]
        rows.append(
            {
                "id": r["question_id"],
                "a": r["probability"],
                "b": other["probability"],
                "delta": round(diff, 6),
                "z": round(diff / se, 2) if se > 0 else None,
            }
        )
    return {
        "a": _finite(records(pd.DataFrame([a]))[0]),
        "b": _finite(records(pd.DataFrame([b]))[0]),
        "questions": rows,
    }
