"""Registry rules as a forecaster meets them (issue 14, items 1, 2, 3, 4 and 10): each test failed before."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.errors import InputError
from flashpoint.forecasts import registry
from flashpoint.forecasts.track import score
from flashpoint.store import open_store


@pytest.fixture()
def db():
    s = open_store(":memory:")
    registry.add_question("q", "Will Q?", start_date="2024-01-01", resolution_date="2024-12-31", db=s)
    yield s
    s.close()


def _row(db, who: str) -> dict:
    return next(r for r in score(rng=0, n_boot=10, db=db)["forecasters"] if r["id"] == who)


def test_same_day_revision_back_to_an_earlier_value_counts(db) -> None:
    """Item 1: 0.3 -> 0.7 -> 0.3 on one day ends at 0.3 (Brier 0.09 on a no), not 0.7 (0.49)."""
    for p in (0.3, 0.7, 0.3):
        out = registry.add_forecast("q", p, forecaster="ann", made_at="2024-05-01", db=db)
        assert out["status"] == "added"
    again = registry.add_forecast("q", 0.3, forecaster="ann", made_at="2024-05-01", db=db)
    assert again["status"] == "unchanged"  # the standing forecast entered again
    registry.resolve("q", "no", date="2024-10-01", source="s", db=db)
    assert _row(db, "ann")["brier"] == pytest.approx(0.09)


def test_a_forecast_on_the_resolution_day_does_not_count(db) -> None:
    """Item 2: only forecasts strictly before the resolution's time count; a bare date is midnight."""
    registry.add_forecast("q", 0.2, forecaster="ann", made_at="2024-05-01", db=db)
    registry.add_forecast("q", 0.99, forecaster="ann", made_at="2024-10-01", db=db)  # the resolution's day
    registry.add_forecast("q", 0.9, forecaster="bob", made_at="2024-09-30T23:59", db=db)
    registry.add_forecast("q", 0.3, forecaster="cy", made_at="2024-06-01", db=db)
    registry.add_forecast("q", 0.8, forecaster="cy", made_at="2024-06-02T11:00", db=db)
    registry.add_forecast("q", 0.99, forecaster="cy", made_at="2024-06-02T12:00", db=db)  # at the resolution
    registry.resolve("q", "yes", date="2024-10-01", source="s", db=db)
    assert _row(db, "ann")["brier"] == pytest.approx(0.64) and _row(db, "ann")["late"] == 1
    assert _row(db, "bob")["brier"] == pytest.approx(0.01) and _row(db, "bob")["late"] == 0
    registry.resolve("q", "yes", date="2024-06-02T12:00", source="s", amend=True, reason="earlier", db=db)
    assert _row(db, "cy")["brier"] == pytest.approx(0.04) and _row(db, "cy")["late"] == 1


def test_time_averaged_brier_weighs_how_long_each_forecast_stood() -> None:
    """Item 3: 0.2 for 178 days then 0.9 the day before close scores worse time-averaged than a steady 0.6."""
    s = open_store(":memory:")
    try:
        registry.add_question("t", "Will T?", start_date="2024-01-01", resolution_date="2024-06-28", db=s)
        registry.add_forecast("t", 0.2, forecaster="late", made_at="2024-01-01", db=s)
        registry.add_forecast("t", 0.9, forecaster="late", made_at="2024-06-27", db=s)
        registry.add_forecast("t", 0.6, forecaster="steady", made_at="2024-01-01", db=s)
        registry.resolve("t", "yes", date="2024-06-28", source="s", db=s)
        late, steady = _row(s, "late"), _row(s, "steady")
        days = (dt.date(2024, 6, 27) - dt.date(2024, 1, 1)).days
        expected = (days * 0.8**2 + 1 * 0.1**2) / (days + 1)
        assert late["brier"] == pytest.approx(0.01) and late["brier_time_avg"] == pytest.approx(expected)
        assert steady["brier_time_avg"] == pytest.approx(0.16) and late["brier_time_avg"] > 0.6
    finally:
        s.close()


def test_icd203_words_alone_or_agreeing_with_the_number(db) -> None:
    """Item 4: words alone give the band's mid-point; a number contradicting its words is refused."""
    out = registry.add_forecast("q", forecaster="ann", probability_text="highly improbable", db=db)
    assert out["probability"] == 0.12  # ICD 203's synonym of "very unlikely"
    assert registry.add_forecast("q", 0.3, forecaster="bob", probability_text="unlikely", db=db)
    with pytest.raises(InputError, match="contradicts its words 'unlikely'"):
        registry.add_forecast("q", 0.9, forecaster="cy", probability_text="unlikely", db=db)
    with pytest.raises(InputError, match="not an ICD 203 phrase"):
        registry.add_forecast("q", forecaster="cy", probability_text="who knows", db=db)


def test_resolution_before_the_question_opens_or_in_the_future_is_refused(db) -> None:
    """Item 10: a resolution dated before the question opens, or in the future, is refused."""
    with pytest.raises(InputError, match="before the question opens"):
        registry.resolve("q", "no", date="2023-12-31", source="s", db=db)
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    with pytest.raises(InputError, match="must not be in the future"):
        registry.resolve("q", "no", date=future, source="s", db=db)
    with pytest.raises(InputError, match="value must be 1 for outcome yes"):
        registry.resolve("q", "yes", date="2024-05-01", value=0.5, source="s", db=db)


def test_forecasts_made_before_the_question_opens_do_not_count(db) -> None:
    """Item 10: a forecast made before the question opens is refused at entry and excluded when scored."""
    with pytest.raises(InputError, match="before the question opens"):
        registry.add_forecast("q", 0.4, forecaster="ann", made_at="2023-06-01", db=db)
    db.con.execute(  # one that came in some other way (an older store, a linked statement)
        "INSERT INTO registry_forecasts (question_id, forecaster_id, kind, probability, made_at, source_key) "
        "VALUES ('q', 'ann', 'user', 0.4, TIMESTAMP '2023-06-01', 'k-early')"
    )
    registry.add_forecast("q", 0.1, forecaster="bob", made_at="2024-03-01", db=db)
    registry.resolve("q", "no", date="2024-10-01", source="s", db=db)
    out = score(rng=0, n_boot=10, db=db)
    assert [r["id"] for r in out["forecasters"]] == ["bob"] and out["excluded"] == {"early": 1}
