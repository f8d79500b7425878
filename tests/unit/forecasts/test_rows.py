"""Checks of one question, forecast or resolution row."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.errors import InputError
from flashpoint.forecasts.rows import check_forecast, check_question, check_resolution, content_key
from flashpoint.store.registry import add_months


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2024, 11, 5), 12) == dt.date(2025, 11, 5)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)


def test_question_close_from_start_and_horizon() -> None:
    q = check_question(
        {
            "question_id": "q1",
            "text": "T?",
            "start_date": "2024-11-05",
            "horizon_months": "48",
            "tags": "a; b",
            "actors": ["nato", "prk"],
            "event_type": "assault",
        }
    )
    assert q["resolution_date"] == dt.date(2028, 11, 5)
    assert q["tags"] == ["a", "b"] and q["actors"] == ["NATO", "PRK"] and q["event_type"] == "ASSAULT"
    assert q["source"] == "user"


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({"text": "T?"}, "question_id"),
        ({"question_id": "q", "text": " "}, "text must be"),
        ({"question_id": "q", "text": "T?", "resolution_date": "5/11/2024"}, "YYYY-MM-DD"),
        ({"question_id": "q", "text": "T?", "horizon_months": 12}, "needs start_date"),
        (
            {"question_id": "q", "text": "T?", "start_date": "2024-01-01", "horizon_months": "x"},
            "whole number",
        ),
        (
            {
                "question_id": "q",
                "text": "T?",
                "start_date": "2024-01-01",
                "horizon_months": 12,
                "resolution_date": "2024-06-01",
            },
            "contradicts",
        ),
    ],
)
def test_bad_questions_are_refused_with_the_field_named(row: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        check_question(row)


@pytest.mark.parametrize("p", ["abc", 1.4, -0.1, float("nan"), None, ""])
def test_probabilities_outside_unit_interval_or_not_numbers_are_refused(p: object) -> None:
    with pytest.raises(InputError, match=r"probability in \[0, 1\]"):
        check_forecast({"question_id": "q", "forecaster": "me", "probability": p})


def test_forecast_key_is_stable_and_defaults_apply() -> None:
    row = {"question_id": "q", "forecaster": "me", "probability": "0.25", "made_at": "2024-11-05"}
    a, b = check_forecast(row), check_forecast(dict(row))
    assert content_key(a) == content_key(b) and a["probability"] == 0.25 and a["kind"] == "user"
    assert content_key(check_forecast({**row, "probability": 0.3})) != content_key(a)
    assert content_key(a, occurrence=1) != content_key(a)  # a revision back to an earlier value is new
    assert a["made_at"] == dt.datetime(2024, 11, 5)
    with pytest.raises(InputError, match="kind must be one of"):
        check_forecast({**row, "kind": "oracle"})


def test_resolutions() -> None:
    r = check_resolution({"question_id": "q", "outcome": "YES", "date": "2025-01-01"})
    assert (r["outcome"], r["value"], r["resolved_on"]) == ("yes", 1.0, dt.datetime(2025, 1, 1))
    assert (
        check_resolution({"question_id": "q", "outcome": "annulled", "date": "2025-01-01"})["value"] is None
    )
    assert (
        check_resolution(
            {"question_id": "q", "outcome": "provisional", "value": "0.4", "date": "2025-01-01"}
        )["value"]
        == 0.4
    )
    with pytest.raises(InputError, match="outcome must be one of"):
        check_resolution({"question_id": "q", "outcome": "maybe", "date": "2025-01-01"})
    with pytest.raises(InputError, match="date"):
        check_resolution({"question_id": "q", "outcome": "no"})
