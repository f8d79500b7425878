"""The registry API on an in-memory store: questions, forecasts, resolutions with amendments, scores."""

from __future__ import annotations

import json

import pytest

from flashpoint.errors import ConflictError, InputError, NotFoundError
from flashpoint.forecasts import registry
from flashpoint.forecasts.track import score
from flashpoint.store import open_store


@pytest.fixture()
def db():
    s = open_store(":memory:")
    registry.add_question("q1", "Will A happen by 2025?", resolution_date="2025-01-01", db=s)
    registry.add_question(
        "q2", "Will B happen within 6 months?", start_date="2024-06-01", horizon_months=6, tags=["b"], db=s
    )
    yield s
    s.close()


def test_questions_are_idempotent_and_conflicts_refused(db) -> None:
    again = registry.add_question("q1", "Will A happen by 2025?", resolution_date="2025-01-01", db=db)
    assert again["status"] == "unchanged"
    with pytest.raises(ConflictError, match="already exists"):
        registry.add_question("q1", "Something else?", db=db)
    assert list(registry.list_questions(db=db)["question_id"]) == ["q1", "q2"]
    assert list(registry.list_questions(tag="b", db=db)["question_id"]) == ["q2"]


def test_forecasts_need_a_known_question_and_a_probability(db) -> None:
    with pytest.raises(NotFoundError, match="'nope' is not registered"):
        registry.add_forecast("nope", 0.5, forecaster="me", db=db)
    with pytest.raises(InputError, match=r"probability in \[0, 1\]; got 1.5"):
        registry.add_forecast("q1", 1.5, forecaster="me", db=db)
    first = registry.add_forecast("q1", "0.3", forecaster="me", made_at="2024-05-01", db=db)
    second = registry.add_forecast("q1", "0.3", forecaster="me", made_at="2024-05-01", db=db)
    assert (first["status"], second["status"]) == ("added", "unchanged")


def test_a_contradicting_resolution_needs_amend_with_reason_and_history_is_kept(db) -> None:
    first = registry.resolve("q1", "no", date="2025-01-01", source="https://example.org/a", db=db)
    same = registry.resolve("q1", "no", date="2025-01-01", source="https://example.org/a", db=db)
    assert (first["status"], same["status"], same["history"]) == ("resolved", "unchanged", 1)
    with pytest.raises(ConflictError, match="already resolved no on 2025-01-01; got yes"):
        registry.resolve("q1", "yes", date="2025-01-01", source="x", db=db)
    with pytest.raises(InputError, match="--reason"):
        registry.resolve("q1", "yes", date="2025-01-01", source="x", amend=True, db=db)
    amended = registry.resolve(
        "q1", "yes", date="2025-01-01", source="x", amend=True, reason="misread", db=db
    )
    assert amended["status"] == "amended" and amended["history"] == 2
    shown = registry.show_question("q1", db=db)
    assert [r["outcome"] for r in shown["resolutions"]] == ["no", "yes"]
    assert shown["resolutions"][1]["amends"] == shown["resolutions"][0]["resolution_id"]
    with pytest.raises(InputError, match="nothing to amend"):
        registry.resolve("q2", "yes", date="2024-12-01", source="x", amend=True, reason="r", db=db)


def test_scores_apply_the_rules(db) -> None:
    registry.add_forecast("q1", 0.9, forecaster="ann", made_at="2024-01-01", db=db)
    registry.add_forecast("q1", 0.2, forecaster="ann", made_at="2024-06-01", db=db)  # the last one counts
    registry.add_forecast("q1", 0.99, forecaster="ann", made_at="2025-02-01", db=db)  # late
    registry.add_forecast("q2", 0.7, forecaster="ann", made_at="2024-06-01", db=db)
    registry.add_forecast("q2", 0.4, forecaster="bob", made_at="2024-06-01", db=db)
    registry.resolve("q1", "no", date="2025-01-01", source="s", db=db)
    registry.resolve("q2", "annulled", date="2024-12-01", source="s", db=db)
    out = score(rng=1, n_boot=200, by="tag", db=db)
    ann = {r["id"]: r for r in out["forecasters"]}["ann"]
    assert ann["n"] == 1 and ann["brier"] == pytest.approx(0.04) and ann["late"] == 1
    assert "bob" not in {r["id"] for r in out["forecasters"]}  # only an annulled question
    assert out["excluded"] == {"late": 1, "void": 2}
    # same seed, same output (compared as JSON: NaN skill against a base rate of 0 equals itself there)
    assert json.dumps(out) == json.dumps(score(rng=1, n_boot=200, by="tag", db=db))
    registry.add_question("q3", "Will C happen by 2025?", resolution_date="2025-01-01", db=db)
    for who, p1, p3 in (("ann", 0.3, 0.8), ("bob", 0.5, 0.1)):
        registry.add_forecast("q1", p1, forecaster=who, made_at="2024-06-02", db=db)
        registry.add_forecast("q3", p3, forecaster=who, made_at="2024-06-02", db=db)
    registry.resolve("q3", "yes", date="2025-01-01", source="s", db=db)
    both = {r["id"]: r["brier_ci95"] for r in score(rng=3, n_boot=200, db=db)["forecasters"]}
    alone = score(forecaster="bob", rng=3, n_boot=200, db=db)["forecasters"][0]["brier_ci95"]
    assert both["bob"] == alone and alone[0] < alone[1]  # independent of who else is scored
    with pytest.raises(InputError, match="--seed must be"):
        score(rng=-1, db=db)
    with pytest.raises(InputError, match="--by must be one of"):
        score(by="colour", db=db)
    with pytest.raises(InputError, match="no forecaster 'zed'"):
        score(forecaster="zed", db=db)
