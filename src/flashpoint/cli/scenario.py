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
    """Show a scenario: its questions, every parameter with its value and source, and the calibration for
    forecasting it uses (origin, half-life, fit, bootstrap spread)."""
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
    if data.get("forecast_calibration"):
        _print_forecast_calibration(data["forecast_calibration"])


def _print_forecast_calibration(cal: dict) -> None:
    h = cal["half_life_years"]
    console.print(
        f"[bold]calibration for forecasting[/bold]: origin {cal['origin']}, recency half-life h = "
        f"{'inf' if h is None else f'{h:g}'} years, J = {cal['objective']:.2f}, {cal['n_boot']} bootstrap "
        f"replicates ({cal['file']})"
    )
    spread = Table(title="fitted parameters (point fit, bootstrap 5th-95th percentile)")
    for col in ("parameter", "fit", "p5", "p95"):
        spread.add_column(col, justify="left" if col == "parameter" else "right")
    for key, p in cal["parameters"].items():
        spread.add_row(f"calibration.{key}", f"{p['value']:.4g}", f"{p['p5']:.4g}", f"{p['p95']:.4g}")
    onset = cal["onset"]
    spread.add_row("calibration.crisis_onset_per_month", f"{onset['value']:.4g}", "-", "-")
    console.print(spread)
    fit = Table(title=f"fit at origin {cal['origin']} (recency-weighted COW MID 5.0 figures)")
    for col in ("figure", "observed", "se", "model"):
        fit.add_column(col, justify="left" if col == "figure" else "right")
    for name, f in cal["fit"].items():
        fit.add_row(name, f"{f['observed']:.4g}", f"{f['se']:.2g}", f"{f['model']:.4g}")
    console.print(fit)


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
