"""Situation, run --as-of and replay on the fixture corpus (tests/fixtures/situation): evidence moves the
forecasts it bears on, in its direction, and nothing published after the date changes a run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.evidence.records import Document
from flashpoint.forecasts.replay import run_at
from flashpoint.settings import shared_data_dir
from flashpoint.store import open_store
from flashpoint.store.evidence import EvidenceStore

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "situation" / "corpus.jsonl"
SEED = (
    (shared_data_dir() or Path("/nonexistent")).parent
    / "seeds"
    / "epochtimes-2024-11-05-north-korea-troops-nato.txt"
)
WORLDS = 4000


@pytest.fixture(scope="module")
def extracted() -> dict:
    from flashpoint.evidence.pipeline import Extractor

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    docs = {
        r["id"]: Document(
            text=r["text"],
            published=dt.date.fromisoformat(r["published"]),
            source=r["source"],
            title=r["title"],
        )
        for r in rows
    }
    if SEED.exists():  # the founding article, published on the scenario's as_of: known, never applied again
        docs["seed"] = Document(text=SEED.read_text(encoding="utf-8"), published=dt.date(2024, 11, 5))
    return dict(zip(docs, Extractor().extract(list(docs.values())), strict=True))


@pytest.fixture
def make_store(extracted, tmp_path):
    def make(ids, name: str = "fp") -> Path:
        path = tmp_path / f"{name}.duckdb"
        with open_store(path) as st:
            EvidenceStore(st).write([extracted[i] for i in ids])
        return path

    return make


def _json(args: list[str]) -> dict:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_situation_shows_each_indicator_with_its_sentences(make_store, extracted) -> None:
    db = make_store(list(extracted))
    data = _json(["situation", "--as-of", "2025-05-05", "--json", "--db", str(db)])
    status = {i["id"]: i for i in data["indicators"]}
    assert {k: v["status"] for k, v in status.items()} == {
        "dprk-troops-in-combat": "applied",
        "dprk-troops-total": "applied",
        "dprk-troops-withdrawn": "no evidence",
        "kursk-retaken": "applied",
        "middle-east-sustained-strikes": "applied",
        "russia-ukraine-ceasefire": "applied",
        "ceasefire-settles-question": "proposed",
        "korea-hostile-acts": "applied",
    }
    combat = status["dprk-troops-in-combat"]
    assert {e["source"] for e in combat["evidence"]} == {"Fixture Wire", "Fixture Post"}
    assert all("North Korean" in e["sentence"] for e in combat["evidence"])
    assert [e["sentence"] for e in combat["conflicting"]] == [
        "Russia denied that North Korean troops fought Ukrainian forces in Kursk."
    ]
    total = status["dprk-troops-total"]
    assert sorted(e["quantity"] for e in total["evidence"]) == [
        "about 11,000 soldiers",
        "about 3,000 more soldiers",
        "more than 10,000 soldiers",
    ]
    if "seed" in extracted:  # the seed's troop numbers are shown as known at as_of, not applied again
        assert [e["quantity"] for e in total["known_at_as_of"]] == ["approximately two brigades"]
    (proposal,) = data["proposed_resolutions"]
    assert proposal["question"] == "russia-ukraine-ceasefire-8m" and proposal["resolved_on"] == "2025-04-15"
    assert proposal["command"].startswith(
        "flashpoint resolve russia-ukraine-ceasefire-8m yes --date 2025-04-15"
    )
    every = [e["published"] for i in data["indicators"] for e in i["evidence"] + i["conflicting"]]
    assert max(every) <= "2025-05-05"
    # a withdrawal reported later stops the flow and supersedes the troop total (both shown)
    later = _json(["situation", "--as-of", "2025-10-05", "--json", "--db", str(db)])
    by_parameter = [u for u in later["updates"] if u["parameter"] == "flows.prk_rus_troops.size"]
    assert [(u["indicator"], u.get("superseded_by")) for u in by_parameter] == [
        ("dprk-troops-total", "dprk-troops-withdrawn"),
        ("dprk-troops-withdrawn", None),
    ]
    assert by_parameter[-1]["after"] == 0
    # the late-published review of December's fighting (2025-06-30) counts only once it is published
    late = _json(["situation", "--as-of", "2025-07-01", "--json", "--db", str(db)])
    combat_late = next(i for i in late["indicators"] if i["id"] == "dprk-troops-in-combat")
    assert len(combat_late["evidence"]) == len(combat["evidence"]) + 1


def test_a_document_published_after_the_date_never_changes_the_run(make_store, extracted) -> None:
    early = [i for i in extracted if i not in ("fx-14", "fx-15")]
    args = ["run", "--as-of", "2025-01-05", "--json", "--no-store", "--worlds", "2000", "--seed", "3"]
    without = _json([*args, "--db", str(make_store(early, "early"))])
    with_late = _json([*args, "--db", str(make_store(list(extracted), "all"))])
    without.pop("elapsed_s"), with_late.pop("elapsed_s")
    assert json.dumps(without, sort_keys=True) == json.dumps(with_late, sort_keys=True)
    assert without["updates"] and without["as_of"] == "2025-01-05"
    short = _json([*args, "--months", "6", "--db", str(make_store(early, "early2"))])
    assert "world-war-48m" in short["left_out"] and "world-war-48m" not in {
        q["id"] for q in short["questions"]
    }


def test_no_evidence_after_as_of_equals_todays_run(make_store, extracted) -> None:
    base = ["--json", "--no-store", "--worlds", "2000", "--seed", "5"]
    today = _json(["run", *base])
    for db in (make_store([], "empty"), make_store(list(extracted), "all")):  # all fixture reports are later
        dated = _json(["run", "--as-of", "2024-11-05", *base, "--db", str(db)])
        assert dated["updates"] == [] and dated["closed"] == [] and dated["left_out"] == []
        assert [(q["id"], q["probability"]) for q in dated["questions"]] == [
            (q["id"], q["probability"]) for q in today["questions"]
        ]
        assert all(q["deadline"] > "2024-11-05" for q in dated["questions"])


# (reports, date, questions the evidence bears on and the sign of their move)
CASES = {
    "combat": (
        ["fx-03", "fx-04"],
        "2025-01-05",
        {"dprk-troops-in-combat-3m": 1, "russia-retakes-kursk-6m": 1},
    ),
    "strikes": (["fx-11", "fx-12"], "2025-03-15", {"israel-iran-major-strikes-12m": 1}),
    "kursk": (["fx-09", "fx-10"], "2025-03-05", {"russia-retakes-kursk-6m": 1}),
    "troops": (
        ["fx-01", "fx-02", "fx-06"],
        "2025-02-05",
        {"dprk-deployment-grows-6m": 1, "russia-retakes-kursk-6m": 1},  # more North Korean troops in Kursk
    ),
    "korea": (
        ["fx-07", "fx-08", "fx-16", "fx-17", "fx-18", "fx-19"],
        "2025-01-05",
        {"korean-peninsula-war-48m": 1},
    ),
}


# A mover that is a rare event needs the worlds to show its move: the Korean war question is about 0.1%
# over 48 months, so 4,000 worlds see about four wars on either side; 250,000 give the 250 expected events
# per arm that the mechanism checks ask for (validity.mechanisms).
CASE_WORLDS = {"korea": 250_000}


@pytest.mark.parametrize("case", sorted(CASES))
def test_evidence_moves_the_questions_it_bears_on_and_no_others(case, make_store) -> None:
    ids, date, movers = CASES[case]
    worlds = CASE_WORLDS.get(case, WORLDS)
    with_evidence = run_at(None, date, worlds=worlds, seed=11, store=False, db=make_store(ids, case))
    without = run_at(None, date, worlds=worlds, seed=11, store=False, db=make_store([], "none"))
    assert with_evidence["updates"] and not without["updates"]
    for a, b in zip(with_evidence["questions"], without["questions"], strict=True):
        delta = a["probability"] - b["probability"]
        z = delta / max((a["stderr"] ** 2 + b["stderr"] ** 2) ** 0.5, 1e-9)
        if a["id"] in movers:
            assert z * movers[a["id"]] > 3, (a["id"], delta, z)  # moved, beyond Monte Carlo error
        else:  # same seed on both sides: beyond 4 standard errors is not Monte Carlo error
            assert abs(z) < 4, (a["id"], a["probability"], b["probability"])


def test_a_ceasefire_report_moves_the_ceasefire_question_and_proposes_its_resolution(make_store) -> None:
    db = make_store(["fx-14"], "ceasefire")
    res = run_at(None, "2025-04-20", worlds=WORLDS, seed=11, store=False, db=db)
    base = run_at(None, "2025-04-20", worlds=WORLDS, seed=11, store=False, db=make_store([], "none"))
    p = {q["id"]: q["probability"] for q in res["questions"]}
    p0 = {q["id"]: q["probability"] for q in base["questions"]}
    assert p["russia-ukraine-ceasefire-8m"] > p0["russia-ukraine-ceasefire-8m"] + 0.5
    assert [r["question"] for r in res["proposed_resolutions"]] == ["russia-ukraine-ceasefire-8m"]
    assert {c["id"] for c in res["closed"]} == {"dprk-troops-in-combat-3m"}


def test_replay_stores_each_dates_forecasts_once_and_prints_the_paths(make_store, extracted) -> None:
    db = make_store(list(extracted))
    args = ["replay", "--from", "2024-11-05", "--to", "2025-04-05", "--every", "1m", "--worlds", "1000"]
    data = _json([*args, "--json", "--db", str(db)])
    assert data["dates"] == [
        f"{y}-{m:02d}-05" for y, m in ((2024, 11), (2024, 12), *((2025, k) for k in range(1, 5)))
    ]
    paths = {q["id"]: q for q in data["questions"]}
    combat = paths["dprk-troops-in-combat-3m"]
    assert [p["date"] for p in combat["path"]] == ["2024-11-05", "2024-12-05", "2025-01-05"]
    assert combat["path"][-1]["probability"] > combat["path"][0]["probability"]  # combat reported in December
    stored = sum(len(q["path"]) for q in data["questions"])
    assert data["forecasts_added"] == stored
    # the registry's model-configuration path: the scenario's forecaster, one configuration for every date
    assert data["forecaster"] == "flashpoint/kursk-2024-11"
    with open_store(db) as st:
        configs = st.query("SELECT config_id, scenario_sha256, worlds FROM model_configs")
        per_date = st.query(
            "SELECT DISTINCT model_config, run_id FROM registry_forecasts WHERE forecaster_id = ?",
            [data["forecaster"]],
        )
    assert configs.to_dict("records") == [
        {"config_id": data["config_id"], "scenario_sha256": data["scenario"]["sha256"], "worlds": 1000}
    ]
    assert set(per_date["model_config"]) == {data["config_id"]} and per_date["run_id"].nunique() == 6
    with open_store(db) as st:
        rows = st.query(
            "SELECT question_id, made_at FROM registry_forecasts WHERE forecaster_id = ?",
            [data["forecaster"]],
        )
        questions = st.query("SELECT question_id, start_date FROM questions")
    assert len(rows) == stored and rows["made_at"].nunique() == 6
    assert set(rows["question_id"]) == set(paths)  # the same questions on every date, no '@date' copies
    assert set(questions["start_date"].astype(str)) == {"2024-11-05"}
    again = _json([*args, "--json", "--db", str(db)])
    assert again["forecasts_added"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["situation", "--as-of", "2024-10-01"],
            "expected a date on or after the scenario's as_of 2024-11-05",
        ),
        (["run", "--as-of", "2025-02-30", "--no-store"], "expected a date YYYY-MM-DD"),
        (
            ["replay", "--from", "2024-12-05", "--to", "2024-11-20"],
            "--to: expected a date on or after --from",
        ),
        (
            ["replay", "--from", "2024-12-05", "--to", "2025-01-05", "--every", "1y"],
            "expected a step such as 1m",
        ),
        (
            ["replay", "--from", "2024-12-05", "--to", "2025-01-05", "--workers", "0"],
            "--workers: expected a positive integer",
        ),
    ],
)
def test_bad_dates_are_one_clear_message(args, message, tmp_path) -> None:
    res = runner.invoke(app, [*args, "--db", str(tmp_path / "fp.duckdb")])
    assert res.exit_code == 2 and message in res.output, res.output
    assert "Traceback" not in res.output


def test_replay_does_not_depend_on_the_number_of_workers(make_store, extracted) -> None:
    from flashpoint.forecasts.replay import replay

    db = make_store(list(extracted))
    one = replay(
        None, "2025-05-05", "2025-08-05", every="1m", worlds=500, seed=2, db=db, store=False, workers=1
    )
    two = replay(
        None, "2025-05-05", "2025-08-05", every="1m", worlds=500, seed=2, db=db, store=False, workers=2
    )
    for out in (one, two):
        for run in out["runs"]:
            run.pop("elapsed_s")
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    # past the ceasefire question's deadline (2025-07-05) it is closed, and its settling indicator with it
    paths = {q["id"]: [p["date"] for p in q["path"]] for q in one["questions"]}
    assert paths["russia-ukraine-ceasefire-8m"] == ["2025-05-05", "2025-06-05"]


def _stored_path(db: Path, forecaster: str, question: str) -> list[tuple[dt.date, float]]:
    with open_store(db) as st:
        rows = st.query(
            "SELECT made_at, probability FROM registry_forecasts WHERE forecaster_id = ? AND question_id = ?"
            " ORDER BY made_at",
            [forecaster, question],
        )
    return [(ts.date(), float(p)) for ts, p in zip(rows["made_at"], rows["probability"], strict=True)]


def test_replay_then_resolve_then_score_reports_the_time_averaged_brier_by_hand(
    make_store, extracted
) -> None:
    """Issues 11 and 14 as one chain: seed + fixture corpus -> replay --every 1m -> resolve -> score --json.

    The expected figures are computed here from the stored path by the rules of docs/forecasts.md: the
    time-averaged Brier weights each forecast by the days it stood, from the first forecast to the cut-off
    (the resolution's time); forecasts made at or after the cut-off are late.
    """
    import math

    db = make_store(list(extracted))
    q = "russia-ukraine-ceasefire-8m"  # the fixture reports its ceasefire on 2025-04-15 (fx-14)
    args = ["replay", "--from", "2024-11-05", "--to", "2025-06-05", "--every", "1m", "--worlds", "2000"]
    data = _json([*args, "--seed", "4", "--json", "--db", str(db)])
    who = data["forecaster"]
    assert who == "flashpoint/kursk-2024-11"
    path = _stored_path(db, who, q)
    replayed = next(x for x in data["questions"] if x["id"] == q)["path"]
    assert [(d.isoformat(), p) for d, p in path] == [(x["date"], x["probability"]) for x in replayed]
    assert [d.isoformat() for d, _ in path] == [
        "2024-11-05", "2024-12-05", "2025-01-05", "2025-02-05", "2025-03-05", "2025-04-05", "2025-05-05",
        "2025-06-05",
    ]  # fmt: skip
    analyst = ["forecast", "add", q, "0.3", "--forecaster", "fixture analyst", "--date", "2025-01-10"]
    assert runner.invoke(app, [*analyst, "--db", str(db)]).exit_code == 0
    resolved = runner.invoke(
        app, ["resolve", q, "yes", "--date", "2025-04-15", "--source", "fixture fx-14", "--db", str(db)]
    )
    assert resolved.exit_code == 0, resolved.output
    scores = _json(["score", "--json", "--db", str(db)])

    # by hand: six forecasts before the cut-off 2025-04-15, standing 30, 31, 31, 28, 31 and 10 days
    p = [prob for _, prob in path]
    days = [30, 31, 31, 28, 31, 10]
    time_avg = sum(w * (pi - 1.0) ** 2 for w, pi in zip(days, p[:6], strict=True)) / sum(days)
    last = p[5]  # made 2025-04-05; those of 2025-05-05 and 2025-06-05 come after the resolution
    clip = min(max(last, 0.001), 0.999)
    ls_model, ls_analyst = -math.log(clip), -math.log(0.3)
    expected = {
        "n": 1,
        "brier": (last - 1.0) ** 2,
        "brier_time_avg": time_avg,
        "log": ls_model,
        "baseline": 100.0 * (1.0 + math.log2(clip)),
        "peer": 100.0 * (ls_analyst - ls_model),
        "late": 2,
    }
    row = next(r for r in scores["forecasters"] if r["id"] == who)
    (config,) = [c for c in scores["model_configs"] if c["forecaster"] == who]
    assert config["config_id"] == data["config_id"] and config["worlds"] == 2000
    assert config["overrides"] == {} and config["scenario_sha256"] == data["scenario"]["sha256"]
    for got in (row, config):
        for key, value in expected.items():
            assert got[key] == pytest.approx(value, abs=1e-12), (key, got[key], value)
    assert time_avg != pytest.approx(expected["brier"])  # the path, not only its last forecast

    # idempotent: the same replay again, or run --as-of on one of its dates, adds nothing
    assert _json([*args, "--seed", "4", "--json", "--db", str(db)])["forecasts_added"] == 0
    dated = ["run", "--as-of", "2025-02-05", "--worlds", "2000", "--seed", "4", "--json", "--db", str(db)]
    on_date = _json(dated)
    assert on_date["forecaster"] == who and on_date["config_id"] == data["config_id"]
    assert on_date["forecasts_added"] == 0
    assert _json(["score", "--json", "--db", str(db)]) == scores

    # another number of worlds is another configuration of the same forecaster, scored apart
    _json(
        [
            "replay",
            "--from",
            "2025-03-05",
            "--to",
            "2025-04-05",
            "--worlds",
            "1000",
            "--json",
            "--db",
            str(db),
        ]
    )
    again = _json(["score", "--json", "--db", str(db)])
    rows = {c["worlds"]: c for c in again["model_configs"] if c["forecaster"] == who}
    assert set(rows) == {1000, 2000}
    assert rows[2000]["brier_time_avg"] == pytest.approx(time_avg, abs=1e-12)
    assert rows[1000]["n"] == 1 and rows[1000]["config_id"] != data["config_id"]


def test_replay_forecasts_are_those_of_run_as_of_on_each_date(make_store, extracted) -> None:
    """The replay reads the store once and skips the assumption spread; each date's probabilities are still
    those of ``run --as-of`` on that date (same seed, same worlds), its updates too."""
    from flashpoint.forecasts.replay import replay

    db = make_store(list(extracted))
    out = replay(None, "2024-12-05", "2025-04-20", every="45d", worlds=800, seed=6, db=db, store=False)
    assert out["dates"] == ["2024-12-05", "2025-01-19", "2025-03-05", "2025-04-19"]
    for run in out["runs"]:
        single = run_at(None, run["as_of"], worlds=800, seed=6, db=db, store=False)
        assert run["updates"] == len(single["updates"])
        got = {
            q["id"]: (p["probability"], p["ci90"])
            for q in out["questions"]
            for p in q["path"]
            if p["date"] == run["as_of"]
        }
        assert got == {q["id"]: (q["probability"], q["ci90"]) for q in single["questions"]}
    assert min(run["updates"] for run in out["runs"]) > 0  # evidence moved every date


def test_a_dated_what_if_enters_the_registry_only_when_asked(make_store) -> None:
    db = make_store([], "whatif")
    args = ["run", "--as-of", "2025-01-05", "--worlds", "500", "--json", "--db", str(db)]
    args += ["--set", "alliances.russia-dprk-treaty.commitment=0"]
    assert "forecaster" not in _json(args)
    registered = _json([*args, "--register"])
    assert registered["forecaster"] == f"flashpoint/kursk-2024-11@{registered['config_id']}"
    assert registered["forecasts_added"] == len(registered["questions"])
