"""Matching expert statements to questions: keywords, actors, event type, horizon, polarity."""

from __future__ import annotations

import pytest

from flashpoint.forecasts.linking import (
    MIN_SCORE,
    content_words,
    horizon_fit,
    idf_weights,
    match,
    named_actors,
    question_words,
    relation,
    stem,
)

Q = [
    {
        "question_id": "nato-ground-forces-east-asia-12m",
        "text": "NATO ground forces deployed to East Asia within 12 months",
        "actors": ["NATO"],
        "event_type": "MOBILIZE",
        "start_date": "2024-11-05",
        "horizon_months": 12,
        "resolution_date": "2025-11-05",
    },
    {
        "question_id": "nato-office-indo-pacific-24m",
        "text": "NATO opens an office in the Indo-Pacific within 24 months",
        "actors": ["NATO", "JPN"],
        "event_type": "COOPERATE",
        "start_date": "2024-11-05",
        "horizon_months": 24,
        "resolution_date": "2026-11-05",
    },
    {
        "question_id": "world-war-12m",
        "text": "World war: direct great-power war in two or more theatres within 12 months",
        "actors": ["USA", "CHN", "RUS"],
        "event_type": "FIGHT",
        "start_date": "2024-11-05",
        "horizon_months": 12,
        "resolution_date": "2025-11-05",
    },
    {
        "question_id": "world-war-48m",
        "text": "World war: direct great-power war in two or more theatres within 48 months",
        "actors": ["USA", "CHN", "RUS"],
        "event_type": "FIGHT",
        "start_date": "2024-11-05",
        "horizon_months": 48,
        "resolution_date": "2028-11-05",
    },
    {
        "question_id": "iran-or-china-combat-troops-ukraine-12m",
        "text": "Iran or China sends combat troops to the war in Ukraine within 12 months",
        "actors": ["IRN", "CHN", "UKR"],
        "event_type": "MOBILIZE",
        "start_date": "2024-11-05",
        "horizon_months": 12,
        "resolution_date": "2025-11-05",
    },
    {
        "question_id": "korean-peninsula-war-48m",
        "text": "War on the Korean Peninsula within 48 months",
        "actors": ["PRK", "KOR"],
        "event_type": "FIGHT",
        "start_date": "2024-11-05",
        "horizon_months": 48,
        "resolution_date": "2028-11-05",
    },
]
IDF = idf_weights(question_words(q) for q in Q)
SCHUSTER = {
    "proposition": "another world war at this time",
    "polarity": "negative",
    "probability": 0.03,
    "probability_text": "very little chance",
    "horizon_text": "at this time",
    "made_at": "2024-11-05",
}
CORR = {
    "proposition": "NATO forces will enter East Asia soon",
    "polarity": "negative",
    "probability": 0.32,
    "probability_text": "unlikely",
    "horizon_text": "soon",
    "made_at": "2024-11-05",
}
DOCTRINE = {
    "proposition": "participation in the war will update North Korea's military doctrine",
    "polarity": "positive",
    "probability": None,
    "made_at": "2024-11-05",
}
IRAN = {
    "proposition": "Iran and China will not get involved beyond supplying equipment",
    "polarity": "negative",
    "probability": 0.68,
    "probability_text": "will likely not",
    "made_at": "2024-11-05",
}


def _ranked(statement: dict) -> list[tuple[str, dict]]:
    scored = [(q["question_id"], match(statement, q, idf=IDF, n_docs=len(Q))) for q in Q]
    kept = [(qid, m) for qid, m in scored if m["eligible"] and m["score"] >= MIN_SCORE]
    return sorted(kept, key=lambda x: -x[1]["score"])


def test_stems_and_content_words() -> None:
    assert stem("forces") == stem("force") == "force"
    assert stem("deployed") == "deploy" and stem("entering") == "enter" and stem("class") == "class"
    assert content_words("There is very little chance of another world war at this time") == {"world", "war"}
    assert named_actors("Pyongyang and the Kremlin; NATO forces; Iranian drones") >= {"PRK", "NATO", "IRN"}


def test_schuster_world_war_goes_to_the_near_term_world_war_question() -> None:
    ranked = _ranked(SCHUSTER)
    assert ranked[0][0] == "world-war-12m"
    assert ranked[0][1]["relation"] == "same"
    assert "world-war-48m" not in [qid for qid, _ in ranked[:1]]
    assert {qid for qid, _ in ranked} <= {"world-war-12m", "world-war-48m"}


def test_corr_nato_goes_to_nato_ground_forces() -> None:
    ranked = _ranked(CORR)
    assert ranked[0][0] == "nato-ground-forces-east-asia-12m"
    assert ranked[0][1]["actors"] == 1.0 and ranked[0][1]["relation"] == "same"


def test_unrelated_statement_is_not_proposed() -> None:
    assert _ranked(DOCTRINE) == []


def test_a_negated_proposition_links_as_negated() -> None:
    ranked = _ranked(IRAN)
    assert ranked and ranked[0][0] == "iran-or-china-combat-troops-ukraine-12m"
    assert ranked[0][1]["relation"] == "negated"


def test_relation_rule_same_iff_statement_negation_matches_question_denial() -> None:
    enter, stay_out = "NATO forces will enter East Asia soon", "NATO will not deploy ground forces"
    assert relation(enter, "positive") == "same" and relation(enter, None) == "same"
    assert relation(enter, "negative") == "negated"
    assert relation(stay_out, "positive") == "negated"
    assert relation(stay_out, "negative") == "same"


