"""CSV/JSON import and export: bad rows reported by line, the rest imported, idempotent, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.errors import PartialFailure
from flashpoint.forecasts import registry
from flashpoint.forecasts.exchange import export_rows, import_rows
from flashpoint.store import open_store


@pytest.fixture()
def db():
    s = open_store(":memory:")
    yield s
    s.close()


QUESTIONS_CSV = """question_id,text,resolution_date,tags
a,Will A?,2025-01-01,x;y
b,Will B?,2025-02-01,
c,,2025-03-01,
d,Will D?,01/04/2025,
"""


def test_csv_questions_bad_rows_by_line_rest_imported_then_idempotent(db, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(QUESTIONS_CSV, encoding="utf-8")
    with pytest.raises(PartialFailure) as info:
        import_rows(path, "questions", db=db)
    result = info.value.result
    assert result["added"] == 2 and result["read"] == 4
    assert [e.split(": ", 1)[0] for e in result["errors"]] == [f"{path}:4", f"{path}:5"]
    assert "text must be" in result["errors"][0] and "YYYY-MM-DD" in result["errors"][1]
    with pytest.raises(PartialFailure) as again:
        import_rows(path, "questions", db=db)
    assert again.value.result["added"] == 0 and again.value.result["unchanged"] == 2
    assert list(registry.list_questions(db=db)["question_id"]) == ["a", "b"]


def test_json_forecasts_report_lines_of_bad_items(db, tmp_path: Path) -> None:
    registry.add_question("a", "Will A?", resolution_date="2025-01-01", db=db)
    items = [
        {"question_id": "a", "forecaster": "ann", "probability": 0.2, "made_at": "2024-01-01"},
        {"question_id": "a", "forecaster": "bob", "probability": "high", "made_at": "2024-01-01"},
        {"question_id": "zzz", "forecaster": "bob", "probability": 0.5, "made_at": "2024-01-01"},
        {"question_id": "a", "forecaster": "cy", "probability": 1.2},
    ]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    with pytest.raises(PartialFailure) as info:
        import_rows(path, "forecasts", db=db)
    errors = info.value.result["errors"]
    assert info.value.result["added"] == 1 and len(errors) == 3
    lines = [int(e.split(":")[1]) for e in errors]
    text_lines = path.read_text().splitlines()
    assert "high" in "".join(text_lines[lines[0] - 1 : lines[0] + 4])
    assert any("'zzz' is not registered" in e for e in errors)


def test_jsonl_malformed_line(db, tmp_path: Path) -> None:
    registry.add_question("a", "Will A?", resolution_date="2025-01-01", db=db)
    path = tmp_path / "r.jsonl"
    path.write_text('{"question_id": "a", "outcome": "yes", "date": "2025-01-01"}\n{oops\n', encoding="utf-8")
    with pytest.raises(PartialFailure) as info:
        import_rows(path, "resolutions", db=db)
    assert info.value.result["added"] == 1 and info.value.result["errors"][0].startswith(
        f"{path}:2: malformed"
    )


def test_export_then_import_round_trip(db, tmp_path: Path) -> None:
    registry.add_question(
        "a", "Will A?", start_date="2024-01-01", horizon_months=12, tags=["t1", "t2"], db=db
    )
    registry.add_forecast("a", 0.25, forecaster="ann", made_at="2024-02-01", db=db)
    registry.resolve("a", "no", date="2025-01-01", source="https://example.org", db=db)
    other = open_store(":memory:")
    try:
        for what, ext in (("questions", ".csv"), ("forecasts", ".json"), ("resolutions", ".jsonl")):
            out = export_rows(what, tmp_path / f"{what}{ext}", db=db)
            assert out["rows"] == 1
            assert import_rows(tmp_path / f"{what}{ext}", what, db=other)["added"] == 1
            assert import_rows(tmp_path / f"{what}{ext}", what, db=other)["added"] == 0  # idempotent
        q = registry.show_question("a", db=other)
        assert q["question"]["tags"] == ["t1", "t2"] and q["question"]["resolution_date"] == "2025-01-01"
        assert [f["p_yes"] for f in q["forecasts"]] == [0.25] and q["resolutions"][0]["outcome"] == "no"
    finally:
        other.close()


def test_export_import_keeps_expert_statements_and_their_links(db, tmp_path: Path) -> None:
    """Issue 14 item 8: statements and links were dropped; after a round trip only direct forecasts scored."""
    from flashpoint.forecasts.track import score
    from flashpoint.store import registry as sql

    registry.add_question("war", "Will a world war start?", start_date="2024-11-05", horizon_months=12, db=db)
    registry.add_forecast("war", 0.01, forecaster="model", kind="model", made_at="2024-11-05", db=db)
    with db.transaction() as con:
        sql.insert_forecasters(con, [{"forecaster_id": "Carl Schuster", "kind": "expert"}])
        sql.insert_forecasts(
            con,
            [
                {
                    "forecaster_id": "Carl Schuster",
                    "kind": "expert",
                    "probability": 0.03,
                    "probability_text": "very little chance",
                    "made_at": "2024-11-05",
                    "proposition": "another world war",
                    "polarity": "negative",
                    "doc_id": "d1",
                    "sentence": 63,
                    "char_start": 6749,
                    "char_end": 6854,
                    "origin": "evidence",
                    "source_key": "stmt-1",
                }
            ],
        )
        fid = sql.forecast_ids_by_key(con, ["stmt-1"])["stmt-1"]
        sql.upsert_links(con, [{"forecast_id": fid, "question_id": "war", "score": 0.75, "relation": "same"}])
        sql.accept_links(con, [(fid, "war")], __import__("datetime").datetime(2024, 11, 6))
    registry.resolve("war", "no", date="2025-11-05", source="note", db=db)
    before = score(rng=0, n_boot=10, db=db)["forecasters"]
    other = open_store(":memory:")
    try:
        for what, ext in (
            ("questions", ".csv"),
            ("forecasts", ".csv"),
            ("links", ".jsonl"),
            ("resolutions", ".json"),
        ):
            export_rows(what, tmp_path / f"{what}{ext}", db=db)
            import_rows(tmp_path / f"{what}{ext}", what, db=other)
            assert import_rows(tmp_path / f"{what}{ext}", what, db=other)["added"] == 0  # idempotent
        after = score(rng=0, n_boot=10, db=other)["forecasters"]
        assert [r["id"] for r in after] == [r["id"] for r in before] == ["model", "Carl Schuster"]
        assert [r["brier"] for r in after] == [r["brier"] for r in before]
        stmt = sql.export_frame(other.con, "forecasts").set_index("source_key").loc["stmt-1"]
        assert (stmt["proposition"], stmt["sentence"], stmt["char_start"]) == ("another world war", 63, 6749)
    finally:
        other.close()


def test_parquet_export_of_forecasts(db, tmp_path: Path) -> None:
    import pandas as pd

    registry.add_question("a", "Will A?", resolution_date="2025-01-01", db=db)
    registry.add_forecast("a", 0.25, forecaster="ann", made_at="2024-02-01T10:30", db=db)
    out = export_rows("forecasts", tmp_path / "f.parquet", db=db)
    back = pd.read_parquet(tmp_path / "f.parquet")
    assert out["rows"] == 1 and back["probability"].tolist() == [0.25]
    assert str(back["made_at"].iloc[0]) == "2024-02-01 10:30:00"


def test_scores_export_as_csv_and_parquet(db, tmp_path: Path) -> None:
    import pandas as pd

    registry.add_question("a", "Will A?", start_date="2024-01-01", resolution_date="2025-01-01", db=db)
    registry.add_forecast("a", 0.25, forecaster="ann", made_at="2024-02-01", db=db)
    registry.add_forecast("a", 0.5, forecaster="bob", made_at="2024-02-01", db=db)
    registry.resolve("a", "no", date="2024-12-01", source="s", db=db)
    assert export_rows("scores", tmp_path / "s.parquet", db=db)["rows"] == 2
    table = pd.read_parquet(tmp_path / "s.parquet").set_index("forecaster_id")
    assert table.loc["ann", "brier"] == pytest.approx(0.0625) and table.loc["bob", "brier"] == 0.25
    export_rows("scores", tmp_path / "s.csv", db=db)
    assert pd.read_csv(tmp_path / "s.csv")["brier"].tolist() == table["brier"].tolist()
