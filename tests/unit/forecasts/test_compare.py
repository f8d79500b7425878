"""Peer scores, the score window, track record over time, the groups-mean interval, the scored table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from flashpoint.errors import InputError
from flashpoint.forecasts import registry, scored_pairs
from flashpoint.forecasts.compare import groups_mean_ci, peer_scores, question_family
from flashpoint.forecasts.track import score
from flashpoint.store import open_store


@pytest.fixture()
def db():
    s = open_store(":memory:")
    for qid, close in (("a", "2024-06-30"), ("b", "2024-12-31"), ("c", "2025-03-31")):
        registry.add_question(qid, f"Will {qid}?", start_date="2024-01-01", resolution_date=close, db=s)
    for who, ps in (("ann", (0.9, 0.2, 0.7)), ("bob", (0.6, 0.5, 0.5)), ("cy", (0.8, None, None))):
        for qid, p in zip("abc", ps, strict=True):
            if p is not None:
                registry.add_forecast(qid, p, forecaster=who, made_at="2024-02-01", db=s)
    registry.resolve("a", "yes", date="2024-06-01", source="s", db=s)
    registry.resolve("b", "no", date="2024-12-01", source="s", db=s)
    registry.resolve("c", "yes", date="2025-03-01", source="s", db=s)
    yield s
    s.close()


def _ls(p: float, y: float) -> float:
    return -math.log(p if y == 1 else 1 - p)


def test_peer_score_is_the_log_score_beside_the_others_on_shared_questions(db) -> None:
    rows = {r["id"]: r for r in score(rng=0, n_boot=10, db=db)["forecasters"]}
    # question a: ann, bob, cy; b and c: ann and bob
    ann = [
        100 * ((_ls(0.6, 1) + _ls(0.8, 1)) / 2 - _ls(0.9, 1)),
        100 * (_ls(0.5, 0) - _ls(0.2, 0)),
        100 * (_ls(0.5, 1) - _ls(0.7, 1)),
    ]
    assert rows["ann"]["peer"] == pytest.approx(np.mean(ann)) and rows["ann"]["peer_n"] == 3
    cy = 100 * ((_ls(0.9, 1) + _ls(0.6, 1)) / 2 - _ls(0.8, 1))
    assert rows["cy"]["peer"] == pytest.approx(cy) and rows["cy"]["peer_n"] == 1
    # one forecaster scored alone keeps its peers
    alone = score(forecaster="cy", rng=0, n_boot=10, db=db)["forecasters"]
    assert [r["id"] for r in alone] == ["cy"] and alone[0]["peer"] == pytest.approx(cy)


def test_a_question_nobody_else_forecast_has_no_peer_score() -> None:
    frame = pd.DataFrame({"forecaster_id": ["x"], "question_id": ["q"], "p_yes": [0.3], "y": [1.0]})
    assert np.isnan(peer_scores(frame, frame)["peer"].iloc[0])


def test_since_until_and_track_record_by_year(db) -> None:
    out = score(since="2024-07-01", until="2024-12-31", rng=0, n_boot=10, db=db)
    assert out["questions_scored"] == 1 and {r["n"] for r in out["forecasters"]} == {1}
    by_year = score(by="year", rng=0, n_boot=10, db=db)["groups"]
    assert sorted(by_year) == ["2024", "2025"]
    assert {r["id"]: r["n"] for r in by_year["2024"]} == {"ann": 2, "bob": 2, "cy": 1}
    assert sorted(score(by="quarter", rng=0, n_boot=10, db=db)["groups"]) == ["2024Q2", "2024Q4", "2025Q1"]
    with pytest.raises(InputError, match="--until must not be before --since"):
        score(since="2025-01-01", until="2024-01-01", db=db)


def test_groups_mean_interval_resamples_within_groups() -> None:
    keyed = pd.DataFrame(
        {
            "group": ["d"] * 3 + ["m"] * 2,
            "question_id": ["d1", "d2", "d3", "fb:m:1:2024-07-28", "fb:m:1:2024-08-20"],
            "p_yes": [0.1, 0.2, 0.3, 0.5, 0.5],
            "y": [0, 0, 0, 1, 1.0],
        }
    )
    lo, hi = groups_mean_ci(keyed, np.random.default_rng(0), 2000)
    point = (np.mean([0.01, 0.04, 0.09]) + 0.25) / 2
    assert lo < point < hi and lo >= (0.01 + 0.25) / 2 - 1e-12 and hi <= (0.09 + 0.25) / 2 + 1e-12
    again = groups_mean_ci(keyed, np.random.default_rng(0), 2000)
    assert again == (lo, hi)
    # the two horizons of market question fb:m:1 are one family: resampled together
    assert question_family("fb:m:1:2024-07-28") == question_family("fb:m:1:2024-08-20") == "fb:m:1"
    assert question_family("world-war-12m@2025-03-01") == "world-war-12m"


def test_scored_pairs_is_the_public_per_forecast_table(db) -> None:
    table = scored_pairs(db=db)
    assert isinstance(table, pd.DataFrame) and len(table) == 7
    row = table[(table["forecaster_id"] == "ann") & (table["question_id"] == "b")].iloc[0]
    assert (row["p_yes"], row["y"], row["brier"]) == (0.2, 0.0, pytest.approx(0.04))
    assert row["log"] == pytest.approx(_ls(0.2, 0)) and {"peer", "brier_time_avg", "cutoff"} <= set(table)
    assert len(scored_pairs(forecaster="cy", db=db)) == 1
