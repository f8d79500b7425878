"""CLI commands: scenario list | show | validate."""

from __future__ import annotations

import typer
from rich.table import Table

from flashpoint.cli.render import console, print_json

scenario_app = typer.Typer(help="List, show and validate scenarios.", no_args_is_help=True)


@scenario_app.command("list")
def list_command(json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """List the shipped scenarios."""
    from flashpoint.world.catalog import list_scenarios

    rows = list_scenarios()
    if json_out:
        print_json({"scenarios": rows})
        return
    table = Table(title="shipped scenarios")
    for col in ("id", "title", "as_of", "actors", "theatres", "questions"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["id"] + (" (default)" if r["default"] else ""),
            r["title"],
            r["as_of"],
            str(r["actors"]),
            str(r["theatres"]),
            str(r["questions"]),
        )
    console.print(table)


@scenario_app.command("show")
def show_command(
    scenario: str = typer.Argument(..., help="Shipped scenario id or YAML file."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Show a scenario: its questions and every parameter with its value and source."""
    from flashpoint.world.catalog import show_scenario

    data = show_scenario(scenario)
    if json_out:
        print_json(data)
        return
    console.print(
        f"[bold]{data['id']}[/bold]: {data['title']} (as of {data['as_of']}, step {data['step']}, "
        f"sha256 {data['sha256'][:12]})"
    )
    questions = Table(title="questions")
    for col in ("id", "horizon", "text"):
        questions.add_column(col)
    for q in data["questions"]:
        questions.add_row(q["id"], f"{q['horizon_months']} m", q["text"])
    console.print(questions)
    params = Table(title=f"parameters ({len(data['parameters'])})")
    for col in ("path", "value", "source"):
        params.add_column(col, overflow="fold")
    for p in data["parameters"]:
        params.add_row(p["path"], p["value"] + (f" {p['unit']}" if p["unit"] else ""), p["source"])
    console.print(params)


@scenario_app.command("validate")
def validate_command(
    scenario: str = typer.Argument(..., help="Shipped scenario id or YAML file."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Validate a scenario file; exit 2 with FILE:LINE: path: message on the first problem."""
    from flashpoint.world.catalog import validate_scenario

    summary = validate_scenario(scenario)
    if json_out:
        print_json(summary)
        return
    console.print(
        f"{summary['file']}: valid ({summary['actors']} actors, {summary['theatres']} theatres, "
        f"{summary['questions']} questions, {summary['parameters']} parameters of which "
        f"{summary['uncertain']} uncertain and {summary['assumptions']} assumptions); "
        f"sha256 {summary['sha256']}"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(scenario_app, name="scenario")
