"""Error types. Each subclasses the matching built-in, so callers may catch either.

Messages follow one shape: the thing, what was expected, what was received, and a hint, e.g.
``scenarios/kursk.yaml:12: actors[3].resolve must be a float in [0, 1]; got 1.4.``
The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``.
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base of every error flashpoint raises on purpose."""

    exit_code: int = 1


class InputError(FlashpointError, ValueError):
    """Bad input from a user: a file, an option, a value."""

    exit_code = 2


class ScenarioError(InputError):
    """A scenario file or a ``--set`` override that does not validate."""


class ReaderError(InputError):
    """An article that cannot be read (binary, not UTF-8, malformed, too large)."""


class StoreError(FlashpointError, RuntimeError):
    """The DuckDB store cannot be opened, migrated or written."""


class NotFoundError(InputError, LookupError):
    """A named thing (scenario, question, forecaster, run) does not exist."""


class ConflictError(InputError):
    """A write that contradicts what is stored (e.g. a second, different resolution)."""


class PartialFailure(FlashpointError):
    """A batch in which some items failed; the rest succeeded and was kept."""

    exit_code = 3


class Interrupted(FlashpointError):
    """The user stopped a command (Ctrl-C); the message says what was kept and how to go on."""

    exit_code = 130
