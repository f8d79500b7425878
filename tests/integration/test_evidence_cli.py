"""`flashpoint extract|ingest|events|quotes|forecasts` end to end, with the real pipeline and DuckDB files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.evidence.ingest import get_extractor
from flashpoint.evidence.readers import read_path
from flashpoint.evidence.records import ActorRef, Document, DocumentResult, Event, Quote, Sentence, Speaker
from flashpoint.settings import shared_data_dir
from flashpoint.store import open_store
from flashpoint.store.evidence import EvidenceStore

runner = CliRunner()
SEED_DIR = (shared_data_dir() or Path("/nonexistent")).parent / "seeds"
needs_seed = pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared/seeds is not beside this checkout")
KEYS = {"kind", "doc_id", "source_id", "sentence", "start", "end", "text"}
MARKUP = "[bold red]loud[/bold red] [link=https://evil.example]click[/link]"


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    (doc,) = read_path(SEED_DIR)
    (result,) = get_extractor().extract([doc])
    return [r.to_json() for r in result.records()]


@needs_seed
def test_extract_prints_the_pipeline_records_as_jsonl(seed_records):
    result = invoke("extract", str(SEED_DIR))
    assert result.exit_code == 0, result.output
    lines = jsonl(result.stdout)
    assert lines == seed_records
    assert {r["kind"] for r in lines} == {"event", "quote", "forecast", "quantity"}
    for record in lines:
        assert set(record) >= KEYS
        assert record["text"] and record["start"] < record["end"]


def test_source_id_comes_back_on_every_record_extracted_and_listed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "wire-17", "text": "Russia deployed troops to Belarus on Monday.", "published": "2024-11-05"},
        {"text": "Iran accused Israel of attacking its embassy in Damascus."},
        {"id": 42, "text": "China held talks with Japan on Tuesday.", "published": "2024-11-05"},
    ]
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("Turkey condemned Syria on Friday.\n", encoding="utf-8")
    result = invoke("extract", str(corpus), str(article))
    assert result.exit_code == 0, result.output
    extracted = jsonl(result.stdout)
    by_source = {r["source_id"] for r in extracted}
    assert by_source == {"wire-17", f"{corpus}:2", "42", str(article)}
    db = tmp_path / "fp.duckdb"
    assert invoke("ingest", str(corpus), str(article), "--db", str(db)).exit_code == 0
    listed = [
        r
        for command in ("events", "quotes", "forecasts")
        for r in jsonl(invoke(command, "--json", "--db", str(db)).stdout)
    ]
    key = lambda r: (r["source_id"], r["kind"], r["sentence"], r["text"])  # noqa: E731
    assert sorted(listed, key=key) == sorted(extracted, key=key)


@needs_seed
def test_ingest_then_listings_give_the_same_records(tmp_path, seed_records):
    db = tmp_path / "fp.duckdb"
    first = invoke("ingest", str(SEED_DIR), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert "stored now" in first.stdout and "ingest summary" in first.stdout
    for kind, command in (("event", "events"), ("quote", "quotes"), ("forecast", "forecasts")):
        listed = invoke(command, "--json", "--db", str(db))
        assert listed.exit_code == 0, listed.output
        assert jsonl(listed.stdout) == [r for r in seed_records if r["kind"] == kind], kind
    again = invoke("ingest", str(SEED_DIR), "--db", str(db), "--json")
    summary = json.loads(again.stdout)
    assert (summary["skipped"], summary["extracted"]) == (1, 0)
    with open_store(db) as store:
        assert EvidenceStore(store).counts()["documents"] == 1


def test_bad_items_are_listed_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Russia attacked Ukraine on Monday, officials in Kyiv said.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    (folder / "latin1.txt").write_bytes("Caf\xe9 talks in Paris.".encode("latin-1"))
    (folder / "c.jsonl").write_text('{"id": "x", "text": "Iran warned Israel on Sunday."}\n{oops\n')
    db = tmp_path / "fp.duckdb"
    result = invoke("ingest", str(folder), "--db", str(db), "--json")
    assert result.exit_code == 3
    summary = json.loads(result.stdout)
    assert summary["documents"] == summary["extracted"] == 2
    failed = {Path(e["origin"]).name: e["message"] for e in summary["errors"]}
    assert set(failed) == {"c.jsonl:2", "empty.txt", "latin1.txt", "photo.jpg"}
    assert "binary data" in failed["photo.jpg"] and "expected UTF-8" in failed["latin1.txt"]
    assert "photo.jpg: expected UTF-8 text; got binary data" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("flashpoint: error: 4 item(s) failed")
    assert "Traceback" not in result.output


def test_nothing_readable_exits_2_with_one_line(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00\x01\x02")
    result = invoke("extract", str(tmp_path / "a.bin"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("flashpoint: error: nothing could be read: ") and "1 more item(s) failed" in last


def test_extract_from_stdin_with_published_date():
    text = "Kim Jong Un will visit Moscow next month, officials said."
    result = invoke("extract", "-", "--published", "2024-11-05", input=text)
    assert result.exit_code == 0, result.output
    doc_id = Document(text=text).doc_id
    assert all(r["doc_id"] == doc_id for r in jsonl(result.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("extract", "-", "--published", "today"), "--published: expected a date YYYY-MM-DD; got 'today'"),
        (("extract", "-", "--format", "xml"), "--format: expected jsonl or table; got 'xml'"),
        (("events", "--since", "2024-13-01"), "--since: expected a date YYYY-MM-DD; got '2024-13-01'"),
        (("quotes", "--type", "shouted"), "--type: expected direct or reported; got 'shouted'"),
        (("events",), "no store there"),
        (("extract", "-", "--model", "no_such_model_xyz"), "no_such_model_xyz"),
    ],
)
def test_bad_options_exit_2_with_one_line(args, message):
    result = invoke(*args, input="Some text.")
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert result.stderr.count("flashpoint: error:") == 1


def _stored(db: Path) -> None:
    text = f"Pyongyang sent troops to Russia. Rutte said: {MARKUP}."
    doc = Document(text=text, published=dt.date(2024, 11, 5), title=MARKUP)
    i = doc.doc_id
    s0, s1 = Sentence(i, 0, 0, 32, text[:32]), Sentence(i, 1, 33, len(text), text[33:])
    event = Event(
        i,
        0,
        0,
        32,
        s0.text,
        "MOBILIZE",
        actor=ActorRef("PRK", "North Korea", "Pyongyang"),
        recipient=ActorRef("RUS", "Russia", "Russia"),
    )
    quote = Quote(i, 1, 33, len(text), s1.text, Speaker("Mark Rutte", MARKUP, "NATO"), "said", MARKUP, True)
    with open_store(db) as store:
        EvidenceStore(store).write([DocumentResult(doc, [s0, s1], [], [event], [quote], [])])


def test_tables_print_article_text_literally(tmp_path):
    db = tmp_path / "fp.duckdb"
    _stored(db)
    result = runner.invoke(app, ["quotes", "--db", str(db)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "[bold red]loud[/bold red] [link=https://evil.example]" in result.stdout
    assert "Mark Rutte" in result.stdout and "1 quote(s)" in result.stdout


def test_listing_filters(tmp_path):
    db = tmp_path / "fp.duckdb"
    _stored(db)

    def count(*args: str) -> int:
        result = invoke(*args, "--json", "--db", str(db))
        assert result.exit_code == 0, result.output
        return len(jsonl(result.stdout))

    assert count("events", "--actor", "PRK") == 1
    assert count("events", "--actor", "North Korea") == 1
    assert count("events", "--actor", "USA") == 0
    assert count("events", "--type", "mobilize", "--since", "2024-11-05") == 1
    assert count("events", "--since", "2024-11-06") == 0
    assert count("quotes", "--speaker", "rutte", "--type", "direct") == 1
    assert count("quotes", "--actor", "NATO") == 1
    assert count("quotes", "--type", "reported") == 0
    assert count("forecasts", "--speaker", "rutte") == 0
