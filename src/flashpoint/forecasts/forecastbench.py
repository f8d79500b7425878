"""Import a ForecastBench question set, resolution set and forecast set into the registry.

ForecastBench (Karger et al., ICLR 2025; data CC BY-SA 4.0, Forecasting Research Institute) publishes
question sets, resolution sets and forecast sets as JSON. The join rules (its data README):

- question <-> resolution on ``(source, id)``; rows whose ``id`` is a list are combination questions and
  are skipped;
- dataset questions (acled, dbnomics, fred, wikipedia, yfinance) resolve at several horizons: one resolution
  row per ``resolution_date``, and the forecast joins on ``(source, id, resolution_date)``; only rows with
  ``resolved == true`` are scored;
- market questions (manifold, metaculus, polymarket, infer) have ``resolution_date`` null in the forecast set:
  the one forecast joins on ``(source, id)`` and is scored against every resolution row of the question;
  an unresolved row carries the market's current value, which ForecastBench scores against. A later resolution
  set re-dates these rows; importing it marks the rows of an earlier import that it no longer has
  ``superseded`` (:func:`supersede_stale`), so several snapshots in one store do not double-count.
- A resolved row whose value is missing or not 0/1, a market value outside [0, 1], and a user's second
  forecast on the same question are reported (the import then exits 3); the user's later forecast enters the
  median.

Each resolution row becomes one registry question ``fb:<source>:<id>:<resolution_date>`` with source
``forecastbench/dataset`` or ``forecastbench/market`` and tags ``forecastbench``, the ForecastBench source
and, for dataset questions, ``horizon:<days>d``. Each individual forecast is registered under
``fb-super:<user_id>`` (kind expert) and the crowd forecaster ``fb-superforecaster-median`` (kind crowd) is
the median of the individual forecasts on each question, computed here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.errors import InputError, PartialFailure
from flashpoint.forecasts.registry import Db, opened, write_resolutions
from flashpoint.forecasts.rows import forecast_key
from flashpoint.store import registry as sql

MARKET_SOURCES = frozenset({"manifold", "metaculus", "polymarket", "infer"})
MEDIAN_ID = "fb-superforecaster-median"


def _load(path: Path | str, key: str, what: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such {what} file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{path}: a ForecastBench {what} must be JSON; got unreadable input ({exc})."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"{path}: a ForecastBench {what} needs a list under {key!r}; it has none.")
    return data, data[key]


def _question_text(q: dict[str, Any], due: str, resolution_date: str) -> str:
    return (
        str(q.get("question", ""))
        .replace("{resolution_date}", resolution_date)
        .replace("{forecast_due_date}", due)
    )


def _is_market(q: dict[str, Any]) -> bool:
    dates = q.get("resolution_dates")
    return q["source"] in MARKET_SOURCES or not isinstance(dates, list)


def _questions(qset: list[dict[str, Any]], rset: list[dict[str, Any]], due: str) -> pd.DataFrame:
    """One registry question per resolution row of a question in the set (combinations skipped)."""
    by_key = {(str(q["source"]), str(q["id"])): q for q in qset}
    rows = []
    for r in rset:
        if not isinstance(r.get("id"), str):
            continue  # a combination question
        q = by_key.get((str(r.get("source")), r["id"]))
        if q is None:
            continue  # an LLM-set question not in this (human) question set
        date = str(r.get("resolution_date"))[:10]
        market = _is_market(q)
        tags = ["forecastbench", q["source"]]
        if not market:
            days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(due)).days
            tags.append(f"horizon:{days}d")
        rows.append(
            {
                "question_id": f"fb:{q['source']}:{q['id']}:{date}",
                "fb_source": q["source"],
                "fb_id": q["id"],
                "fb_date": date,
                "market": market,
                "text": _question_text(q, due, date),
                "resolution_criteria": q.get("resolution_criteria"),
                "start_date": dt.date.fromisoformat(due),
                "resolution_date": dt.date.fromisoformat(date),
                "source": "forecastbench/market" if market else "forecastbench/dataset",
                "tags": tags,
                "url": q.get("url"),
                "resolved": bool(r.get("resolved")),
                "resolved_to": r.get("resolved_to"),
            }
        )
    return pd.DataFrame(rows).drop_duplicates("question_id")


def _forecasts(
    questions: pd.DataFrame, fset: list[dict[str, Any]], due: str, label: str
) -> tuple[pd.DataFrame, list[str], int]:
    """Individual forecasts joined to registry questions plus their median; refusals; the unmatched count."""
    errors = []
    good = []
    for i, f in enumerate(fset):
        p = f.get("forecast")
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 <= float(p) <= 1.0:
            errors.append(
                f"forecast #{i + 1} ({f.get('source')}:{f.get('id')}): forecast must be a "
                f"probability in [0, 1]; got {p!r}."
            )
            continue
        if not f.get("user_id"):
            errors.append(f"forecast #{i + 1} ({f.get('source')}:{f.get('id')}): user_id is missing.")
            continue
        date = f.get("resolution_date")
        good.append(
            {
                "fb_source": str(f.get("source")),
                "fb_id": str(f.get("id")),
                "fb_date": None if date is None else str(date)[:10],
                "user": str(f["user_id"]),
                "probability": float(p),
            }
        )
    fc = pd.DataFrame(good, columns=["fb_source", "fb_id", "fb_date", "user", "probability"])
    # a user who forecast a question twice enters its median once: the later row of the file stands
    dup = fc.duplicated(["fb_source", "fb_id", "fb_date", "user"], keep="last")
    for i in np.flatnonzero(dup.to_numpy()):
        r = fc.iloc[i]
        errors.append(
            f"forecast {r['fb_source']}:{r['fb_id']}:{r['fb_date'] or '-'} by user {r['user']}: a second "
            "forecast on the same question; the later one is kept and enters the median once."
        )
    fc = fc[~dup]
    qs = questions[["question_id", "fb_source", "fb_id", "fb_date", "market"]]
    dataset = qs[~qs["market"]].merge(fc.dropna(subset=["fb_date"]), on=["fb_source", "fb_id", "fb_date"])
    market = qs[qs["market"]].merge(
        fc[fc["fb_date"].isna()].drop(columns="fb_date"), on=["fb_source", "fb_id"]
    )
    joined = pd.concat([dataset, market], ignore_index=True)
    matched = joined[["fb_source", "fb_id", "user"]].assign(
        fb_date=joined["fb_date"].where(~joined["market"])
    )
    n_unmatched = len(fc) - len(matched.drop_duplicates())
    made_at = dt.date.fromisoformat(due)
    indiv = pd.DataFrame(
        {
            "question_id": joined["question_id"],
            "forecaster_id": "fb-super:" + joined["user"],
            "kind": "expert",
            "probability": joined["probability"].astype(np.float64),
            "made_at": made_at,
            "origin": f"forecastbench:{label}",
        }
    )
    indiv["source_key"] = [
        forecast_key("forecastbench", label, q, u)
        for q, u in zip(indiv["question_id"], joined["user"], strict=True)
    ]
    median = indiv.groupby("question_id", sort=True)["probability"].median().reset_index()
    median = median.assign(
        forecaster_id=MEDIAN_ID,
        kind="crowd",
        made_at=made_at,
        origin=f"forecastbench:{label}",
        note="median of the individual superforecaster forecasts",
    )
    median["source_key"] = [forecast_key("forecastbench", label, q, "median") for q in median["question_id"]]
    return pd.concat([indiv, median], ignore_index=True), errors, n_unmatched


def _resolutions(questions: pd.DataFrame, snapshot: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Resolution rows to store, and messages for rows that cannot be scored (they are not stored)."""
    rows, errors = [], []
    for q in questions.itertuples(index=False):
        value = q.resolved_to
        blank = value is None or (isinstance(value, float) and np.isnan(value))
        if not q.resolved and not q.market:
            continue  # an unresolved dataset horizon: not scored yet (ForecastBench's rule)
        if blank:
            errors.append(f"resolution of {q.question_id}: resolved_to must be a number; got {value!r}.")
            continue
        value = float(value)
        if q.resolved and value in (0.0, 1.0):
            outcome = "yes" if value == 1.0 else "no"
        elif q.resolved:
            errors.append(
                f"resolution of {q.question_id}: a resolved question must resolve to 0 or 1; got {value!r} "
                "(not stored, not scored)."
            )
            continue
        elif 0.0 <= value <= 1.0:
            outcome = "provisional"  # ForecastBench scores open market questions against the crowd value
        else:
            errors.append(f"resolution of {q.question_id}: a market value must be in [0, 1]; got {value!r}.")
            continue
        rows.append(
            {
                "question_id": q.question_id,
                "outcome": outcome,
                "value": value,
                "resolved_on": dt.datetime.combine(q.resolution_date, dt.time(0)),
                "source": f"ForecastBench resolution set {snapshot}",
                "note": None,
                "reason": None,
            }
        )
    return rows, errors


