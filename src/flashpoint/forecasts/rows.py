"""Checking one question, forecast or resolution row at the public boundary.

The same checks serve the CLI (one row) and the CSV/JSON importers (many rows, each error reported with its
line). Every error names the field, what was expected and what was received.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from typing import Any

from flashpoint.errors import InputError
from flashpoint.ontology import EVENT_TYPES
from flashpoint.store.registry import add_months
from flashpoint.validation import check_probability

KINDS = ("model", "expert", "user", "crowd")
#: Longest question horizon (assumption: a century; a longer one is a typo and overflows date arithmetic).
MAX_HORIZON_MONTHS = 1200
OUTCOMES = ("yes", "no", "annulled", "ambiguous", "provisional")
OUTCOME_VALUE = {"yes": 1.0, "no": 0.0, "annulled": None, "ambiguous": None}


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def parse_date(value: Any, what: str) -> dt.date | None:
    """Return a date from an ISO string, date or datetime; None for blank; else :class:`InputError`."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"{what} must be a date YYYY-MM-DD; got {value!r}.") from None


def _not_future(date: dt.date, what: str) -> None:
    """A forecast is made, and a question resolved, by today (tomorrow allowed for time zones)."""
    if date > dt.date.today() + dt.timedelta(days=1):
        raise InputError(f"{what} must be a date not after today ({dt.date.today()}); got {date}.")


