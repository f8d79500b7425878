"""Indicator rules on small hand-made frames: the arithmetic stated in flashpoint.situation.rules."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from flashpoint.errors import ScenarioError
from flashpoint.situation import rules
from flashpoint.world.catalog import load_scenario
from flashpoint.world.loader import build_scenario
from flashpoint.world.questions import add_months, deadline, months_left


@pytest.fixture(scope="module")
def sc():
    return load_scenario()


def _quantities(*rows):
    cols = ["doc_id", "value", "unit", "qualifier", "increment", "published"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


def test_totals_give_a_triangle_over_the_reports_spread(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    ind = sc.indicators["dprk-troops-total"]
    rows = _quantities(
        ("a", 11000.0, "soldiers", "about", False, dt.date(2024, 11, 20)),
        ("b", 10000.0, "soldiers", "at_least", False, dt.date(2024, 11, 25)),
    )
    (update,), detail = rules.quantity(ind, data, rows)
    # about 11,000 -> [9.9, 12.1]; more than 10,000 -> [10, 12] (thousand troops); midpoints 11.0 and 11.0
    assert update["after"] == {"kind": "triangular", "low": 9.9, "mode": 11.0, "high": 12.1}
    assert update["before"] == {"kind": "uniform", "low": 8.0, "high": 12.0}
    assert detail["reference"] == pytest.approx(11.0) and detail["total"] == pytest.approx(11.0)


def test_increments_after_the_latest_total_are_added(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    ind = sc.indicators["dprk-troops-total"]
    rows = _quantities(
        ("x", 3000.0, "soldiers", "about", True, dt.date(2024, 11, 1)),  # before the total: already in it
        ("a", 2.0, "brigades", "exact", False, dt.date(2024, 11, 20)),
        ("c", 3000.0, "soldiers", "exact", True, dt.date(2025, 1, 22)),
    )
    (update,), detail = rules.quantity(ind, data, rows)
    assert update["after"] == 13.0  # 2 brigades x 5 (thousand) + 3 thousand, all exact
    assert detail["increments"] == 1 and detail["reference"] == pytest.approx(10.0)


def test_a_range_is_its_own_interval(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    ind = sc.indicators["dprk-troops-total"]
    rows = _quantities(("a", 10000.0, "soldiers", "range", False, dt.date(2024, 11, 20))).assign(high=12000.0)
    (update,), _ = rules.quantity(ind, data, rows)
    assert update["after"] == {"kind": "triangular", "low": 10.0, "mode": 11.0, "high": 12.0}


def test_shares_use_the_offset(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    ind = sc.indicators["kursk-retaken"]
    rows = _quantities(("a", 60.0, "percent", "exact", False, dt.date(2025, 2, 20)))
    (update,), _ = rules.quantity(ind, data, rows)
    assert update["after"] == pytest.approx(0.4) and update["parameter"].endswith("kursk.held_share")


def test_rate_is_a_gamma_poisson_update(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    ind = sc.indicators["korea-hostile-acts"]
    rows = pd.DataFrame(
        {
            "published": [dt.date(2024, 12, d) for d in (3, 3, 9, 12)],
            "event_type": ["ASSAULT", "ASSAULT", "ASSAULT", "THREATEN"],
            "actor_code": ["PRK", "PRK", "PRK", "PRK"],
            "recipient_code": ["KOR", "KOR", "KOR", "KOR"],
        }
    )
    assert rules.count_events(rows) == 3  # two reports of one day's assault count once
    on = dt.date(2025, 1, 5)
    (update,), detail = rules.rate(ind, data, rows, sc.as_of, on)
    t = (on - sc.as_of).days / 30.4375
    factor = (1.0 * 6 + 3) / (6 + t) / 1.0
    assert detail["factor"] == pytest.approx(factor, abs=1e-6)
    assert update["after"]["low"] == pytest.approx(0.4 * factor, abs=1e-6)
    assert update["after"]["high"] == pytest.approx(1.2 * factor, abs=1e-6)


def test_deadlines_are_fixed_and_months_left_shrink(sc) -> None:
    q = sc.questions["dprk-troops-in-combat-3m"]
    assert deadline(sc.as_of, q) == dt.date(2025, 2, 5)  # the date its resolution text names
    assert months_left(sc.as_of, deadline(sc.as_of, q)) == 3
    assert months_left(dt.date(2025, 1, 5), dt.date(2025, 2, 5)) == 1
    assert months_left(dt.date(2025, 2, 5), dt.date(2025, 2, 5)) == 0
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    for qid, question in sc.questions.items():
        assert months_left(sc.as_of, deadline(sc.as_of, question)) == question.horizon_months, qid


def test_an_indicator_on_an_unknown_path_is_refused(sc) -> None:
    data = sc.model_dump(mode="json", by_alias=True)
    data["indicators"]["dprk-troops-in-combat"]["sets"] = {"flows.nope.in_combat": True}
    with pytest.raises(ScenarioError, match=r"indicators\.dprk-troops-in-combat\.sets.*unknown path"):
        build_scenario(data)
    data = sc.model_dump(mode="json", by_alias=True)
    del data["indicators"]["korea-hostile-acts"]["baseline_per_month"]
    with pytest.raises(ScenarioError, match="baseline_per_month"):
        build_scenario(data)
