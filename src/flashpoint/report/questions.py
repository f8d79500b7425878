"""Questions as the workspace shows them: the table (model probability, intervals, experts' odds,
resolution) and one question's page (resolution text, probability path, drivers, linked statements,
resolutions and scores).

Sources: the newest stored run of the scenario without overrides (or the run named), else a seeded run
computed now and marked ``stored: false``; experts' odds from the registry (direct forecasts and accepted
links, as P(yes)); paths and drivers from the workspace's seeded base simulation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.errors import NotFoundError
from flashpoint.forecasts.registry import records
from flashpoint.forecasts.scoring import score_brier, score_log
from flashpoint.report.workspace import DEFAULT_WORLDS, Workspace
from flashpoint.sim.result import SimResult
from flashpoint.store import articles
from flashpoint.store import registry as sql
from flashpoint.store.runs import run_questions


def _pair(row: dict[str, Any], name: str) -> list[float] | None:
    """``[lo, hi]`` from ``name`` (a list) or ``name_lo``/``name_hi`` columns, when present and finite."""
    value = row.get(name)
    if value is None:
        value = [row.get(f"{name}_lo"), row.get(f"{name}_hi")]
    try:
        lo, hi = float(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError):
        return None
    return [lo, hi] if math.isfinite(lo) and math.isfinite(hi) else None


def model_rows(ws: Workspace, run_id: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The model's probabilities: (source, rows). Rows carry id, text, horizon_months, probability, ci90
    and, where the run has them, assumption_ci90 and any other fields, read by name."""
    with ws.store() as st:
        run = articles.get_run(st, run_id) if run_id else articles.latest_run(st, ws.scenario.id)
        if run is not None:
            frame = run_questions(st, run["run_id"])
            rows = [{**r, "id": r["question_id"]} for r in records(frame)]
            source = {
                "run_id": run["run_id"],
                "stored": True,
                "worlds": int(run["worlds"]),
                "seed": int(run["seed"]),
                "as_of": str(run["as_of"])[:10],
            }
            return source, rows
    public = ws.baseline(DEFAULT_WORLDS)
    source = {"run_id": None, "stored": False, "worlds": DEFAULT_WORLDS, "seed": ws.seed, "as_of": None}
    return source, [dict(q) for q in public["questions"]]


def questions_table(ws: Workspace, run_id: str | None = None) -> dict[str, Any]:
    """See :func:`_questions_table`; remembered until the store changes."""
    return ws.cached(("questions", run_id), lambda: _questions_table(ws, run_id))


def _questions_table(ws: Workspace, run_id: str | None = None) -> dict[str, Any]:
    """Every question of the run with the model's probability and intervals beside the experts' odds.

    Returns
    -------
    dict with ``source`` (run_id, stored, worlds, seed) and ``questions``: list of {id, text,
    horizon_months, probability, ci90, assumption_ci90 (or None), experts: [{forecaster_id, p_yes, via}],
    outcome (current resolution or None)}.
    """
    source, rows = model_rows(ws, run_id)
    with ws.store() as st:
        frame = sql.scoring_frame(st.con)
        resolved = sql.current_resolutions(st.con)
    experts = frame[frame["kind"] != "model"] if not frame.empty else frame
    outcome = dict(zip(resolved["question_id"], resolved["outcome"], strict=True)) if len(resolved) else {}
    out = []
    for r in rows:
        qid = r["id"]
        mine = experts[experts["question_id"] == qid] if len(experts) else experts
        out.append(
            {
                "id": qid,
                "text": r.get("text"),
                "horizon_months": r.get("horizon_months"),
                "probability": r.get("probability"),
                "ci90": _pair(r, "ci90"),
                "assumption_ci90": _pair(r, "assumption_ci90"),
                "experts": [
                    {"forecaster_id": e["forecaster_id"], "p_yes": e["p_yes"], "via": e["via"]}
                    for e in records(mine[["forecaster_id", "p_yes", "via"]])
                ]
                if len(mine)
                else [],
                "outcome": outcome.get(qid),
            }
        )
    return {"source": source, "questions": out}


def cumulative_path(res: SimResult, qid: str, resolves: str) -> list[list[float]]:
    """P(yes) as the horizon grows: for ``eventually`` the share of worlds where the event happened by month
    m; for ``throughout`` the share where the condition still held at month m.

    Returns points [m, p] for m = 0 .. horizon.
    """
    i = res.questions.index(qid)
    months = res.months(res.first_step[:, i])
    horizon = int(round(float(res.horizon_steps[i]) * res.step_days / 30.4375))
    points = []
    for m in range(0, max(horizon, 1) + 1):
        happened = (months >= 0) & (months <= m)
        p = float(np.mean(~happened)) if resolves == "throughout" else float(np.mean(happened))
        points.append([m, round(p, 6)])
    return points


# Fewer worlds than this answering YES (or NO) leave about ten per third: no driver can be told from noise, so
# none is ranked (an assumption of this page; `flashpoint sensitivity` gives Sobol indices at any size).
MIN_OUTCOME_WORLDS = 30


def _rankable(n_yes: int, n_worlds: int) -> bool:
    """Whether enough worlds answered each way (``MIN_OUTCOME_WORLDS``) for drivers to be ranked."""
    return min(n_yes, n_worlds - n_yes) >= MIN_OUTCOME_WORLDS


