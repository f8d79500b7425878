"""Expert statements from articles: register them, and propose the questions each one speaks to.

Registration copies each forecast that ``flashpoint ingest`` extracted into the registry as an expert
statement (kind ``expert``, forecaster = the predictor's name, made at the article's publication date,
provenance = document, sentence and character offsets). The probability is the one the estimative words
imply (ICD 203), kept as stated with the words; it may be null ("could at some point").

**Probability convention.** ``probability`` is P(``proposition``). "Unlikely that NATO forces will enter
East Asia soon" has proposition "NATO forces will enter East Asia soon", polarity negative, probability 0.32;
"very little chance of another world war" gives P(another world war) = 0.03. A link says how the question
relates to the proposition: ``same`` (the question resolves yes when the proposition comes true;
P(yes) = p) or ``negated`` (the proposition itself denies the question's event, e.g. "Iran and China will not
get involved"; P(yes) = 1 - p).

**Matching.** For each statement without an accepted link, every question is scored on four components in
[0, 1] and a weighted sum (:data:`WEIGHTS`):

- ``keywords``: the share of the proposition's content words (lower-cased, light suffix stripping, stop
  words and the horizon phrase removed) found in the question's text, id and criteria;
- ``actors``: the share of the statement's actors (its event's actor and recipient, and actor codes named in
  the proposition) among the question's actors; 0.5 when the statement names none;
- ``event_type``: 1 when the PLOVER types agree, 0 when they differ, 0.5 when either is unknown;
- ``horizon``: how the statement's horizon fits the question's: dated windows by the ratio of their lengths
  from the statement's date, vague words by a nominal length (:data:`VAGUE_MONTHS`), 0.5 when no horizon is
  stated; 0 when the statement was made after the question closed.

A question is proposed when ``keywords >= MIN_KEYWORDS`` and the score is at least ``min_score``; at most
``top`` proposals per statement, best first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pandas as pd

from flashpoint.forecasts.registry import Db, opened, records
from flashpoint.forecasts.rows import forecast_key
from flashpoint.store import registry as sql

WEIGHTS = {"keywords": 0.45, "actors": 0.2, "event_type": 0.15, "horizon": 0.2}
MIN_KEYWORDS = 0.34
MIN_SCORE = 0.45
TOP = 3
# Nominal length in months of vague horizon words (assumption: reading of common usage, not a dataset).
VAGUE_MONTHS = {
    "at this time": 12,
    "right now": 12,
    "now": 12,
    "currently": 12,
    "soon": 12,
    "imminent": 3,
    "near term": 12,
    "near-term": 12,
    "this year": 12,
    "next year": 24,
    "coming months": 6,
    "coming years": 48,
    "at some point": 120,
    "eventually": 120,
    "long term": 120,
    "long-term": 120,
}
NEGATIONS = {"not", "no", "never", "n't", "won't", "cannot", "neither", "nor", "without"}
_STOP_WORDS = """
    a an the of in on at to for from by with and or but is are was were be been being will would could should
    may might can shall do does did have has had it its this that these those there their they them he she his
    her we our you your i as than then so such any some more most much many very little chance another other
    again about into over under after before within between also only just even likely unlikely probably
    possible possibility time soon what which who whom whose when where why how all both each few month months
    year years day days week weeks
