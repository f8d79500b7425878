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
  an unresolved row carries the market's current value, which ForecastBench scores against.

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


def _resolutions(questions: pd.DataFrame, snapshot: str) -> list[dict[str, Any]]:
    rows = []
    for q in questions.itertuples(index=False):
        value = q.resolved_to
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        value = float(value)
        if q.resolved and value in (0.0, 1.0):
            outcome = "yes" if value == 1.0 else "no"
        elif q.market and not q.resolved:
            outcome = "provisional"  # ForecastBench scores open market questions against the crowd value
        else:
            continue  # an unresolved dataset horizon: not scored yet
        rows.append(
            {
                "question_id": q.question_id,
                "outcome": outcome,
                "value": value,
                "resolved_on": q.resolution_date,
                "source": f"ForecastBench resolution set {snapshot}",
                "note": None,
                "reason": None,
            }
        )
    return rows


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
    resolutions = _resolutions(questions, label)
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
    errors += [f"resolution of {resolutions[i]['question_id']}: {exc}" for i, exc in refused]
    summary = {
        "questions": int(len(questions)),
        "questions_added": int(q_added),
        "forecasts": int(len(forecasts)),
        "forecasts_added": int(f_added),
        "resolutions_added": sum(s in ("resolved", "amended") for s in statuses),
        "resolutions_unchanged": sum(s == "unchanged" for s in statuses),
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
