"""Expert statements from articles: register them, and propose the questions each one speaks to.

Registration copies each forecast that ``flashpoint ingest`` extracted into the registry as an expert
statement (kind ``expert``, forecaster = the predictor's name, made at the article's publication date,
provenance = document, sentence and character offsets). The probability is the one the estimative words
imply (ICD 203), kept as stated with the words; it may be null ("could at some point").

**Probability convention.** ``probability`` is P(``proposition``). "Unlikely that NATO forces will enter
East Asia soon" has proposition "NATO forces will enter East Asia soon", polarity negative, probability 0.32;
"very little chance of another world war" gives P(another world war) = 0.03. A link says how the question
relates to the proposition: ``same`` (the question resolves yes when the proposition comes true;
P(yes) = p) or ``negated`` (the question resolves yes when it is false; P(yes) = 1 - p). Both sides may
deny the event they speak of: the proposition by its own words ("Iran and China will not get involved"),
the question by its ``event_polarity`` (``negative`` when its yes-outcome denies its event, e.g. "Will NATO's
presence stay limited to naval and air?" denies a NATO ground deployment). The rule (:func:`relation`):
``same`` iff (proposition negated) == (question denies its event). So "unlikely (0.32) that NATO forces will
enter East Asia soon" links ``same`` to the ground-forces question (P(yes) = 0.32) and ``negated`` to the
naval-and-air-only one (P(yes) = 0.68).

**Matching.** For each statement without an accepted link, every question is scored on four components in
[0, 1] and a weighted sum (:data:`WEIGHTS`):

- ``keywords``: the IDF-weighted share of the proposition's content words (lower-cased, light suffix
  stripping, stop words and the horizon phrase removed) found in the question's text or id (a word found only
  in its resolution criteria counts half); the inverse document frequency is taken over the registered
  questions, so words that many questions share ("war") weigh less than rare ones ("world");
- ``actors``: the share of the statement's actors (its event's actor and recipient, and the actors whose
  names, demonyms, capitals or office holders the proposition mentions, found with the evidence gazetteer)
  among the question's actors (declared, or named in its text); 0.5 when the statement names none;
- ``event_type``: 1 when the PLOVER types agree, 0 when they differ, 0.5 when either is unknown;
- ``horizon``: how the statement's horizon fits the question's: dated windows by the ratio of their lengths
  from the statement's date, vague words by a nominal length (:data:`VAGUE_MONTHS`), 0.5 when no horizon is
  stated; 0 when the statement was made after the question closed.

A question is eligible when ``keywords >= MIN_KEYWORDS``, or when the statement names actors, all of them are
the question's actors and at least one content word is shared. Eligible questions scoring at least
``min_score`` are proposed, at most ``top`` per statement, best first.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from flashpoint.forecasts.registry import Db, opened, records
from flashpoint.forecasts.statements import register_evidence
from flashpoint.store import registry as sql

WEIGHTS = {"keywords": 0.45, "actors": 0.2, "event_type": 0.15, "horizon": 0.2}
MIN_KEYWORDS = 0.5
MIN_SCORE = 0.45
TOP = 3
# Nominal length in months of vague horizon words (assumption: a reading of common usage, not a dataset).
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
# An exception ("will not get involved other than supplying drones") is not what the statement forecasts: the
# words after it are left out of the match (keywords, actors; the coded event, often inside it, is not used).
_EXCEPTION = re.compile(r"\b(other than|except for|except|apart from|aside from|besides)\b", re.I)
# Words that count as the same word when a question uses the other (assumption: a reading of common usage for
# the scenario's wording, not a thesaurus). Keys and values are stems (:func:`stem`).
EXPANSIONS = {
    "involv": ("part", "combat", "intervene", "join"),
    "enter": ("deploy",),
    "deploy": ("enter", "send"),
    "send": ("deploy",),
}
_STOP_WORDS = """
    a an the of in on at to for from by with and or but is are was were be been being will would could should
    may might can shall do does did have has had it its this that these those there their they them he she his
    her we our you your i as than then so such any some more most much many very little chance another other
    again about into over under after before within between also only just even likely unlikely probably
    possible possibility time soon what which who whom whose when where why how all both each few month months
    year years day days week weeks while whereas although though get gets got getting
"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z'.-]*")