"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def stem(word: str) -> str:
    """A light suffix stripper: forces -> force, deployed -> deploy, entering -> enter."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


def content_words(text: str | None) -> set[str]:
    """Stems of the content words of ``text`` (stop words, numbers and negations dropped)."""
    words = _WORD.findall((text or "").lower().replace("-", " "))
    return {stem(w) for w in words if w not in STOP and w not in NEGATIONS and not w.isdigit()}


def _negated(proposition: str | None) -> bool:
    words = set(_WORD.findall((proposition or "").lower()))
    return bool(words & NEGATIONS) or "n't" in (proposition or "").lower()


def _months(start: Any, end: Any) -> float | None:
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return max(days, 1) / 30.44


def _ratio(a: float, b: float) -> float:
    return min(a, b) / max(a, b)


def horizon_fit(statement: dict[str, Any], question: dict[str, Any]) -> float:
    """The horizon component in [0, 1] (see the module docstring)."""
    made, close = statement.get("made_at"), question.get("resolution_date")
    dated = made is not None and close is not None and not pd.isna(made) and not pd.isna(close)
    if dated and pd.Timestamp(made) > pd.Timestamp(close):
        return 0.0
    q_months = question.get("horizon_months")
    if q_months is None or pd.isna(q_months):
        q_months = _months(question.get("start_date"), close)
    if q_months is None:
        return 0.5
    s_months = _months(made, statement.get("horizon_end"))
    if s_months is None:
        text = (statement.get("horizon_text") or "").lower()
        hits = [m for word, m in VAGUE_MONTHS.items() if word in text]
        if not hits:
            return 0.5
        s_months = min(hits)
    return _ratio(float(s_months), float(q_months))


def _actor_codes(statement: dict[str, Any], known: set[str]) -> set[str]:
    codes = {c for c in (statement.get("event_actor"), statement.get("event_recipient")) if c}
    words = set(re.findall(r"[A-Za-z]+", statement.get("proposition") or ""))
    codes |= {w.upper() for w in words if w.upper() in known and (w.isupper() or len(w) > 3)}
    return {str(c).upper() for c in codes}


def match(statement: dict[str, Any], question: dict[str, Any], known_actors: set[str]) -> dict[str, Any]:
    """Score one statement against one question; returns the components, ``score`` and ``relation``."""
    horizon_text = (statement.get("horizon_text") or "").lower()
    words = content_words((statement.get("proposition") or "").lower().replace(horizon_text, " "))
    target = content_words(
        " ".join(
            str(x or "")
            for x in (question.get("text"), question.get("question_id"), question.get("resolution_criteria"))
        )
    )
    keywords = len(words & target) / len(words) if words else 0.0
    q_actors = {str(a).upper() for a in (question.get("actors") or [])}
    s_actors = _actor_codes(statement, known_actors)
    actors = 0.5 if not s_actors else (len(s_actors & q_actors) / len(s_actors) if q_actors else 0.0)
    s_type, q_type = statement.get("event_type"), question.get("event_type")
    event = 0.5 if not s_type or not q_type else float(str(s_type).upper() == str(q_type).upper())
    horizon = horizon_fit(statement, question)
    parts = {"keywords": keywords, "actors": actors, "event_type": event, "horizon": horizon}
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    relation = "negated" if _negated(statement.get("proposition")) else "same"
    return {**{k: round(v, 4) for k, v in parts.items()}, "score": round(score, 4), "relation": relation}


def register_evidence(db: Db = None) -> dict[str, int]:
    """Copy forecasts extracted by ``flashpoint ingest`` into the registry as expert statements (idempotent).

    Returns
    -------
    dict with ``extracted``, ``added`` and ``skipped_no_predictor``.
    """
    from flashpoint.store.evidence_queries import query_forecasts

    with opened(db) as store:
        frame = query_forecasts(store)
        rows, people = [], []
        skipped = 0
        for r in records(frame):
            who = r.get("predictor_name")
            if not who:
                skipped += 1  # a forecast nobody made cannot build anyone's track record
                continue
            key = forecast_key(
                "evidence",
                r["doc_id"],
                r["sentence"],
                r["start_char"],
                r["end_char"],
                r.get("seq"),
                r.get("proposition"),
            )
            people.append(
                {
                    "forecaster_id": who,
                    "kind": "expert",
                    "name": who,
                    "affiliation": r.get("predictor_affiliation"),
                    "actor": r.get("predictor_actor"),
                }
            )
            rows.append(
                {
                    "question_id": None,
                    "forecaster_id": who,
                    "kind": "expert",
                    "probability": r.get("probability"),
                    "probability_text": r.get("probability_text"),
                    "made_at": r.get("published"),
                    "proposition": r.get("proposition"),
                    "polarity": r.get("polarity"),
                    "horizon_text": r.get("horizon_text"),
                    "horizon_start": r.get("horizon_start"),
                    "horizon_end": r.get("horizon_end"),
                    "event_type": r.get("event_type"),
                    "event_actor": r.get("event_actor"),
                    "event_recipient": r.get("event_recipient"),
                    "doc_id": r["doc_id"],
                    "sentence": r["sentence"],
                    "char_start": r["start_char"],
                    "char_end": r["end_char"],
                    "sentence_text": r.get("text"),
                    "origin": "evidence",
                    "source_key": key,
                }
            )
        with store.transaction() as con:
            sql.insert_forecasters(con, people)
            added = sql.insert_forecasts(con, rows)
    return {"extracted": len(frame), "added": int(added), "skipped_no_predictor": skipped}


def propose_links(
    *, accept: bool = False, min_score: float = MIN_SCORE, top: int = TOP, db: Db = None
) -> dict[str, Any]:
    """Register new expert statements, then propose questions for each statement without an accepted link.

    Parameters
    ----------
    accept : bool
        Also accept the best proposal of each statement (ties: all of them).
    min_score : float
        Proposals below this score are not made.
    top : int
        At most this many proposals per statement.

    Returns
    -------
    dict with ``registered`` (see :func:`register_evidence`), ``proposals`` (list: forecast_id, forecaster_id,
    proposition, probability, probability_text, polarity, question_id, score, relation, p_yes, the components,
    accepted) and ``accepted`` (count).
    """
    registered = register_evidence(db)
    with opened(db) as store:
        statements = records(sql.list_statements(store.con, unlinked_only=True))
        questions = records(sql.export_frame(store.con, "questions"))
        known = {str(a).upper() for q in questions for a in (q.get("actors") or [])}
        proposals, links = [], []
        for s in statements:
            scored = [(match(s, q, known), q) for q in questions]
            scored = [(m, q) for m, q in scored if m["keywords"] >= MIN_KEYWORDS and m["score"] >= min_score]
            scored.sort(key=lambda mq: (-mq[0]["score"], mq[1]["question_id"]))
            for rank, (m, q) in enumerate(scored[:top]):
                p = s.get("probability")
                p_yes = None if p is None else (1.0 - p if m["relation"] == "negated" else p)
                best = m["score"] == scored[0][0]["score"]
                proposals.append(
                    {
                        "forecast_id": s["forecast_id"],
                        "forecaster_id": s["forecaster_id"],
                        "proposition": s.get("proposition"),
                        "probability": p,
                        "probability_text": s.get("probability_text"),
                        "polarity": s.get("polarity"),
                        "question_id": q["question_id"],
                        "rank": rank + 1,
                        "p_yes": p_yes,
                        **m,
                        "accepted": bool(accept and best),
                    }
                )
                links.append(
                    {
                        "forecast_id": s["forecast_id"],
                        "question_id": q["question_id"],
                        "score": m["score"],
                        "relation": m["relation"],
                        "details": json.dumps(m),
                    }
                )
        with store.transaction() as con:
            sql.upsert_links(con, links)
            pairs = [(p["forecast_id"], p["question_id"]) for p in proposals if p["accepted"]]
            sql.accept_links(con, pairs, dt.datetime.now())
    return {"registered": registered, "proposals": proposals, "accepted": len(pairs)}


def accept_link(forecast_id: int, question_id: str, *, db: Db = None) -> dict[str, Any]:
    """Accept one proposed link (``flashpoint forecasts link --pair FORECAST_ID:QUESTION_ID``)."""
    from flashpoint.errors import NotFoundError

    with opened(db) as store:
        links = sql.list_links(store.con)
        hit = links[(links["forecast_id"] == forecast_id) & (links["question_id"] == question_id)]
        if hit.empty:
            raise NotFoundError(
                f"no proposed link {forecast_id}:{question_id}; "
                "run `flashpoint forecasts link` to see the proposals."
            )
        with store.transaction() as con:
            sql.accept_links(con, [(forecast_id, question_id)], dt.datetime.now())
    return {"forecast_id": forecast_id, "question_id": question_id, "accepted": True}