def supersede_stale(store: Any, qset: list[dict[str, Any]], questions: pd.DataFrame, snapshot: str) -> int:
    """Mark the stored rows of this question set that this resolution snapshot no longer has as superseded.

    ForecastBench's later resolution sets re-date a market question's rows (four horizons in 2025-02-17, one
    row at resolution or at the snapshot date later) and drop some questions (4 dbnomics ones by 2025-09-05),
    so rows of an earlier import would otherwise stay scored beside the new ones. Each stale row gets a
    ``superseded`` resolution (kept in the history, never scored) that amends its current one. The last import
    wins. Returns the count.
    """
    prefixes = [f"fb:{q['source']}:{q['id']}:" for q in qset if isinstance(q.get("id"), str)]
    stored = []
    for source in ("forecastbench/market", "forecastbench/dataset"):
        stored += sql.question_ids_with_prefixes(store.con, prefixes, source=source)
    stale = sorted(set(stored) - set(questions["question_id"]))
    if not stale:
        return 0
    current = sql.current_resolutions(store.con, stale).to_dict(orient="records")
    rows = [
        {
            "question_id": c["question_id"],
            "outcome": "superseded",
            "value": None,
            "resolved_on": c["resolved_on"],
            "source": f"ForecastBench resolution set {snapshot}",
            "amends": int(c["resolution_id"]),
            "reason": f"superseded by ForecastBench resolution set {snapshot} (rows re-dated or dropped)",
        }
        for c in current
        if c["outcome"] != "superseded"
    ]
    with store.transaction() as con:
        sql.insert_resolutions(con, rows)
    return len(rows)