def stem(word: str) -> str:
    """A light suffix stripper: forces -> force, deployed -> deploy, entering -> enter."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


def content_words(text: str | None) -> set[str]:
    """Stems of the content words of ``text`` (stop words, numbers and negations dropped)."""
    words = [w.removesuffix("'s") for w in _WORD.findall((text or "").lower().replace("-", " "))]
    return {stem(w) for w in words if w not in STOP and w not in NEGATIONS and not w.isdigit()}


def idf_weights(texts: Iterable[set[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency ``ln((1 + N) / (1 + df)) + 1`` of each word over ``texts``."""
    texts = list(texts)
    df = Counter(w for words in texts for w in words)
    return {w: math.log((1 + len(texts)) / (1 + n)) + 1.0 for w, n in df.items()}


def _weight(word: str, idf: dict[str, float] | None, n_docs: int) -> float:
    if idf is None:
        return 1.0
    return idf.get(word, math.log(1 + n_docs) + 1.0)  # a word no question uses: df = 0


def named_actors(text: str | None, when: Any = None) -> set[str]:
    """Actor codes named in ``text``: names, demonyms, capitals, metonyms and office holders (gazetteer)."""
    from flashpoint.evidence.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    tokens = _NAME.findall(text or "")
    day = None if when is None or pd.isna(when) else pd.Timestamp(when).date()
    codes = set()
    for n in (4, 3, 2, 1):
        for i in range(len(tokens) - n + 1):
            alias = gaz.aliases.get(" ".join(tokens[i : i + n]))
            if alias is None or alias.kind == "place":
                continue
            if alias.kind == "person":
                person = gaz.persons.get(alias.key)
                code = person.actor_on(day) if person is not None else None
            else:
                code = alias.key
            if code:
                codes.add(str(code).upper())
    return codes


def core(proposition: str | None) -> str:
    """The proposition without an exception clause ("... other than supplying drones")."""
    text = proposition or ""
    m = _EXCEPTION.search(text)
    return text[: m.start()].rstrip(" ,;") if m else text


def _negated(proposition: str | None, polarity: str | None = None, probability: Any = None) -> bool:
    """Whether the statement denies its event: a negation in its words ("will not deploy"), or a negative
    polarity the words carry otherwise ("will do little to provoke"). A polarity that comes from the
    estimative band alone ("unlikely that X", p < 0.5) is already in the probability of X: X is not denied."""
    text = core(proposition).lower()
    if set(_WORD.findall(text)) & NEGATIONS or "n't" in text:
        return True
    from_band = probability is not None and not pd.isna(probability) and float(probability) < 0.5
    return str(polarity or "").lower() == "negative" and not from_band


def relation(
    proposition: str | None,
    event_polarity: str | None,
    polarity: str | None = None,
    probability: Any = None,
) -> str:
    """``same`` iff the statement is negated exactly when the question denies its event; else ``negated``.

    ``event_polarity`` is the question's: ``negative`` when its yes-outcome denies its event; anything else
    (``positive``, None) asserts it. The statement's negation: :func:`_negated` of its proposition, polarity
    and probability.
    """
    denies = str(event_polarity or "positive").lower() == "negative"
    return "same" if _negated(proposition, polarity, probability) == denies else "negated"


def _months(start: Any, end: Any) -> float | None:
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return max(days, 1) / 30.44


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
    a, b = float(s_months), float(q_months)
    return min(a, b) / max(a, b)


def statement_actors(statement: dict[str, Any]) -> set[str]:
    """The statement's event actor and recipient and the actors its proposition names (without an exception
    clause, whose event is not the forecast one)."""
    proposition = statement.get("proposition")
    named = named_actors(core(proposition), statement.get("made_at"))
    if core(proposition) != (proposition or ""):
        return named
    codes = {str(c).upper() for c in (statement.get("event_actor"), statement.get("event_recipient")) if c}
    return codes | named


def question_words(question: dict[str, Any]) -> dict[str, float]:
    """The question's content words with their weight: 1 in its text or id, 0.5 only in its criteria."""
    main = content_words(f"{question.get('text') or ''} {question.get('question_id') or ''}")
    extra = content_words(question.get("resolution_criteria")) - main
    return {**dict.fromkeys(extra, 0.5), **dict.fromkeys(main, 1.0)}


