"""CLI commands: serve (the web workspace) and report (one self-contained HTML file).

The CLI does not import the web layer (ARCHITECTURE.md: cli and web are both leaves); it calls the public API
(``flashpoint.serve``, ``flashpoint.write_report``), which resolves them lazily.
"""

from __future__ import annotations

from pathlib import Path

import typer

import flashpoint
from flashpoint.cli.render import console, print_json


def serve_command(
    scenario: str | None = typer.Argument(
        None, help="Shipped scenario id or YAML file (default kursk-2024-11)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback only by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    write_token: str | None = typer.Option(
        None,
        "--write-token",
        envvar="FLASHPOINT_WRITE_TOKEN",
        help="Allow writes (resolve, accept a link, add a question) to requests that carry this token.",
    ),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
) -> None:
    """Serve the web workspace: System, Questions, Evidence, What-if and Scores pages and a JSON API."""
    flashpoint.serve(scenario, host=host, port=port, write_token=write_token, db=db, announce=console.print)


def report_command(
    ref: str | None = typer.Argument(
        None, help="Scenario id, scenario YAML file or stored run id (default: kursk-2024-11, newest run)."
    ),
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML file to write."),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of a line."),
) -> None:
    """Write a self-contained HTML report (inline CSS and SVG, no network) that prints cleanly."""
    result = flashpoint.write_report(ref, out=out, db=db)
    if json_out:
        print_json(result)
        return
    console.print(f"wrote {result['out']} ({result['bytes']:,} bytes, {result['questions']} questions)")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve_command)
    app.command("report")(report_command)
