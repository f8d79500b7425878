from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.evidence.timex import add_months, horizon, parse_date

PUB = dt.date(2024, 11, 5)
D = dt.date


@pytest.mark.parametrize(
    ("text", "words", "start", "end"),
    [
        (
            "the situation may change in two to four years",
            "in two to four years",
            D(2026, 11, 5),
            D(2028, 11, 5),
        ),
        (
            "those conflicts are in their final 6-8 months",
            "in their final 6-8 months",
            D(2025, 5, 5),
            D(2025, 7, 5),
        ),
        ("talks will resume next month", "next month", D(2024, 12, 1), D(2024, 12, 31)),
        ("a deal by 2026", "by 2026", PUB, D(2026, 12, 31)),
        ("within 18 months", "within 18 months", PUB, D(2026, 5, 5)),
        ("in early 2025", "in early 2025", D(2025, 1, 1), D(2025, 4, 30)),
        ("before the end of the year", "before the end of the year", PUB, D(2024, 12, 31)),
        ("in the next five years", "in the next five years", PUB, D(2029, 11, 5)),
        ("next year", "next year", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_horizons_are_normalised_against_the_publication_date(text, words, start, end):
    h = horizon(text, PUB)
    assert (h.text, h.start, h.end) == (words, start, end)


def test_vague_horizons_keep_their_words_and_get_the_documented_window():
    soon = horizon("NATO will not enter East Asia soon", PUB)
    now = horizon("very little chance of another world war at this time", PUB)
    assert soon.text == "soon" and soon.start == PUB and soon.end > PUB
    assert now.text == "at this time" and now.start == PUB and PUB < now.end < soon.end
    assert horizon("at some point", PUB).end is None


def test_without_a_publication_date_only_the_words_are_kept():
    h = horizon("in two to four years", None)
    assert h.text == "in two to four years" and h.start is None and h.end is None


def test_past_years_and_plain_text_are_not_horizons():
    assert horizon("in 2023 the army withdrew", PUB) is None
    assert horizon("the minister spoke", PUB) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("June 19, 2024", D(2024, 6, 19)),
        ("Oct. 28", D(2024, 10, 28)),
        ("Monday", D(2024, 11, 4)),
        ("yesterday", D(2024, 11, 4)),
        ("two years ago", D(2022, 11, 5)),
        ("11/5/2024", D(2024, 11, 5)),
        ("28 October 2024", D(2024, 10, 28)),
        ("Dec. 3", D(2023, 12, 3)),
        ("sometime", None),
    ],
)
def test_dates(text, date):
    assert parse_date(text, PUB) == date


def test_month_arithmetic_clamps_the_day():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 11, 5), 14) == D(2026, 1, 5)