def match(
    statement: dict[str, Any],
    question: dict[str, Any],
    *,
    idf: dict[str, float] | None = None,
    n_docs: int = 0,
) -> dict[str, Any]:
    """Score one statement against one question.

    ``statement`` may carry precomputed ``actors`` (a set of codes); ``question`` precomputed ``words`` and
    ``actor_set``. Returns the four components, ``score``, ``relation`` and ``eligible``.
    """
    proposition = core(statement.get("proposition")).lower()
    horizon_text = (statement.get("horizon_text") or "").strip().lower()
    words = content_words(proposition.replace(horizon_text, " ") if horizon_text else proposition)
    target = question.get("words") or question_words(question)
    total = sum(_weight(w, idf, n_docs) for w in words)
    found = {
        w: max([target.get(w, 0.0), *(target.get(x, 0.0) for x in EXPANSIONS.get(w, ()))]) for w in words
    }
    shared = {w for w, v in found.items() if v > 0}
    keywords = sum(_weight(w, idf, n_docs) * found[w] for w in shared) / total if total else 0.0
    q_actors = question.get("actor_set")
    if q_actors is None:
        declared = {str(a).upper() for a in (question.get("actors") or [])}
        q_actors = declared | named_actors(question.get("text"))
    s_actors = statement.get("actors")
    if s_actors is None:
        s_actors = statement_actors(statement)
    actors = 0.5 if not s_actors else len(s_actors & q_actors) / len(s_actors)
    s_type, q_type = statement.get("event_type"), question.get("event_type")
    if core(statement.get("proposition")) != (statement.get("proposition") or ""):
        s_type = None  # the coded event may be the exception's ("supplying drones"): not the forecast one
    event = 0.5 if not s_type or not q_type else float(str(s_type).upper() == str(q_type).upper())
    horizon = horizon_fit(statement, question)
    parts = {"keywords": keywords, "actors": actors, "event_type": event, "horizon": horizon}
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    eligible = keywords >= MIN_KEYWORDS or (bool(s_actors) and actors == 1.0 and bool(shared))
    return {
        **{k: round(v, 4) for k, v in parts.items()},
        "score": round(score, 4),
        "relation": relation(
            statement.get("proposition"),
            question.get("event_polarity"),
            statement.get("polarity"),
            statement.get("probability"),
        ),
        "eligible": eligible,
    }


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
        for q in questions:
            q["words"] = question_words(q)
            q["actor_set"] = {str(a).upper() for a in (q.get("actors") or [])} | named_actors(q.get("text"))
        idf = idf_weights(q["words"] for q in questions)
        proposals, links = [], []
        for s in statements:
            s["actors"] = statement_actors(s)
            scored = [(match(s, q, idf=idf, n_docs=len(questions)), q) for q in questions]
            scored = [(m, q) for m, q in scored if m["eligible"] and m["score"] >= min_score]
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


def accept_link(
    forecast_id: int, question_id: str, *, relation: str | None = None, db: Db = None
) -> dict[str, Any]:
    """Accept a link from a statement to a question (``forecasts link --pair ID:QUESTION[:RELATION]``).

    The analyst's word: the pair need not have been proposed. Without ``relation`` it is the proposal's, or
    the rule's (:func:`relation`); ``same`` or ``negated`` overrides it.

    Returns
    -------
    dict with ``forecast_id``, ``question_id``, ``relation``, ``p_yes`` and ``accepted`` (True).
    """
    from flashpoint.errors import InputError, NotFoundError

    if relation is not None and relation not in ("same", "negated"):
        raise InputError(f"--pair: the relation must be same or negated; got {relation!r}.")
    with opened(db) as store:
        statements = sql.list_statements(store.con)
        hit = statements[statements["forecast_id"] == int(forecast_id)]
        if hit.empty:
            raise NotFoundError(
                f"--pair: no expert statement #{forecast_id}; see `flashpoint forecasts link` for their ids."
            )
        question = sql.get_question(store.con, question_id)
        if question is None:
            raise NotFoundError(
                f"--pair: question {question_id!r} is not registered; see `flashpoint questions list`."
            )
        statement = records(hit)[0]
        links = sql.list_links(store.con)
        old = links[(links["forecast_id"] == int(forecast_id)) & (links["question_id"] == question_id)]
        m = match(statement, question)
        rel = relation or (str(old["relation"].iloc[0]) if len(old) else m["relation"])
        score = float(old["score"].iloc[0]) if len(old) else m["score"]
        with store.transaction() as con:
            if old.empty or rel != str(old["relation"].iloc[0]):
                details = json.dumps({**m, "relation": rel, "by_hand": True})
                sql.upsert_links(
                    con,
                    [
                        {
                            "forecast_id": int(forecast_id),
                            "question_id": question_id,
                            "score": score,
                            "relation": rel,
                            "details": details,
                        }
                    ],
                )
            sql.accept_links(con, [(int(forecast_id), question_id)], dt.datetime.now())
    p = statement.get("probability")
    p_yes = None if p is None or pd.isna(p) else (1.0 - p if rel == "negated" else p)
    return {
        "forecast_id": int(forecast_id),
        "question_id": question_id,
        "relation": rel,
        "p_yes": p_yes,
        "accepted": True,
    }
