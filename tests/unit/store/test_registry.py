"""The registry's SQL: idempotent inserts, resolution history, links, run registration, the scoring join."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.store import model_registry as mr
from flashpoint.store import open_store
from flashpoint.store import registry as sql

AS_OF = dt.date(2024, 11, 5)
RUN_QUESTIONS = [
    {
        "id": "world-war-12m",
        "text": "World war within 12 months",
        "resolution": "Direct great-power war in two theatres",
        "horizon_months": 12,
        "actors": ["usa", "chn"],
        "event_type": "fight",
        "tags": ["war"],
        "probability": 0.02,
    },
    {
        "id": "nuclear-use-48m",
        "text": "Nuclear use within 48 months",
        "resolution": "Any nuclear detonation",
        "horizon_months": 48,
        "actors": [],
        "event_type": None,
        "tags": [],
        "probability": 0.01,
    },
]


@pytest.fixture()
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def test_migration_creates_the_registry_tables(store) -> None:
    tables = set(store.query("SELECT table_name FROM information_schema.tables")["table_name"])
    assert {"questions", "forecasters", "registry_forecasts", "resolutions", "question_links"} <= tables


def test_register_run_adds_questions_once_and_forecasts_per_run(store) -> None:
    with store.transaction() as con:
        first = mr.register_run(con, run_id="r1", scenario_id="kursk", as_of=AS_OF, questions=RUN_QUESTIONS)
    with store.transaction() as con:
        second = mr.register_run(
            con, run_id="r2", scenario_id="kursk", as_of="2024-11-05", questions=RUN_QUESTIONS
        )
    with store.transaction() as con:
        again = mr.register_run(con, run_id="r2", scenario_id="kursk", as_of=AS_OF, questions=RUN_QUESTIONS)
    model = {"forecaster": "flashpoint/kursk"}
    assert first == {"questions_added": 2, "forecasts_added": 2, **model}
    assert second == {"questions_added": 0, "forecasts_added": 2, **model}
    assert again == {"questions_added": 0, "forecasts_added": 0, **model}
    q = sql.get_question(store.con, "world-war-12m")
    assert q["start_date"] == AS_OF and q["resolution_date"] == dt.date(2025, 11, 5)
    assert q["source"] == "scenario:kursk" and q["actors"] == ["USA", "CHN"] and q["event_type"] == "FIGHT"
    assert q["resolution_criteria"].startswith("Direct great-power war")
    f = sql.list_forecasts(store.con, "flashpoint/kursk")
    assert set(f["run_id"]) == {"r1", "r2"} and set(f["kind"]) == {"model"}
    assert {d.isoformat() for d in f["made_at"].dt.date} == {"2024-11-05"}  # the firewall date


def test_a_rerun_from_another_date_registers_a_new_question(store) -> None:
    with store.transaction() as con:
        mr.register_run(con, run_id="r1", scenario_id="kursk", as_of=AS_OF, questions=RUN_QUESTIONS)
        mr.register_run(
            con,
            run_id="r3",
            scenario_id="kursk",
            as_of="2025-03-01",
            questions=RUN_QUESTIONS[:1],
        )
    q = sql.get_question(store.con, "world-war-12m@2025-03-01")
    assert q is not None and q["resolution_date"] == dt.date(2026, 3, 1)


def test_a_what_if_configuration_is_its_own_forecaster(store) -> None:
    record = {
        "run_id": "r4",
        "scenario": {"id": "kursk", "sha256": "abc", "as_of": "2024-11-05"},
        "engine": {"version": "0.1.0", "worlds": 200},
        "overrides": {"flows.x.size": 20},
        "questions": [{**q, "probability": 0.5} for q in RUN_QUESTIONS],
    }
    config = mr.model_config(record)
    assert config == mr.model_config({**record, "run_id": "other", "engine": {**record["engine"], "seed": 9}})
    assert config["config_id"] != mr.model_config({**record, "overrides": {}})["config_id"]
    with store.transaction() as con:
        out = mr.register_record(con, record)
    assert out["forecaster"] == f"flashpoint/kursk@{config['config_id']}"
    assert mr.list_model_configs(store.con)["worlds"].tolist() == [200]


def test_register_records_writes_what_one_call_per_date_writes() -> None:
    """A replay registers its dates in one batch (register_records): the same rows as one call per date."""
    record = {
        "scenario": {"id": "kursk", "sha256": "abc", "as_of": "2024-11-05"},
        "engine": {"version": "0.1.0", "worlds": 200},
        "overrides": {},
    }
    dated = [
        (
            {
                **record,
                "run_id": f"dated:{i}",
                "questions": [{**q, "probability": 0.1 * (i + 1)} for q in RUN_QUESTIONS],
            },
            dt.datetime(2024, 11 + i, 5),
        )
        for i in range(2)
    ]
    tables = {}
    for how in ("batch", "each"):
        s = open_store(":memory:")
        with s.transaction() as con:
            if how == "batch":
                out = mr.register_records(con, dated)
                again = mr.register_records(con, dated)
            else:
                outs = [mr.register_record(con, rec, made_at=when) for rec, when in dated]
                out = {k: sum(o[k] for o in outs) for k in ("questions_added", "forecasts_added")}
                out["forecaster"] = outs[0]["forecaster"]
                again = {"forecasts_added": 0}
        assert out["questions_added"] == 2 and out["forecasts_added"] == 4 and again["forecasts_added"] == 0
        tables[how] = [
            s.query(f"SELECT * EXCLUDE (created_at{extra}) FROM {t} ORDER BY ALL")
            .astype(str)
            .to_dict("records")
            for t, extra in (
                ("questions", ""),
                ("registry_forecasts", ", forecast_id"),
                ("model_configs", ""),
            )
        ]
        s.close()
    assert tables["batch"] == tables["each"]
    other = ({**dated[1][0], "engine": {"version": "0.1.0", "worlds": 300}}, dated[1][1])
    with open_store(":memory:") as s, s.transaction() as con, pytest.raises(ValueError, match="one model"):
        mr.register_records(con, [dated[0], other])


def test_a_failed_run_transaction_leaves_nothing(store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as con:
        mr.register_run(con, run_id="r1", scenario_id="kursk", as_of=AS_OF, questions=RUN_QUESTIONS)
        raise RuntimeError("the run failed after registering")
    assert store.query("SELECT count(*) AS n FROM registry_forecasts")["n"][0] == 0
    assert sql.get_question(store.con, "world-war-12m") is None


def test_resolution_history_and_current(store) -> None:
    sql.insert_questions(store.con, [{"question_id": "q", "text": "Q?", "source": "user"}])
    sql.insert_resolutions(
        store.con, [{"question_id": "q", "outcome": "no", "value": 0.0, "resolved_on": dt.date(2025, 1, 1)}]
    )
    sql.insert_resolutions(
        store.con,
        [
            {
                "question_id": "q",
                "outcome": "yes",
                "value": 1.0,
                "resolved_on": dt.date(2025, 1, 2),
                "amends": 1,
                "reason": "typo",
            }
        ],
    )
    assert len(sql.resolution_history(store.con, "q")) == 2
    assert sql.current_resolution(store.con, "q")["outcome"] == "yes"


def test_negated_links_score_one_minus_p(store) -> None:
    sql.insert_questions(
        store.con,
        [{"question_id": "q", "text": "Q?", "source": "user", "resolution_date": dt.date(2025, 11, 5)}],
    )
    sql.insert_forecasts(
        store.con,
        [
            {
                "forecaster_id": "Ann",
                "kind": "expert",
                "probability": 0.2,
                "made_at": AS_OF,
                "proposition": "not Q",
                "source_key": "k1",
            },
        ],
    )
    fid = int(sql.list_statements(store.con)["forecast_id"][0])
    sql.upsert_links(
        store.con, [{"forecast_id": fid, "question_id": "q", "score": 0.7, "relation": "negated"}]
    )
    assert sql.scoring_frame(store.con).empty  # proposed, not accepted
    sql.accept_links(store.con, [(fid, "q")], dt.datetime(2025, 1, 1))
    frame = sql.scoring_frame(store.con)
    assert frame["p_yes"].tolist() == [pytest.approx(0.8)] and frame["via"].tolist() == ["link"]
    assert sql.list_statements(store.con, unlinked_only=True).empty
    # a second insert of the same key is a no-op
    assert (
        sql.insert_forecasts(store.con, [{"forecaster_id": "Ann", "kind": "expert", "source_key": "k1"}]) == 0
    )