def test_a_question_that_denies_its_event_turns_the_relation_and_p_yes() -> None:
    naval = {
        "question_id": "nato-naval-air-only-east-asia-12m",
        "text": "Will NATO's presence in East Asia stay limited to naval and air deployments for 12 months?",
        "actors": ["NATO"],
        "event_type": "MOBILIZE",
        "event_polarity": "negative",
        "start_date": "2024-11-05",
        "horizon_months": 12,
        "resolution_date": "2025-11-05",
    }
    assert match(CORR, naval)["relation"] == "negated"
    assert match(CORR, {**naval, "event_polarity": "positive"})["relation"] == "same"
    assert match(IRAN, {**naval, "event_polarity": "negative"})["relation"] == "same"


def test_horizon_fit() -> None:
    q12, q48 = Q[2], Q[3]
    assert horizon_fit(SCHUSTER, q12) == 1.0
    assert horizon_fit(SCHUSTER, q48) == pytest.approx(0.25)
    dated = {"made_at": "2024-11-05", "horizon_end": "2028-11-05"}
    assert horizon_fit(dated, q48) > 0.99 and horizon_fit(dated, q12) < 0.3
    assert horizon_fit({"made_at": "2024-11-05"}, q12) == 0.5  # no horizon stated
    assert horizon_fit({"made_at": "2026-01-01"}, q12) == 0.0  # made after the question closed


def test_words_only_in_the_criteria_count_half() -> None:
    base = {"question_id": "x-12m", "text": "Will NATO stay in East Asia?", "horizon_months": 12}
    in_text = match(CORR, {**base, "text": "Will NATO forces stay in East Asia?"})
    in_criteria = match(CORR, {**base, "resolution_criteria": "YES if NATO forces stay."})
    absent = match(CORR, base)
    assert in_text["keywords"] > in_criteria["keywords"] > absent["keywords"]
    assert in_criteria["keywords"] == pytest.approx((in_text["keywords"] + absent["keywords"]) / 2)


def test_a_negative_polarity_without_negation_words_links_negated() -> None:
    """Issue 14 item 5: "Iran itself will do little to provoke Israel" (negative polarity) was linked same."""
    little = "Iran itself will do little to provoke Israel into a repeat of last week's strikes"
    assert relation(little, "positive", "negative", None) == "negated"
    # a polarity that comes from the band ("unlikely that X", p 0.32 of X) does not negate X
    assert relation("NATO forces will enter East Asia soon", "positive", "negative", 0.32) == "same"


def test_likely_not_get_involved_is_proposed_for_the_iran_china_question() -> None:
    """Issue 14 item 5: "Iran and China will likely not get involved other than supplying equipment" (p 0.68
    of staying out) was never proposed for the scenario's Iran/China combat question."""
    question = {
        "question_id": "iran-or-china-combat-troops-ukraine-12m",
        "text": "Will Iranian or Chinese military units take part in combat in the Russia-Ukraine war within "
        "12 months?",
        "actors": ["IRN", "CHN", "UKR"],
        "event_type": "ASSAULT",
        "start_date": "2024-11-05",
        "horizon_months": 12,
        "resolution_date": "2025-11-05",
    }
    statement = {
        "proposition": "While Iran and China will likely not get involved other than supplying equipment "
        "such as drones and computer components",
        "polarity": "negative",
        "probability": 0.68,
        "event_type": "AID",  # the coded event is the exception's: supplying Russia
        "event_actor": "IRN",
        "event_recipient": "RUS",
        "made_at": "2024-11-05",
    }
    questions = [*Q, question]
    idf = idf_weights(question_words(q) for q in questions)
    scored = {q["question_id"]: match(statement, q, idf=idf, n_docs=len(questions)) for q in questions}
    best = max((m["score"], qid) for qid, m in scored.items() if m["eligible"] and m["score"] >= MIN_SCORE)
    assert best[1] == "iran-or-china-combat-troops-ukraine-12m"
    assert scored[best[1]]["relation"] == "negated"  # P(yes) = 1 - 0.68 = 0.32


def test_generic_predictors_are_nobody() -> None:
    """Issue 14 item 5: the article's "experts" became a forecaster."""
    from flashpoint.forecasts.statements import is_generic

    assert is_generic("experts") and is_generic("Western officials") and is_generic("some analysts")
    assert not is_generic("Carl Schuster") and not is_generic("Anders Corr")


def test_a_pair_never_proposed_can_be_linked_by_hand() -> None:
    """Issue 14 item 5: `--pair` failed when no proposal existed."""
    from flashpoint.forecasts import linking, registry
    from flashpoint.store import open_store
    from flashpoint.store import registry as sql

    db = open_store(":memory:")
    try:
        registry.add_question(
            "k", "Will Russia retake Kursk within 6 months?", resolution_date="2025-05-05", db=db
        )
        with db.transaction() as con:
            sql.insert_forecasts(
                con,
                [
                    {
                        "forecaster_id": "Jane Roe",
                        "kind": "expert",
                        "probability": 0.12,
                        "proposition": "the offensive will stall",
                        "made_at": "2024-11-05",
                        "source_key": "s1",
                    }
                ],
            )
        fid = sql.forecast_ids_by_key(db.con, ["s1"])["s1"]
        out = linking.accept_link(fid, "k", relation="negated", db=db)
        assert out["accepted"] and out["relation"] == "negated" and out["p_yes"] == pytest.approx(0.88)
        links = sql.list_links(db.con, "accepted")
        assert links[["forecast_id", "question_id", "relation"]].values.tolist() == [[fid, "k", "negated"]]
    finally:
        db.close()
