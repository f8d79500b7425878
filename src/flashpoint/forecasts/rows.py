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
from flashpoint.store.registry import add_months

# flashpoint.ontology (four YAML files) and flashpoint.validation (PyYAML) load where a row is checked, not
# on import: `flashpoint questions list` reads the registry through this module and needs neither.

KINDS = ("model", "expert", "user", "crowd")
#: Longest question horizon (assumption: a century; a longer one is a typo and overflows date arithmetic).
MAX_HORIZON_MONTHS = 1200
OUTCOMES = ("yes", "no", "annulled", "ambiguous", "provisional", "superseded")
OUTCOME_VALUE = {"yes": 1.0, "no": 0.0, "annulled": None, "ambiguous": None, "superseded": None}


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


def _not_future(date: dt.date | dt.datetime, what: str) -> None:
    """A forecast is made, and a question resolved, by today (tomorrow allowed for time zones)."""
    day = date.date() if isinstance(date, dt.datetime) else date
    if day > dt.date.today() + dt.timedelta(days=1):
        raise InputError(f"{what} must be a date not after today ({dt.date.today()}); got {day}.")


def parse_time(value: Any, what: str) -> dt.datetime | None:
    """A naive UTC datetime from an ISO date or date-time, a date (midnight) or a datetime; None for blank.

    A bare date is midnight at its start: a forecast entered "on" the day a question resolves (dated only by
    the day) is not strictly before the resolution and never counts.
    """
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    elif hasattr(value, "to_pydatetime"):
        when = value.to_pydatetime()
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"{what} must be a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM[:SS]; got {value!r}."
            ) from None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def stamp(value: dt.datetime | None) -> str | None:
    """A timestamp as ISO text: the bare date when it is midnight, else date and time."""
    if value is None:
        return None
    if value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def _list(value: Any, what: str = "a list field") -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return [v.strip() for v in value.split(sep) if v.strip()]
    if not isinstance(value, list | tuple) or any(isinstance(v, dict | list | tuple) for v in value):
        raise InputError(f"{what} must be a list of names or a string separated by ; or ,; got {value!r}.")
    return [str(v).strip() for v in value if str(v).strip()]


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


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
    from flashpoint.ontology import EVENT_TYPES

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


def probability_from_words(p: Any, words: str | None, what: str) -> float:
    """The probability of a forecast given as a number, as ICD 203 words, or both (they must agree).

    Words alone give their band's mid-point ("unlikely" -> 0.32); a number with ICD 203 words must lie in the
    words' band ([0.20, 0.45] for "unlikely"); words that are not on the scale are kept as free text.
    """
    from flashpoint.ontology import estimative_band
    from flashpoint.validation import check_probability

    band = estimative_band(words) if words else None
    if _blank(p):
        if band is None:
            hint = f"; {words!r} is not an ICD 203 phrase" if words else ""
            raise InputError(f"{what} must be a probability in [0, 1] or ICD 203 words; got nothing{hint}.")
        return float(band.p)
    value = check_probability(p, what)
    if band is not None and not band.low <= value <= band.high:
        raise InputError(
            f"{what} {value} contradicts its words {words!r} (ICD 203 '{band.term}': "
            f"{band.low}-{band.high}); give a probability in that range, or other words."
        )
    return value


