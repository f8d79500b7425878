"""Expert statements from articles into the registry: who made them, what they say, with what probability.

Registration copies each forecast that ``flashpoint ingest`` extracted into the registry as an expert
statement (kind ``expert``, forecaster = the predictor's name, made at the article's publication date,
provenance = document, sentence and character offsets). The probability is the one the estimative words
imply (ICD 203), kept as stated with the words; it may be null ("could at some point"). A statement whose
predictor is nobody in particular ("experts", "some analysts") is skipped: there is no track record to keep.
"""

from __future__ import annotations

from flashpoint.forecasts.registry import Db, opened, records
from flashpoint.forecasts.rows import forecast_key
from flashpoint.store import registry as sql

# Predictors that are nobody in particular ("experts say"): no track record to keep, statements skipped.
GENERIC_PREDICTORS = frozenset(
    [
        "experts",
        "expert",
        "analysts",
        "analyst",
        "officials",
        "official",
        "observers",
        "sources",
        "diplomats",
        "commentators",
        "critics",
        "scholars",
        "researchers",
        "people",
        "many",
        "some",
        "others",
        "pundits",
        "insiders",
    ]
)


def is_generic(name: str) -> bool:
    """Whether a predictor's name is nobody in particular: "experts", "some analysts", "Western officials"."""
    words = name.strip().lower().split()
    return not words or words[-1] in GENERIC_PREDICTORS


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
            if not who or is_generic(who):
                skipped += 1  # a forecast nobody in particular made cannot build anyone's track record
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
