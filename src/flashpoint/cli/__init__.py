"""The ``flashpoint`` command line: a thin Typer app. Commands parse, call the API, render with Rich.

Errors take one path, here, for every command (including those added later): the root group's
``invoke`` turns any exception into one line on stderr, ``flashpoint: error: ...``, and an exit code:
2 for bad input (:class:`~flashpoint.errors.InputError`), 1 for a failure (anything else, including an
unexpected exception, named with its type), 3 for a partial failure, 130 for Ctrl-C. ``--debug`` shows
the traceback instead. Usage errors (unknown option, bad integer) stay Click's, with exit 2.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.settings import set_lock_timeout

if TYPE_CHECKING:  # typer vendors click (typer._click): importing click itself costs ~30 ms at start-up
    from typer._click.core import Context


def _message(exc: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an exception that reached the command line."""
    if isinstance(exc, FlashpointError):
        return str(exc), exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (Ctrl-C)", 130
    if isinstance(exc, BrokenPipeError):
        return "standard output closed early (broken pipe); the output is incomplete", 1
    if isinstance(exc, RecursionError):
        return "input nested too deeply: expected at most a few hundred levels; got more", 2
    if isinstance(exc, MemoryError):
        return "out of memory: expected the input and --worlds to fit in memory", 1
    if isinstance(exc, OSError):
        return f"{exc.filename or 'system'}: {exc.strerror or exc}", 1
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"unexpected {type(exc).__name__}: {text} (re-run with --debug for the traceback)", 1


class FlashpointGroup(TyperGroup):
    """The root group: every error becomes one clean message and an exit code (see the module docstring)."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (Exit, Abort, ClickException):
            raise  # Click's own: --help, usage errors, typer.Exit from a command
        except BaseException as exc:
            if isinstance(exc, SystemExit | GeneratorExit):
                raise
            if ctx.params.get("debug"):
                raise
            message, code = _message(exc)
            with contextlib.suppress(Exception):  # stderr may be closed too
                typer.echo(f"flashpoint: error: {message}", err=True)
            raise Exit(code) from None  # typer vendors click: only its Exit sets the code
        finally:
            set_lock_timeout(None)  # --lock-timeout lasts one command (in-process callers, tests)


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
    lock_timeout: float | None = typer.Option(
        None,
        "--lock-timeout",
        min=0,
        envvar="FLASHPOINT_LOCK_TIMEOUT",
        help="Seconds to wait for a store another process is using (default 30).",
    ),
) -> None:
    """flashpoint: read articles, simulate the conflict system, score forecasts."""
    set_lock_timeout(lock_timeout)
    if sys.stdout is None:  # started with stdout closed (>&-): output would vanish with exit 0
        raise FlashpointError("standard output is closed: expected somewhere to write (a file or /dev/null)")


def _register_all() -> None:
    from flashpoint.cli import (
        evaluate,
        evidence,
        forecasts,
        questions,
        run,
        scenario,
        situation,
        validity,
        workspace,
    )

    for module in (run, scenario, evidence, forecasts, questions, validity, evaluate, situation, workspace):
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    app(args=argv if argv is not None else sys.argv[1:], prog_name="flashpoint")