def drivers(res: SimResult, qid: str, top: int = 6) -> list[dict[str, Any]]:
    """The uncertain parameters that move a question most in the base simulation: P(yes) among the worlds in
    the parameter's top third minus that in its bottom third, with the difference's standard error.

    Returns
    -------
    list of {path, p_low, p_high, delta, se}, largest |delta| first (at most ``top``); empty when fewer
    than ``MIN_OUTCOME_WORLDS`` worlds answered YES, or NO.
    """
    yes = res.yes[:, res.questions.index(qid)]
    if not _rankable(int(np.count_nonzero(yes)), yes.size):
        return []
    out = []
    for path, values in res.draws.items():
        x = np.asarray(values, dtype=np.float64)
        lo_cut, hi_cut = np.quantile(x, [1 / 3, 2 / 3])
        low, high = x <= lo_cut, x >= hi_cut
        if lo_cut == hi_cut or not low.any() or not high.any():
            continue
        p_lo, p_hi = float(yes[low].mean()), float(yes[high].mean())
        se = math.sqrt(p_lo * (1 - p_lo) / low.sum() + p_hi * (1 - p_hi) / high.sum())
        out.append(
            {
                "path": path,
                "p_low": round(p_lo, 4),
                "p_high": round(p_hi, 4),
                "delta": round(p_hi - p_lo, 4),
                "se": round(se, 4),
            }
        )
    out.sort(key=lambda d: (-abs(d["delta"]), d["path"]))
    return out[:top]


def question_detail(ws: Workspace, qid: str, run_id: str | None = None) -> dict[str, Any]:
    """See :func:`_question_detail`; remembered until the store changes."""
    return ws.cached(("question", qid, run_id), lambda: _question_detail(ws, qid, run_id))


def _question_detail(ws: Workspace, qid: str, run_id: str | None = None) -> dict[str, Any]:
    """One question in full: text and resolution criteria, model row, probability path, replay history,
    drivers, the expert statements linked to it (with their sentences), resolutions and scores."""
    sc_q = ws.scenario.questions.get(qid)
    with ws.store() as st:
        reg_q = sql.get_question(st.con, qid)
        if sc_q is None and reg_q is None:
            raise NotFoundError(f"question {qid!r}: expected a question of {ws.scenario.id} or the registry")
        forecasts = sql.forecasts_for_question(st.con, qid)
        ids = [int(i) for i in forecasts["forecast_id"]] if len(forecasts) else []
        sources = articles.statement_sources(st, ids)
        history = articles.question_history(st, qid)
        resolutions = records(sql.resolution_history(st.con, qid))
    row = next((q for q in questions_table(ws, run_id)["questions"] if q["id"] == qid), None)
    detail: dict[str, Any] = {
        "id": qid,
        "text": sc_q.text if sc_q else reg_q["text"],
        "resolution": sc_q.resolution if sc_q else reg_q.get("resolution_criteria"),
        "horizon_months": sc_q.horizon_months if sc_q else reg_q.get("horizon_months"),
        "resolves": sc_q.resolves if sc_q else None,
        "tags": list(sc_q.tags) if sc_q else list(reg_q.get("tags") or []),
        "model": row,
        "path": [],
        "drivers": [],
        "history": records(history),
        "forecasts": records(forecasts),
        "statements": _statements(forecasts, sources),
        "resolutions": resolutions,
        "scores": _scores(forecasts, resolutions),
    }
    if sc_q is not None:
        res = ws.base()
        detail["path"] = cumulative_path(res, qid, sc_q.resolves)
        detail["drivers"] = drivers(res, qid)
        n_yes = int(np.count_nonzero(res.yes[:, res.questions.index(qid)]))
        detail["path_source"] = {
            "worlds": res.n_worlds,
            "seed": ws.seed,
            "yes": n_yes,
            "min_outcome": MIN_OUTCOME_WORLDS,
        }
        if not _rankable(n_yes, res.n_worlds):  # the web page and the report say why there is no table
            detail["drivers_note"] = (
                f"{n_yes} of {res.n_worlds} worlds of the base simulation answered yes: too few on one side "
                f"to rank drivers (at least {MIN_OUTCOME_WORLDS} each of yes and no are needed); flashpoint "
                "sensitivity gives Sobol indices with as many worlds as asked."
            )
    return detail


def _statements(forecasts: pd.DataFrame, sources: pd.DataFrame) -> list[dict[str, Any]]:
    if forecasts.empty or sources.empty:
        return []
    by_id = {r["forecast_id"]: r for r in records(sources)}
    out = []
    for f in records(forecasts):
        src = by_id.get(f["forecast_id"])
        if f["kind"] == "model" or src is None or src.get("doc_id") is None:
            continue
        out.append({**src, "p_yes": f["p_yes"], "via": f["via"]})
    return out


def _scores(forecasts: pd.DataFrame, resolutions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Brier and log score of each forecast once the question resolved yes or no."""
    if not resolutions or forecasts.empty:
        return []
    current = resolutions[-1]
    if current.get("value") is None or current.get("outcome") not in ("yes", "no"):
        return []
    frame = forecasts.dropna(subset=["p_yes"])
    if frame.empty:
        return []
    p = frame["p_yes"].to_numpy(dtype=np.float64)
    y = np.full(p.shape, float(current["value"]))
    brier, log = score_brier(p, y), score_log(p, y)
    return [
        {"forecaster_id": f, "p_yes": float(pi), "brier": float(b), "log": float(lg)}
        for f, pi, b, lg in zip(frame["forecaster_id"], p, brier, log, strict=True)
    ]
