"""CLI commands: registered questions (list, show, add, edit, close).

Every command parses its options, calls one function of :mod:`flashpoint.forecasts` and renders the result.
"""

from __future__ import annotations

from pathlib import Path

import typer

from flashpoint.cli.forecasts import DB, JSON, _fmt, _table
from flashpoint.cli.render import console, print_json


def register(app: typer.Typer) -> None:
    """Add the ``questions`` group to ``app``."""
    from flashpoint import forecasts as api

    questions = typer.Typer(help="Registered forecast questions.", no_args_is_help=True)
    app.add_typer(questions, name="questions")

    @questions.command("list")
    def questions_list(
        source: str = typer.Option(None, help="Only questions of this source."),
        tag: str = typer.Option(None, help="Only questions with this tag."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """List questions with their current resolution."""
        rows = api.records(api.list_questions(source=source, tag=tag, db=db, as_rows=True))
        if as_json:
            print_json({"questions": rows})
            return
        cols = ["question_id=question", "resolution_date=closes", "outcome", "n_forecasts=n", "text"]
        console.print(_table(f"{len(rows)} questions", rows, cols, fold=("text",)))

    @questions.command("show")
    def questions_show(question_id: str, as_json: bool = JSON, db: Path = DB) -> None:
        """Show a question, its resolution history, forecasts and links."""
        shown = api.show_question(question_id, db=db)
        if as_json:
            print_json(shown)
            return
        for key, value in shown["question"].items():
            console.print(f"[bold]{key}[/bold]: {_fmt(value)}", highlight=False)
        res_cols = ["outcome", "value", "resolved_on", "source", "reason", "recorded_at"]
        console.print(_table("resolutions", shown["resolutions"], res_cols))
        fc_cols = ["forecaster_id", "kind", "p_yes", "probability_text", "made_at", "via"]
        console.print(_table("forecasts", shown["forecasts"], fc_cols))

    @questions.command("add")
    def questions_add(
        question_id: str,
        text: str = typer.Option(..., "--text", help="The question."),
        criteria: str = typer.Option(None, "--criteria", help="Resolution criteria."),
        resolution_date: str = typer.Option(None, "--resolution-date", help="Close date YYYY-MM-DD."),
        start: str = typer.Option(None, "--start", help="Start date YYYY-MM-DD (with --horizon-months)."),
        horizon_months: int = typer.Option(None, "--horizon-months", help="Months from --start to close."),
        source: str = typer.Option("user", "--source", help="Where the question comes from."),
        tag: list[str] = typer.Option([], "--tag", help="A tag (repeat for more)."),
        actor: list[str] = typer.Option([], "--actor", help="An actor code (repeat for more)."),
        event_type: str = typer.Option(None, "--event-type", help="PLOVER event type."),
        polarity: str = typer.Option(
            None,
            "--event-polarity",
            help="positive (yes asserts the event, default) | negative (yes denies it).",
        ),
        url: str = typer.Option(None, "--url", help="Where the question is published."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Register a question with every field linking and scoring use."""
        out = api.add_question(
            question_id,
            text,
            resolution_criteria=criteria,
            resolution_date=resolution_date,
            start_date=start,
            horizon_months=horizon_months,
            source=source,
            tags=tag,
            actors=actor,
            event_type=event_type,
            url=url,
            event_polarity=polarity,
            db=db,
        )
        print_json(out) if as_json else console.print(f"{out['status']}: {out['question_id']}")

    @questions.command("edit")
    def questions_edit(
        question_id: str,
        text: str = typer.Option(None, "--text", help="The question."),
        criteria: str = typer.Option(None, "--criteria", help="Resolution criteria."),
        tag: list[str] = typer.Option([], "--tag", help="Replace the tags (repeat for more)."),
        actor: list[str] = typer.Option([], "--actor", help="Replace the actors (repeat for more)."),
        event_type: str = typer.Option(None, "--event-type", help="PLOVER event type."),
        polarity: str = typer.Option(None, "--event-polarity", help="positive | negative."),
        url: str = typer.Option(None, "--url", help="Where the question is published."),
        reason: str = typer.Option(None, "--reason", help="Why (kept with the edit)."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Change a question's wording or linking fields; every change is kept (`questions show`)."""
        out = api.edit_question(
            question_id,
            text=text,
            resolution_criteria=criteria,
            tags=tag,
            actors=actor,
            event_type=event_type,
            event_polarity=polarity,
            url=url,
            reason=reason,
            db=db,
        )
        print_json(out) if as_json else console.print(
            f"edited {out['question_id']}: {', '.join(out['changed']) or 'nothing changed'}"
        )

    @questions.command("close")
    def questions_close(
        question_id: str,
        date: str = typer.Option(..., "--date", help="The new, earlier close YYYY-MM-DD."),
        reason: str = typer.Option(None, "--reason", help="Why (kept with the edit)."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Close a question early: forecasts made from the new close on do not count."""
        out = api.close_question(question_id, date=date, reason=reason, db=db)
        print_json(out) if as_json else console.print(
            f"closed {out['question_id']} on {out['resolution_date']}", highlight=False
        )
