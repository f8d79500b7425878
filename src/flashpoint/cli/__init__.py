"""The ``flashpoint`` command line: a thin Typer app. Commands parse, call the API, render with Rich.

Errors take one path, here, for every command (including those added later): the root group's
``invoke`` turns any exception into one line on stderr, ``flashpoint: error: ...``, and an exit code:
2 for bad input (:class:`~flashpoint.errors.InputError`), 1 for a failure (anything else, including an
unexpected exception, named with its type), 3 for a partial failure, 130 for Ctrl-C. ``--debug`` shows
the traceback instead. Usage errors (unknown option, bad integer) stay Click's, with exit 2.

Commands load lazily: each CLI module adds its commands with ``register(app)``, and :data:`MODULES` says which
module adds which command, so ``flashpoint questions list`` imports and builds only its own module's commands
(start-up; `flashpoint --help` still builds them all).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.settings import set_lock_timeout

if TYPE_CHECKING:  # typer vendors click (typer._click): importing click itself costs ~30 ms at start-up
    from typer._click.core import Command, Context

#: The CLI modules (``flashpoint.cli.NAME``, each with ``register(app)``) in the order they register, with the
#: root commands each group of modules adds. ``forecasts`` wraps the evidence module's ``forecasts`` listing,
#: so those two load together. tests/unit/cli/test_startup.py checks the names and the order of ``--help``.
MODULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("run",), ("run",)),
    (("scenario",), ("scenario",)),
    (
        ("evidence", "forecasts"),
        ("extract", "ingest", "events", "quotes", "resolve", "score", "calibration", "export", "forecast")
        + ("forecasts", "import"),
    ),
    (("questions",), ("questions",)),
    (("validity",), ("validate", "sensitivity")),
    (("evaluate",), ("eval",)),
    (("situation",), ("situation", "replay")),
    (("workspace",), ("serve", "report")),
)


class _Commands(MutableMapping[str, "Command"]):
    """The root group's commands, each group of :data:`MODULES` imported and built on first look-up.

    Iterating loads every module and gives Typer's order: each module's commands, then each module's groups.
    """

    def __init__(self, added: dict[str, Command]) -> None:
        self._built: dict[int, dict[str, Command]] = {}
        self._added = dict(added)

    def _load(self, index: int) -> dict[str, Command]:
        if index not in self._built:
            holder = typer.Typer()
            for module in MODULES[index][0]:
                importlib.import_module(f"flashpoint.cli.{module}").register(holder)
            self._built[index] = dict(typer.main.get_group(holder).commands)
        return self._built[index]

    def _all(self) -> dict[str, Command]:
        built = [self._load(i) for i in range(len(MODULES))]
        groups = {n: c for commands in built for n, c in commands.items() if isinstance(c, TyperGroup)}
        plain = {n: c for commands in built for n, c in commands.items() if n not in groups}
        return {**plain, **groups, **self._added}

    def __getitem__(self, name: str) -> Command:
        if name in self._added:
            return self._added[name]
        for index, (_, names) in enumerate(MODULES):
            if name in names and name in self._load(index):
                return self._load(index)[name]
        return self._all()[name]  # a name no entry declares: look everywhere (KeyError if none has it)

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __setitem__(self, name: str, command: Command) -> None:
        self._added[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"the root command {name!r} is declared in flashpoint.cli.MODULES; remove it there")


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
    """The root group: every error becomes one clean message and an exit code; commands load lazily (see the
    module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(dict(self.commands))

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


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    app(args=argv if argv is not None else sys.argv[1:], prog_name="flashpoint")
