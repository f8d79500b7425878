"""Which forecast counts, and what is excluded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashpoint.forecasts.track import counted_forecasts, summarise

COLUMNS = [
    "forecast_id",
    "question_id",
    "forecaster_id",
    "kind",
    "p_yes",
    "made_at",
    "probability_text",
    "via",
    "source",
    "tags",
    "close_date",
    "outcome",
    "value",
    "resolved_on",
]


def _frame(rows: list[tuple]) -> pd.DataFrame:
    base = []
    for fid, qid, who, p, made, close, outcome, value, resolved in rows:
        base.append(
            [fid, qid, who, "user", p, made, None, "direct", "user", [], close, outcome, value, resolved]
        )
    return pd.DataFrame(base, columns=COLUMNS)


def test_last_forecast_before_the_cutoff_counts_and_late_ones_are_flagged() -> None:
    frame = _frame(
        [
            (1, "q1", "ann", 0.2, "2024-01-01", "2024-12-31", "yes", 1.0, "2024-06-30"),
            (2, "q1", "ann", 0.6, "2024-03-01", "2024-12-31", "yes", 1.0, "2024-06-30"),
            (3, "q1", "ann", 0.99, "2024-07-01", "2024-12-31", "yes", 1.0, "2024-06-30"),  # after it resolved
            (4, "q1", "bob", 0.4, "2024-03-01", "2024-12-31", "yes", 1.0, "2024-06-30"),
            (
                5,
                "q1",
                "bob",
                0.5,
                "2024-03-01",
                "2024-12-31",
                "yes",
                1.0,
                "2024-06-30",
            ),  # same day: recorded last
        ]
    )
    counted, excluded = counted_forecasts(frame)
    assert dict(zip(counted["forecaster_id"], counted["forecast_id"], strict=True)) == {"ann": 2, "bob": 5}
    assert excluded.set_index("forecast_id")["why"].to_dict() == {3: "late"}


def test_close_date_is_a_cutoff_too() -> None:
    frame = _frame([(1, "q", "ann", 0.3, "2025-02-01", "2025-01-01", "no", 0.0, "2025-03-01")])
    counted, excluded = counted_forecasts(frame)
    assert counted.empty and list(excluded["why"]) == ["late"]


def test_void_pending_undated_unstated_and_provisional() -> None:
    frame = _frame(
        [
            (1, "a", "ann", 0.3, "2024-01-01", "2025-01-01", "annulled", None, "2024-06-01"),
            (2, "b", "ann", 0.3, "2024-01-01", "2025-01-01", "ambiguous", None, "2024-06-01"),
            (3, "c", "ann", 0.3, "2024-01-01", "2025-01-01", None, None, None),
            (4, "d", "ann", 0.3, None, "2025-01-01", "no", 0.0, "2024-06-01"),
            (5, "e", "ann", None, "2024-01-01", "2025-01-01", "no", 0.0, "2024-06-01"),
            (6, "f", "ann", 0.3, "2024-01-01", "2025-01-01", "provisional", 0.4, "2024-06-01"),
        ]
    )
    counted, excluded = counted_forecasts(frame)
    assert list(counted["question_id"]) == ["f"] and counted["y"].iloc[0] == 0.4
    reasons = excluded.set_index("question_id")["why"].to_dict()
    assert reasons == {"a": "void", "b": "void", "c": "pending", "d": "undated", "e": "no_probability"}
    counted, excluded = counted_forecasts(frame, resolved_only=True)
    assert counted.empty and "provisional" in set(excluded["why"])


def test_summary_scores() -> None:
    p = np.array([0.9, 0.2, 0.5, 0.7])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    s = summarise(p, y, np.random.default_rng(0), 200)
    brier = np.mean((p - y) ** 2)
    assert s["n"] == 4 and s["brier"] == pytest.approx(brier)
    assert s["skill_vs_naive"] == pytest.approx(1 - brier / 0.25)
    assert s["skill_vs_base_rate"] == pytest.approx(1 - brier / (0.75 * 0.25))
    assert s["brier_ci95"][0] <= brier <= s["brier_ci95"][1]