def import_forecastbench(
    question_set: Path | str,
    resolution_set: Path | str,
    forecast_set: Path | str,
    *,
    amend: bool = False,
    reason: str | None = None,
    db: Db = None,
) -> dict[str, Any]:
    """Load the three ForecastBench files into the registry (idempotent: a second import adds nothing).

    Returns
    -------
    dict with counts: questions, questions_added, forecasts, forecasts_added, resolutions_added,
    resolutions_unchanged, combination_rows_skipped, forecasts_unmatched, forecasters, errors (messages).

    Raises
    ------
    PartialFailure
        After importing the rest, when some rows were refused (bad probability, contradicting resolution).
    """
    qdata, qset = _load(question_set, "questions", "question set")
    rdata, rset = _load(resolution_set, "resolutions", "resolution set")
    fdata, fset = _load(forecast_set, "forecasts", "forecast set")
    due = str(qdata.get("forecast_due_date") or fdata.get("forecast_due_date") or "")[:10]
    try:
        dt.date.fromisoformat(due)
    except ValueError:
        raise InputError(
            f"{question_set}: forecast_due_date must be a date YYYY-MM-DD; got {due!r}."
        ) from None
    label = Path(resolution_set).name
    questions = _questions(qset, rset, due)
    if questions.empty:
        raise InputError(f"{resolution_set}: no resolution row matches a question of {question_set}.")
    forecasts, errors, n_unmatched = _forecasts(questions, fset, due, Path(forecast_set).name)
    resolutions, unscorable = _resolutions(questions, label)
    errors += unscorable
    for row in resolutions:
        row["reason"] = reason
    qcols = [
        "question_id",
        "text",
        "resolution_criteria",
        "start_date",
        "resolution_date",
        "source",
        "tags",
        "url",
    ]
    forecasters = forecasts[["forecaster_id", "kind"]].drop_duplicates()
    with opened(db) as store:
        with store.transaction() as con:
            q_added = sql.insert_questions(con, questions[qcols])
            sql.insert_forecasters(con, forecasters.assign(name=forecasters["forecaster_id"]))
            f_added = sql.insert_forecasts(con, forecasts)
        statuses, refused = write_resolutions(store, resolutions, amend=amend)
        superseded = supersede_stale(store, qset, questions, label)
    errors += [f"resolution of {resolutions[i]['question_id']}: {exc}" for i, exc in refused]
    summary = {
        "questions": int(len(questions)),
        "questions_added": int(q_added),
        "forecasts": int(len(forecasts)),
        "forecasts_added": int(f_added),
        "resolutions_added": sum(s in ("resolved", "amended") for s in statuses),
        "resolutions_unchanged": sum(s == "unchanged" for s in statuses),
        "resolutions_superseded": superseded,
        "combination_rows_skipped": sum(not isinstance(r.get("id"), str) for r in rset),
        "forecasts_unmatched": int(n_unmatched),
        "forecasters": int(len(forecasters)),
        "errors": errors,
    }
    if errors:
        failure = PartialFailure(
            f"forecastbench import: {len(errors)} row(s) refused, the rest imported; first: {errors[0]}"
        )
        failure.result = summary
        raise failure
    return summary
