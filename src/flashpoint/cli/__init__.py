"""The ``flashpoint`` command line: a thin Typer app. Commands parse, call the API, render with Rich.

Errors: a :class:`~flashpoint.errors.FlashpointError` (or a ``ValueError`` from bad input) becomes one line
on stderr, ``flashpoint: error: ...``, and the error's exit code (2 for bad input); ``--debug`` shows
the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from flashpoint import __version__
from flashpoint.errors import FlashpointError


class FlashpointGroup(TyperGroup):
    """The root group: turns flashpoint errors into one clean message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FlashpointError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"flashpoint: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None  # typer vendors click: only its Exit sets the code


app = typer.Typer(
    cls=FlashpointGroup,
    name="flashpoint",
    help="Evidence, simulation and scored forecasts for geopolitical crises.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"flashpoint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """flashpoint: read articles, simulate the conflict system, score forecasts."""


def _register_all() -> None:
    from flashpoint.cli import evaluate, evidence, forecasts, run, scenario, validity, workspace

    for module in (run, scenario, evidence, forecasts, validity, evaluate, workspace):
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    app(args=argv if argv is not None else sys.argv[1:], prog_name="flashpoint")
