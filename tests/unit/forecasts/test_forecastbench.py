"""ForecastBench import on small synthetic files: the join rules, the median crowd, bad rows, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from flashpoint.errors import InputError, PartialFailure
from flashpoint.forecasts.forecastbench import MEDIAN_ID, import_forecastbench
from flashpoint.forecasts.track import score
from flashpoint.store import open_store

DUE = "2024-07-21"
H1, H2 = "2024-07-28", "2024-08-20"


def _write(tmp: Path, forecasts: list[dict]) -> tuple[Path, Path, Path]:
    questions = {
        "forecast_due_date": DUE,
        "questions": [
            {
                "id": "d1",
                "source": "acled",
                "question": "More events by {resolution_date} than {forecast_due_date}?",
                "resolution_dates": [H1, H2],
            },
            {"id": "m1", "source": "metaculus", "question": "Will M happen?", "resolution_dates": "N/A"},
        ],
    }
    resolutions = {
        "resolutions": [
            {"id": "d1", "source": "acled", "resolution_date": H1, "resolved_to": 1.0, "resolved": True},
            {"id": "d1", "source": "acled", "resolution_date": H2, "resolved_to": 0.0, "resolved": True},
            {"id": "m1", "source": "metaculus", "resolution_date": H1, "resolved_to": 0.0, "resolved": True},
            {"id": "m1", "source": "metaculus", "resolution_date": H2, "resolved_to": 0.3, "resolved": False},
            {
                "id": ["d1", "m1"],
                "source": "acled",
                "resolution_date": H1,
                "resolved_to": 0.0,
                "resolved": True,
            },
            {"id": "zz", "source": "acled", "resolution_date": H1, "resolved_to": 1.0, "resolved": True},
        ]
    }
    paths = tmp / "q.json", tmp / "r.json", tmp / "f.json"
    paths[0].write_text(json.dumps(questions))
    paths[1].write_text(json.dumps(resolutions))
    paths[2].write_text(json.dumps({"forecasts": forecasts}))
    return paths


FORECASTS = (
    [
        {"id": "d1", "source": "acled", "resolution_date": H1, "forecast": p, "user_id": u}
        for u, p in (("u1", 0.6), ("u2", 0.8), ("u3", 0.9))
    ]
    + [
        {"id": "d1", "source": "acled", "resolution_date": H2, "forecast": p, "user_id": u}
        for u, p in (("u1", 0.2), ("u2", 0.4))
    ]
    + [
        {"id": "m1", "source": "metaculus", "resolution_date": None, "forecast": p, "user_id": u}
        for u, p in (("u1", 0.1), ("u2", 0.2), ("u3", 0.6))
    ]
)


def test_join_rules_median_and_equal_weight_overall(tmp_path: Path) -> None:
    files = _write(tmp_path, FORECASTS)
    with open_store(":memory:") as db:
        out = import_forecastbench(*files, db=db)
        assert out["questions"] == 4 and out["combination_rows_skipped"] == 1 and out["forecasters"] == 4
        again = import_forecastbench(*files, db=db)
        assert (
            again["forecasts_added"] == 0
            and again["questions_added"] == 0
            and again["resolutions_added"] == 0
        )
        result = score(forecaster=MEDIAN_ID, by="source", rng=0, n_boot=100, db=db)
    median = result["forecasters"][0]
    dataset = np.mean([(0.8 - 1) ** 2, (0.3 - 0) ** 2])  # medians 0.8 and 0.3 per horizon
    market = np.mean([(0.2 - 0) ** 2, (0.2 - 0.3) ** 2])  # one forecast, scored on every row
    groups = {k: v[0]["brier"] for k, v in result["groups"].items()}
    assert groups == {
        "forecastbench/dataset": pytest.approx(dataset),
        "forecastbench/market": pytest.approx(market),
    }
    assert median["brier_groups_mean"] == pytest.approx((dataset + market) / 2)
    assert median["n"] == 4 and median["n_provisional"] == 1


def test_bad_forecasts_are_refused_and_the_rest_imported(tmp_path: Path) -> None:
    bad = [
        *FORECASTS,
        {"id": "d1", "source": "acled", "resolution_date": H1, "forecast": 1.7, "user_id": "u4"},
        {"id": "d1", "source": "acled", "resolution_date": H1, "forecast": "x", "user_id": "u5"},
    ]
    files = _write(tmp_path, bad)
    with open_store(":memory:") as db:
        with pytest.raises(PartialFailure) as info:
            import_forecastbench(*files, db=db)
        assert len(info.value.result["errors"]) == 2 and "got 1.7" in info.value.result["errors"][0]
        assert info.value.result["forecasts_added"] > 0


def test_a_malformed_file_is_one_clear_error(tmp_path: Path) -> None:
    q, r, f = _write(tmp_path, FORECASTS)
    r.write_text("{not json")
    with pytest.raises(InputError, match="must be JSON"), open_store(":memory:") as db:
        import_forecastbench(q, r, f, db=db)
    r.write_text(json.dumps({"rows": []}))
    with pytest.raises(InputError, match="needs a list under 'resolutions'"), open_store(":memory:") as db:
        import_forecastbench(q, r, f, db=db)


def test_a_changed_resolution_in_a_later_snapshot_needs_amend(tmp_path: Path) -> None:
    q, r, f = _write(tmp_path, FORECASTS)
    with open_store(":memory:") as db:
        import_forecastbench(q, r, f, db=db)
        data = json.loads(r.read_text())
        data["resolutions"][0]["resolved_to"] = 0.0  # d1 at H1 flips from yes to no
        data["resolutions"][3].update(resolved_to=1.0, resolved=True)  # the open market row resolves
        r.write_text(json.dumps(data))
        with pytest.raises(PartialFailure) as info:
            import_forecastbench(q, r, f, db=db)
        assert info.value.result["resolutions_added"] == 1  # provisional -> final needs no amendment
        assert "already resolved yes" in info.value.result["errors"][0]
        out = import_forecastbench(q, r, f, amend=True, reason="later snapshot", db=db)
        assert out["resolutions_added"] == 1 and out["errors"] == []


def test_nan_or_half_resolutions_and_duplicate_users_are_reported(tmp_path: Path) -> None:
    """Issue 14 item 10: NaN or a resolved 0.5 were left pending silently; a duplicate user entered the median
    twice."""
    q, r, f = _write(tmp_path, [*FORECASTS, {**FORECASTS[0], "forecast": 0.95}])  # u1 again on d1 at H1
    data = json.loads(r.read_text())
    data["resolutions"][1]["resolved_to"] = 0.5  # d1 at H2 "resolved" to 0.5
    data["resolutions"][3]["resolved_to"] = None  # m1 at H2: no value
    r.write_text(json.dumps(data))
    db = open_store(":memory:")
    try:
        with pytest.raises(PartialFailure) as info:
            import_forecastbench(q, r, f, db=db)
        errors = info.value.result["errors"]
        assert any("fb:acled:d1:2024-08-20" in e and "0 or 1; got 0.5" in e for e in errors)
        assert any("fb:metaculus:m1:2024-08-20" in e and "must be a number" in e for e in errors)
        assert any("by user u1: a second forecast" in e for e in errors)
        med = db.con.execute(
            "SELECT probability FROM registry_forecasts WHERE forecaster_id = ? AND question_id = ?",
            [MEDIAN_ID, "fb:acled:d1:2024-07-28"],
        ).fetchall()
        assert med == [(0.9,)]  # median of u1's later 0.95, u2's 0.8 and u3's 0.9; not of four values
    finally:
        db.close()


def test_a_later_snapshot_supersedes_re_dated_market_rows(tmp_path: Path) -> None:
    """Issue 14 item 6: a second snapshot re-dating a market question's rows double-counted it."""
    q, r, f = _write(tmp_path, FORECASTS)
    later = tmp_path / "r2.json"
    later.write_text(
        json.dumps(
            {
                "resolutions": [
                    {
                        "id": "d1",
                        "source": "acled",
                        "resolution_date": H1,
                        "resolved_to": 1.0,
                        "resolved": True,
                    },
                    {
                        "id": "d1",
                        "source": "acled",
                        "resolution_date": H2,
                        "resolved_to": 0.0,
                        "resolved": True,
                    },
                    {
                        "id": "m1",
                        "source": "metaculus",
                        "resolution_date": "2024-09-30",
                        "resolved_to": 1.0,
                        "resolved": True,
                    },
                ]
            }
        )
    )
    db = open_store(":memory:")
    try:
        import_forecastbench(q, r, f, db=db)
        out = import_forecastbench(q, later, f, db=db)
        assert out["resolutions_superseded"] == 2
        result = score(forecaster=MEDIAN_ID, by="source", rng=0, n_boot=10, db=db)
        market = result["groups"]["forecastbench/market"][0]
        assert market["n"] == 1 and market["brier"] == pytest.approx((0.2 - 1.0) ** 2)
        assert result["excluded"] == {"void": 2}
    finally:
        db.close()