def _list(value: Any, what: str = "a list field") -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return [v.strip() for v in value.split(sep) if v.strip()]
    if not isinstance(value, list | tuple) or any(isinstance(v, dict | list | tuple) for v in value):
        raise InputError(f"{what} must be a list of names or a string separated by ; or ,; got {value!r}.")
    return [str(v).strip() for v in value if str(v).strip()]


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def check_question(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a normalised question row or raise :class:`InputError`.

    Needs ``question_id`` and ``text``; the close is ``resolution_date``, or ``start_date`` plus
    ``horizon_months``.
    """
    qid = _text(row.get("question_id") or row.get("id"))
    if not qid:
        raise InputError("question_id must be a non-empty string; got nothing.")
    text = _text(row.get("text"))
    if not text:
        raise InputError(f"question {qid}: text must be a non-empty string; got nothing.")
    start = parse_date(row.get("start_date"), f"question {qid}: start_date")
    close = parse_date(row.get("resolution_date"), f"question {qid}: resolution_date")
    horizon = row.get("horizon_months")
    if _blank(horizon):
        horizon = None
    else:
        try:
            months = float(horizon)
        except (TypeError, ValueError):
            months = math.nan
        if isinstance(horizon, bool) or not math.isfinite(months) or months != int(months):
            raise InputError(
                f"question {qid}: horizon_months must be a whole number of months; got {horizon!r}."
            ) from None
        horizon = int(months)
        if not 0 < horizon <= MAX_HORIZON_MONTHS:
            raise InputError(
                f"question {qid}: horizon_months must be in [1, {MAX_HORIZON_MONTHS}]; got {horizon!r}."
            )
        if start is None:
            raise InputError(f"question {qid}: horizon_months needs start_date (the date it counts from).")
        try:
            derived = add_months(start, horizon)
        except (ValueError, OverflowError):
            raise InputError(
                f"question {qid}: start_date {start} + {horizon} months passes the year 9999."
            ) from None
        if close is not None and close != derived:
            raise InputError(
                f"question {qid}: resolution_date {close} contradicts start_date + horizon_months "
                f"= {derived}."
            )
        close = derived
    event_type = _text(row.get("event_type"))
    if event_type and event_type.upper() not in EVENT_TYPES:
        raise InputError(
            f"question {qid}: event_type must be a PLOVER event type ({', '.join(EVENT_TYPES)}); "
            f"got {event_type!r}."
        )
    polarity = (_text(row.get("event_polarity")) or "positive").lower()
    if polarity not in ("positive", "negative"):
        raise InputError(
            f"question {qid}: event_polarity must be positive (yes asserts the event) or negative "
            f"(yes denies it); got {row.get('event_polarity')!r}."
        )
    return {
        "question_id": qid,
        "text": text,
        "resolution_criteria": _text(row.get("resolution_criteria")),
        "start_date": start,
        "horizon_months": horizon,
        "resolution_date": close,
        "source": _text(row.get("source")) or "user",
        "tags": _list(row.get("tags"), f"question {qid}: tags"),
        "actors": [a.upper() for a in _list(row.get("actors"), f"question {qid}: actors")],
        "event_type": event_type.upper() if event_type else None,
        "url": _text(row.get("url")),
        "event_polarity": polarity,
    }


def forecast_key(*parts: Any) -> str:
    """A stable idempotency key for a forecast from the values that identify it."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def check_forecast(row: Mapping[str, Any], *, origin: str = "cli") -> dict[str, Any]:
    """Return a normalised forecast row (on a question) or raise :class:`InputError`.

    Needs ``question_id``, ``forecaster_id`` (or ``forecaster``) and ``probability`` in [0, 1];
    ``made_at`` defaults to today; ``kind`` to ``user``.
    """
    qid = _text(row.get("question_id") or row.get("question"))
    if not qid:
        raise InputError("forecast: question_id must be a non-empty string; got nothing.")
    who = _text(row.get("forecaster_id") or row.get("forecaster"))
    if not who:
        raise InputError(f"forecast on {qid}: forecaster must be a non-empty string; got nothing.")
    kind = _text(row.get("kind")) or "user"
    if kind not in KINDS:
        raise InputError(f"forecast on {qid}: kind must be one of {', '.join(KINDS)}; got {kind!r}.")
    p = check_probability(row.get("probability"), f"forecast on {qid} by {who}: probability")
    made_at = parse_date(row.get("made_at"), f"forecast on {qid}: made_at") or dt.date.today()
    _not_future(made_at, f"forecast on {qid}: made_at")
    out = {
        "question_id": qid,
        "forecaster_id": who,
        "kind": kind,
        "probability": p,
        "probability_text": _text(row.get("probability_text")),
        "made_at": made_at,
        "run_id": _text(row.get("run_id")),
        "doc_id": _text(row.get("doc_id")),
        "origin": _text(row.get("origin")) or origin,
        "note": _text(row.get("note")),
    }
    out["source_key"] = _text(row.get("source_key")) or forecast_key(kind, qid, who, made_at, p)
    return out


def check_resolution(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a normalised resolution row or raise :class:`InputError`.

    ``outcome`` is yes | no | annulled | ambiguous, or provisional with a ``value`` in [0, 1] (ForecastBench's
    crowd value for a question still open); ``resolved_on`` is required.
    """
    qid = _text(row.get("question_id") or row.get("question"))
    if not qid:
        raise InputError("resolution: question_id must be a non-empty string; got nothing.")
    outcome = (_text(row.get("outcome")) or "").lower()
    if outcome not in OUTCOMES:
        raise InputError(
            f"resolution of {qid}: outcome must be one of yes, no, annulled, ambiguous; "
            f"got {row.get('outcome')!r}."
        )
    when = parse_date(row.get("resolved_on") or row.get("date"), f"resolution of {qid}: date")
    if when is None:
        raise InputError(f"resolution of {qid}: a date (YYYY-MM-DD) is required; got nothing.")
    _not_future(when, f"resolution of {qid}: date")
    if outcome == "provisional":
        value = check_probability(row.get("value"), f"resolution of {qid}: provisional value")
    else:
        value = OUTCOME_VALUE[outcome]
    return {
        "question_id": qid,
        "outcome": outcome,
        "value": value,
        "resolved_on": when,
        "source": _text(row.get("source")),
        "note": _text(row.get("note")),
        "reason": _text(row.get("reason")),
    }
