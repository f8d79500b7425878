"""From the seed article to scores: ingest, run the default scenario, link experts, resolve, score.

Uses the other areas' commands as documented (issue 2: `flashpoint run`; issue 4: `flashpoint ingest`) on one
DuckDB file. The resolutions are entered by the test itself (it does not claim to know how 2025 went): the
point is that experts and the model are scored side by side, each from its own forecast on the same questions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.settings import shared_data_dir

SEEDS = (shared_data_dir() or Path("/nonexistent")).parent / "seeds"
PAIRS = {
    "Carl Schuster": ("world war", "world-war-12m"),
    "Anders Corr": ("NATO forces will enter East Asia", "nato-ground-forces-east-asia-12m"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds)")
    db = str(tmp_path_factory.mktemp("seed") / "fp.duckdb")
    runner = CliRunner()

    def run(*args: str) -> dict:
        result = runner.invoke(app, [*args, "--db", db, "--json"])
        assert result.exit_code == 0, (args, result.output)
        return json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}

    run("ingest", *map(str, sorted(SEEDS.glob("*.txt"))), "--published", "2024-11-05")
    model = run("run", "--worlds", "1000", "--seed", "7")
    proposals = run("forecasts", "link")
    return db, {"run": model, "link": proposals, "cli": run}


def _proposal(link: dict, who: str, words: str, question: str) -> dict | None:
    for p in link["proposals"]:
        if (
            p["forecaster_id"] == who
            and words.lower() in (p["proposition"] or "").lower()
            and (p["question_id"] == question)
        ):
            return p
    return None


@pytest.mark.parametrize("who", list(PAIRS))
def test_link_proposes_the_expert_statements_for_their_questions(store, who: str) -> None:
    _, state = store
    words, question = PAIRS[who]
    proposal = _proposal(state["link"], who, words, question)
    assert proposal is not None, f"{who!r}: no proposal for {question}; got {state['link']['proposals']}"
    assert proposal["p_yes"] is not None and proposal["p_yes"] < 0.5  # both doubt the event
    assert proposal["relation"] == "same"


def test_link_relation_follows_the_question_polarity(store) -> None:
    _, state = store
    naval = "nato-naval-air-only-east-asia-12m"
    corr = _proposal(state["link"], "Anders Corr", "NATO forces will enter East Asia", naval)
    assert corr is not None, f"no naval-air-only proposal for Corr; got {state['link']['proposals']}"
    assert corr["relation"] == "negated"  # yes = NATO stays naval and air only = no entry
    assert corr["probability"] == pytest.approx(0.32)
    assert corr["p_yes"] == pytest.approx(0.68)
    words, question = PAIRS["Anders Corr"]
    ground = _proposal(state["link"], "Anders Corr", words, question)
    assert ground["p_yes"] == pytest.approx(0.32)
    # "NATO will not deploy forces ... other than naval": negated words against a question that denies too.
    schuster = _proposal(state["link"], "Carl Schuster", "NATO will not deploy forces", naval)
    assert schuster is not None and schuster["relation"] == "same", schuster


def test_accepted_links_score_experts_and_the_model_side_by_side(store) -> None:
    _, state = store
    run = state["cli"]
    pairs = []
    for who, (words, question) in PAIRS.items():
        p = _proposal(state["link"], who, words, question)
        pairs += ["--pair", f"{p['forecast_id']}:{question}"]
    assert run("forecasts", "link", *pairs)["accepted"] == 2
    for _, question in PAIRS.values():
        shown = run("questions", "show", question)
        close = shown["question"]["resolution_date"]
        run("resolve", question, "no", "--date", close, "--source", "https://example.org/test-resolution")
    scores = run("score")
    rows = {r["id"]: r for r in scores["forecasters"]}
    kinds = {r["kind"] for r in rows.values()}
    assert {"expert", "model"} <= kinds, rows
    model = next(r for r in rows.values() if r["kind"] == "model")
    assert model["n"] == 2
    by_question = {q["id"]: q["probability"] for q in state["run"]["questions"]}
    expected = sum(by_question[q] ** 2 for _, q in PAIRS.values()) / 2
    assert model["brier"] == pytest.approx(expected)
    for who, (words, question) in PAIRS.items():
        p = _proposal(state["link"], who, words, question)
        assert rows[who]["n"] == 1 and rows[who]["brier"] == pytest.approx(p["p_yes"] ** 2)


def test_the_seed_statements_link_as_an_analyst_reads_them(store) -> None:
    """Issue 14 item 5 on the founding article: Schuster's "Iran and China will likely not get involved"
    (p 0.68 of staying out) is proposed for the Iran/China question (P(yes) 0.32); "Iran itself will do little
    to provoke Israel" links negated; the article's generic "experts" is nobody's track record."""
    _, state = store
    link = state["link"]
    iran = _proposal(
        link, "Carl Schuster", "will likely not get involved", "iran-or-china-combat-troops-ukraine-12m"
    )
    assert iran is not None, link["proposals"]
    assert iran["relation"] == "negated" and iran["p_yes"] == pytest.approx(0.32) and iran["rank"] == 1
    little = _proposal(link, "Carl Schuster", "do little to provoke", "israel-iran-major-strikes-12m")
    assert little is not None and little["relation"] == "negated", link["proposals"]
    assert "experts" not in {p["forecaster_id"] for p in link["proposals"]}
    assert link["registered"]["skipped_no_predictor"] >= 2