def check_forecast(row: Mapping[str, Any], *, origin: str = "cli") -> dict[str, Any]:
    """Return a normalised forecast row (on a question) or raise :class:`InputError`.

    Needs ``question_id``, ``forecaster_id`` (or ``forecaster``) and ``probability`` in [0, 1] or ICD 203
    ``probability_text`` (or both, agreeing); ``made_at`` (a date or date-time) defaults to now (UTC);
    ``kind`` to ``user``. ``source_key`` is kept when given (an export coming back), else left to the caller.
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
    words = _text(row.get("probability_text") or row.get("words"))
    p = probability_from_words(row.get("probability"), words, f"forecast on {qid} by {who}: probability")
    made_at = parse_time(row.get("made_at"), f"forecast on {qid}: made_at")
    if made_at is None:
        made_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    _not_future(made_at, f"forecast on {qid}: made_at")
    return {
        "question_id": qid,
        "forecaster_id": who,
        "kind": kind,
        "probability": p,
        "probability_text": words,
        "made_at": made_at,
        "run_id": _text(row.get("run_id")),
        "doc_id": _text(row.get("doc_id")),
        "origin": _text(row.get("origin")) or origin,
        "note": _text(row.get("note")),
        "source_key": _text(row.get("source_key")),
    }


STATEMENT_FIELDS = (
    "proposition",
    "polarity",
    "horizon_text",
    "horizon_start",
    "horizon_end",
    "event_type",
    "event_actor",
    "event_recipient",
    "doc_id",
    "sentence",
    "char_start",
    "char_end",
    "sentence_text",
)


def check_statement(row: Mapping[str, Any], *, origin: str = "import") -> dict[str, Any]:
    """Return a normalised expert statement (a forecast tied to no question) or raise :class:`InputError`.

    Needs ``forecaster_id``, ``proposition`` and ``source_key`` (its identity, which links refer to); the
    probability may be blank ("could at some point"), and so may ``made_at`` (an undated article).
    """
    who = _text(row.get("forecaster_id") or row.get("forecaster"))
    key = _text(row.get("source_key"))
    what = f"statement {key or ''}".strip()
    if not who:
        raise InputError(f"{what}: forecaster must be a non-empty string; got nothing.")
    if not key:
        raise InputError(f"{what} by {who}: source_key must be given (links refer to it); got nothing.")
    from flashpoint.validation import check_probability

    p = row.get("probability")
    out: dict[str, Any] = {
        "question_id": None,
        "forecaster_id": who,
        "kind": _text(row.get("kind")) or "expert",
        "probability": None if _blank(p) else check_probability(p, f"{what}: probability"),
        "probability_text": _text(row.get("probability_text")),
        "made_at": parse_time(row.get("made_at"), f"{what}: made_at"),
        "origin": _text(row.get("origin")) or origin,
        "note": _text(row.get("note")),
        "source_key": key,
    }
    for field in STATEMENT_FIELDS:
        value = row.get(field)
        out[field] = None if _blank(value) else value
    for field in ("sentence", "char_start", "char_end"):
        if out[field] is not None:
            out[field] = int(float(out[field]))
    for field in ("horizon_start", "horizon_end"):
        out[field] = parse_date(out[field], f"{what}: {field}")
    return out


LINK_RELATIONS = ("same", "negated")
LINK_STATUSES = ("proposed", "accepted")


def check_link(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a normalised link (statement ``source_key`` -> ``question_id``) or raise :class:`InputError`."""
    key, qid = _text(row.get("source_key")), _text(row.get("question_id"))
    if not key or not qid:
        raise InputError(f"link: source_key and question_id must be given; got {key!r} and {qid!r}.")
    relation = (_text(row.get("relation")) or "").lower()
    status = (_text(row.get("status")) or "proposed").lower()
    if relation not in LINK_RELATIONS:
        raise InputError(f"link {key}:{qid}: relation must be same or negated; got {row.get('relation')!r}.")
    if status not in LINK_STATUSES:
        raise InputError(f"link {key}:{qid}: status must be proposed or accepted; got {row.get('status')!r}.")
    score = _number(row.get("score"))
    return {
        "source_key": key,
        "question_id": qid,
        "relation": relation,
        "status": status,
        "score": 1.0 if score is None or math.isnan(score) else score,
        "details": _text(row.get("details")),
        "accepted_at": parse_time(row.get("accepted_at"), f"link {key}:{qid}: accepted_at"),
    }


def content_key(row: Mapping[str, Any], occurrence: int = 0) -> str:
    """The idempotency key of a checked forecast: its kind, question, forecaster, time and probability, plus
    ``occurrence`` (how many identical forecasts precede it) so that 0.3 -> 0.7 -> 0.3 keeps all three."""
    parts = [row["kind"], row["question_id"], row["forecaster_id"], stamp(row["made_at"]), row["probability"]]
    return forecast_key(*parts, *([occurrence] if occurrence else []))


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
    when = parse_time(row.get("resolved_on") or row.get("date"), f"resolution of {qid}: date")
    if when is None:
        raise InputError(f"resolution of {qid}: a date (YYYY-MM-DD) is required; got nothing.")
    if when > dt.datetime.now(dt.UTC).replace(tzinfo=None):
        raise InputError(f"resolution of {qid}: the date must not be in the future; got {stamp(when)}.")
    if outcome == "provisional":
        from flashpoint.validation import check_probability

        value = check_probability(row.get("value"), f"resolution of {qid}: provisional value")
    else:
        value = OUTCOME_VALUE[outcome]
        given = row.get("value")
        if not _blank(given) and value is not None and _number(given) != value:
            raise InputError(
                f"resolution of {qid}: value must be {value:g} for outcome {outcome}; got {given!r}."
            )
    return {
        "question_id": qid,
        "outcome": outcome,
        "value": value,
        "resolved_on": when,
        "source": _text(row.get("source")),
        "note": _text(row.get("note")),
        "reason": _text(row.get("reason")),
    }
